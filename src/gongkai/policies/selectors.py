"""Reads of the policy register: records as the core's dataclasses, the year's checks, section 二."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from gongkai.orgs.selectors import units_for_user
from gongkai.policies import checks as core
from gongkai.policies.models import (
    ActivityFigure,
    Consultation,
    Decision,
    Interpretation,
    PolicyDocument,
)
from gongkai.policies.rules import RuleSet, bundled_rule_set
from gongkai.policies.section2 import (
    DOCUMENT_ROWS,
    RegisterEntry,
    Section2Figures,
    compare_with_register,
    section2_from_records,
)


def rule_set(year: int | None = None) -> RuleSet:
    return bundled_rule_set(year)


def _links(value) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


def as_document(row: PolicyDocument) -> core.Document:
    return core.Document(
        id=row.pk,
        kind=row.kind,
        title=row.title,
        number=row.number,
        unit_id=row.unit_id,
        drafting_unit_id=row.drafting_unit_id,
        published_on=row.published_on,
        url=row.url,
        text=row.text,
        links=_links(row.links),
    )


def as_interpretation(row: Interpretation) -> core.Interpretation:
    return core.Interpretation(
        id=row.pk,
        document_id=row.document_id,
        unit_id=row.unit_id,
        title=row.title,
        published_on=row.published_on,
        url=row.url,
        text=row.text,
        links=_links(row.links),
        forms=tuple(row.forms or ()),
        elements_reviewed=tuple(sorted((row.elements_reviewed or {}).items())),
    )


def documents_of_year(year: int, unit_ids: list[int] | None = None) -> QuerySet[PolicyDocument]:
    rows = PolicyDocument.objects.filter(published_on__year=year).select_related(
        "unit", "drafting_unit"
    )
    if unit_ids is not None:
        rows = rows.filter(Q(unit_id__in=unit_ids) | Q(drafting_unit_id__in=unit_ids))
    return rows.order_by("published_on", "id")


def checks_of_year(
    year: int, calendar: core.Calendar, unit_ids: list[int] | None = None
) -> list[tuple[PolicyDocument, core.DocumentCheck]]:
    """Every document published in the year with the result of its checks."""
    rows = list(documents_of_year(year, unit_ids))
    interpretations = Interpretation.objects.filter(document__in=rows).order_by("id")
    results = core.check_documents(
        [as_document(r) for r in rows],
        [as_interpretation(i) for i in interpretations],
        rule_set(year),
        calendar,
    )
    return list(zip(rows, results, strict=True))


def interpretations_of_year(year: int) -> list[core.Interpretation]:
    return [
        as_interpretation(i)
        for i in Interpretation.objects.filter(
            published_on__year=year, document__isnull=False
        ).order_by("id")
    ]


def decisions_of_year(year: int) -> tuple[list[core.Decision], list[core.Consultation]]:
    decisions = [
        core.Decision(d.pk, d.unit_id, d.title, d.kind, d.listed, d.decided_on)
        for d in Decision.objects.filter(year=year).order_by("id")
    ]
    consultations = [
        core.Consultation(
            c.pk,
            c.decision_id,
            c.unit_id,
            c.title,
            c.opened_on,
            c.closes_on,
            c.shortened_reason,
            c.comments_adopted,
            c.feedback_on,
        )
        for c in Consultation.objects.filter(
            Q(decision__year=year) | Q(decision__isnull=True, opened_on__year=year)
        ).order_by("id")
    ]
    return decisions, consultations


def register_entries(unit_id: int) -> list[RegisterEntry]:
    return [
        RegisterEntry(
            d.pk,
            d.kind,
            d.number,
            d.title,
            d.signed_on or d.published_on,
            d.status,
            d.status_on,
            d.expires_on,
        )
        for d in PolicyDocument.objects.filter(unit_id=unit_id).order_by(
            "signed_on", "published_on", "id"
        )
    ]


def _plain(value: Decimal) -> Decimal:
    """118.0000 → 118, 1.2500 → 1.25 (never 1E+2)."""
    whole = value.to_integral_value()
    return whole if value == whole else value.normalize()


def section2_figures(unit_id: int, year: int) -> Section2Figures:
    """Section 二 of the unit's annual report from records: documents from the register, the other
    rows from the imported yearly figures; rows without a record are listed in `missing`."""
    figures: dict[str, tuple[Decimal, str]] = {
        f.kind: (_plain(f.value), f.source or "年度数据导入")
        for f in ActivityFigure.objects.filter(unit_id=unit_id, year=year)
    }
    return section2_from_records(unit_id, year, register_entries(unit_id), figures)


def documents_for_user(
    user: AbstractBaseUser | AnonymousUser, year: int | None = None
) -> QuerySet[PolicyDocument]:
    """The register rows a login may see: the office all, a unit its own (issued or drafted)."""
    units = units_for_user(user)
    rows = PolicyDocument.objects.filter(
        Q(unit__in=units) | Q(drafting_unit__in=units)
    ).select_related("unit", "drafting_unit")
    if year is not None:
        rows = rows.filter(published_on__year=year)
    return rows.prefetch_related("interpretations__unit").order_by("-published_on", "id").distinct()


def get_document_for_user(
    user: AbstractBaseUser | AnonymousUser, document_id: int
) -> PolicyDocument:
    from django.http import Http404

    row = documents_for_user(user).filter(pk=document_id).first()
    if row is None:
        raise Http404("文件不存在或无权查看")
    return row


def years_of(today: date) -> list[int]:
    years = sorted(
        {d.year for d in PolicyDocument.objects.dates("published_on", "year")} | {today.year},
        reverse=True,
    )
    return years


def proposed_interpretations() -> QuerySet[Interpretation]:
    """Interpretations matched to a document by 文号 or title, waiting for the office to confirm."""
    return (
        Interpretation.objects.filter(document__isnull=True, proposed_document__isnull=False)
        .select_related("unit", "proposed_document")
        .order_by("published_on", "id")
    )


def register_differences(
    *, unit_id: int, year: int, table: dict, statements: list[tuple[str, Decimal, str]]
) -> list[str]:
    """A published report's 规章/行政规范性文件 figures (table rows, text statements) against the
    register, each difference naming the documents the register holds."""
    table = {k: v for k, v in table.items() if k in DOCUMENT_ROWS}
    return compare_with_register(section2_figures(unit_id, year), table, statements)


def register_row_keys() -> tuple[str, ...]:
    return tuple(DOCUMENT_ROWS)
