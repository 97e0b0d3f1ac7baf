"""Writes Findings: a check replaces its own Findings for a period, keeping rectification status."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from gongkai.findings.models import Finding
from gongkai.orgs.selectors import check_office


@dataclass(frozen=True)
class FindingDraft:
    unit_id: int
    kind: str
    message: str
    how_to_fix: str = ""
    evidence: dict = field(default_factory=dict)


@transaction.atomic
def replace_findings(
    *,
    source: str,
    period_start: date,
    period_end: date,
    unit_ids: list[int],
    drafts: list[FindingDraft],
) -> int:
    """Store what a check found for these units and period; stale Findings of that check go away.

    Re-running the same check is idempotent, and a Finding that is still found keeps its status.
    """
    scope = Finding.objects.filter(
        source=source, period_start=period_start, period_end=period_end, unit_id__in=unit_ids
    )
    existing = {(f.unit_id, f.kind): f for f in scope}
    keep = {(d.unit_id, d.kind) for d in drafts}
    stale = [f.pk for key, f in existing.items() if key not in keep]
    Finding.objects.filter(pk__in=stale).delete()
    created, changed = [], []
    for draft in drafts:
        finding = existing.get((draft.unit_id, draft.kind))
        if finding is None:
            created.append(
                Finding(
                    source=source,
                    unit_id=draft.unit_id,
                    period_start=period_start,
                    period_end=period_end,
                    kind=draft.kind,
                    message=draft.message,
                    how_to_fix=draft.how_to_fix,
                    evidence=draft.evidence,
                )
            )
        elif (finding.message, finding.how_to_fix, finding.evidence) != (
            draft.message,
            draft.how_to_fix,
            draft.evidence,
        ):
            finding.message, finding.how_to_fix = draft.message, draft.how_to_fix
            finding.evidence = draft.evidence
            changed.append(finding)
    # In bulk (a county-wide check writes thousands), with their history rows all the same.
    bulk_create_with_history(created, Finding, batch_size=500)
    bulk_update_with_history(
        changed, Finding, ["message", "how_to_fix", "evidence"], batch_size=500
    )
    return len(drafts)


def replace_findings_by_day(
    *,
    source: str,
    start: date,
    end: date,
    unit_ids: list[int],
    by_day: dict[date, list[FindingDraft]],
) -> int:
    """Findings dated on single days (a checked text, a checked letter) for [start, end]: each
    day found is replaced, and each day that had this check's Findings before but has none now is
    emptied. A one-day Finding lies inside every quarter and year containing it."""
    earlier = Finding.objects.filter(
        source=source, period_start__gte=start, period_end__lte=end
    ).values_list("period_start", flat=True)
    changed = 0
    for day in sorted(set(earlier) | set(by_day)):
        changed += replace_findings(
            source=source,
            period_start=day,
            period_end=day,
            unit_ids=unit_ids,
            drafts=by_day.get(day, []),
        )
    return changed


@transaction.atomic
def set_finding_status(
    *, finding: Finding, status: str, rectified_on, note: str, actor=None
) -> Finding:
    """The office records a rectification step (history keeps who and when)."""
    check_office(actor)
    finding.status = status
    finding.rectified_on = rectified_on
    finding.status_note = note
    finding._change_reason = f"整改状态由 {actor} 更新" if actor is not None else "整改状态更新"
    finding.save(update_fields=["status", "rectified_on", "status_note"])
    return finding
