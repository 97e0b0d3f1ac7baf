from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "gongkai.standards"
    default_auto_field = "django.db.models.BigAutoField"
