"""网站监测 pages: the sites at a glance, one site's health (what is wrong, since when, the
evidence snapshot, the trend), a unit's issues across sites, and a stored snapshot shown as text.

A unit's clerk sees the sites its unit runs or has columns on, and on them only its own issues,
columns and snapshots (`units_seen_on_site`); the office, leaders and evaluators see everything.
All of it is read-only: sites and columns are managed with `gongkai site …`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.sitecheck.selectors import site_health, site_summaries, snapshot_text, unit_health
from gongkai.web.charts import svg_bars
from gongkai.web.permissions import (
    get_site_for_user,
    get_snapshot_page_for_user,
    get_unit_for_user,
    sites_for_user,
    units_for_user,
    units_seen_by,
)

CHART_HEIGHT = 80
BAR_WIDTH = 14
BAR_GAP = 4

SEVERITY_LABELS = {"veto": "单项否决", "major": "严重", "minor": "一般"}
RULE_GROUPS = {
    "column": "栏目更新",
    "key_area": "重点领域栏目",
    "grassroots": "基层政务公开",
    "veto": "单项否决",
    "homepage": "首页",
    "link": "失效链接",
    "attachment": "失效附件",
    "site": "网站",
}


def trend_chart(series: list[tuple]) -> dict:
    """Bars of an inline SVG: issues found on each recorded day."""
    return svg_bars(series, height=CHART_HEIGHT, bar_width=BAR_WIDTH, gap=BAR_GAP)


def _rows(health, unit_names: dict[int, str]) -> list[dict]:
    return [
        {
            "group": RULE_GROUPS.get(row.issue.rule.split(".", 1)[0], row.issue.rule),
            "severity": row.issue.severity,
            "severity_label": SEVERITY_LABELS.get(row.issue.severity, row.issue.severity),
            "message": row.issue.message,
            "how_to_fix": row.issue.how_to_fix,
            "url": row.issue.url,
            "unit_id": row.issue.unit_id,
            "unit_name": unit_names.get(row.issue.unit_id, ""),
            "since": row.since,
            "snapshot_page_id": row.snapshot_page_id,
            "evidence_url": row.evidence_url,
        }
        for row in health.rows
    ]


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    sites = list(sites_for_user(request.user))
    rows = []
    for summary in site_summaries(sites, units_seen_by(request.user)):
        rows.append(summary | {"chart": trend_chart(summary["trend"])})
    return render(request, "web/site_list.html", {"rows": rows})


@login_required
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for_user(request.user, site_id)
    health = site_health(site, units_seen_by(request.user))
    return render(
        request,
        "web/site_detail.html",
        {
            "site": site,
            "health": health,
            "rows": _rows(health, _unit_names(request.user)),
            "chart": trend_chart(health.trend),
        },
    )


@login_required
def site_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    sites = [
        {"health": health, "rows": _rows(health, {}), "chart": trend_chart(health.trend)}
        for health in unit_health(unit.pk)
    ]
    return render(request, "web/site_unit.html", {"unit": unit, "sites": sites})


@login_required
def site_snapshot(request: HttpRequest, site_id: int, page_id: int) -> HttpResponse:
    site = get_site_for_user(request.user, site_id)
    page = get_snapshot_page_for_user(request.user, site, page_id)
    return render(
        request,
        "web/site_snapshot.html",
        {
            "site": site,
            "page": page,
            "html": snapshot_text(page),
            "mark": request.GET.get("mark", ""),
        },
    )


def _unit_names(user) -> dict[int, str]:
    return dict(units_for_user(user).values_list("pk", "name"))
