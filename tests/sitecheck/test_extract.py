"""Extraction from CMS-like pages: meta tags first, then headings, nearby dates, the link."""

from datetime import date

import pytest

from gongkai.sitecheck.extract import (
    date_from_link,
    extract_article,
    extract_list,
    homepage_marks,
    is_attachment,
    meta_refresh,
    page_links,
    pagination_links,
    parse_date,
)

BASE = "http://www.xxx.gov.cn/xwzx/bmdt/"

META_ARTICLE = """<html><head>
<meta name="SiteIDCode" content="4107210001">
<meta name="ArticleTitle" content="县卫健委开展义诊活动">
<meta name="PubDate" content="2024-09-04 10:12">
<meta name="ContentSource" content="县卫生健康委员会">
<meta name="ColumnName" content="部门动态">
<title>首页 - 别的标题</title></head>
<body><h1>页面标题不同</h1><div class="info">发布时间：2023-01-01</div>
<div class="TRS_Editor"><p>第一段。</p><script>var x=1;</script><p>第二段。</p></div></body></html>"""


def test_meta_tags_come_first():
    article = extract_article(META_ARTICLE, BASE + "202409/t20240904_93371.htm")
    assert article.title == "县卫健委开展义诊活动"
    assert article.published == date(2024, 9, 4)
    assert (article.source, article.column, article.site_id_code) == (
        "县卫生健康委员会",
        "部门动态",
        "4107210001",
    )
    assert article.body_text == "第一段。\n第二段。"
    assert article.date_from == "meta"


def test_heading_and_nearby_date_without_meta():
    html = """<html><head><title>站点</title></head><body>
    <h1>关于做好防汛工作的通知</h1><p class="date">发布日期：2024年7月3日 来源：应急局</p>
    <div id="zoom">正文</div></body></html>"""
    article = extract_article(html, BASE + "content_1.html")
    assert (article.title, article.published, article.date_from) == (
        "关于做好防汛工作的通知",
        date(2024, 7, 3),
        "text",
    )


def test_link_date_is_the_last_resort():
    html = "<html><head><title>标题甲</title></head><body><p>无日期</p></body></html>"
    article = extract_article(html, BASE + "202401/t20240115_1001.html")
    assert (article.title, article.published, article.date_from) == (
        "标题甲",
        date(2024, 1, 15),
        "link",
    )
    assert extract_article(html, BASE + "a.html").published is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-09-04", date(2024, 9, 4)),
        ("2024年9月4日", date(2024, 9, 4)),
        ("[2024/09/04]", date(2024, 9, 4)),
        ("2024.9.4", date(2024, 9, 4)),
        ("2024-13-01 2024-02-03", date(2024, 2, 3)),
        ("第2024号", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_date_from_link():
    assert date_from_link("http://a.gov.cn/x/t20240904_93371.htm") == date(2024, 9, 4)
    assert date_from_link("http://a.gov.cn/x/t20241304_1.htm") is None
    assert date_from_link("http://a.gov.cn/x/index.htm") is None


UL_LIST = """<html><body><div class="nav"><ul><li><a href="/">首页</a></li>
<li><a href="../tzgg/">通知公告</a></li></ul></div>
<ul class="list">
<li><a href="./202409/t20240904_1.htm" title="完整标题一">标题一…</a><span>2024-09-04</span></li>
<li><a href="202408/t20240801_2.htm">标题二</a> <span class="date">[2024-08-01]</span></li>
<li><a href="http://www.xxx.gov.cn/a/content_3.html">标题三</a><em>2024年7月1日</em></li>
</ul>
<div class="page"><a href="index_1.html">下一页</a><a href="index_2.html">尾页</a></div>
</body></html>"""


def test_ul_li_list_with_dates_and_pages():
    page = extract_list(UL_LIST, BASE + "index.html")
    assert [(i.url, i.title, i.published) for i in page.items] == [
        (BASE + "202409/t20240904_1.htm", "完整标题一", date(2024, 9, 4)),
        (BASE + "202408/t20240801_2.htm", "标题二", date(2024, 8, 1)),
        ("http://www.xxx.gov.cn/a/content_3.html", "标题三", date(2024, 7, 1)),
    ]
    assert page.next_pages == [BASE + "index_1.html", BASE + "index_2.html"]


def test_dl_dd_and_table_layouts_with_sibling_dates():
    html = """<dl><dt><a href="a1.htm">甲</a></dt><dd>2024-05-06</dd>
    <dt><a href="a2.htm">乙</a></dt><dd>2024-05-07</dd></dl>
    <table><tr><td><a href="b1.htm">丙</a></td><td>2024/04/01</td></tr>
    <tr><td><a href="b2.htm">丁</a></td><td>2024/04/02</td></tr></table>"""
    page = extract_list(html, BASE)
    assert [(i.title, i.published) for i in page.items] == [
        ("甲", date(2024, 5, 6)),
        ("乙", date(2024, 5, 7)),
        ("丙", date(2024, 4, 1)),
        ("丁", date(2024, 4, 2)),
    ]


def test_site_selector_overrides_layout_guessing():
    html = """<div class="x"><a class="item" href="c1.htm">戊</a><i>2024-03-01</i></div>
    <ul><li><a href="other.htm">导航</a> 2024-01-01</li></ul>"""
    page = extract_list(html, BASE, item_selector="a.item")
    assert [(i.url, i.title) for i in page.items] == [(BASE + "c1.htm", "戊")]


def test_query_pagination_and_trs_create_page():
    html = """<li><a href="?page=2">2</a></li>
    <script>createPageHTML(3, 0, "index", "html");</script>"""
    assert pagination_links(html, BASE + "index.html") == [
        BASE + "index.html?page=2",
        BASE + "index_1.html",
        BASE + "index_2.html",
    ]


def test_links_attachments_refresh_and_marks():
    html = """<a href="a.pdf">附件</a><a href="javascript:void(0)">x</a><a href="#top">t</a>
    <a href="HTTP://WWW.XXX.GOV.CN:80/b.htm#x">b</a><a href="mailto:a@b.c">m</a>"""
    assert page_links(html, BASE) == [BASE + "a.pdf", "http://www.xxx.gov.cn/b.htm"]
    assert is_attachment(BASE + "a.PDF") and not is_attachment(BASE + "a.htm")
    refresh = '<meta http-equiv="Refresh" content="0; url=../">'
    assert meta_refresh(refresh, BASE + "nope/x.html") == BASE
    footer = """<body><p>网站标识码：4107210001 豫ICP备12345678号-1</p>
    <script src="https://dcs.conac.cn/js/17/000/0000/60429971/CA170000000604299710002.js"></script></body>"""
    marks = homepage_marks(footer)
    assert (marks.site_id_code, marks.icp, marks.conac) == (
        "4107210001",
        "豫ICP备12345678号-1",
        True,
    )
    bare = homepage_marks("<body><p>版权所有</p></body>")
    assert (bare.site_id_code, bare.icp, bare.conac) == ("", "", False)


def test_column_pages_names_and_headings():
    from gongkai.sitecheck.extract import anchor_text, heading, is_column_page

    items = "".join(
        f'<li><a href="t2024060{d}_{d}.html">通知{d}</a><span>2024-06-0{d}</span></li>'
        for d in range(1, 4)
    )
    base = "http://x.gov.cn/tzgg/"
    assert is_column_page(f"<ul>{items}</ul>", base)
    assert not is_column_page(f"<ul>{items[: items.index('</li>') + 5]}</ul>", base)
    assert not is_column_page(f"<ul>{items}</ul>", base + "index_2.html")  # a later page
    nav = '<a href="/tzgg/" title="通知公告栏目">通知公告</a><a href="/tzgg/">again</a>'
    assert anchor_text(nav, "http://x.gov.cn/", base) == "通知公告栏目"
    assert anchor_text(nav, "http://x.gov.cn/", "http://x.gov.cn/zwgk/") == ""
    assert heading("<title>县政府-通知</title><h2>通知公告</h2>") == "通知公告"
    assert heading("<title>县政府-通知</title>") == "县政府-通知"


@pytest.mark.parametrize(
    ("href", "base"),
    [
        ("/a/../b?x=1#f", "http://h.cn:81/p/q.html"),
        ("http://X.cn/a/./b", "http://h.cn/"),
        ("rel/x.htm", "http://h.cn/p/q.html"),
        ("../up.htm", "http://h.cn/p/q/r.html"),
        ("/", "http://h.cn"),
        ("//cdn.cn/x", "http://h.cn/"),
        ("https://h.cn:443/z", "http://h.cn/"),
        ("?page=2", "http://h.cn/list/"),
        ("ftp://h.cn/x", "http://h.cn/"),
    ],
)
def test_cached_link_resolution_equals_joining_each_link_on_its_page(href, base):
    """Root-relative and absolute links are resolved once per site (cached): the result must
    be what joining the link to its own page gives."""
    from urllib.parse import urljoin

    from gongkai.adapters.urls import normalize_url
    from gongkai.sitecheck.extract import _resolve

    joined = urljoin(base, href)
    expected = normalize_url(joined) if joined.startswith(("http://", "https://")) else None
    assert _resolve(href, base) == _resolve(href, base) == expected
