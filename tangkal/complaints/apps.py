from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "tangkal.complaints"
    label = "complaints"
