from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"
