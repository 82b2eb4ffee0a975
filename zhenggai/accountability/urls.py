from django.urls import path

from zhenggai.accountability import views

app_name = "accountability"

urlpatterns = [
    path("accountability/", views.record_list, name="records"),
    path("accountability/summary/", views.summary, name="summary"),
    path("accountability/new/", views.record_edit, name="record_new"),
    path("accountability/<int:pk>/", views.record_detail, name="record"),
    path("accountability/<int:pk>/edit/", views.record_edit, name="record_edit"),
]
