from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "gongkai.policies"
    verbose_name = "政策文件与解读"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.capabilities import Capability, register
        from gongkai.policies import capability

        register(
            Capability(
                name="policies",
                refresh_findings=capability.refresh_findings,
                metrics=capability.metrics,
                activity=capability.activity,
            )
        )
