from django.urls import path

from zhenggai.inspections import manage, views

urlpatterns = [
    path("plans/import/", views.import_plan_view, name="plan_import"),
    path("manage/", manage.index, name="manage"),
    path("manage/inspections/", manage.inspection_list, name="manage_inspections"),
    path("manage/inspections/new/", manage.inspection_edit, name="manage_inspection_new"),
    path("manage/inspections/<int:pk>/", manage.inspection_edit, name="manage_inspection"),
    path("manage/findings/", manage.finding_list, name="manage_findings"),
    path("manage/findings/new/", manage.finding_edit, name="manage_finding_new"),
    path("manage/findings/<int:pk>/", manage.finding_edit, name="manage_finding"),
    path("manage/findings/<int:pk>/task/", manage.finding_task, name="manage_finding_task"),
]
