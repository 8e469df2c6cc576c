from django.apps import AppConfig


class HoaxesConfig(AppConfig):
    name = "tangkal.hoaxes"
    label = "hoaxes"
