from django.urls import path

from zhenggai.ledger import views

urlpatterns = [
    path("ledger/", views.ledger, name="ledger"),
]
