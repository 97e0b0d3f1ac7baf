"""How the site monitor plugs into assessment and bulletins (registered in apps.py)."""

from decimal import Decimal

from gongkai.capabilities import Metric
from gongkai.orgs.models import Unit
from gongkai.periods import Period
from gongkai.sitecheck import grassroots, selectors, services
from gongkai.sitecheck.health import Issue
from gongkai.sitecheck.models import Site

COLUMN_WORDS = {
    "column.blank": "为空白栏目",
    "column.stale": "未按期更新",
    "key_area.blank": "为空白栏目",
    "key_area.stale": "未按期更新",
}


def refresh_findings(*, period: Period, today) -> None:
    services.refresh_findings(period=period, today=today)


def _watched_sites(period: Period) -> list[tuple[Site, object]]:
    """Sites crawled in the period, each with the last day it was checked there."""
    return services.watched_sites(period)


def metrics(*, period: Period, unit_ids: list[int]) -> dict:
    """`sitecheck.observed`: the unit's site or columns were crawled in the period, so indicators
    computed from site Findings (2.1, 2.3) apply to it; other units are scored by hand."""
    watched = _watched_sites(period)
    covered = selectors.units_watched([site for site, _ in watched])
    last = max((seen for _, seen in watched), default=None)
    return {
        unit_id: {"sitecheck.observed": Metric(Decimal(1), f"网站监测 {last} 抓取")}
        for unit_id in unit_ids
        if unit_id in covered
    }


def _watched_issues(period: Period) -> tuple[list[Site], list[Issue]]:
    """Issues of the sites crawled in the period, each judged as on its last crawl there."""
    watched, issues = [], []
    for site, seen in _watched_sites(period):
        watched.append(site)
        issues += selectors.site_issues(site, seen)
    return watched, issues


def columns_sentence(issues: list[Issue]) -> str:
    """住建局“通知公告”栏目未按期更新；民政局“通知公告”、交通局“通知公告”栏目为空白栏目."""
    names = dict(Unit.objects.values_list("id", "name"))
    groups: dict[str, list[str]] = {}
    for issue in issues:
        if issue.rule in COLUMN_WORDS:
            label = f"{names.get(issue.unit_id, '')}“{issue.evidence['column']}”"
            groups.setdefault(COLUMN_WORDS[issue.rule], []).append(label)
    return "；".join(
        "、".join(dict.fromkeys(labels)) + "栏目" + words for words, labels in groups.items()
    )


def activity(*, period: Period) -> dict:
    """What the bulletins say about the sites: only from sites the monitor crawled in the period."""
    watched, issues = _watched_issues(period)
    area_issues = [i for i in issues if i.rule.startswith("grassroots.")]
    return {
        "watched": len(watched),
        "grassroots": {
            "checked": selectors.catalogue_columns(watched),
            "problems": len(area_issues),
            "sentence": grassroots.sentence(area_issues),
        },
        "columns": {"sentence": columns_sentence(issues)},
        "dead_links": sum(1 for i in issues if i.rule in ("link.dead", "attachment.dead")),
    }
