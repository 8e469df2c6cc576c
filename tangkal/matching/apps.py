from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "tangkal.matching"
    label = "matching"
    verbose_name = "Pencocokan klaim"

    def ready(self) -> None:
        from tangkal.hoaxes import hooks, signals
        from tangkal.matching import checks, receivers, services  # noqa: F401 - checks registers itself

        signals.clarification_published.connect(receivers.on_published, dispatch_uid="matching.published")
        signals.clarification_changed.connect(receivers.on_changed, dispatch_uid="matching.changed")
        signals.clarification_withdrawn.connect(receivers.on_withdrawn, dispatch_uid="matching.withdrawn")
        hooks.register_report_matcher(services.report_match_hook)
        hooks.register_text_checker(services.telegram_check)
