"""How the policy checks plug into assessment runs and bulletins (see gongkai.capabilities)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from gongkai.capabilities import Metric
from gongkai.periods import Period


def _years(period: Period) -> range:
    return range(period.start.year, period.end.year + 1)


def refresh_findings(*, period: Period, today: date) -> None:
    from gongkai.calendar.selectors import work_calendar
    from gongkai.policies.services import (
        record_decision_findings,
        record_interpretation_findings,
    )

    calendar = work_calendar()
    for year in _years(period):
        if year not in calendar.years:
            continue  # no schedule for the year: no working-day verdicts (never a guess)
        record_interpretation_findings(year=year, calendar=calendar)
        record_decision_findings(year=year, calendar=calendar, today=today)


def metrics(*, period: Period, unit_ids: list[int]) -> dict[int, dict[str, Metric]]:
    """Documents a unit issued or drafted in the period and how many were interpreted."""
    from django.db.models import Count

    from gongkai.policies.models import PolicyDocument

    rows = (
        PolicyDocument.objects.filter(published_on__gte=period.start, published_on__lte=period.end)
        .annotate(n=Count("interpretations"))
        .values_list("drafting_unit_id", "unit_id", "n")
    )
    documents: dict[int, int] = defaultdict(int)
    interpreted: dict[int, int] = defaultdict(int)
    for drafting, issuing, count in rows:
        unit = drafting or issuing
        documents[unit] += 1
        interpreted[unit] += count > 0
    return {
        unit: {
            "policies.documents": Metric(Decimal(documents[unit]), f"{documents[unit]} 件文件"),
            "policies.interpreted": Metric(
                Decimal(interpreted[unit]), f"{interpreted[unit]} 件已解读"
            ),
        }
        for unit in unit_ids
        if unit in documents
    }


def activity(*, period: Period) -> dict:
    """What a bulletin states: counts, and per problem the units with the documents concerned."""
    from gongkai.findings.models import Finding
    from gongkai.orgs.models import Unit
    from gongkai.policies.models import Interpretation, PolicyDocument
    from gongkai.policies.services import DECISION_SOURCE, INTERPRETATION_SOURCE

    documents = PolicyDocument.objects.filter(
        published_on__gte=period.start, published_on__lte=period.end
    )
    names = dict(Unit.objects.values_list("id", "name"))
    problems: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    findings = Finding.objects.filter(
        source__in=(INTERPRETATION_SOURCE, DECISION_SOURCE),
        period_start__gte=period.start,
        period_end__lte=period.end,
    ).order_by("unit_id", "kind")
    for finding in findings:
        rule = finding.kind.split(".")[1]
        if rule == "decision":
            rule = finding.kind.split(".")[2]
        evidence = finding.evidence or {}
        title = evidence.get("title", "")
        label = f"《{title}》" if title and rule not in ("single_form",) else ""
        if rule in ("no_consultation", "short_window", "no_feedback"):
            label = f"“{title}”" if title else ""
        problems[rule][names.get(finding.unit_id, "")].append(label)
    return {
        "documents": documents.count(),
        "interpreted": documents.filter(interpretations__isnull=False).distinct().count(),
        "interpretations": Interpretation.objects.filter(
            published_on__gte=period.start, published_on__lte=period.end
        ).count(),
        "problems": {
            rule: [
                {"unit": unit, "documents": "、".join(d for d in docs if d), "count": len(docs)}
                for unit, docs in by_unit.items()
            ]
            for rule, by_unit in problems.items()
        },
    }
