from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.capabilities import Capability, register
        from gongkai.foi import selectors, services

        register(
            Capability(
                "applications",
                refresh_findings=services.refresh_overdue_findings,
                activity=selectors.application_activity,
            )
        )
        register(
            Capability(
                "letters",
                refresh_findings=services.refresh_letter_findings,
                metrics=selectors.letter_metrics,
            )
        )
        register(
            Capability(
                "mailbox",
                refresh_findings=services.refresh_mailbox_findings,
                activity=selectors.mailbox_activity,
            )
        )
