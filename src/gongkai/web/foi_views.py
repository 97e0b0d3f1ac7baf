"""On-request disclosure pages: the deadlines list, registration, and an application's timeline."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.calendar.core import CalendarGapError
from gongkai.calendar.selectors import work_calendar
from gongkai.foi.annual import APPLICANT_TYPES, OUTCOMES
from gongkai.foi.clock import CHANNELS, EVENT_KINDS, ClockError, explain
from gongkai.foi.models import EVENT_LABELS
from gongkai.foi.services import (
    append_event,
    clock_for,
    core_application,
    register_application,
    void_event,
)
from gongkai.orgs.selectors import units_for_user
from gongkai.web.charts import received_and_overdue_chart
from gongkai.web.listing import page_of, query_without_page, text_filter, unit_options
from gongkai.web.permissions import (
    applications_for_user,
    can_write,
    get_application_for_user,
    get_application_for_user_write,
    get_event_for_user_write,
    mailbox_letters_for_user,
    require_writer,
    units_writable_by,
)

STATUS_LABELS = {
    "running": "办理中",
    "paused": "暂停计时",
    "awaiting_correction": "待补正",
    "replied": "已答复",
    "withdrawn": "已撤回",
}


class RegisterForm(forms.Form):
    reference = forms.CharField(label="受理编号", max_length=64)
    unit = forms.ModelChoiceField(label="承办单位", queryset=None)
    received_on = forms.DateField(label="提交日期", widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label="收件渠道", choices=[(c, c) for c in CHANNELS])
    confirmed_on = forms.DateField(
        label="双方确认收到日期（平信、网络、传真必填）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    applicant_type = forms.ChoiceField(
        label="申请人类型", choices=[(t, t) for t in APPLICANT_TYPES]
    )
    applicant_name = forms.CharField(label="申请人姓名或者名称", max_length=100)
    applicant_id_number = forms.CharField(
        label="身份证明（证件号码）", max_length=32, required=False
    )
    contact = forms.CharField(label="联系方式", max_length=200)
    request_text = forms.CharField(
        label="申请公开的政府信息的名称、文号或者便于查询的其他特征性描述",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    access_form = forms.CharField(
        label="获取信息的方式、途径（如 邮寄纸质件、电子邮件）", max_length=100, required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_reference(self):
        from gongkai.foi.models import Application

        reference = self.cleaned_data["reference"].strip()
        if Application.objects.filter(reference=reference).exists():
            raise forms.ValidationError(f"受理编号 {reference} 已登记")
        return reference


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="事件", choices=[(k, EVENT_LABELS[k]) for k in EVENT_KINDS])
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label="延长工作日", required=False, min_value=1, max_value=20)
    outcome = forms.ChoiceField(
        label="办理结果（答复时）", required=False, choices=[("", "—"), *OUTCOMES.items()]
    )
    note = forms.CharField(label="说明（延期批准人等）", required=False, max_length=500)


def _today() -> date:
    return timezone.localdate()


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    calendar, today = work_calendar(), _today()
    units = units_for_user(request.user)
    applications = applications_for_user(request.user).select_related("unit")
    unit_id = _int(request.GET.get("unit"))
    if unit_id:
        applications = applications.filter(unit_id=unit_id)
    query = text_filter(request)
    if query:
        applications = applications.filter(
            Q(reference__icontains=query) | Q(request_text__icontains=query)
        )
    wanted = request.GET.get("status", "")
    rows = []
    for application in applications.prefetch_related("events"):
        try:
            result = clock_for(application, calendar, today)
        except (ClockError, CalendarGapError) as exc:
            rows.append({"application": application, "error": str(exc)})
            continue
        row = {"application": application, "result": result, "status": STATUS_LABELS[result.status]}
        if _matches(row, wanted):
            rows.append(row)
    # Open applications first, nearest deadline first; the closed ones after them.
    rows.sort(
        key=lambda r: (
            "result" not in r or r["result"].status in ("replied", "withdrawn"),
            r["result"].due or date.max if "result" in r else date.max,
        )
    )
    chart = received_and_overdue_chart(
        "各月收到的申请与逾期答复",
        ((r["application"].received_on, r["result"].overdue) for r in rows if "result" in r),
    )
    return render(
        request,
        "web/foi_list.html",
        {
            "chart": chart,
            "page": page_of(request, rows),
            "query": query_without_page(request),
            "today": today,
            "unit_options": unit_options(units, unit_id),
            "unit_id": unit_id,
            "q": query,
            "status": wanted,
            "statuses": [("open", "办理中（未答复）"), ("overdue", "已逾期"), ("closed", "已办结")],
        },
    )


def _matches(row: dict, wanted: str) -> bool:
    result = row["result"]
    closed = result.status in ("replied", "withdrawn")
    return {
        "": True,
        "open": not closed,
        "overdue": bool(result.overdue),
        "closed": closed,
    }.get(wanted, True)


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    units = units_writable_by(request.user).select_related("group")
    form = RegisterForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        access = data.pop("access_form")
        if access:
            data["request_text"] += f"\n获取方式：{access}"
        try:
            application = register_application(actor=request.user, **data)
        except ClockError as exc:
            form.add_error("confirmed_on", str(exc))
        else:
            messages.success(request, f"已登记 {application.reference}")
            return redirect("foi_detail", application_id=application.pk)
    return render(request, "web/foi_new.html", {"form": form})


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    if request.method == "POST":
        application = get_application_for_user_write(request.user, application_id)
    else:
        application = get_application_for_user(request.user, application_id)
    calendar, today = work_calendar(), _today()
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            append_event(
                application=application,
                kind=data["kind"],
                day=data["day"],
                days=data["days"] or 0,
                outcome=data["outcome"],
                note=data["note"],
                actor=request.user,
                calendar=calendar,
            )
        except (ClockError, CalendarGapError) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("foi_detail", application_id=application.pk)
    context = {
        "application": application,
        "form": form,
        "can_edit": can_write(request.user, application.unit_id),
        "events": application.events.select_related("actor"),
    }
    try:
        context["result"] = clock_for(application, calendar, today)
        context["explanation"] = explain(core_application(application), calendar, today=today)
    except (ClockError, CalendarGapError) as exc:
        context["clock_error"] = str(exc)
    return render(request, "web/foi_detail.html", context)


@login_required
@require_POST
def event_void(request: HttpRequest, application_id: int, event_id: int) -> HttpResponse:
    event = get_event_for_user_write(request.user, application_id, event_id)
    application = event.application
    try:
        void_event(event=event, reason=request.POST.get("reason", ""), actor=request.user)
    except ClockError as exc:
        messages.error(request, str(exc))
    return redirect("foi_detail", application_id=application.pk)


@login_required
def mailbox_list(request: HttpRequest) -> HttpResponse:
    from gongkai.foi.services import mailbox_state

    calendar, today = work_calendar(), _today()
    units = units_for_user(request.user)
    letters = mailbox_letters_for_user(request.user).select_related("unit")
    unit_id = _int(request.GET.get("unit"))
    if unit_id:
        letters = letters.filter(unit_id=unit_id)
    query = text_filter(request)
    if query:
        letters = letters.filter(Q(reference__icontains=query) | Q(subject__icontains=query))
    rows = []
    for letter in letters:
        try:
            state = mailbox_state(letter, calendar, today)
        except CalendarGapError as exc:
            rows.append({"letter": letter, "error": str(exc)})
            continue
        rows.append({"letter": letter, "state": state})
    rows.sort(key=lambda r: ("state" not in r or r["state"].replied, r["letter"].received_on))
    chart = received_and_overdue_chart(
        "各月收到的来信与逾期答复",
        ((r["letter"].received_on, r["state"].overdue) for r in rows if "state" in r),
    )
    return render(
        request,
        "web/mailbox_list.html",
        {
            "chart": chart,
            "page": page_of(request, rows),
            "query": query_without_page(request),
            "today": today,
            "unit_options": unit_options(units, unit_id),
            "unit_id": unit_id,
            "q": query,
        },
    )


@login_required
def reply_letter(request: HttpRequest, application_id: int) -> HttpResponse:
    """POST issues the reply letter's 文号 (once); GET downloads the issued letter as .docx.
    `?public=1` masks the applicant (周某某) and ID numbers."""
    import tempfile
    from pathlib import Path

    from django.http import FileResponse

    from gongkai.foi.models import IssuedLetter
    from gongkai.foi.services import issue_reply_letter, write_reply_letter

    if request.method == "POST":
        application = get_application_for_user_write(request.user, application_id)
        try:
            issued = issue_reply_letter(application=application, actor=request.user)
        except ClockError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已出具答复书，文号：{issued.number}")
        return redirect("foi_detail", application_id=application.pk)
    application = get_application_for_user(request.user, application_id)
    issued = IssuedLetter.objects.filter(application=application).first()
    if issued is None:
        messages.error(request, "答复书尚未出具文号：请先在本页点击“出具答复书”")
        return redirect("foi_detail", application_id=application.pk)
    public = request.GET.get("public") == "1"
    path = Path(tempfile.mkdtemp()) / "letter.docx"
    write_reply_letter(
        application=application,
        path=path,
        number=issued.number,
        dated=issued.issued_on,
        public=public,
    )
    suffix = "（公开版）" if public else ""
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{application.reference}答复书{suffix}.docx"
    )
