"""Writes: register entries, interpretation links and forms, status changes, and the Findings."""

from datetime import date

from django.db import transaction

from gongkai.errors import UserError
from gongkai.findings.services import FindingDraft, replace_findings
from gongkai.orgs.models import Unit
from gongkai.policies import checks as core
from gongkai.policies import selectors
from gongkai.policies.forms import detect_forms
from gongkai.policies.models import STATUSES, Interpretation, PolicyDocument
from gongkai.policies.rules import FORMS

INTERPRETATION_SOURCE = "policies:interpretations"
DECISION_SOURCE = "policies:decisions"


def _drafts(problems: list[core.Problem]) -> list[FindingDraft]:
    return [FindingDraft(p.unit_id, p.kind, p.message, p.how_to_fix, p.evidence) for p in problems]


@transaction.atomic
def record_interpretation_findings(*, year: int, calendar: core.Calendar) -> int:
    """The year's interpretation checks as Findings (idempotent; rectification status is kept)."""
    problems = [
        p for _row, result in selectors.checks_of_year(year, calendar) for p in result.problems
    ]
    for unit_id, count in core.single_form_units(selectors.interpretations_of_year(year)).items():
        problems.append(
            core.Problem(
                unit_id,
                "single_form",
                year,
                f"{year}年发布的 {count} 篇政策解读均为文字解读，形式单一",
                "运用图表图解、音频视频、动漫H5等形式开展解读，邀请专家学者、单位负责人解读",
                {"year": year, "interpretations": count},
            )
        )
    return replace_findings(
        source=INTERPRETATION_SOURCE,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        unit_ids=list(Unit.objects.values_list("id", flat=True)),
        drafts=_drafts(problems),
    )


@transaction.atomic
def record_decision_findings(*, year: int, calendar: core.Calendar, today: date) -> int:
    decisions, consultations = selectors.decisions_of_year(year)
    problems = core.check_decisions(
        decisions, consultations, selectors.rule_set(year), calendar, today
    )
    return replace_findings(
        source=DECISION_SOURCE,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        unit_ids=list(Unit.objects.values_list("id", flat=True)),
        drafts=_drafts(problems),
    )


@transaction.atomic
def confirm_interpretation(*, interpretation: Interpretation, document: PolicyDocument) -> None:
    """The office confirms which document an interpretation explains."""
    interpretation.document = document
    interpretation.proposed_document = None
    interpretation.save()


@transaction.atomic
def set_forms(*, interpretation: Interpretation, forms: list[str]) -> None:
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        raise UserError(f"未知的解读形式：{'、'.join(unknown)}（可选：{'、'.join(FORMS)}）")
    interpretation.forms = [f for f in FORMS if f in forms]
    interpretation.forms_edited = True
    interpretation.save()


@transaction.atomic
def detect_page_forms(*, interpretation: Interpretation, html: str) -> list[str]:
    """Forms read from the interpretation's page, unless a person has set them."""
    if not interpretation.forms_edited:
        year = interpretation.published_on.year if interpretation.published_on else None
        interpretation.forms = detect_forms(html, selectors.rule_set(year))
        interpretation.save()
    return interpretation.forms


@transaction.atomic
def change_status(
    *,
    document: PolicyDocument,
    status: str,
    on: date,
    changed_by: PolicyDocument | None = None,
) -> PolicyDocument:
    """有效 → 修改/废止/失效, with the date and the document that changed it (kept in history)."""
    if status not in STATUSES:
        raise UserError(f"状态应为 {'、'.join(STATUSES)} 之一")
    document.status, document.status_on, document.changed_by = status, on, changed_by
    document.save()
    return document
