from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.web import assessment_views, foi_views, policies_views, report_views, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("policies/", policies_views.policy_list, name="policy_list"),
    path("policies/<int:document_id>/", policies_views.policy_detail, name="policy_detail"),
    path(
        "policies/interpretations/<int:interpretation_id>/confirm/",
        policies_views.confirm_interpretation,
        name="policy_confirm",
    ),
]
