from django.apps import AppConfig


class SpreadsheetConfig(AppConfig):
    name = "zhenggai.spreadsheet"
    label = "spreadsheet"
    verbose_name = "Spreadsheet"
