from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Composition of documents from several capabilities (annual reports from records, …)."""

    name = "gongkai.reports"
    verbose_name = "文书汇编"
    default_auto_field = "django.db.models.BigAutoField"
