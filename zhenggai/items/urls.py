from django.urls import path

from zhenggai.items import actions, measure, views

urlpatterns = [
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
]
