from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.capabilities import Capability, register
        from gongkai.publishing import selectors

        register(Capability("publications", activity=selectors.activity))
