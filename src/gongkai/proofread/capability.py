"""How proofreading plugs into assessment and bulletins (registered in apps.py)."""

from datetime import date
from decimal import Decimal

from gongkai.capabilities import Metric
from gongkai.periods import Period
from gongkai.proofread import selectors, services


def refresh_findings(*, period: Period, today: date) -> None:
    services.refresh_findings(period=period, today=today)


def metrics(*, period: Period, unit_ids: list[int]) -> dict:
    """`proofread.confirmed` per unit, and `proofread.checked` for the units some of whose texts
    of the period were proofread: indicator 1.4 is computed for those, by hand for the others."""
    counts: dict[int, int] = {}
    for hit in selectors.confirmed_hits(start=period.start, end=period.end):
        counts[hit.unit_id] = counts.get(hit.unit_id, 0) + 1
    checked = selectors.texts_checked_per_unit(start=period.start, end=period.end)
    values: dict[int, dict] = {}
    for unit_id in unit_ids:
        values[unit_id] = {
            "proofread.confirmed": Metric(
                Decimal(counts.get(unit_id, 0)), f"经审核确认的审校问题 {counts.get(unit_id, 0)} 处"
            )
        }
        if checked.get(unit_id):
            values[unit_id]["proofread.checked"] = Metric(
                Decimal(checked[unit_id]), f"本期审校本单位文稿 {checked[unit_id]} 篇"
            )
    return values


def activity(*, period: Period) -> dict:
    """The bulletin's sentence in the seed's style: 朗公庙镇在上传信息时出现“孙家集街道”等字样."""
    first: dict[str, object] = {}
    total = 0
    for hit in selectors.confirmed_hits(start=period.start, end=period.end):
        total += 1
        first.setdefault(hit.unit.name, hit)
    clauses = [services.finding_message(name, hit) for name, hit in first.items()]
    return {"confirmed": total, "units": list(first), "sentence": "；".join(clauses)}
