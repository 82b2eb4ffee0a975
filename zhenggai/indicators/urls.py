from django.urls import path

from zhenggai.indicators import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.catalogue, name="catalogue"),
    path("indicators/<int:pk>/", views.detail, name="detail"),
    path("indicators/confirm/", views.confirm, name="confirm"),
]
