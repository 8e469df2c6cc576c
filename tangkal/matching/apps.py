from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "tangkal.matching"
    label = "matching"
