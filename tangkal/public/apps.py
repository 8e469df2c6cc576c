from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "tangkal.public"
    label = "public"
