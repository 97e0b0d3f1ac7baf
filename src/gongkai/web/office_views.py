"""The office's own tasks, without Django admin: appeals, letter and bulletin templates, the
holiday schedule, accounts. Every view here asks `require_office` first; writes are POST only."""

import tempfile
from datetime import date
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.assessment.models import Appeal
from gongkai.assessment.scheme import SchemeError
from gongkai.assessment.services import answer_appeal
from gongkai.calendar.models import CalendarOverride, CalendarYear, DayKind
from gongkai.calendar.selectors import work_calendar
from gongkai.calendar.services import import_schedule, set_day
from gongkai.errors import UserError
from gongkai.foi.models import LetterTemplates
from gongkai.foi.services import save_letter_templates
from gongkai.orgs.models import Account, Role, Unit
from gongkai.reports.bulletin_services import run_data, save_templates
from gongkai.reports.bulletins import compose, load_templates
from gongkai.reports.models import BulletinTemplates
from gongkai.web.permissions import get_appeal_for_user_write, require_office

MAX_SCHEDULE_BYTES = 256 * 1024


# Appeals ----------------------------------------------------------------------------------


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    status = request.GET.get("status", Appeal.Status.OPEN)
    appeals = Appeal.objects.select_related("result__run", "created_by")
    if status in Appeal.Status.values:
        appeals = appeals.filter(status=status)
    return render(
        request,
        "web/appeal_list.html",
        {"appeals": appeals[:300], "status": status, "statuses": Appeal.Status.choices},
    )


@login_required
@require_POST
def appeal_answer(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = get_appeal_for_user_write(request.user, appeal_id)
    try:
        answer_appeal(
            appeal=appeal,
            status=request.POST.get("status", ""),
            answer=request.POST.get("answer", ""),
            actor=request.user,
        )
    except SchemeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已答复：{appeal}")
    return redirect("appeal_list")


# Templates (答复文书 and 通报) ---------------------------------------------------------------

TEMPLATE_KINDS = {
    "letters": ("答复文书模板", LetterTemplates),
    "bulletins": ("通报与提醒函模板", BulletinTemplates),
}


class TemplateForm(forms.Form):
    definition = forms.CharField(
        label="模板（YAML）", widget=forms.Textarea(attrs={"rows": 30, "cols": 100})
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_definition(self):
        text = self.cleaned_data["definition"]
        model = TEMPLATE_KINDS[self.kind][1]
        try:
            model.parse(text, model.what)
        except UserError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


def _current_template(kind: str) -> str:
    return TEMPLATE_KINDS[kind][1].current_text()


def _bulletin_preview(text: str) -> tuple[object | None, str]:
    from gongkai.assessment.models import AssessmentRun

    run = AssessmentRun.objects.order_by("-id").first()
    if run is None:
        return None, "尚无考核批次，无法预览通报（模板已校验）"
    try:
        kind = "quarterly" if run.quarter else "annual"
        bulletin = compose(
            run_data(run), kind, dated=timezone.localdate(), templates=load_templates(text)
        )
    except UserError as exc:
        return None, str(exc)
    return bulletin, f"以考核批次 #{run.pk}（{run.period_label}）预览"


@login_required
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    require_office(request.user)
    if kind not in TEMPLATE_KINDS:
        return redirect("template_edit", kind="letters")
    title, model = TEMPLATE_KINDS[kind]
    form = TemplateForm(
        request.POST or None, kind=kind, initial={"definition": _current_template(kind)}
    )
    context: dict = {"kind": kind, "title": title, "kinds": TEMPLATE_KINDS}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["definition"]
        if "preview" in request.POST:
            if kind == "bulletins":
                context["bulletin"], context["preview_note"] = _bulletin_preview(text)
            else:
                context["preview_note"] = "模板校验通过：各类文书和每种办理结果均有正文。"
        else:
            if kind == "letters":
                save_letter_templates(definition=text, actor=request.user)
            else:
                save_templates(definition=text, actor=request.user)
            messages.success(request, f"已保存{title}（可在下方修改记录中查看）")
            return redirect("template_edit", kind=kind)
    context["form"] = form
    context["history"] = model.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "web/template_edit.html", context)


# The holiday schedule (节假日安排) ----------------------------------------------------------


class DayForm(forms.Form):
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    note = forms.CharField(label="说明", max_length=100, required=False)


class ScheduleForm(forms.Form):
    file = forms.FileField(label="全年放假安排（CSV：日期,类型,说明；类型为 休 或 班）")
    source = forms.CharField(label="依据（如 国办发明电〔2026〕X号）", max_length=200)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    day_form = DayForm(request.POST if "day" in request.POST else None)
    schedule_form = ScheduleForm(
        request.POST if "source" in request.POST else None,
        request.FILES if "source" in request.POST else None,
    )
    if request.method == "POST" and schedule_form.is_bound and schedule_form.is_valid():
        upload = schedule_form.cleaned_data["file"]
        if upload.size > MAX_SCHEDULE_BYTES:
            schedule_form.add_error("file", "文件过大：放假安排文件不应超过 256 KB")
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / Path(upload.name).name
                path.write_bytes(upload.read())
                try:
                    with transaction.atomic():
                        result = import_schedule(
                            path=path,
                            source=schedule_form.cleaned_data["source"],
                            actor=request.user,
                        )
                except UserError as exc:
                    schedule_form.add_error("file", str(exc).replace(str(path), upload.name))
                else:
                    years = "、".join(str(y) for y in result.years)
                    messages.success(request, f"已录入 {years} 年放假安排，共 {result.days} 天")
                    return redirect("calendar_page")
    if request.method == "POST" and day_form.is_bound and day_form.is_valid():
        data = day_form.cleaned_data
        set_day(day=data["day"], kind=data["kind"], note=data["note"], actor=request.user)
        messages.success(request, f"已设置 {data['day']:%Y-%m-%d}")
        return redirect("calendar_page")
    today = timezone.localdate()
    return render(
        request,
        "web/calendar.html",
        {
            "day_form": day_form,
            "schedule_form": schedule_form,
            "years": sorted(work_calendar().years),
            "entered": CalendarYear.objects.all(),
            "overrides": CalendarOverride.objects.filter(day__gte=date(today.year, 1, 1)),
        },
    )


# Accounts ---------------------------------------------------------------------------------


class AccountForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = forms.ModelChoiceField(label="单位（单位工作人员必填）", queryset=None, required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)
    password = forms.CharField(
        label="新密码（新建时必填；修改时留空则不变）",
        widget=forms.PasswordInput(render_value=False),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = Unit.objects.select_related("group")
        if user is not None:
            self.fields["username"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.UNIT and not data.get("unit"):
            self.add_error("unit", "单位工作人员须选择所属单位")
        if data.get("role") != Role.UNIT:
            data["unit"] = None
        users = get_user_model().objects
        name = data.get("username")
        if self.user is None and name and users.filter(username=name).exists():
            self.add_error("username", "登录名已存在")
        password = data.get("password")
        if self.user is None and not password:
            self.add_error("password", "新建账号须设置初始密码")
        if password:
            candidate = self.user or get_user_model()(username=name or "")
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


@transaction.atomic
def _save_account(form: AccountForm, user) -> object:
    data = form.cleaned_data
    users = get_user_model().objects
    if user is None:
        user = users.create_user(data["username"], password=data["password"])
    elif data["password"]:
        user.set_password(data["password"])
    user.is_active = data["active"]
    user.save()
    Account.objects.update_or_create(
        user=user, defaults={"role": data["role"], "unit": data["unit"]}
    )
    return user


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _save_account(form, None)
        messages.success(request, f"已新建账号 {user.get_username()}")
        return redirect("account_list")
    accounts = (
        get_user_model()
        .objects.select_related("gongkai_account__unit")
        .order_by("-is_active", "username")
    )
    return render(request, "web/account_list.html", {"form": form, "users": accounts})


@login_required
def account_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    require_office(request.user)
    user = get_object_or_404(get_user_model(), pk=user_id)
    account = Account.objects.filter(user=user).first()
    initial = {
        "username": user.get_username(),
        "role": account.role if account else Role.UNIT,
        "unit": account.unit_id if account else None,
        "active": user.is_active,
    }
    form = AccountForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        _save_account(form, user)
        messages.success(request, f"已保存账号 {user.get_username()}")
        return redirect("account_list")
    return render(
        request,
        "web/account_edit.html",
        {
            "form": form,
            "account_user": user,
            "failed_logins": _failed_logins(user),
            "lockout_limit": settings.AXES_FAILURE_LIMIT,
        },
    )


def _failed_logins(user) -> int:
    """Wrong passwords counted against this login name (django-axes), 0 when none."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username=user.get_username())
    return attempts.aggregate(most=Max("failures_since_start"))["most"] or 0


@login_required
@require_POST
def account_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    """The office lifts a login lockout at once (instead of waiting out the cool-off time); the
    account's history records who did it."""
    require_office(request.user)
    from axes.utils import reset

    user = get_object_or_404(get_user_model(), pk=user_id)
    removed = reset(username=user.get_username())
    account = Account.objects.filter(user=user).first()
    if account is not None:
        account._change_reason = f"解除登录锁定（清除失败记录 {removed} 条）"
        account.save()
    messages.success(request, f"已解除账号 {user.get_username()} 的登录锁定")
    return redirect("account_edit", user_id=user.pk)


# Audit (who changed what, when) -----------------------------------------------------------

AUDIT_ROWS = 200
CHANGE_TYPES = {"+": "新增", "~": "修改", "-": "删除"}


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The latest changes of every record with history, newest first (the office's audit)."""
    require_office(request.user)
    rows = []
    for model in audit_models():
        label = model._meta.verbose_name
        history = model.history.select_related("history_user").order_by("-history_date")
        for record in history[:AUDIT_ROWS]:
            rows.append(
                {
                    "when": record.history_date,
                    "who": record.history_user.get_username()
                    if record.history_user
                    else (record.history_change_reason or "系统"),
                    "what": label,
                    "object": str(record.instance)[:80],
                    "type": CHANGE_TYPES.get(record.history_type, record.history_type),
                    "reason": record.history_change_reason or "",
                }
            )
    rows.sort(key=lambda r: r["when"], reverse=True)
    return render(request, "web/audit_log.html", {"rows": rows[:AUDIT_ROWS]})


def audit_models() -> list:
    from django.apps import apps
    from simple_history.models import registered_models

    return sorted(
        (m for m in registered_models.values() if apps.is_installed(m._meta.app_config.name)),
        key=lambda m: m._meta.label,
    )
