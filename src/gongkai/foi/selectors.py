"""Reads of applications and mailbox letters: the permission choke point (a unit's staff see their
own unit's only) and the period figures a bulletin states."""

from django.http import Http404

from gongkai.foi.models import Application, ApplicationEvent, MailboxLetter
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
