from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tangkal.training"
    label = "training"
