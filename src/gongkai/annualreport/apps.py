from django.apps import AppConfig


class AnnualreportConfig(AppConfig):
    name = "gongkai.annualreport"
    verbose_name = "政府信息公开工作年度报告"
    default_auto_field = "django.db.models.BigAutoField"
