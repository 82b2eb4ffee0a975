from django.urls import path

from zhenggai.audit import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
]
