from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tangkal.reports"
    label = "reports"
