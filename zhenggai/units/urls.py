from django.urls import path

from zhenggai.units import manage, views

urlpatterns = [
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("manage/units/", manage.unit_list, name="manage_units"),
    path("manage/units/new/", manage.unit_edit, name="manage_unit_new"),
    path("manage/units/<int:pk>/", manage.unit_edit, name="manage_unit"),
]
