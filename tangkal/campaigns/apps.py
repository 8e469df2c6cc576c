from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "tangkal.campaigns"
    label = "campaigns"

    def ready(self) -> None:
        from tangkal.campaigns.receivers import connect

        connect()
