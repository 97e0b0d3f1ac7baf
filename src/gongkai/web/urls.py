from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.web import assessment_views, foi_views, office_views, report_views, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="web/password_change.html", success_url="/password/done/"
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    path("", views.dashboard, name="dashboard"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<int:batch_id>/", views.import_detail, name="import_detail"),
    path("imports/<int:batch_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:batch_id>/rejects/", views.import_rejects, name="import_rejects"),
    path("foi/", foi_views.application_list, name="foi_list"),
    path("mailbox/", foi_views.mailbox_list, name="mailbox_list"),
    path("annual-reports/", report_views.report_check, name="report_check"),
    path("foi/new/", foi_views.application_new, name="foi_new"),
    path("foi/<int:application_id>/", foi_views.application_detail, name="foi_detail"),
    path(
        "foi/<int:application_id>/events/<int:event_id>/void/",
        foi_views.event_void,
        name="foi_event_void",
    ),
    path("foi/<int:application_id>/letter/", foi_views.reply_letter, name="foi_letter"),
    path("assessment/", assessment_views.run_list, name="run_list"),
    path("assessment/manual/", assessment_views.manual_scores, name="manual_scores"),
    path("assessment/<int:run_id>/", assessment_views.run_detail, name="run_detail"),
    path(
        "assessment/<int:run_id>/results/<int:result_id>/",
        assessment_views.result_detail,
        name="result_detail",
    ),
    path("assessment/<int:run_id>/compare/", assessment_views.run_compare, name="run_compare"),
    path("assessment/<int:run_id>/bulletin/", assessment_views.bulletin_preview, name="bulletin"),
    path("ledger/", assessment_views.ledger, name="ledger"),
    path("ledger/<int:finding_id>/", assessment_views.ledger_update, name="ledger_update"),
    path("office/appeals/", office_views.appeal_list, name="appeal_list"),
    path("office/appeals/<int:appeal_id>/", office_views.appeal_answer, name="appeal_answer"),
    path("office/templates/<str:kind>/", office_views.template_edit, name="template_edit"),
    path("office/calendar/", office_views.calendar_page, name="calendar_page"),
    path("office/accounts/", office_views.account_list, name="account_list"),
    path("office/accounts/<int:user_id>/", office_views.account_edit, name="account_edit"),
    path("office/audit/", office_views.audit_log, name="audit_log"),
]
