"""Writes and derived reads for applications: register, append or void events, the clock, Findings."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from gongkai.calendar.core import CalendarGapError, WorkCalendar, chinese_date
from gongkai.calendar.selectors import work_calendar
from gongkai.errors import clean_text
from gongkai.findings.services import FindingDraft, replace_findings, replace_findings_by_day
from gongkai.foi import clock
from gongkai.foi.letters import load_templates, parse_templates
from gongkai.foi.mailbox import letter_state
from gongkai.foi.models import (
    Application,
    ApplicationEvent,
    IssuedLetter,
    LetterCheck,
    LetterNumber,
    LetterTemplates,
    MailboxLetter,
)
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import check_office, check_unit_write
from gongkai.periods import Period

OVERDUE_SOURCE = "foi:overdue"


def _replace_by_year(source: str, records, by_year: dict[int, list[FindingDraft]]) -> int:
    """Replace a check's Findings year by year (each year of the records is rechecked, so a
    Finding goes away once it no longer applies). `records` have `received_on` and `unit_id`."""
    years = set(by_year) | {d.year for d in records.dates("received_on", "year")}
    for year in years:
        unit_ids = records.filter(received_on__year=year).values_list("unit_id", flat=True)
        replace_findings(
            source=source,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            unit_ids=sorted(set(unit_ids)),
            drafts=by_year.get(year, []),
        )
    return sum(len(drafts) for drafts in by_year.values())


def core_application(
    application: Application, extra: clock.Event | None = None
) -> clock.Application:
    events = [
        clock.Event(e.kind, e.day, e.days, e.note)
        for e in application.events.all()
        if e.voided_at is None
    ]
    if extra is not None:
        events.append(extra)
    return clock.Application(
        application.received_on, application.channel, application.confirmed_on, tuple(events)
    )


def clock_rules() -> clock.ClockRules:
    """The statutory rules, with the office's setting on whether a fee notice pauses the clock."""
    return clock.ClockRules(fee_pauses_clock=settings.FOI_FEE_PAUSES_CLOCK)


def clock_for(application: Application, calendar: WorkCalendar, today: date) -> clock.ClockResult:
    return clock.compute_due(core_application(application), calendar, clock_rules(), today)


@transaction.atomic
def register_application(*, actor=None, **fields) -> Application:
    """Create an application; the receipt rules (channel, confirmation date) are checked first."""
    check_unit_write(actor, getattr(fields.get("unit"), "pk", None))
    clock.receipt_date(
        clock.Application(fields["received_on"], fields["channel"], fields.get("confirmed_on"))
    )
    return Application.objects.create(claimed_by=actor, **fields)


@transaction.atomic
def append_event(
    *,
    application: Application,
    kind: str,
    day: date,
    calendar: WorkCalendar,
    days: int = 0,
    outcome: str = "",
    note: str = "",
    actor=None,
) -> ApplicationEvent:
    """Append an event if the history stays readable (ClockError otherwise, nothing written)."""
    check_unit_write(actor, application.unit_id)
    if kind == "replied" and not outcome:
        raise clock.ClockError("答复事件须注明办理结果（年报规定的类别）")
    clock.compute_due(
        core_application(application, clock.Event(kind, day, days, note)), calendar, clock_rules()
    )
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        day=day,
        days=days,
        outcome=outcome,
        note=note,
        actor=actor,
    )


@transaction.atomic
def void_event(*, event: ApplicationEvent, reason: str, actor=None) -> ApplicationEvent:
    check_unit_write(actor, event.application.unit_id)
    if not reason.strip():
        raise clock.ClockError("作废事件须说明原因")
    max_length = ApplicationEvent._meta.get_field("void_reason").max_length
    reason = clean_text(reason, label="作废原因", max_length=max_length, error=clock.ClockError)
    if event.voided_at is not None:
        raise clock.ClockError("该事件已作废")
    event.voided_at = timezone.now()
    event.void_reason = reason.strip()
    event.voided_by = actor if getattr(actor, "is_authenticated", False) else None
    event.save(update_fields=["voided_at", "void_reason", "voided_by"])
    return event


def _with_events():
    return Application.objects.select_related("unit").prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.filter(voided_at__isnull=True))
    )


@dataclass(frozen=True)
class OverdueApplication:
    application: Application
    result: clock.ClockResult


def overdue_applications(*, calendar: WorkCalendar, today: date) -> list[OverdueApplication]:
    """Applications past their due date. One whose due date falls in a year with no entered
    schedule is 期限待定 (`ClockResult.pending_year`): never overdue, never in the way of others."""
    found = []
    for application in _with_events():
        result = clock_for(application, calendar, today)
        if result.overdue:
            found.append(OverdueApplication(application, result))
    return found


@transaction.atomic
def record_overdue_findings(*, calendar: WorkCalendar, today: date) -> int:
    """One Finding per overdue application, in the calendar year it was received (feeds scoring)."""
    by_year: dict[int, list[FindingDraft]] = {}
    for item in overdue_applications(calendar=calendar, today=today):
        application, result = item.application, item.result
        year = application.received_on.year
        when = f"{chinese_date(result.replied_on)}答复" if result.replied_on else "至今未答复"
        by_year.setdefault(year, []).append(
            FindingDraft(
                unit_id=application.unit_id,
                kind=f"foi.overdue.{application.reference}",
                message=f"依申请公开{application.reference}逾期答复：期限{chinese_date(result.due)}，{when}",
                how_to_fix="按《政府信息公开条例》第三十三条在期限内答复；需要延长的，在期限届满前经批准延期",
                evidence={
                    "reference": application.reference,
                    "due": result.due.isoformat(),
                    "replied_on": result.replied_on.isoformat() if result.replied_on else None,
                },
            )
        )
    return _replace_by_year(OVERDUE_SOURCE, Application.objects.all(), by_year)


@transaction.atomic
def next_letter_number(*, unit, year: int) -> str:
    """The unit's next 文号 for the year, e.g. 新自然资依公〔2025〕4号 (locked against double issue)."""
    counter, _ = LetterNumber.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = counter.prefix or f"{unit.name}依公"
    return f"{prefix}〔{year}〕{counter.last}号"


MAILBOX_SOURCE = "foi:mailbox"


@transaction.atomic
def record_mailbox_findings(*, calendar: WorkCalendar, today: date) -> int:
    """Late or missing replies become Findings; a letter unanswered for 3 months is the veto item."""
    by_year: dict[int, list[FindingDraft]] = {}
    for letter in MailboxLetter.objects.filter(unit__isnull=False):
        drafts = by_year.setdefault(letter.received_on.year, [])
        try:
            state = mailbox_state(letter, calendar, today)
        except CalendarGapError:
            continue  # 期限待定 for this letter only, until its year's schedule is entered
        if state.veto:
            drafts.append(
                FindingDraft(
                    unit_id=letter.unit_id,
                    kind=f"mailbox.veto.{letter.reference}",
                    message=f"县长信箱{letter.reference}超过3个月未答复（单项否决项）",
                    how_to_fix="立即答复并公开答复内容；政务网站互动诉求超过3个月未回复属单项否决（国办秘函〔2019〕19号）",
                    evidence={
                        "reference": letter.reference,
                        "received": letter.received_on.isoformat(),
                    },
                )
            )
        elif state.overdue:
            when = f"{chinese_date(letter.replied_on)}答复" if letter.replied_on else "至今未答复"
            drafts.append(
                FindingDraft(
                    unit_id=letter.unit_id,
                    kind=f"mailbox.overdue.{letter.reference}",
                    message=f"县长信箱{letter.reference}未在规定期限内答复：期限{chinese_date(state.due)}，{when}",
                    how_to_fix=f"转办后{letter.reply_days}个工作日内答复",
                    evidence={"reference": letter.reference, "due": state.due.isoformat()},
                )
            )
    return _replace_by_year(
        MAILBOX_SOURCE, MailboxLetter.objects.filter(unit__isnull=False), by_year
    )


def letter_templates() -> dict:
    """The office's templates if it has edited them, else the bundled ones."""
    record = LetterTemplates.objects.first()
    return parse_templates(record.definition, "答复文书模板") if record else load_templates()


@transaction.atomic
def issue_reply_letter(*, application: Application, actor=None) -> IssuedLetter:
    """The application's reply letter record: its 文号 is issued on first use and kept."""
    check_unit_write(actor, application.unit_id)
    existing = IssuedLetter.objects.filter(application=application).first()
    if existing is not None:
        return existing
    replied = (
        application.events.filter(kind="replied", voided_at__isnull=True).order_by("-day").first()
    )
    if replied is None:
        raise clock.ClockError("尚无答复事件（办理结果），无法出具答复书")
    number = next_letter_number(unit=application.unit, year=replied.day.year)
    return IssuedLetter.objects.create(
        application=application, number=number, issued_on=replied.day
    )


def mailbox_state(letter: MailboxLetter, calendar: WorkCalendar, today: date):
    return letter_state(
        received=letter.received_on,
        forwarded=letter.forwarded_on,
        replied=letter.replied_on,
        calendar=calendar,
        today=today,
        reply_days=letter.reply_days,
    )


def write_reply_letter(
    *,
    application: Application,
    path,
    number: str,
    dated: date | None = None,
    public: bool = False,
    delivery: str = "邮寄（EMS）",
    reason: str = "",
    review_body: str | None = None,
    court: str | None = None,
):
    """The reply letter of an answered application as .docx; `public` masks the applicant."""
    from gongkai.exports.docx import write_letter
    from gongkai.foi.letters import LetterData, compose
    from gongkai.foi.masking import mask_id_number, mask_name
    from gongkai.orgs.models import Region

    replied = (
        application.events.filter(kind="replied", voided_at__isnull=True).order_by("-day").first()
    )
    if replied is None:
        raise clock.ClockError(
            f"申请「{application.reference}」尚无答复事件（办理结果），无法生成答复书"
        )
    region = Region.objects.values_list("name", flat=True).first() or ""
    data = LetterData(
        issuer=application.unit.full_name or application.unit.name,
        number=number,
        applicant=mask_name(application.applicant_name) if public else application.applicant_name,
        received=application.confirmed_on or application.received_on,
        request=mask_id_number(application.request_text) if public else application.request_text,
        dated=dated or replied.day,
        review_body=review_body or f"{region}人民政府",
        court=court or f"{region}人民法院",
        delivery=delivery,
        reason=reason,
    )
    letter = compose("reply", data, replied.outcome, letter_templates())
    return write_letter(
        path,
        title=letter.title,
        number=letter.number,
        salutation=letter.salutation,
        paragraphs=letter.paragraphs,
        issuer=letter.issuer,
        seal=letter.seal,
        dated=letter.dated,
    )


def refresh_overdue_findings(*, period: Period, today: date) -> None:
    """The assessment's refresh: overdue replies as of `today` (stored per year received)."""
    record_overdue_findings(calendar=work_calendar(), today=today)


def refresh_mailbox_findings(*, period: Period, today: date) -> None:
    record_mailbox_findings(calendar=work_calendar(), today=today)


@transaction.atomic
def save_letter_templates(*, definition: str, actor=None) -> LetterTemplates:
    """The office's wording of the letters, checked before it is kept (history keeps each edit)."""
    check_office(actor)
    return LetterTemplates.store(definition)  # refuses what cannot be rendered


# Reply letters checked for their elements (indicator 4.3) ------------------------------------

LETTER_SOURCE = "foi:letters"
LETTER_FIX = (
    "答复书按模板写明文号、称呼、收到日期、申请内容、法律依据、处理决定、送达方式、"
    "救济途径（行政复议六十日、行政诉讼六个月）、答复机关、答复日期并加盖印章"
)


@transaction.atomic
def record_letter_check(
    *, unit, dated: date, file_name: str, missing: list, actor=None
) -> LetterCheck:
    """Keep one checked letter of a unit and what it lacked (`missing`: letters.MissingElement)."""
    check_unit_write(actor, unit.pk)
    return LetterCheck.objects.create(
        unit=unit,
        dated=dated,
        file_name=file_name[:255],
        missing=[{"element": m.element, "message": m.message} for m in missing],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def refresh_letter_findings(*, period: Period, today: date) -> None:
    """A checked letter that lacks elements is one Finding `foi.letter.<check id>` of its unit,
    dated on the letter's day (so it lies in every quarter and year that contain that day)."""
    checks = LetterCheck.objects.filter(dated__range=(period.start, period.end))
    by_day: dict[date, list[FindingDraft]] = {}
    for check in checks:
        if not check.missing:
            continue
        by_day.setdefault(check.dated, []).append(
            FindingDraft(
                unit_id=check.unit_id,
                kind=f"foi.letter.{check.pk}",
                message=f"答复书“{check.file_name}”要素不全："
                + "；".join(m["message"] for m in check.missing),
                how_to_fix=LETTER_FIX,
                evidence={
                    "file": check.file_name,
                    "missing": [m["element"] for m in check.missing],
                },
            )
        )
    replace_findings_by_day(
        source=LETTER_SOURCE,
        start=period.start,
        end=period.end,
        unit_ids=list(Unit.objects.values_list("id", flat=True)),
        by_day=by_day,
    )
