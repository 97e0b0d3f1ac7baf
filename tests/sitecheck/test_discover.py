"""Columns discovered among crawled pages, named as the navigation names them, then mapped."""

import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import yaml

from gongkai.sitecheck.models import Page, PageKind, SiteColumn
from gongkai.sitecheck.services import add_site, crawl, discover_columns, load_columns
from tests.conftest import run_gongkai

pytestmark = pytest.mark.django_db

T0 = datetime(2024, 6, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _items(prefix: str, days: list[int]) -> str:
    return "".join(
        f'<li><a href="{prefix}t202406{d:02d}_{d}.html">通知{d}</a><span>2024-06-{d:02d}</span></li>'
        for d in days
    )


PAGES = {
    "/": '<div class="nav"><a href="/tzgg/">通知公告</a><a href="/about/">关于我们</a></div>'
    '<ul><li><a href="/tzgg/t20240601_1.html">通知1</a><span>2024-06-01</span></li></ul>',
    "/tzgg/": "<h2>新乡县人民政府-通知公告</h2><ul>"
    + _items("/tzgg/", [1, 2, 3])
    + '</ul><a href="index_1.html">下一页</a>',
    "/tzgg/index_1.html": "<ul>" + _items("/tzgg/", [4, 5, 6]) + "</ul>",
    "/about/": "<h2>关于我们</h2><p>单位简介</p><ul><li><a href='/'>首页</a></li></ul>",
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        body = PAGES.get(self.path)
        if body is None and self.path.startswith("/tzgg/t2024"):
            body = "<h1>通知</h1><p>发布时间：2024-06-01</p>"
        data = f"<html><body>{body}</body></html>".encode() if body else b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def portal():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_list_page_found_by_the_crawl_becomes_a_column_waiting_to_be_mapped(
    portal, registry, tmp_path
):
    site = add_site(root_url=portal, allow_private=True, obey_robots=False, now=T0)
    site.requests_per_second = 0
    site.save()
    crawl(site=site, now=lambda: T0)
    found = discover_columns(site=site)
    assert [(c.url, c.name, c.items) for c in found] == [(portal + "tzgg/", "通知公告", 3)]
    column = SiteColumn.objects.get(site=site)
    assert (column.discovered, column.unit_id) == (True, None)
    page = Page.objects.get(site=site, url=portal + "tzgg/")
    assert (page.kind, page.column_id) == (PageKind.LIST, column.pk)
    assert discover_columns(site=site) == []  # found once

    # Crawled again as a list: its later pages and items belong to the column.
    crawl(site=site, now=lambda: T0)
    later = Page.objects.get(site=site, url=portal + "tzgg/index_1.html")
    assert later.column_id == column.pk

    # The office maps it through the usual columns file.
    mapping = tmp_path / "columns.yaml"
    mapping.write_text(
        yaml.safe_dump(
            {
                "columns": [
                    {"name": "通知公告", "url": "/tzgg/", "unit": "卫健委", "rule": "notice"}
                ]
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    load_columns(site=site, path=mapping, now=T0)
    column.refresh_from_db()
    assert (column.discovered, column.unit.name, column.update_rule) == (False, "卫健委", "notice")


def test_discover_command_writes_a_columns_file_to_fill_in(portal, registry, tmp_path):
    site = add_site(root_url=portal, allow_private=True, obey_robots=False, now=T0)
    site.requests_per_second = 0
    site.save()
    crawl(site=site, now=lambda: T0)
    out = tmp_path / "新栏目.yaml"
    done = run_gongkai("site", "columns", "discover", out, "--site", site.pk)
    assert done.returncode == 0, done.stderr
    assert "新发现栏目 1 个" in done.stdout
    rows = yaml.safe_load(out.read_text(encoding="utf-8"))["columns"]
    assert rows == [
        {"name": "通知公告", "url": portal + "tzgg/", "unit": "", "category": "", "rule": "none"}
    ]
    refused = run_gongkai("site", "columns", "load", "--site", site.pk)
    assert refused.returncode == 2 and "请给出栏目文件" in refused.stderr
