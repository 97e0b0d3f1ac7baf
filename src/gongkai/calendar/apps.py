from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "gongkai.calendar"
    label = "workcalendar"
    verbose_name = "工作日历"
    default_auto_field = "django.db.models.BigAutoField"
