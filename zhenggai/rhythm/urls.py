from django.urls import path

from zhenggai.rhythm import views

app_name = "rhythm"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("schedules/new/", views.schedule_new, name="schedule_new"),
    path("notices/", views.notices, name="notices"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/notice.<str:kind>", views.notice_download, name="notice_download"),
]
