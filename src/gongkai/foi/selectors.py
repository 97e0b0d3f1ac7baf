"""Reads of applications and mailbox letters: the permission choke point (a unit's staff see their
own unit's only), the period figures a bulletin states, and the figures of sections 三 and 四 of
the annual report, which the annual report app reads."""

from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404

from gongkai.capabilities import Metric
from gongkai.foi.annual import ApplicationRecord, ReviewRecord, section3, section4
from gongkai.foi.models import (
    Application,
    ApplicationEvent,
    LetterCheck,
    MailboxLetter,
    ReviewCase,
)
from gongkai.orgs.selectors import units_for_user
from gongkai.periods import Period


def applications_for_user(user):
    return Application.objects.filter(unit__in=units_for_user(user))


def get_application_for_user(user, application_id: int) -> Application:
    application = applications_for_user(user).filter(pk=application_id).first()
    if application is None:
        raise Http404("申请不存在或无权查看")
    return application


def application_activity(*, period: Period) -> dict:
    """Applications received in the period and how many of them are closed (replied or withdrawn)."""
    received = Application.objects.filter(
        received_on__gte=period.start, received_on__lte=period.end
    )
    closed = (
        ApplicationEvent.objects.filter(
            application__in=received, kind__in=("replied", "withdrawn"), voided_at__isnull=True
        )
        .values("application_id")
        .distinct()
        .count()
    )
    return {"received": received.count(), "closed": closed}


def mailbox_activity(*, period: Period) -> dict:
    letters = MailboxLetter.objects.filter(
        received_on__gte=period.start, received_on__lte=period.end
    )
    return {
        "received": letters.count(),
        "replied": letters.filter(replied_on__isnull=False).count(),
    }


def annual_tables(*, unit_id: int, year: int) -> tuple[dict[str, list[int]], list[int]]:
    """Sections 三 and 四 of a unit's annual report, from its applications and review cases."""
    records = []
    for application in Application.objects.prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.filter(voided_at__isnull=True))
    ).filter(unit_id=unit_id):
        closing = [e for e in application.events.all() if e.kind in ("replied", "withdrawn")]
        closed = closing[-1] if closing else None
        outcome = None
        if closed is not None:
            outcome = closed.outcome if closed.kind == "replied" else "other_other"
        records.append(
            ApplicationRecord(
                application.reference,
                application.applicant_type,
                application.received_on,
                closed.day if closed else None,
                outcome,
            )
        )
    reviews = [
        ReviewRecord(case.kind, case.filed_on, case.result or None, case.decided_on)
        for case in ReviewCase.objects.filter(application__unit_id=unit_id)
    ]
    return section3(records, year), section4(reviews, year)


def letter_metrics(*, period: Period, unit_ids: list[int]) -> dict:
    """`foi.letters_checked`: how many of the unit's reply letters dated in the period were
    checked (`gongkai letter check --record`); indicator 4.3 is computed for those units."""
    counts: dict[int, int] = {}
    for unit_id in LetterCheck.objects.filter(
        dated__range=(period.start, period.end), unit_id__in=unit_ids
    ).values_list("unit_id", flat=True):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    return {
        unit_id: {"foi.letters_checked": Metric(Decimal(n), f"本期检查答复书 {n} 份")}
        for unit_id, n in counts.items()
    }
