from django.urls import path

from zhenggai.publication import views

app_name = "publication"

urlpatterns = [
    # The office's drafts (整改办 only).
    path("publication/", views.office_list, name="list"),
    path("publication/new/", views.new_draft, name="new"),
    path("publication/<int:pk>/", views.preview, name="preview"),
    path("publication/<int:pk>/edit/", views.edit, name="edit"),
    path("publication/<int:pk>/refresh/", views.refresh, name="refresh"),
    path("publication/<int:pk>/publish/", views.publish, name="publish"),
    # What the public reads: no login.
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/report.<str:kind>", views.public_download, name="public_download"),
]
