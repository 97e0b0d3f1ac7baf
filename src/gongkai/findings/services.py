"""Writes Findings: a check replaces its own Findings for a period, keeping rectification status."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from gongkai.findings.models import Finding


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
    keep = {(d.unit_id, d.kind) for d in drafts}
    stale = [f.pk for f in scope.only("id", "unit_id", "kind") if (f.unit_id, f.kind) not in keep]
    Finding.objects.filter(pk__in=stale).delete()
    for draft in drafts:
        Finding.objects.update_or_create(
            source=source,
            unit_id=draft.unit_id,
            period_start=period_start,
            period_end=period_end,
            kind=draft.kind,
            defaults={
                "message": draft.message,
                "how_to_fix": draft.how_to_fix,
                "evidence": draft.evidence,
            },
        )
    return len(drafts)
