from django.apps import AppConfig


class NewmediaConfig(AppConfig):
    name = "gongkai.newmedia"
    verbose_name = "政务新媒体"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.capabilities import Capability, register
        from gongkai.newmedia import capability

        register(
            Capability(
                name="newmedia",
                refresh_findings=capability.refresh_findings,
                metrics=capability.metrics,
                activity=capability.activity,
            )
        )
