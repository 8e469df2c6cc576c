from django.apps import AppConfig


class HoaxesConfig(AppConfig):
    name = "tangkal.hoaxes"
    label = "hoaxes"

    def ready(self) -> None:
        from tangkal.hoaxes import signals

        def forget(sender, clarification, **kwargs):
            from tangkal.hoaxes.views.public import forget_page

            forget_page(clarification.slug)

        for signal in (signals.clarification_published, signals.clarification_changed,
                       signals.clarification_withdrawn):
            signal.connect(forget, dispatch_uid=f"hoaxes-forget-page-{id(signal)}", weak=False)
