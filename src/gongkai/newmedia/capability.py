"""How the new-media app plugs into assessments and bulletins (see gongkai.capabilities)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from gongkai.capabilities import Metric
from gongkai.newmedia import selectors, services
from gongkai.periods import Period


def refresh_findings(*, period: Period, today: date) -> None:
    services.record_findings(period=period, today=today)


def metrics(*, period: Period, unit_ids: list[int]) -> dict[int, dict[str, Metric]]:
    """Per unit with accounts: weeks short (all its accounts), accounts failing the update rules."""
    report = selectors.check_period(period=period, today=period.end)
    short: dict[int, int] = defaultdict(int)
    failing: dict[int, list[str]] = defaultdict(list)
    for check in report.accounts:
        if check.unit_id is None or check.unit_id not in unit_ids:
            continue
        short[check.unit_id] += check.result.weeks_short
        if not check.result.passes:
            failing[check.unit_id].append(check.name)
        failing.setdefault(check.unit_id, [])
    return {
        unit_id: {
            "newmedia.weeks_short": Metric(Decimal(short[unit_id]), f"不达标{short[unit_id]}周"),
            "newmedia.failing_accounts": Metric(
                Decimal(len(names)), "、".join(names) + "未按要求更新" if names else ""
            ),
        }
        for unit_id, names in failing.items()
    }


def activity(*, period: Period) -> dict:
    """What the bulletin states about new media: 附件3 and the paragraph's figures."""
    report = selectors.check_period(period=period, today=period.end)
    return selectors.supervised_table(report)
