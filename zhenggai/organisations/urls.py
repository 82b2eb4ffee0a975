from django.urls import path

from zhenggai.organisations import views

app_name = "oversight"

urlpatterns = [
    path("", views.board, name="board"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/receive/", views.report_receive, name="report_receive"),
]
