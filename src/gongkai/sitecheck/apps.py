from django.apps import AppConfig


class SitecheckConfig(AppConfig):
    name = "gongkai.sitecheck"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "网站监测"
