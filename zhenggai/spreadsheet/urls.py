from django.urls import path

from zhenggai.spreadsheet import views

urlpatterns = [
    path("ledger/export.xlsx", views.export, name="ledger_export"),
    path("ledger/import/", views.import_ledger, name="ledger_import"),
]
