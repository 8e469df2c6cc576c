from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "tangkal.badges"
    label = "badges"
