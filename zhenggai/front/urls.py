from django.urls import path

from zhenggai.dashboard.views import dashboard
from zhenggai.front import actions, measure, office, trail, views

urlpatterns = [
    path("", dashboard, name="home"),
    path("overview/", views.home, name="overview"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<int:pk>/", views.task_detail, name="task"),
    path("ledger/<int:pk>/move/<str:move>/", actions.move, name="task_move"),
    path("ledger/<int:pk>/measure/", measure.edit, name="task_measure"),
    path("ledger/<int:pk>/reports/", actions.file_report, name="task_report"),
    path(
        "ledger/<int:pk>/reports/<int:rid>/<str:decision>/",
        actions.review_report,
        name="task_report_review",
    ),
    path("ledger/<int:pk>/evidence/", actions.upload_evidence, name="task_evidence_upload"),
    path("ledger/<int:pk>/evidence/<int:eid>/", actions.download_evidence, name="task_evidence"),
    path(
        "ledger/<int:pk>/extensions/<int:xid>/<str:decision>/",
        actions.decide_extension,
        name="task_extension",
    ),
    path("audit/", trail.audit_log, name="audit"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("manage/", office.index, name="manage"),
    path("manage/inspections/", office.inspection_list, name="manage_inspections"),
    path("manage/inspections/new/", office.inspection_edit, name="manage_inspection_new"),
    path("manage/inspections/<int:pk>/", office.inspection_edit, name="manage_inspection"),
    path("manage/findings/", office.finding_list, name="manage_findings"),
    path("manage/findings/new/", office.finding_edit, name="manage_finding_new"),
    path("manage/findings/<int:pk>/", office.finding_edit, name="manage_finding"),
    path("manage/findings/<int:pk>/task/", office.finding_task, name="manage_finding_task"),
    path("manage/units/", office.unit_list, name="manage_units"),
    path("manage/units/new/", office.unit_edit, name="manage_unit_new"),
    path("manage/units/<int:pk>/", office.unit_edit, name="manage_unit"),
]
