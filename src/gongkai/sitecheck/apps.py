from django.apps import AppConfig


class SitecheckConfig(AppConfig):
    name = "gongkai.sitecheck"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "网站监测"

    def ready(self) -> None:
        from gongkai.capabilities import Capability, register
        from gongkai.sitecheck import capability

        register(
            Capability(
                name="sitecheck",
                refresh_findings=capability.refresh_findings,
                metrics=capability.metrics,
                activity=capability.activity,
            )
        )
