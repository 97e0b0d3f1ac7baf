"""Reads of the site monitor: what was found on a site, and its health issues for a day."""

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from gongkai.adapters.ocr import IMAGE_SUFFIXES
from gongkai.errors import UserError
from gongkai.orgs.models import ColumnCategory
from gongkai.orgs.selectors import sees_every_unit, units_for_user
from gongkai.sitecheck import extract, grassroots, health
from gongkai.sitecheck.crawler import decode_html
from gongkai.sitecheck.models import HealthRecord, Page, PageKind, Probe, Site, SiteColumn

FAILED_OUTCOMES = ("200", "304", "redirect", "robots", "")


def get_site(text: str) -> Site:
    """A site by id, root URL or name (for commands)."""
    query = Q(root_url=text) | Q(name=text)
    if text.isdigit():
        query |= Q(pk=int(text))
    site = Site.objects.filter(query).first()
    if site is None:
        raise UserError(f"网站“{text}”未添加（可用 gongkai site add 添加）")
    return site


def site_pages(site: Site) -> list[dict]:
    """One dict a page: the shape of `gongkai site pages --json` (documented in the README)."""
    return [
        {
            "url": page.url,
            "kind": page.kind,
            "status": page.outcome,
            "title": page.title,
            "published": page.published.isoformat() if page.published else None,
            "source": page.source_text,
            "column": page.column.name if page.column else page.column_name,
            "last_checked": page.last_checked.isoformat() if page.last_checked else None,
        }
        for page in Page.objects.filter(site=site).select_related("column").order_by("url")
    ]


def site_issues(site: Site, today: date, rules: health.RuleSet | None = None) -> list[health.Issue]:
    """Health issues of a site from what the crawl stored: columns, homepage, links, soft 404."""
    rules = rules or health.load_rules()
    columns = (
        SiteColumn.objects.filter(site=site)
        .annotate(
            latest=Max("page__published", filter=Q(page__kind=PageKind.ARTICLE)),
            items=Count("page", filter=Q(page__kind=PageKind.ARTICLE)),
        )
        .order_by("id")
    )
    # Catalogue-area columns are judged by the 基层政务公开 catalogue's rules, the others by the
    # update rules: one stale column is one Finding, not two.
    states = [
        health.ColumnState(c.pk, c.unit_id, c.name, c.url, c.update_rule, c.latest, c.items)
        for c in columns
        if not c.catalogue_area
    ]
    # 重点领域 columns (category key_area) get their own rule names: they score indicator 2.3.
    key_areas = {c.url for c in columns if c.category == ColumnCategory.KEY_AREA}
    issues = [
        _with_unit(_key_area(issue, key_areas), site.unit_id)
        for issue in health.column_issues(states, rules, today)
    ]
    area_columns = [c for c in columns if c.catalogue_area]
    issues += grassroots.area_issues(
        grassroots.load_catalogue(),
        [
            grassroots.AreaColumn(
                c.catalogue_area, c.unit_id or site.unit_id, c.url, c.latest, c.items, _text_of(c)
            )
            for c in area_columns
        ],
        today,
        owner_unit_id=site.unit_id,
    )
    home = Page.objects.filter(site=site, kind=PageKind.HOME).first()
    if home is not None and home.snapshot is not None:
        html = decode_html(zlib.decompress(home.snapshot.data))
        marks = extract.homepage_marks(html)
        linked = extract.page_links(html, home.url)
        newest = Page.objects.filter(site=site, url__in=linked, published__isnull=False).aggregate(
            newest=Max("published")
        )["newest"]
        state = health.HomepageState(
            home.url,
            newest,
            home.content_since.date() if home.content_since else None,
            marks.site_id_code,
            marks.icp,
            marks.conac,
        )
        issues += [
            _with_unit(issue, site.unit_id) for issue in health.homepage_issues(state, rules, today)
        ]
    failing = Page.objects.filter(site=site, consecutive_failures__gt=0).exclude(
        outcome__in=FAILED_OUTCOMES
    )
    links = [
        health.LinkState(
            page.url,
            page.found_on,
            (page.column.unit_id if page.column and page.column.unit_id else site.unit_id),
            page.kind == PageKind.ATTACHMENT,
            page.outcome,
            page.consecutive_failures,
            page.first_failed.date() if page.first_failed else None,
            page.last_checked.date() if page.last_checked else None,
        )
        for page in failing.select_related("column").order_by("url")
    ]
    issues += health.link_issues(links, rules)
    latest_not_found = site.probes.filter(kind=Probe.NOT_FOUND).order_by("-at").first()
    if latest_not_found is not None:
        probe = health.SoftNotFoundProbe(
            latest_not_found.url,
            int(latest_not_found.outcome) if latest_not_found.outcome.isdigit() else None,
            latest_not_found.refresh_to or None,
            site.root_url,
        )
        issues += [_with_unit(i, site.unit_id) for i in health.soft_404_issues([probe], rules)]
    transport = (
        site.probes.filter(kind=Probe.TRANSPORT, at__date__lte=today).order_by("-at").first()
    )
    if transport is not None:
        issues += [
            _with_unit(i, site.unit_id)
            for i in health.transport_issues(
                transport.url,
                urlsplit(transport.url).hostname or "",
                rules,
                resolve_aaaa=lambda _host, found=transport.addresses: found,
                connect=lambda _address, ok=transport.ok: ok,
            )
        ]
    week = site.probes.filter(kind=Probe.AVAILABILITY, at__date__gt=today - timedelta(days=7))
    results = [health.ProbeResult(p.ok, p.seconds) for p in week]
    issues += [
        _with_unit(i, site.unit_id)
        for i in health.availability_issues(site.root_url, results, rules)
    ]
    return issues


def _key_area(issue: health.Issue, key_areas: set[str]) -> health.Issue:
    if issue.url in key_areas and issue.rule.startswith("column."):
        return replace(issue, rule="key_area." + issue.rule.removeprefix("column."))
    return issue


def units_watched(sites: Iterable[Site]) -> set[int]:
    """Units whose site, or whose columns on these sites, the monitor watches."""
    sites = list(sites)
    units = {site.unit_id for site in sites if site.unit_id}
    units.update(
        SiteColumn.objects.filter(site__in=sites, unit__isnull=False).values_list("unit", flat=True)
    )
    return units


def catalogue_columns(sites: Iterable[Site]) -> int:
    """How many 基层政务公开 catalogue columns these sites declare."""
    return SiteColumn.objects.filter(site__in=list(sites)).exclude(catalogue_area="").count()


def _text_of(column: SiteColumn) -> str:
    """The text of a column's own page as last fetched ('' if it never was)."""
    page = (
        Page.objects.filter(site=column.site_id, url=column.url, snapshot__isnull=False)
        .select_related("snapshot")
        .first()
    )
    if page is None:
        return ""
    return extract.page_text(decode_html(zlib.decompress(page.snapshot.data)))


def _with_unit(issue: health.Issue, unit_id: int | None) -> health.Issue:
    if issue.unit_id is not None:
        return issue
    return replace(issue, unit_id=unit_id)


def crawled_articles(column_words: Iterable[str]) -> list[dict]:
    """Dated articles the crawl found in mapped columns whose name contains one of the words
    (e.g. 政策文件, 政策解读): what other capabilities may read of a crawl, as plain data.

    Each: url, title, published (date), unit_id (the column's unit), column, body_text, links
    (the normalised URLs the page links to) and html (the stored snapshot, '' if none)."""
    words = [w for w in column_words if w]
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(column__name__contains=word)
    pages = (
        Page.objects.filter(match, kind=PageKind.ARTICLE, column__unit__isnull=False)
        .exclude(published__isnull=True)
        .select_related("column", "snapshot")
        .prefetch_related("links")
        .order_by("published", "url")
    )
    return [
        _article(page)
        | {
            "column": page.column.name,
            "links": sorted(link.url for link in page.links.all()),
            "html": decode_html(zlib.decompress(page.snapshot.data)) if page.snapshot else "",
        }
        for page in pages
    ]


def _article(page: Page) -> dict:
    return {
        "url": page.url,
        "title": page.title,
        "published": page.published,
        "unit_id": page.column.unit_id,
        "body_text": page.body_text,
    }


def article_texts(*, start: date, end: date) -> list[dict]:
    """Articles published in [start, end] that the crawl found in columns mapped to a unit, with
    their kept text and the pictures they show: what proofreading reads of a crawl.

    Each: url, title, published, unit_id, site_id, body_text, images (the page's links on its
    own site that name a picture)."""
    pages = (
        Page.objects.filter(
            kind=PageKind.ARTICLE,
            column__unit__isnull=False,
            published__gte=start,
            published__lte=end,
        )
        .select_related("column")
        .prefetch_related("links")
        .order_by("published", "url")
    )
    pictures = tuple(IMAGE_SUFFIXES)
    return [
        _article(page)
        | {
            "site_id": page.site_id,
            "images": sorted(
                link.url
                for link in page.links.all()
                if link.internal and urlsplit(link.url).path.lower().endswith(pictures)
            ),
        }
        for page in pages
    ]


# Site-health pages: who sees what -------------------------------------------------------------


def sites_for_user(user) -> QuerySet[Site]:
    """The sites a login may see: all for the office, leaders and evaluators; a unit clerk the
    sites its unit runs or has columns on."""
    sites = Site.objects.select_related("unit").order_by("id")
    if not user.is_authenticated:
        return sites.none()
    if sees_every_unit(user):
        return sites.all()
    units = units_for_user(user)
    return sites.filter(Q(unit__in=units) | Q(columns__unit__in=units)).distinct()


def get_site_for_user(user, site_id: int) -> Site:
    """A site the user may see, or 404 (outsiders do not learn that it exists)."""
    site = sites_for_user(user).filter(pk=site_id).first()
    if site is None:
        raise Http404("网站不存在或无权查看")
    return site


def units_seen_by(user) -> set[int] | None:
    """The units whose issues, columns and snapshots this login sees on a site; None: all."""
    if sees_every_unit(user):
        return None
    return set(units_for_user(user).values_list("pk", flat=True))


def get_snapshot_page_for_user(user, site: Site, page_id: int) -> Page:
    """A page of the site with a stored snapshot the user may see: a clerk only the pages of its
    own columns (or of its own unit's site outside any column); else 404."""
    page = (
        Page.objects.filter(site=site, pk=page_id, snapshot__isnull=False)
        .select_related("column", "snapshot")
        .first()
    )
    units = units_seen_by(user)
    owner = page.column.unit_id if page is not None and page.column else None
    if page is None or (units is not None and (owner or site.unit_id) not in units):
        raise Http404("页面不存在或无权查看")
    return page


def snapshot_text(page: Page) -> str:
    """The stored HTML of a page as text (shown escaped, never rendered)."""
    return decode_html(zlib.decompress(page.snapshot.data)) if page.snapshot else ""


# Site-health pages: what is wrong, since when, the trend ---------------------------------------


@dataclass(frozen=True)
class HealthRow:
    issue: health.Issue
    since: date | None  # the first recorded day of the unbroken run that ends on `day`
    snapshot_page_id: int | None  # the page whose snapshot is the evidence (or links to it)
    evidence_url: str


@dataclass(frozen=True)
class SiteHealth:
    site: Site
    day: date | None  # the last day the site was checked (what the issues are judged on)
    rows: list[HealthRow]
    trend: list[tuple[date, int]]  # (day, issues) from the recorded sweeps
    columns: list[dict]


def _key(rule: str, unit: int | None, url: str) -> tuple:
    return (rule, unit, url)


def _since(records: list[HealthRecord], units: set[int] | None) -> dict[tuple, date]:
    """For each issue of the newest record: the first day of its unbroken run of records."""
    since: dict[tuple, date] = {}
    alive: set[tuple] | None = None
    for record in reversed(records):
        keys = {
            _key(i["rule"], i["unit"], i["url"])
            for i in record.issues
            if units is None or i["unit"] in units
        }
        alive = keys if alive is None else alive & keys
        if not alive:
            break
        for key in alive:
            since[key] = record.day
    return since


def _trend(records: list[HealthRecord], units: set[int] | None) -> list[tuple[date, int]]:
    return [
        (r.day, sum(1 for i in r.issues if units is None or i["unit"] in units)) for r in records
    ]


def _evidence_pages(site: Site, issues: list[health.Issue]) -> dict[str, tuple[int, str]]:
    """URL → (page id, URL) of the snapshot that is the evidence: the page itself, or for a dead
    link (which has no content) the page it was found on."""
    pages = {
        p.url: p
        for p in Page.objects.filter(site=site, url__in={i.url for i in issues if i.url}).only(
            "id", "url", "snapshot_id", "found_on"
        )
    }
    referrers = {
        p.url: p.pk
        for p in Page.objects.filter(
            site=site,
            url__in={p.found_on for p in pages.values() if p.found_on},
            snapshot__isnull=False,
        ).only("id", "url")
    }
    evidence = {}
    for url, page in pages.items():
        if page.snapshot_id:
            evidence[url] = (page.pk, url)
        elif page.found_on in referrers:
            evidence[url] = (referrers[page.found_on], page.found_on)
    return evidence


def site_health(site: Site, units: set[int] | None = None, records: int = 60) -> SiteHealth:
    """The site as judged on its last check day, limited to `units` (None: the whole site)."""
    last = Page.objects.filter(site=site).aggregate(last=Max("last_checked"))["last"]
    day = timezone.localdate(last) if last else None
    issues = [
        i for i in (site_issues(site, day) if day else []) if units is None or i.unit_id in units
    ]
    history: list[HealthRecord] = []
    if day is not None:
        history = list(
            HealthRecord.objects.filter(site=site, day__lte=day).order_by("-day")[:records]
        )
        history.reverse()
    since = _since(history, units) if history and history[-1].day == day else {}
    evidence = _evidence_pages(site, issues)
    rows = []
    for issue in issues:
        page_id, evidence_url = evidence.get(issue.url, (None, ""))
        first = since.get(_key(issue.rule, issue.unit_id, issue.url))
        rows.append(HealthRow(issue, first, page_id, evidence_url))
    return SiteHealth(site, day, rows, _trend(history, units), _columns(site, units))


def _columns(site: Site, units: set[int] | None) -> list[dict]:
    columns = (
        SiteColumn.objects.filter(site=site)
        .select_related("unit")
        .annotate(
            latest=Max("page__published", filter=Q(page__kind=PageKind.ARTICLE)),
            items=Count("page", filter=Q(page__kind=PageKind.ARTICLE)),
        )
        .order_by("id")
    )
    return [
        {
            "name": c.name,
            "url": c.url,
            "unit": c.unit.name if c.unit else "",
            "rule": c.update_rule,
            "area": c.catalogue_area,
            "latest": c.latest,
            "items": c.items,
            "mapped": c.unit_id is not None,
        }
        for c in columns
        if units is None or (c.unit_id or site.unit_id) in units
    ]


# Sweeps a site's trend shows on the list page.
TREND_RECORDS = 30


def _recent_records(site_ids: list[int], count: int) -> dict[int, list[HealthRecord]]:
    """Each site's last `count` records, oldest first: one query for every site of the list."""
    ranked = (
        HealthRecord.objects.filter(site_id__in=site_ids)
        .annotate(recency=Window(RowNumber(), partition_by=F("site_id"), order_by=F("day").desc()))
        .filter(recency__lte=count)
        .order_by("site_id", "day")
    )
    found: dict[int, list[HealthRecord]] = {}
    for record in ranked:
        found.setdefault(record.site_id, []).append(record)
    return found


def site_summaries(sites: Iterable[Site], units: set[int] | None) -> list[dict]:
    """One row a site for the list page: last check, pages, issues by severity, the trend."""
    sites = list(sites)
    histories = _recent_records([site.pk for site in sites], TREND_RECORDS)
    unchecked = [site.pk for site in sites if site.pk not in histories]
    page_counts = dict(
        Page.objects.filter(site_id__in=unchecked)
        .values_list("site_id")
        .annotate(n=Count("id"))
        .values_list("site_id", "n")
    )
    rows = []
    for site in sites:
        history = histories.get(site.pk, [])
        newest = history[-1] if history else None
        issues = [
            i for i in (newest.issues if newest else []) if units is None or i["unit"] in units
        ]
        rows.append(
            {
                "site": site,
                "day": newest.day if newest else None,
                "pages": newest.pages if newest else page_counts.get(site.pk, 0),
                "issues": len(issues),
                "by_severity": {
                    s: sum(1 for i in issues if i["severity"] == s)
                    for s in (health.VETO, health.MAJOR, health.MINOR)
                },
                "trend": _trend(history, units),
            }
        )
    return rows


def unit_health(unit_id: int) -> list[SiteHealth]:
    """A unit's issues on every site that has any of them, or that the unit runs."""
    sites = Site.objects.filter(Q(unit_id=unit_id) | Q(columns__unit_id=unit_id)).distinct()
    return [site_health(site, {unit_id}) for site in sites.order_by("id")]
