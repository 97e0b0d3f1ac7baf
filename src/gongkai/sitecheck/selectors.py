"""Reads of the site monitor: what was found on a site, and its health issues for a day."""

import zlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from django.db.models import Count, Max, Q

from gongkai.errors import UserError
from gongkai.orgs.models import ColumnCategory
from gongkai.sitecheck import extract, grassroots, health
from gongkai.sitecheck.crawler import decode_html
from gongkai.sitecheck.models import Page, PageKind, Probe, Site, SiteColumn

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
        {
            "url": page.url,
            "title": page.title,
            "published": page.published,
            "unit_id": page.column.unit_id,
            "column": page.column.name,
            "body_text": page.body_text,
            "links": sorted(link.url for link in page.links.all()),
            "html": decode_html(zlib.decompress(page.snapshot.data)) if page.snapshot else "",
        }
        for page in pages
    ]
