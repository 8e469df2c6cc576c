from django.apps import AppConfig


class InfluencersConfig(AppConfig):
    name = "tangkal.influencers"
    label = "influencers"
