from django.urls import path

from zhenggai.feedback import office, views

urlpatterns = [
    # Public, no login.
    path("public/feedback/", views.public_form, name="feedback_public"),
    path("public/feedback/thanks/<str:token>/", views.public_thanks, name="feedback_thanks"),
    # Signed-in users, scoped by Feedback.objects.visible_to.
    path("feedback/", office.feedback_list, name="feedback_list"),
    path("feedback/new/", office.feedback_new, name="feedback_new"),
    path("feedback/<int:pk>/", office.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/<str:action>/", office.feedback_action, name="feedback_action"),
]
