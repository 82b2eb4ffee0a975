from django.urls import path

from zhenggai.organisations import manage

urlpatterns = [
    path("manage/organisations/", manage.organisation_list, name="manage_organisations"),
    path("manage/organisations/new/", manage.organisation_new, name="manage_organisation_new"),
    path("manage/organisations/<int:pk>/", manage.organisation_edit, name="manage_organisation"),
    path(
        "manage/organisations/<int:pk>/move/",
        manage.organisation_move,
        name="manage_organisation_move",
    ),
]
