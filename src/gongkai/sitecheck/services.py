"""Writes of the site monitor: sites, columns, claiming due pages and storing what was fetched.

The frontier is the `Page` table: a page is due when `next_check_at <= now`. A worker claims a
batch with a conditional UPDATE on `next_check_at` (the row still has the value it read), so two
workers never fetch the same page and more workers is how the crawl scales. A fetched page gets
its next check time in the future, which is also why a stopped crawl resumes without refetching.
"""

import asyncio
import concurrent.futures
import contextlib
import functools
import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from protego import Protego

from gongkai.adapters.sql import sqlite_cache
from gongkai.adapters.urls import authority_allowed, normalize_url, url_authority, url_host
from gongkai.errors import UserError
from gongkai.orgs.models import Column as OrgColumn
from gongkai.orgs.models import ColumnCategory, Unit
from gongkai.sitecheck import extract
from gongkai.sitecheck.crawler import (
    USER_AGENT,
    FetchRequest,
    FetchResult,
    check_public_host,
    decode_html,
    fetch_all,
    ipv6_answers,
    resolve_aaaa,
)
from gongkai.sitecheck.curl import CurlFetcher
from gongkai.sitecheck.models import (
    HealthRecord,
    Link,
    Page,
    PageKind,
    Probe,
    Site,
    SiteColumn,
    Snapshot,
)

SNAPSHOT_CAP = 512 * 1024  # bytes of HTML kept per snapshot
FAILURE_RECHECK_HOURS = 24  # a failing page is checked again the next day


def claim_lease() -> timedelta:
    """A claimed page that was never stored (its worker stopped) is due again after this."""
    return timedelta(seconds=settings.CRAWL_CLAIM_LEASE_SECONDS)


_ARTICLE_LINK = re.compile(r"/t20\d{6}_\d+\.s?html?$")


@transaction.atomic
def add_site(
    *,
    root_url: str,
    unit: Unit | None = None,
    allow_private: bool = False,
    obey_robots: bool = True,
    extra_hosts: tuple[str, ...] = (),
    now: datetime | None = None,
) -> Site:
    url = normalize_url(root_url)
    host = url_host(url)
    if not url.startswith(("http://", "https://")) or not host:
        raise UserError(f"网站地址 {root_url} 无效：应以 http:// 或 https:// 开头")
    check_public_host(host, allow_private=allow_private)
    # The root's port is part of the site: 127.0.0.1:8001 and :8002 are two sites.
    if Site.objects.filter(root_url=url).exists():
        raise UserError(f"网站 {url} 已经添加")
    site = Site.objects.create(
        root_url=url,
        unit=unit,
        allowed_hosts=[url_authority(url), *(h.lower() for h in extra_hosts)],
        allow_private=allow_private,
        obey_robots=obey_robots,
    )
    Page.objects.create(site=site, url=url, kind=PageKind.HOME, next_check_at=now or timezone.now())
    return site


@transaction.atomic
def load_columns(*, site: Site, path: Path, now: datetime | None = None) -> int:
    """Declare a site's columns from YAML: `columns: [{name, url, unit, category, rule, area}]`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise UserError(f"栏目文件 {path} 无法读取：{error}") from error
    units = {unit.name: unit for unit in Unit.objects.all()}
    count = 0
    for number, spec in enumerate(data.get("columns") or [], start=1):
        where = f"栏目文件 {path.name} 第 {number} 个栏目"
        url = normalize_url(urljoin_root(site, str(spec.get("url", ""))))
        if not authority_allowed(url, site.allowed_hosts):
            raise UserError(f"{where}：地址 {url} 不在网站 {site.root_url} 的可抓取主机内")
        unit = units.get(spec.get("unit", "")) if spec.get("unit") else None
        if spec.get("unit") and unit is None:
            raise UserError(f"{where}：单位“{spec['unit']}”未登记")
        category = spec.get("category", "")
        if category and category not in ColumnCategory.values:
            raise UserError(f"{where}：类别“{category}”无效（{'、'.join(ColumnCategory.values)}）")
        org_column = (
            OrgColumn.objects.filter(
                unit=unit, name=spec.get("column") or spec.get("name", "")
            ).first()
            if unit
            else None
        )
        column, _ = SiteColumn.objects.update_or_create(
            site=site,
            url=url,
            defaults={
                "name": spec.get("name", ""),
                "unit": unit,
                "category": category,
                "update_rule": spec.get("rule", "none"),
                "catalogue_area": spec.get("area", ""),
                "org_column": org_column,
                "discovered": False,
            },
        )
        Page.objects.update_or_create(
            site=site,
            url=url,
            defaults={"kind": PageKind.LIST, "column": column},
            create_defaults={
                "kind": PageKind.LIST,
                "column": column,
                "next_check_at": now or timezone.now(),
            },
        )
        count += 1
    return count


@dataclass(frozen=True)
class DiscoveredColumn:
    url: str
    name: str
    items: int


def _html_of(page: Page) -> str:
    return decode_html(zlib.decompress(page.snapshot.data)) if page.snapshot_id else ""


@transaction.atomic
def discover_columns(*, site: Site) -> list[DiscoveredColumn]:
    """Crawled pages of a site that list dated items but belong to no declared column become
    discovered columns (no unit yet: they wait for the office to map them, `site columns load`).
    Their pages are then crawled as lists (pagination, items). Named as the link to them says."""
    declared = set(SiteColumn.objects.filter(site=site).values_list("url", flat=True))
    candidates = Page.objects.filter(
        site=site, kind__in=(PageKind.OTHER, PageKind.LIST), column__isnull=True
    ).select_related("snapshot")
    found = []
    for page in candidates.exclude(url__in=declared).exclude(snapshot=None).order_by("url"):
        html = _html_of(page)
        if not extract.is_column_page(html, page.url):
            continue
        name = _linked_name(site, page) or extract.heading(html) or page.url
        items = len(extract.extract_list(html, page.url).items)
        column = SiteColumn.objects.create(
            site=site, url=page.url, name=name, discovered=True, update_rule="none"
        )
        page.kind, page.column = PageKind.LIST, column
        # Due again at once (whatever clock the crawl runs on): read as a list, with pagination.
        page.next_check_at = page.last_checked or timezone.now()
        page.save(update_fields=["kind", "column", "next_check_at"])
        found.append(DiscoveredColumn(page.url, name, items))
    return found


def _linked_name(site: Site, page: Page) -> str:
    if not page.found_on:
        return ""
    parent = Page.objects.filter(site=site, url=page.found_on).select_related("snapshot").first()
    return extract.anchor_text(_html_of(parent), parent.url, page.url) if parent else ""


def urljoin_root(site: Site, url: str) -> str:
    return urljoin(site.root_url, url)


def fetch_site_images(*, site_id: int, urls: list[str]) -> list[tuple[str, bytes]]:
    """The pictures of a site's pages, fetched with the site's own limits and only from its own
    hosts (as its crawl is); those that do not answer with a body are left out."""
    site = Site.objects.get(pk=site_id)
    wanted = [u for u in dict.fromkeys(urls) if authority_allowed(u, site.allowed_hosts)]
    if not wanted:
        return []
    results = asyncio.run(
        fetch_all(
            [FetchRequest(u) for u in wanted],
            concurrency=site.max_concurrency,
            rate=site.requests_per_second,
        )
    )
    return [(r.url, r.body) for r in results if r.outcome == "200" and r.body]


def claim_due_pages(*, now: datetime, limit: int, site: Site | None = None) -> list[Page]:
    """Claim up to `limit` due pages in one statement that only one worker wins per row: an UPDATE
    of the due rows' lease, returning their ids (PostgreSQL skips rows another worker has locked;
    SQLite runs one writer at a time)."""
    if not _claims_in_one_statement():
        return _claim_row_by_row(now=now, limit=limit, site=site)
    table, quote = Page._meta.db_table, connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    where, params = f"{quote('next_check_at')} <= %s", [adapt(now)]
    if site is not None:
        where += f" AND {quote('site_id')} = %s"
        params.append(site.pk)
    skip_locked = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    sql = (
        f"UPDATE {quote(table)} SET {quote('next_check_at')} = %s "
        f"WHERE {quote('id')} IN (SELECT {quote('id')} FROM {quote(table)} WHERE {where} "
        f"ORDER BY {quote('next_check_at')}, {quote('id')} LIMIT %s{skip_locked}) "
        f"AND {quote('next_check_at')} <= %s RETURNING {quote('id')}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [adapt(now + claim_lease()), *params, limit, adapt(now)])
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return []
    # What a request needs; a page that answers other than 304 is read whole when it is stored
    # (a recrawl is mostly 304s, which never need the rest of the row)
    return list(Page.objects.filter(pk__in=ids).only(*CLAIMED_FIELDS).order_by("id"))


def _claims_in_one_statement() -> bool:
    """UPDATE … RETURNING: PostgreSQL, and SQLite from 3.35 (what Django's flag says)."""
    return connection.features.can_return_columns_from_insert


def _claim_row_by_row(*, now: datetime, limit: int, site: Site | None) -> list[Page]:
    """Each due page by a conditional UPDATE (the row still has the value it read)."""
    due = Page.objects.filter(next_check_at__lte=now).order_by("next_check_at", "id")
    if site is not None:
        due = due.filter(site=site)
    claimed = []
    for page in due[: limit * 2]:
        won = Page.objects.filter(pk=page.pk, next_check_at=page.next_check_at).update(
            next_check_at=now + claim_lease()
        )
        if won:
            claimed.append(page)
            if len(claimed) == limit:
                break
    return claimed


@dataclass
class CrawlStats:
    claimed: int = 0
    fetched: int = 0
    not_modified: int = 0
    extracted: int = 0
    failed: int = 0
    new_pages: int = 0


@dataclass
class _Batch:
    pages: list[Page]
    sites: dict[int, Site]
    results: "concurrent.futures.Future[list[FetchResult]]"


def crawl(
    *, site: Site | None = None, now=timezone.now, batch: int = 50, max_batches: int | None = None
) -> CrawlStats:
    """Fetch due pages batch by batch until none is due (or `max_batches` have been done).

    Pipelined: while one batch is fetched (in the fetcher's thread) the one before is stored, so
    the network and the database work at the same time; each host keeps its site's limits."""
    stats = CrawlStats()
    robots: dict[str, Protego | None] = {}
    limits: dict[str, tuple[int, float]] = {}
    done, pending = 0, None
    with _crawl_cache(), CurlFetcher(lambda host: limits.get(host, (2, 2.0))) as fetcher:
        while True:
            started, claimed = None, False
            if max_batches is None or done < max_batches:
                pages = claim_due_pages(now=now(), limit=batch, site=site)
                claimed = bool(pages)
                if claimed:
                    done += 1
                    stats.claimed += len(pages)
                    started = _start_batch(fetcher, pages, limits, robots, now(), stats)
            if pending is not None:
                _store_batch(pending, now(), stats)
            elif not claimed:
                break
            pending = started
    return stats


@contextlib.contextmanager
def _crawl_cache():
    """A small SQLite page cache for the crawl (SQLITE_CRAWL_CACHE_MB), restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor, sqlite_cache(cursor, settings.SQLITE_CRAWL_CACHE_MB * 1024):
        yield


def _start_batch(fetcher, pages, limits, robots, now, stats) -> _Batch | None:
    sites = {s.pk: s for s in Site.objects.filter(pk__in={p.site_id for p in pages})}
    for each in sites.values():
        for entry in each.allowed_hosts:  # the pacer counts per host name, whatever the port
            host = url_host(f"http://{entry}/")
            limits.setdefault(host, (each.max_concurrency, each.requests_per_second))
    pages = _drop_disallowed(pages, sites, robots, now, stats)
    if not pages:
        return None
    requests = [
        FetchRequest(
            page.url,
            head_only=page.kind == PageKind.ATTACHMENT,
            etag=page.etag,
            last_modified=page.last_modified,
        )
        for page in pages
    ]
    return _Batch(pages, sites, fetcher.submit(requests))


def _store_batch(batch: _Batch, now: datetime, stats: CrawlStats) -> None:
    results = batch.results.result()
    pages = _whole_rows_where_needed(batch.pages, results)
    with transaction.atomic():  # one commit a batch, not one a page
        store_results(
            fetched=[
                (page, batch.sites[page.site_id], result)
                for page, result in zip(pages, results, strict=True)
            ],
            now=now,
            stats=stats,
        )


def _whole_rows_where_needed(pages: list[Page], results: list[FetchResult]) -> list[Page]:
    """Claimed pages carry CLAIMED_FIELDS only: those that did not answer 304 are read whole."""
    wanted = [
        page.pk
        for page, result in zip(pages, results, strict=True)
        if result.outcome != "304" and page.get_deferred_fields()
    ]
    if not wanted:
        return pages
    whole = Page.objects.in_bulk(wanted)
    return [whole.get(page.pk, page) for page in pages]


def _robots_for(url: str, robots: dict) -> "Protego | None":
    """The parsed robots.txt of a URL's origin, fetched once per crawl (None: no rules)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin not in robots:
        [result] = asyncio.run(fetch_all([FetchRequest(origin + "/robots.txt")], retries=0))
        robots[origin] = (
            Protego.parse(decode_html(result.body)) if result.outcome == "200" else None
        )
    return robots[origin]


def _drop_disallowed(pages, sites, robots, now, stats) -> list[Page]:
    """Pages robots.txt allows; the others are marked and not fetched (per-site switch)."""
    allowed = []
    for page in pages:
        site = sites[page.site_id]
        rules = _robots_for(page.url, robots) if site.obey_robots else None
        if rules is not None and not rules.can_fetch(page.url, USER_AGENT):
            page.outcome = "robots"
            page.last_checked = now
            page.next_check_at = now + timedelta(hours=site.recheck_hours)
            page.save(update_fields=["outcome", "last_checked", "next_check_at"])
            continue
        allowed.append(page)
    return allowed


def _guess_kind(url: str) -> str:
    if extract.is_attachment(url):
        return PageKind.ATTACHMENT
    if _ARTICLE_LINK.search(url.split("?", 1)[0]):
        return PageKind.ARTICLE
    return PageKind.OTHER


# A found link: (url, kind, column id or None, the page it was found on).
Found = tuple[str, str, int | None, str]


def _add_pages(site: Site, found: list[Found], now, stats) -> None:
    """Pages first seen in a batch: one query to learn which are known, one insert for the new
    ones (a page another worker added meanwhile is skipped). A known page without a column takes
    the column of the list that names it (it may first have been seen on the homepage or in an
    article)."""
    wanted: dict[str, tuple[str, int | None, str]] = {}
    for url, kind, column, found_on in found:
        if url not in wanted or (wanted[url][1] is None and column is not None):
            wanted[url] = (kind, column, found_on)
    if not wanted:
        return
    known: dict[str, int | None] = {}
    urls = list(wanted)
    for start in range(0, len(urls), 500):
        known.update(
            Page.objects.filter(site=site, url__in=urls[start : start + 500]).values_list(
                "url", "column_id"
            )
        )
    for url, (_kind, column, _on) in wanted.items():
        if url in known and known[url] is None and column is not None:
            Page.objects.filter(site=site, url=url, column__isnull=True).update(column_id=column)
    new = [
        {
            "site_id": site.pk,
            "url": url,
            "kind": kind,
            "column_id": column,
            "found_on": found_on,
            "next_check_at": now,
        }
        for url, (kind, column, found_on) in wanted.items()
        if url not in known
    ]
    _insert_ignoring_conflicts(Page, new, now)
    stats.new_pages += len(new)


# Values the database drivers take as they are; dates, times, JSON and bytes are prepared by their
# field for the database in use (SQLite stores datetimes as text).
_PLAIN_FIELDS = (
    models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.FloatField,
    models.ForeignKey,
)  # fmt: skip


def _preparer(field) -> Callable:
    if isinstance(field, _PLAIN_FIELDS):
        return _as_is
    return functools.partial(field.get_db_prep_save, connection=connection)


def _as_is(value):
    return value


def _insert_ignoring_conflicts(model, rows: list[dict], now: datetime) -> None:
    """INSERT … ON CONFLICT DO NOTHING run once for all rows (executemany): what
    `bulk_create(ignore_conflicts=True)` does, without a model instance and compiled SQL per row
    (~0.15 ms a row, a fifth of a crawl's storage). Every row names the same fields; the others
    take their defaults (`auto_now_add`: `now`)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = rows[0].keys()
    defaults = {}
    for column in fields:
        if column.attname in given:
            continue
        if getattr(column, "auto_now_add", False) or getattr(column, "auto_now", False):
            value = now
        else:
            value = column.get_default()  # '' for a text field without a default, else None
        defaults[column.attname] = column.get_db_prep_save(value, connection)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column.column) for column in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders}) "
        "ON CONFLICT DO NOTHING"
    )
    prepare = {column.attname: _preparer(column) for column in fields if column.attname in given}
    values = [
        [
            prepare[column.attname](row[column.attname])
            if column.attname in given
            else defaults[column.attname]
            for column in fields
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _snapshots(bodies: dict[str, bytes]) -> dict[str, int]:
    """Snapshot ids by content hash: existing ones reused, the others inserted (one row per
    distinct content, whoever inserts it first)."""
    if not bodies:
        return {}
    digests = list(bodies)
    ids = dict(Snapshot.objects.filter(content_hash__in=digests).values_list("content_hash", "id"))
    missing = [
        Snapshot(
            content_hash=digest,
            data=zlib.compress(bodies[digest][:SNAPSHOT_CAP], 6),
            size=len(bodies[digest]),
            truncated=len(bodies[digest]) > SNAPSHOT_CAP,
        )
        for digest in digests
        if digest not in ids
    ]
    if missing:
        Snapshot.objects.bulk_create(missing, ignore_conflicts=True)
        ids.update(
            Snapshot.objects.filter(content_hash__in=[m.content_hash for m in missing]).values_list(
                "content_hash", "id"
            )
        )
    return ids


@dataclass
class _Stored:
    """One fetched page on its way to the database: its row, and what it links to."""

    page: Page
    site: Site
    body: bytes = b""  # kept as a snapshot when set
    links: list[tuple[str, bool]] = field(default_factory=list)  # (url, internal)
    found: list[Found] = field(default_factory=list)


PAGE_FIELDS = (
    "fetches", "last_checked", "next_check_at", "outcome", "http_status", "redirect_to",
    "consecutive_failures", "first_failed", "etag", "last_modified", "content_hash",
    "content_since", "snapshot", "extractions", "kind", "title", "published", "source_text",
    "column_name", "body_text",
)  # fmt: skip
# What a 304 (content unchanged) changes on a row: `_apply` touches nothing else then.
NOT_MODIFIED_FIELDS = (
    "fetches", "last_checked", "next_check_at", "outcome", "http_status", "redirect_to",
    "consecutive_failures", "first_failed",
)  # fmt: skip
NOT_MODIFIED_SET = NOT_MODIFIED_FIELDS[1:]  # fetches counts up in SQL
# What claiming reads of a page: enough to ask for it (and to skip it under robots.txt).
CLAIMED_FIELDS = ("id", "site", "url", "kind", "etag", "last_modified", "next_check_at")


def store_results(
    *, fetched: list[tuple[Page, Site, FetchResult]], now: datetime, stats: CrawlStats
) -> None:
    """A batch of fetch results written together: page rows in one bulk update, snapshots, links
    and new pages each in a few queries (not ~10 queries a page)."""
    stored = [_apply(page, site, result, now, stats) for page, site, result in fetched]
    snapshot_ids = _snapshots({item.page.content_hash: item.body for item in stored if item.body})
    for item in stored:
        if item.body:
            item.page.snapshot_id = snapshot_ids[item.page.content_hash]
    _store_links([item for item in stored if item.links])
    by_site: dict[int, list[Found]] = {}
    for item in stored:
        by_site.setdefault(item.site.pk, []).extend(item.found)
    sites = {item.site.pk: item.site for item in stored}
    for site_id, found in by_site.items():
        _add_pages(sites[site_id], found, now, stats)
    unchanged = [item.page for item in stored if item.page.outcome == "304"]
    _save_not_modified(unchanged)  # a recrawl is mostly these: a few set-wide UPDATEs
    _save_pages([item.page for item in stored if item.page.outcome != "304"], PAGE_FIELDS)


def _save_not_modified(pages: list[Page]) -> None:
    """Pages that answered 304 all change alike but for their next check (by kind and site):
    one UPDATE … WHERE id IN (…) per set of values, instead of one UPDATE a row. The values are
    what `_apply` set in memory; `fetches` counts up in the database (each claimed row belongs to
    this worker alone)."""
    fields = [Page._meta.get_field(name) for name in NOT_MODIFIED_SET]
    groups: dict[tuple, list[int]] = {}
    for page in pages:
        key = tuple(getattr(page, field.attname) for field in fields)
        groups.setdefault(key, []).append(page.pk)
    quote = connection.ops.quote_name
    assignments = ", ".join(
        [f"{quote('fetches')} = {quote('fetches')} + 1"]
        + [f"{quote(field.column)} = %s" for field in fields]
    )
    table = quote(Page._meta.db_table)
    with connection.cursor() as cursor:
        for key, ids in groups.items():
            values = [_preparer(field)(value) for field, value in zip(fields, key, strict=True)]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {quote('id')} IN ({marks})",
                    [*values, *chunk],
                )


def _save_pages(pages: list[Page], names: tuple[str, ...]) -> None:
    """One UPDATE statement run for every row (executemany). Django's bulk_update builds a CASE
    per field and row and spent ~9 ms a page compiling them; this is the same UPDATE as save()
    with the values prepared by each field for the database in use."""
    if not pages:
        return
    fields = [Page._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(Page._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    prepare = [_preparer(field) for field in fields]
    rows = [
        [prep(getattr(page, field.attname)) for field, prep in zip(fields, prepare, strict=True)]
        + [page.pk]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _store_links(stored: list[_Stored]) -> None:
    if not stored:
        return
    known = set(
        Link.objects.filter(page__in=[item.page for item in stored]).values_list("page_id", "url")
    )
    _insert_ignoring_conflicts(
        Link,
        [
            {"page_id": item.page.pk, "url": url, "internal": internal}
            for item in stored
            for url, internal in item.links
            if (item.page.pk, url) not in known
        ],
        timezone.now(),
    )


def recheck_interval(site: Site, kind: str) -> timedelta:
    """When a page that answered is due again: homepage and lists every `recheck_hours`,
    articles and attachments every `article_recheck_days` (failures: the next day)."""
    interval = timedelta(hours=site.recheck_hours)
    if kind in (PageKind.ARTICLE, PageKind.ATTACHMENT):
        return max(interval, timedelta(days=site.article_recheck_days))
    return interval


def _apply(page: Page, site: Site, result: FetchResult, now: datetime, stats) -> _Stored:
    """What a fetch result changes on its page row (in memory) and what it found."""
    item = _Stored(page, site)
    stats.fetched += 1
    if result.outcome == "304":  # NOT_MODIFIED_SET only: the row may not be loaded beyond them
        page.last_checked, page.outcome, page.http_status = now, "304", result.http_status
        page.next_check_at = now + recheck_interval(site, page.kind)
        page.redirect_to, page.consecutive_failures, page.first_failed = "", 0, None
        stats.not_modified += 1
        return item
    page.fetches += 1
    page.last_checked = now
    page.next_check_at = now + recheck_interval(site, page.kind)
    if not result.ok:  # a failure is checked again the next day, until it is confirmed or gone
        page.next_check_at = now + timedelta(hours=min(site.recheck_hours, FAILURE_RECHECK_HOURS))
    page.outcome = result.outcome
    page.http_status = result.http_status
    page.redirect_to = result.redirect_to
    if result.outcome == "redirect" and result.redirect_to:
        page.consecutive_failures = 0
        if authority_allowed(result.redirect_to, site.allowed_hosts):
            item.found.append((result.redirect_to, page.kind, page.column_id, page.url))
        return item
    if not result.ok:
        stats.failed += 1
        if page.consecutive_failures == 0:
            page.first_failed = now
        page.consecutive_failures += 1
        return item
    page.consecutive_failures = 0
    page.first_failed = None
    page.etag = result.headers.get("etag", "")[:200]
    page.last_modified = result.headers.get("last-modified", "")[:64]
    if page.kind == PageKind.ATTACHMENT or not result.body:
        return item
    digest = hashlib.sha256(result.body).hexdigest()
    if digest != page.content_hash:
        page.content_hash = digest
        page.content_since = now
    item.body = result.body
    html = decode_html(result.body, result.headers.get("content-type", ""))
    _extract_into(item, html, stats)
    return item


def _extract_into(item: _Stored, html: str, stats: CrawlStats) -> None:
    page, site = item.page, item.site
    page.extractions += 1
    stats.extracted += 1
    if page.kind in (PageKind.LIST, PageKind.HOME):
        listing = extract.extract_list(html, page.url, site.item_selector)
        for entry in listing.items:
            if authority_allowed(entry.url, site.allowed_hosts):
                kind = PageKind.ATTACHMENT if extract.is_attachment(entry.url) else PageKind.ARTICLE
                item.found.append((entry.url, kind, page.column_id, page.url))
        if page.kind == PageKind.LIST:
            for next_page in listing.next_pages:
                if authority_allowed(next_page, site.allowed_hosts):
                    item.found.append((next_page, PageKind.LIST, page.column_id, page.url))
        page.title = extract.extract_article(html, page.url).title[:500]
    else:
        article = extract.extract_article(html, page.url)
        if page.kind == PageKind.OTHER and article.column and article.published:
            page.kind = PageKind.ARTICLE
        page.title = article.title[:500]
        page.published = article.published
        page.source_text = article.source[:200]
        page.column_name = article.column[:128]
        page.body_text = article.body_text
    for url in extract.page_links(html, page.url):
        internal = authority_allowed(url, site.allowed_hosts)
        item.links.append((url, internal))
        if internal:
            item.found.append((url, _guess_kind(url), None, page.url))


def _finding_kind(issue) -> str:
    """`sitecheck.<rule>.<detail>`: one Finding per column, URL or catalogue area (Findings are
    unique per kind)."""
    subject = issue.url or issue.evidence.get("area", "")
    if not subject:
        return f"sitecheck.{issue.rule}"
    detail = hashlib.blake2b(subject.encode(), digest_size=5).hexdigest()
    return f"sitecheck.{issue.rule}.{detail}"


def observed_days(period) -> dict[int, date]:
    """Site id → the last day in `period` the monitor checked it, for every site watched in the
    period (one grouped query for all sites)."""
    rows = (
        Page.objects.filter(
            last_checked__date__gte=period.start, last_checked__date__lte=period.end
        )
        .values("site")
        .annotate(last=Max("last_checked"))
        .values_list("site", "last")
    )
    return {site_id: timezone.localdate(last) for site_id, last in rows}


def watched_sites(period) -> list[tuple[Site, date]]:
    """The sites crawled in the period, each with the last day it was checked there."""
    days = observed_days(period)
    return [(site, days[site.pk]) for site in Site.objects.filter(pk__in=days).order_by("pk")]


def refresh_findings(*, period, today) -> None:
    """Every site's health issues as Findings of the site's (or the column's) unit for `period`.

    A site counts for a period only if it was crawled in it, and is judged as on the last day it
    was checked there (not on `today`): a 2024 Q2 crawl says nothing about 2023, and judged today a
    column fine in June would be reported stale. Sites not watched in the period keep whatever
    Findings the period already has (none, or entered otherwise)."""
    from gongkai.findings.services import FindingDraft, replace_findings
    from gongkai.sitecheck.selectors import site_issues

    drafts, unit_ids = [], set()
    for site, seen in watched_sites(period):
        if site.unit_id:
            unit_ids.add(site.unit_id)
        unit_ids.update(
            SiteColumn.objects.filter(site=site, unit__isnull=False).values_list("unit", flat=True)
        )
        for issue in site_issues(site, min(today, seen)):
            if issue.unit_id is None:
                continue
            evidence = dict(issue.evidence) | {"url": issue.url, "severity": issue.severity}
            drafts.append(
                FindingDraft(
                    issue.unit_id, _finding_kind(issue), issue.message, issue.how_to_fix, evidence
                )
            )
    if not unit_ids:
        return
    replace_findings(
        source="sitecheck",
        period_start=period.start,
        period_end=period.end,
        unit_ids=sorted(unit_ids),
        drafts=drafts,
    )


def probe_site(
    *,
    site: Site,
    now: datetime,
    timeout: float = 15.0,
    resolve=resolve_aaaa,
    answers=ipv6_answers,
) -> None:
    """One availability probe of the homepage, one request for a path that cannot exist, and the
    transport: the host's AAAA records and whether one of them answers on the site's port."""
    made_up = urljoin(
        site.root_url, f"gongkai-{hashlib.blake2b(str(now).encode(), digest_size=6).hexdigest()}/"
    )
    home, missing = asyncio.run(
        fetch_all(
            [FetchRequest(site.root_url), FetchRequest(made_up)],
            concurrency=site.max_concurrency,
            rate=site.requests_per_second,  # the site's own politeness, as for a crawl
            timeout=timeout,
            retries=0,
        )
    )
    Probe.objects.create(
        site=site,
        at=now,
        ok=home.ok,
        seconds=home.seconds,
        outcome=home.outcome,
        url=site.root_url,
    )
    refresh = extract.meta_refresh(decode_html(missing.body), made_up) if missing.body else None
    Probe.objects.create(
        site=site,
        kind=Probe.NOT_FOUND,
        at=now,
        ok=missing.outcome != "200",
        seconds=missing.seconds,
        outcome=missing.outcome,
        url=made_up,
        refresh_to=refresh or "",
    )
    parts = urlsplit(site.root_url)
    addresses = resolve(parts.hostname or "")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    Probe.objects.create(
        site=site,
        kind=Probe.TRANSPORT,
        at=now,
        ok=any(answers(a, port, allow_private=site.allow_private) for a in addresses),
        outcome=parts.scheme,
        url=site.root_url,
        addresses=addresses,
    )


def record_health(*, site: Site, day: date) -> HealthRecord:
    """Keep the site's issues as judged on `day` (replacing that day's record): the trend and
    the "since when" of the site-health pages read these."""
    from gongkai.sitecheck.selectors import site_issues

    issues = [
        {"rule": i.rule, "unit": i.unit_id, "url": i.url, "severity": i.severity}
        for i in site_issues(site, day)
    ]
    record, _ = HealthRecord.objects.update_or_create(
        site=site,
        day=day,
        defaults={"issues": issues, "pages": Page.objects.filter(site=site).count()},
    )
    return record


def finish_sweep(*, site: Site, day: date) -> int:
    """What follows a crawl of the site: its articles become publications and the day's health
    is recorded. Returns how many publications were added."""
    added = publish_crawled(site=site)
    if Page.objects.filter(site=site, last_checked__isnull=False).exists():
        record_health(site=site, day=day)
    return added


def publish_crawled(*, site: Site) -> int:
    """Dated articles found in the site's mapped columns become publications (via publishing)."""
    from gongkai.publishing.services import record_crawled_publications

    articles = Page.objects.filter(
        site=site,
        kind=PageKind.ARTICLE,
        published__isnull=False,
        column__org_column__isnull=False,
    ).exclude(title="")
    items = [
        (unit_id, column_id, title, published.isoformat(), url)
        for unit_id, column_id, title, published, url in articles.values_list(
            "column__org_column__unit_id", "column__org_column_id", "title", "published", "url"
        )
    ]
    return record_crawled_publications(items=items) if items else 0
