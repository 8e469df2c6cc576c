from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tangkal.api"
    label = "api"
