from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "tangkal.connectors"
    label = "connectors"
