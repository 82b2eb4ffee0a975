from django.urls import path

from zhenggai.front import views

urlpatterns = [
    path("", views.home, name="home"),
]
