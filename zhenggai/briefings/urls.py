from django.urls import path

from zhenggai.briefings import views

app_name = "briefings"

urlpatterns = [
    path("briefings/", views.briefing_list, name="list"),
    path("briefings/new/", views.new_draft, name="new"),
    path("briefings/<int:pk>/", views.preview, name="preview"),
    path("briefings/<int:pk>/edit/", views.edit, name="edit"),
    path("briefings/<int:pk>/issue/", views.issue, name="issue"),
    path("briefings/<int:pk>/briefing.<str:kind>", views.download, name="download"),
]
