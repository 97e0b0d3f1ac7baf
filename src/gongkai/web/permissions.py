"""Permission choke points of the web app: one read and one write function per object type.

Why here: the web app sits on top of every capability app, so it is the one module that may name
all their models; every page (also the ones added in new `*_views.py` files) imports from it.
Who may do what is decided once, in `gongkai.orgs.selectors` (`units_for_user`,
`units_writable_by`, `is_office`), which services also call for a second check.

The pattern (healthchecks' `_get_check_for_user`):
- read, `get_<thing>_for_user(user, id)`: the object, or 404 when the user may not see it, so an
  outsider does not learn that it exists;
- write, `get_<thing>_for_user_write(user, id)`: the read check first (404 for outsiders), then 403
  for a login that may see but not change it (leader, evaluator; a clerk where only the office
  writes).
Sites, their pages and snapshots (网站监测) are read here through `sitecheck.selectors`
(`get_site_for_user`, `get_snapshot_page_for_user`); they have no web write: the office manages
them with `gongkai site …`.
Views that change state also accept only POST (`require_POST`, or a form posted to the page).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.assessment.models import Appeal, AssessmentRun, RunResult
from gongkai.assessment.selectors import get_result_for_user as _result_for_user
from gongkai.assessment.selectors import results_for_user
from gongkai.findings.models import Finding
from gongkai.foi.models import Application, ApplicationEvent, MailboxLetter
from gongkai.foi.selectors import applications_for_user, get_application_for_user
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import (
    can_write_unit,
    get_unit_for_user,
    is_office,
    units_for_user,
    units_writable_by,
)
from gongkai.publishing.models import ImportBatch
from gongkai.sitecheck.selectors import (
    get_site_for_user,
    get_snapshot_page_for_user,
    sites_for_user,
    units_seen_by,
)
from gongkai.web.models import DocumentJob

READ_ONLY = "只读账号不能修改此记录"
OFFICE_ONLY = "只有政务公开办可以进行此操作"

__all__ = [
    "applications_for_user",
    "can_write",
    "get_application_for_user",
    "get_application_for_user_write",
    "get_appeal_for_user_write",
    "get_batch_for_user",
    "get_event_for_user_write",
    "get_finding_for_user",
    "get_finding_for_user_write",
    "get_result_for_user",
    "get_result_for_user_write",
    "get_run_for_user",
    "get_site_for_user",
    "get_snapshot_page_for_user",
    "get_unit_for_user",
    "get_unit_for_user_write",
    "is_office",
    "mailbox_letters_for_user",
    "require_office",
    "require_writer",
    "sites_for_user",
    "units_for_user",
    "units_seen_by",
    "units_writable_by",
]


def require_office(user) -> None:
    """Pages and actions of the office alone (imports, templates, calendar, accounts, audit)."""
    if not is_office(user):
        raise PermissionDenied(OFFICE_ONLY)


def require_writer(user) -> None:
    """A login that may change something at all (office or a unit clerk), else 403."""
    if not units_writable_by(user).exists():
        raise PermissionDenied(READ_ONLY)


def can_write(user, unit_id: int | None) -> bool:
    """For templates: whether to show write controls for a record of this unit."""
    return can_write_unit(user, unit_id)


def _writable(user, unit_id: int | None) -> None:
    if not can_write_unit(user, unit_id):
        raise PermissionDenied(READ_ONLY)


# Units ---------------------------------------------------------------------------------------


def get_unit_for_user_write(user, unit_id: int) -> Unit:
    unit = get_unit_for_user(user, unit_id)
    _writable(user, unit.pk)
    return unit


# Import batches (the office's alone: 403 to every other login) -------------------------------


def get_batch_for_user(user, batch_id: int) -> ImportBatch:
    require_office(user)
    return get_object_or_404(ImportBatch, pk=batch_id)


# On-request applications, their events and reply letters; mailbox letters -------------------


def get_application_for_user_write(user, application_id: int) -> Application:
    application = get_application_for_user(user, application_id)
    _writable(user, application.unit_id)
    return application


def get_event_for_user_write(user, application_id: int, event_id: int) -> ApplicationEvent:
    application = get_application_for_user_write(user, application_id)
    return get_object_or_404(ApplicationEvent, pk=event_id, application=application)


def mailbox_letters_for_user(user) -> QuerySet[MailboxLetter]:
    return MailboxLetter.objects.filter(unit__in=units_for_user(user))


# Findings (整改台账): every login reads its units' findings; the office changes them --------


def get_finding_for_user(user, finding_id: int) -> Finding:
    finding = Finding.objects.filter(pk=finding_id, unit__in=units_for_user(user)).first()
    if finding is None:
        raise Http404("问题不存在或无权查看")
    return finding


def get_finding_for_user_write(user, finding_id: int) -> Finding:
    finding = get_finding_for_user(user, finding_id)
    require_office(user)
    return finding


# Assessment runs, results, appeals ---------------------------------------------------------


def get_run_for_user(user, run_id: int) -> AssessmentRun:
    """Every login with an account sees a run; what it shows is limited by `results_for_user`."""
    run = AssessmentRun.objects.filter(pk=run_id).first()
    if run is None or not units_for_user(user).exists():
        raise Http404("考核批次不存在或无权查看")
    return run


def get_result_for_user(user, run: AssessmentRun, result_id: int) -> RunResult:
    return _result_for_user(user, run, result_id)


def get_result_for_user_write(user, run: AssessmentRun, result_id: int) -> RunResult:
    """Filing an appeal: the unit's own clerk (or the office), not the read-only roles."""
    result = get_result_for_user(user, run, result_id)
    _writable(user, result.unit_id)
    return result


def sees_whole_run(user, run: AssessmentRun) -> bool:
    return results_for_user(user, run).count() == run.results.count()


# Documents built in the background ---------------------------------------------------------


def get_job_for_user(user, job_id: int) -> DocumentJob:
    """A job is its owner's alone, and only while the owner may still have its file (a role
    changed since is checked again): a bulletin needs the whole run, letters the office."""
    job = DocumentJob.objects.filter(pk=job_id, owner=user).first()
    if job is None:
        raise Http404("没有这个文件生成任务")
    run = get_run_for_user(user, job.run_id)
    if not sees_whole_run(user, run) or (job.kind == "letters" and not is_office(user)):
        raise PermissionDenied
    return job


def get_appeal_for_user_write(user, appeal_id: int) -> Appeal:
    """Answering an appeal is the office's task."""
    require_office(user)
    return get_object_or_404(Appeal, pk=appeal_id)
