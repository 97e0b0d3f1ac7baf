"""How proofreading plugs into assessment and bulletins (registered in apps.py)."""

from datetime import date
from decimal import Decimal

from gongkai.capabilities import Metric
from gongkai.periods import Period
from gongkai.proofread import selectors, services


def refresh_findings(*, period: Period, today: date) -> None:
    services.refresh_findings(period=period, today=today)


def metrics(*, period: Period, unit_ids: list[int]) -> dict:
    counts: dict[int, int] = {}
    for hit in selectors.confirmed_hits(start=period.start, end=period.end):
        counts[hit.unit_id] = counts.get(hit.unit_id, 0) + 1
    return {
        unit_id: {
            "proofread.confirmed": Metric(
                Decimal(counts.get(unit_id, 0)), f"经审核确认的审校问题 {counts.get(unit_id, 0)} 处"
            )
        }
        for unit_id in unit_ids
    }


def activity(*, period: Period) -> dict:
    """The bulletin's sentence in the seed's style: 朗公庙镇在上传信息时出现“孙家集街道”等字样."""
    first: dict[str, object] = {}
    total = 0
    for hit in selectors.confirmed_hits(start=period.start, end=period.end):
        total += 1
        first.setdefault(hit.unit.name, hit)
    clauses = [services.finding_message(name, hit) for name, hit in first.items()]
    return {"confirmed": total, "units": list(first), "sentence": "；".join(clauses)}
