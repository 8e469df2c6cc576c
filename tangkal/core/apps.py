from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tangkal.core"
    label = "core"

    def ready(self) -> None:
        # Rules and periodic jobs live in each app's own modules; importing them registers them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")
        autodiscover_modules("tasks")
