from django.urls import path

from zhenggai.inspections import views

urlpatterns = [
    path("plans/import/", views.import_plan_view, name="plan_import"),
]
