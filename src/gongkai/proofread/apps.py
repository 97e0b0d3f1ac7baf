from django.apps import AppConfig


class ProofreadConfig(AppConfig):
    name = "gongkai.proofread"
    label = "proofread"
    verbose_name = "内容审校"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.capabilities import Capability, register
        from gongkai.proofread import capability

        register(
            Capability(
                name="proofread",
                refresh_findings=capability.refresh_findings,
                metrics=capability.metrics,
                activity=capability.activity,
            )
        )
