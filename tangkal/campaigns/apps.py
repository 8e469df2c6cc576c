from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "tangkal.campaigns"
    label = "campaigns"
