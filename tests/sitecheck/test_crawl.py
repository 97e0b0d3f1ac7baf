"""Crawling a small loopback portal: GBK, 304, foreign redirects, private hosts, stop and resume."""

import io
import json
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gongkai.errors import UserError
from gongkai.orgs.models import Unit
from gongkai.sitecheck.models import Link, Page, PageKind
from gongkai.sitecheck.services import add_site, crawl, load_columns

pytestmark = pytest.mark.django_db

GBK_TITLE = "关于镕铖堃（生僻字）公示的通知"
PAGES = {
    "/": (
        "utf-8",
        '<html><body><ul><li><a href="/bmdt/">部门动态</a></li></ul>'
        '<a href="/gone.htm">坏链</a><a href="/away">外链跳转</a>'
        '<a href="http://127.0.0.1:1/x">同一主机的另一个网站（另一端口）</a></body></html>',
    ),
    "/bmdt/": (
        "utf-8",
        "<html><body><ul>"
        '<li><a href="202406/t20240601_1.htm">动态一</a><span>2024-06-01</span></li>'
        '<li><a href="202405/t20240520_2.htm">动态二</a><span>2024-05-20</span></li>'
        '</ul><a href="index_1.html">下一页</a></body></html>',
    ),
    "/bmdt/index_1.html": (
        "utf-8",
        '<html><body><ul><li><a href="202401/t20240105_3.htm">动态三</a>'
        '<span>2024-01-05</span></li><li><a href="/fj/a.pdf">附件</a> 2024-01-05</li>'
        "</ul></body></html>",
    ),
    "/bmdt/202406/t20240601_1.htm": (
        "utf-8",
        '<html><head><meta name="ArticleTitle" content="动态一"><meta name="PubDate" '
        'content="2024-06-01 09:00"><meta name="ContentSource" content="县卫健委">'
        '<meta name="ColumnName" content="部门动态"></head><body>正文一</body></html>',
    ),
    "/bmdt/202405/t20240520_2.htm": (
        "gbk",
        '<html><head><meta charset="gb2312"><meta name="ArticleTitle" content="'
        + GBK_TITLE
        + '"><meta name="PubDate" content="2024-05-20"></head><body>正文二</body></html>',
    ),
    "/bmdt/202401/t20240105_3.htm": (
        "utf-8",
        "<html><head><title>动态三</title></head><body><h1>动态三</h1>"
        "<p>发布时间：2024-01-05</p></body></html>",
    ),
}


class Portal(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []

    def log_message(self, *args):
        pass

    def _answer(self, send_body: bool):
        path = self.path.split("?", 1)[0]
        self.hits.append((self.command, path))
        if path == "/away":
            self.send_response(302)
            self.send_header("Location", "http://foreign.example.org/x")
            self.end_headers()
            return
        if path == "/fj/a.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            return
        if path not in PAGES:
            self.send_response(404)
            self.end_headers()
            return
        encoding, text = PAGES[path]
        etag = f'"{abs(hash(text))}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        body = text.encode(encoding)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)


@pytest.fixture
def portal():
    Portal.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


T0 = datetime(2024, 6, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def clock(at):
    return lambda: at


def site_with_column(portal, tmp_path):
    site = add_site(root_url=portal, allow_private=True, now=T0)
    site.requests_per_second = 0  # no pacing on loopback
    site.max_concurrency = 8
    site.save()
    (tmp_path / "columns.yaml").write_text(
        "columns:\n  - {name: 部门动态, url: /bmdt/, unit: 卫健委, category: news, rule: news}\n",
        encoding="utf-8",
    )
    load_columns(site=site, path=tmp_path / "columns.yaml", now=T0)
    return site


def test_loopback_site_without_the_flag_is_refused(portal):
    with pytest.raises(UserError, match="本机地址 127.0.0.1.*--allow-private"):
        add_site(root_url=portal)


def test_crawl_reads_pages_articles_gbk_and_records_failures(portal, tmp_path, registry):
    site = site_with_column(portal, tmp_path)
    crawl(site=site, now=clock(T0))
    pages = {p.url.removeprefix(portal): p for p in Page.objects.filter(site=site)}
    assert set(pages) == {
        "",
        "bmdt/",
        "bmdt/index_1.html",
        "bmdt/202406/t20240601_1.htm",
        "bmdt/202405/t20240520_2.htm",
        "bmdt/202401/t20240105_3.htm",
        "fj/a.pdf",
        "gone.htm",
        "away",
    }
    gbk = pages["bmdt/202405/t20240520_2.htm"]
    assert (gbk.title, gbk.published, gbk.kind) == (GBK_TITLE, date(2024, 5, 20), "article")
    first = pages["bmdt/202406/t20240601_1.htm"]
    assert (first.source_text, first.column_name, first.column.name) == (
        "县卫健委",
        "部门动态",
        "部门动态",
    )
    assert pages["bmdt/202401/t20240105_3.htm"].published == date(2024, 1, 5)
    assert (pages["gone.htm"].outcome, pages["gone.htm"].consecutive_failures) == ("404", 1)
    pdf = pages["fj/a.pdf"]
    assert (pdf.kind, pdf.outcome) == (PageKind.ATTACHMENT, "200")
    assert ("HEAD", "/fj/a.pdf") in Portal.hits and ("GET", "/fj/a.pdf") not in Portal.hits
    away = pages["away"]
    assert (away.outcome, away.redirect_to) == ("redirect", "http://foreign.example.org/x")
    assert not Page.objects.filter(url__contains="foreign.example.org").exists()
    # Another port of the same host is another site: linked (recorded), not crawled.
    assert site.allowed_hosts == [portal.removeprefix("http://").rstrip("/")]
    assert Link.objects.filter(url="http://127.0.0.1:1/x", internal=False).exists()


def test_interrupted_crawl_resumes_without_refetching(portal, tmp_path, registry):
    site = site_with_column(portal, tmp_path)
    crawl(site=site, now=clock(T0), batch=2, max_batches=2)  # stopped after four pages
    crawl(site=site, now=clock(T0), batch=2)  # resumed
    gets = [path for method, path in Portal.hits if path != "/robots.txt"]
    assert len(gets) == len(set(gets)) == Page.objects.filter(site=site).count()
    assert set(Page.objects.values_list("fetches", flat=True)) == {1}


@pytest.mark.one_database  # SQLite's page cache
def test_the_crawl_stores_with_a_small_page_cache_and_gives_it_back(
    portal, tmp_path, registry, settings, monkeypatch
):
    from django.db import connection

    from gongkai.sitecheck import services

    def cache_kib() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return -cursor.fetchone()[0]

    settings.SQLITE_CRAWL_CACHE_MB = 3
    before, seen = cache_kib(), []
    store = services.store_results
    monkeypatch.setattr(
        services, "store_results", lambda **kw: (seen.append(cache_kib()), store(**kw))[1]
    )
    crawl(site=site_with_column(portal, tmp_path), now=clock(T0))
    assert seen and set(seen) == {3 * 1024} and cache_kib() == before != 3 * 1024


def test_recrawl_sends_conditional_requests_and_does_not_reextract_304(portal, tmp_path, registry):
    site = site_with_column(portal, tmp_path)
    crawl(site=site, now=clock(T0))
    later = T0 + timedelta(days=site.article_recheck_days, hours=1)
    PAGES["/bmdt/202406/t20240601_1.htm"] = (
        "utf-8",
        PAGES["/bmdt/202406/t20240601_1.htm"][1].replace("动态一", "动态一（更正）"),
    )
    try:
        stats = crawl(site=site, now=clock(later))
    finally:
        PAGES["/bmdt/202406/t20240601_1.htm"] = (
            "utf-8",
            PAGES["/bmdt/202406/t20240601_1.htm"][1].replace("动态一（更正）", "动态一"),
        )
    changed = Page.objects.get(url__endswith="t20240601_1.htm")
    assert (changed.title, changed.extractions, changed.fetches) == ("动态一（更正）", 2, 2)
    unchanged = Page.objects.get(url__endswith="t20240520_2.htm")
    assert (unchanged.outcome, unchanged.extractions, unchanged.fetches) == ("304", 1, 2)
    assert stats.not_modified == 5  # home, list ×2, two unchanged articles
    # a 304 row: checked now, due again by its kind, no failure; its content as it was
    assert (unchanged.last_checked, unchanged.next_check_at) == (
        later,
        later + timedelta(days=site.article_recheck_days),
    )
    assert (unchanged.http_status, unchanged.consecutive_failures, unchanged.first_failed) == (
        304,
        0,
        None,
    )
    assert unchanged.body_text and unchanged.title and unchanged.content_hash
    home = Page.objects.get(site=site, kind="home")
    assert (home.outcome, home.next_check_at) == (
        "304",
        later + timedelta(hours=site.recheck_hours),
    )


def test_lists_are_rechecked_daily_and_articles_weekly(portal, tmp_path, registry):
    site = site_with_column(portal, tmp_path)  # recheck_hours 24, article_recheck_days 7
    crawl(site=site, now=clock(T0))
    Portal.hits = []
    next_day = crawl(site=site, now=clock(T0 + timedelta(hours=25)))
    fetched = sorted(path for _, path in Portal.hits if path != "/robots.txt")
    # Homepage, both list pages, the page that redirects away (neither article nor attachment),
    # and the failure (checked again the next day until confirmed); no article, no attachment.
    assert fetched == ["/", "/away", "/bmdt/", "/bmdt/index_1.html", "/gone.htm"]
    assert next_day.fetched == 5
    Portal.hits = []
    crawl(site=site, now=clock(T0 + timedelta(days=7, hours=1)))
    weekly = {path for _, path in Portal.hits}
    assert {"/bmdt/202406/t20240601_1.htm", "/fj/a.pdf"} <= weekly


def test_robots_txt_is_honoured_unless_the_site_turns_it_off(portal, tmp_path, registry):
    PAGES["/robots.txt"] = ("utf-8", "User-agent: *\nDisallow: /bmdt/202405/\n")
    try:
        site = site_with_column(portal, tmp_path)
        crawl(site=site, now=clock(T0))
        blocked = Page.objects.get(url__endswith="t20240520_2.htm")
        assert (blocked.outcome, blocked.fetches) == ("robots", 0)
        assert ("GET", "/bmdt/202405/t20240520_2.htm") not in Portal.hits
        site.obey_robots = False
        site.save()
        Page.objects.filter(pk=blocked.pk).update(next_check_at=T0)
        crawl(site=site, now=clock(T0 + timedelta(minutes=1)))
        blocked.refresh_from_db()
        assert (blocked.outcome, blocked.title) == ("200", GBK_TITLE)
    finally:
        del PAGES["/robots.txt"]


def test_site_check_and_pages_json_from_the_crawl(portal, tmp_path, registry):
    site = site_with_column(portal, tmp_path)
    site.unit = Unit.objects.get(name="卫健委")
    site.save()
    Page.objects.filter(url__endswith="gone.htm").update(next_check_at=T0)
    for day in range(3):  # the dead link fails on three consecutive checks
        at = T0 + timedelta(days=day)
        Page.objects.filter(url__endswith="gone.htm").update(next_check_at=at)
        crawl(site=site, now=clock(at))
    out = io.StringIO()
    call_command(
        "site", "check", "--site", str(site.pk), "--today", "2024-07-20", "--json", stdout=out
    )
    found = {(row["rule"], row["url"].removeprefix(portal)) for row in json.loads(out.getvalue())}
    assert found == {
        ("sitecheck.column.stale", "bmdt/"),  # newest item 2024-06-01, over 2 weeks by 07-20
        ("sitecheck.homepage.not_updated", ""),  # no dated item linked from the homepage
        ("sitecheck.homepage.missing_site_id", ""),
        ("sitecheck.homepage.missing_icp", ""),
        ("sitecheck.homepage.missing_conac", ""),
        ("sitecheck.link.dead", "gone.htm"),
    }
    out = io.StringIO()
    call_command("site", "pages", "--site", portal, "--json", stdout=out)
    rows = {row["url"].removeprefix(portal): row for row in json.loads(out.getvalue())}
    assert rows["bmdt/202405/t20240520_2.htm"] == {
        "url": portal + "bmdt/202405/t20240520_2.htm",
        "kind": "article",
        "status": "200",  # articles are checked again after a week, not on the later days
        "title": GBK_TITLE,
        "published": "2024-05-20",
        "source": "",
        "column": "部门动态",
        "last_checked": T0.astimezone(ZoneInfo("UTC")).isoformat(),
    }
    assert rows[""]["status"] == "304"  # the homepage was: not modified


def test_site_add_command_refuses_loopback_in_chinese(portal):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("site", "add", portal, stderr=err)
    assert exit_info.value.code == 2
    assert err.getvalue().startswith("错误：网站主机 127.0.0.1 解析到内网或本机地址")


def test_issues_become_findings_of_the_units(portal, tmp_path, registry):
    from gongkai.findings.models import Finding
    from gongkai.periods import Period
    from gongkai.sitecheck.services import refresh_findings

    site = site_with_column(portal, tmp_path)
    site.unit = Unit.objects.get(name="卫健委")
    site.save()
    crawl(site=site, now=clock(T0))
    # Judged as on the day of the crawl (30 June), not on the day the office asks.
    refresh_findings(period=Period.quarter(2024, 2), today=date(2024, 12, 20))
    refresh_findings(period=Period.quarter(2024, 2), today=date(2024, 12, 20))  # idempotent
    # A quarter without a crawl gets no site Findings at all (nothing was seen then).
    refresh_findings(period=Period.quarter(2024, 3), today=date(2024, 12, 20))
    assert not Finding.objects.filter(source="sitecheck", period_start=date(2024, 7, 1)).exists()
    findings = Finding.objects.filter(source="sitecheck")
    kinds = sorted(f.kind.rsplit(".", 1)[0] if f.kind.count(".") > 2 else f.kind for f in findings)
    assert kinds == [
        "sitecheck.column.stale",
        "sitecheck.homepage.missing_conac",
        "sitecheck.homepage.missing_icp",
        "sitecheck.homepage.missing_site_id",
        "sitecheck.homepage.not_updated",
    ]  # the dead link has failed only once: not yet a Finding
    stale = next(f for f in findings if f.kind.startswith("sitecheck.column.stale"))
    assert stale.unit.name == "卫健委"
    assert stale.evidence["url"] == portal + "bmdt/"


@pytest.mark.slow
def test_probes_find_a_soft_404_and_count_availability(portal, tmp_path, registry):
    from gongkai.sitecheck.selectors import site_issues
    from gongkai.sitecheck.services import probe_site

    site = site_with_column(portal, tmp_path)
    probe_site(site=site, now=T0)
    assert not [i for i in site_issues(site, date(2024, 6, 30)) if i.rule == "site.soft_404"]
    original = Portal._answer

    def soft(self, send_body):  # every unknown path answered with the homepage
        if self.path.startswith("/gongkai-"):
            self.path = "/"
        original(self, send_body)

    Portal._answer = soft
    try:
        for minute in range(1, 20):
            probe_site(site=site, now=T0 + timedelta(minutes=minute))
    finally:
        Portal._answer = original
    issues = site_issues(site, date(2024, 6, 30))
    soft_404 = [i for i in issues if i.rule == "site.soft_404"]
    assert len(soft_404) == 1 and soft_404[0].url.startswith(portal + "gongkai-")
    assert not [i for i in issues if i.rule == "site.unreachable"]  # 20 probes, all answered


def test_crawled_articles_and_exported_items_are_one_publication(portal, tmp_path, registry):
    from gongkai.publishing.models import Publication
    from gongkai.publishing.services import import_publications
    from gongkai.sitecheck.services import publish_crawled

    site = site_with_column(portal, tmp_path)
    crawl(site=site, now=clock(T0))
    host = portal.removeprefix("http://").rstrip("/")
    export = tmp_path / "export.csv"
    export.write_text(
        "单位,栏目,标题,发布日期,链接\n"
        f"卫健委,部门动态,动态一,2024-06-01,http://{host.upper()}/bmdt/202406/t20240601_1.htm#x\n"
        "卫健委,部门动态,只在导出中的信息,2024-06-02,\n",
        encoding="utf-8",
    )
    import_publications(path=export)
    assert publish_crawled(site=site) == 2  # 动态二 and 动态三; 动态一 came by export
    assert publish_crawled(site=site) == 0
    rows = Publication.objects.values_list("title", "published_on", "unit__name")
    assert sorted((t, d.isoformat(), u) for t, d, u in rows) == sorted(
        [
            ("动态一", "2024-06-01", "卫健委"),
            ("动态三", "2024-01-05", "卫健委"),
            ("只在导出中的信息", "2024-06-02", "卫健委"),
            (GBK_TITLE, "2024-05-20", "卫健委"),
        ]
    )


@pytest.mark.parametrize(
    ("addresses", "answering", "expected"),
    [
        ([], set(), ["site.no_https", "site.no_ipv6"]),  # no AAAA record
        (["2001:db8::1"], set(), ["site.no_https", "site.no_ipv6"]),  # AAAA, nothing answers
        (["2001:db8::1", "2001:db8::2"], {"2001:db8::2"}, ["site.no_https"]),
    ],
)
def test_transport_probe_checks_https_and_ipv6_with_a_resolver_stub(
    portal, tmp_path, registry, addresses, answering, expected
):
    from gongkai.sitecheck.selectors import site_issues
    from gongkai.sitecheck.services import probe_site

    site = site_with_column(portal, tmp_path)
    asked = []

    def resolve(host):
        asked.append(host)
        return addresses

    def answers(address, port, *, allow_private):
        asked.append((address, port, allow_private))
        return address in answering

    probe_site(site=site, now=T0, timeout=5.0, resolve=resolve, answers=answers)
    port = int(portal.rsplit(":", 1)[1].strip("/"))
    assert asked[0] == "127.0.0.1"
    assert all(call == (a, port, True) for call, a in zip(asked[1:], addresses, strict=False))
    rules = sorted(
        i.rule for i in site_issues(site, date(2024, 6, 30)) if i.rule.startswith("site.")
    )
    assert rules == expected
    ipv6 = [i for i in site_issues(site, date(2024, 6, 30)) if i.rule == "site.no_ipv6"]
    if ipv6:
        detail = "没有 AAAA 记录" if not addresses else "无法连接"
        assert detail in ipv6[0].message and ipv6[0].unit_id == site.unit_id


def test_ipv6_answers_refuses_private_addresses_without_the_flag(monkeypatch):
    """Without the flag a loopback or private address is not even tried; with it, it is."""
    import contextlib
    import socket

    from gongkai.sitecheck.crawler import ipv6_answers

    tried = []

    def connect(address, timeout):
        tried.append(address)
        return contextlib.nullcontext()

    monkeypatch.setattr(socket, "create_connection", connect)
    assert ipv6_answers("::1", 8001, allow_private=False) is False
    assert ipv6_answers("fd00::5", 8001, allow_private=False) is False
    assert tried == []
    assert ipv6_answers("::1", 8001, allow_private=True) is True
    assert ipv6_answers("2001:4860::8888", 443, allow_private=False) is True  # a global address
    assert tried == [("::1", 8001), ("2001:4860::8888", 443)]


def test_a_sweep_records_the_days_health_and_keeps_one_record_a_day(portal, tmp_path, registry):
    from gongkai.sitecheck.models import HealthRecord
    from gongkai.sitecheck.selectors import site_issues
    from gongkai.sitecheck.services import finish_sweep

    site = site_with_column(portal, tmp_path)
    crawl(site=site, now=clock(T0))
    finish_sweep(site=site, day=T0.date())
    finish_sweep(site=site, day=T0.date())  # again the same day: replaced, not added
    record = HealthRecord.objects.get(site=site)
    expected = site_issues(site, T0.date())
    assert record.day == T0.date() and record.pages == Page.objects.filter(site=site).count()
    assert [(i["rule"], i["unit"], i["url"]) for i in record.issues] == [
        (i.rule, i.unit_id, i.url) for i in expected
    ]
    # 部门动态 (news: 2 weeks) last updated on 2024-06-01 is stale on 2024-06-30.
    assert ("column.stale", Unit.objects.get(name="卫健委").pk) in {
        (i["rule"], i["unit"]) for i in record.issues
    }


@pytest.mark.parametrize("one_statement", [True, False])
def test_claims_never_overlap_and_skip_leased_pages(registry, monkeypatch, one_statement):
    from gongkai.sitecheck import services
    from gongkai.sitecheck.models import Site
    from gongkai.sitecheck.services import claim_due_pages, claim_lease

    if not one_statement:  # the row-by-row path of SQLite before 3.35
        monkeypatch.setattr(services, "_claims_in_one_statement", lambda: False)
    site = Site.objects.create(
        root_url="http://a.example.gov.cn/", allowed_hosts=["a.example.gov.cn"]
    )
    other = Site.objects.create(
        root_url="http://b.example.gov.cn/", allowed_hosts=["b.example.gov.cn"]
    )
    for number in range(7):
        Page.objects.create(site=site, url=f"{site.root_url}{number}", next_check_at=T0)
    Page.objects.create(site=other, url=other.root_url, next_check_at=T0)
    Page.objects.create(
        site=site, url=f"{site.root_url}later", next_check_at=T0 + timedelta(days=1)
    )
    first = claim_due_pages(now=T0, limit=3, site=site)
    second = claim_due_pages(now=T0, limit=3, site=site)
    third = claim_due_pages(now=T0, limit=3, site=site)
    urls = [p.url for p in first + second + third]
    assert [len(first), len(second), len(third)] == [3, 3, 1]
    assert sorted(urls) == sorted(f"{site.root_url}{n}" for n in range(7))  # each once
    assert claim_due_pages(now=T0, limit=3, site=site) == []
    leased = Page.objects.filter(url__in=urls).values_list("next_check_at", flat=True)
    assert set(leased) == {T0 + claim_lease()}
    # The lease runs out: the pages are due again (a worker that stopped loses nothing).
    again = claim_due_pages(now=T0 + claim_lease(), limit=10, site=site)
    assert sorted(p.url for p in again) == sorted(urls)
    assert [p.url for p in claim_due_pages(now=T0, limit=10)] == [other.root_url]


def test_bulk_insert_takes_defaults_and_skips_rows_that_exist(registry):
    from gongkai.sitecheck.models import Site
    from gongkai.sitecheck.services import _insert_ignoring_conflicts

    site = Site.objects.create(
        root_url="http://a.example.gov.cn/", allowed_hosts=["a.example.gov.cn"]
    )
    Page.objects.create(site=site, url=site.root_url + "known", title="已有")
    rows = [
        {"site_id": site.pk, "url": site.root_url + name, "kind": "article", "next_check_at": T0}
        for name in ("known", "new")
    ]
    _insert_ignoring_conflicts(Page, rows, T0)
    known, new = Page.objects.filter(site=site).order_by("url")
    assert (known.title, known.kind) == ("已有", "other")  # untouched
    assert (new.kind, new.outcome, new.fetches, new.first_seen, new.next_check_at) == (
        "article",
        "",
        0,
        T0,
        T0,
    )


def test_site_add_sets_the_recheck_intervals_and_refuses_bad_ones(portal):
    from gongkai.sitecheck.models import Site

    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("site", "add", portal, "--allow-private", "--recheck-hours", "0", stderr=err)
    assert exit_info.value.code == 2 and "正整数" in err.getvalue()
    assert not Site.objects.exists()  # nothing half-written
    call_command(
        "site", "add", portal, "--allow-private", "--recheck-hours", "12",
        "--article-recheck-days", "30", stdout=io.StringIO(),
    )  # fmt: skip
    site = Site.objects.get()
    assert (site.recheck_hours, site.article_recheck_days) == (12, 30)


def test_watched_sites_are_those_crawled_in_the_period_in_one_query(
    portal, tmp_path, registry, django_assert_max_num_queries
):
    from gongkai.periods import Period
    from gongkai.sitecheck.models import Site
    from gongkai.sitecheck.services import watched_sites

    crawled = site_with_column(portal, tmp_path)
    crawl(site=crawled, now=clock(T0))
    for n in range(5):  # sites never crawled
        Site.objects.create(root_url=f"http://s{n}.example.gov.cn/", name=f"站{n}")
    with django_assert_max_num_queries(2):  # not one a site
        watched = watched_sites(Period.quarter(2024, 2))
    assert watched == [(crawled, date(2024, 6, 30))]
    assert watched_sites(Period.quarter(2024, 1)) == []
