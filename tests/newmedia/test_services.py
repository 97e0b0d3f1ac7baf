"""Account register, post imports (the publications' guarantees), feeds, and the check's Findings."""

import http.server
import threading
from datetime import date

import openpyxl
import pytest

from gongkai.adapters.readers import ImportFileError
from gongkai.errors import UserError
from gongkai.findings.models import Finding
from gongkai.newmedia.feeds import FeedError, parse_feed, read_feed
from gongkai.newmedia.models import NewMediaAccount, Post
from gongkai.newmedia.services import (
    import_feed_items,
    import_posts,
    load_accounts,
    record_findings,
)
from gongkai.periods import Period

pytestmark = pytest.mark.django_db

ACCOUNTS = (
    "政务新媒体登记表\n"
    "序号,账号名称,平台,账号ID,主办单位,是否受监管,是否备案,备案日期,开通日期,注销日期,联系人,联系电话\n"
    "1,新乡县环境,微信公众号,xxhb,生态环境分局,是,是,2019-05-01,2018-03-01,,张三,13800000000\n"
    "2,法治新乡县,微信,fzxxx,司法局,是,是,,2018-01-01,,,\n"
    "3,小冀微生活,抖音,,小冀镇,否,否,,2020-01-01,,,\n"
    "4,新乡县旧号,微博,,民政局,否,是,,2015-01-01,2024-01-31,,\n"
)
POSTS = (
    "账号,平台,标题,发布时间,链接,阅读数\n"
    "新乡县环境,微信公众号,环境质量月报,2024-04-01 09:30,https://mp.example.cn/s/1,120\n"
    "新乡县环境,微信公众号,大气污染防治,2024/4/3 10:00:05,https://mp.example.cn/s/2,\n"
    "法治新乡县,,普法宣传,2024年4月2日,,88\n"
    "新乡县旧号,微博,注销后仍发布,2024-05-02,,\n"
)


@pytest.fixture
def accounts(registry, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    return load_accounts(path=path)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_accounts_load_and_reload(accounts, tmp_path):
    assert (accounts.created, accounts.updated) == (4, 0)
    env = NewMediaAccount.objects.get(name="新乡县环境")
    assert (env.unit.name, env.supervised, env.registered, str(env.registered_on)) == (
        "生态环境分局",
        True,
        True,
        "2019-05-01",
    )
    assert NewMediaAccount.objects.get(name="法治新乡县").platform == "微信公众号"
    again = load_accounts(path=write(tmp_path, "a2.csv", ACCOUNTS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = ACCOUNTS.replace("3,小冀微生活,抖音,,小冀镇,否,否", "3,小冀微生活,抖音,,小冀镇,否,是")
    assert load_accounts(path=write(tmp_path, "a3.csv", changed)).updated == 1
    assert NewMediaAccount.objects.get(name="小冀微生活").history.count() == 2


def test_accounts_load_names_every_bad_row_and_writes_nothing(registry, tmp_path):
    bad = (
        "账号名称,平台,主办单位,是否备案,开通日期\n"
        "新乡县甲,微信公众号,不存在局,是,2020-01-01\n"
        "新乡县乙,飞书,司法局,是,2020-01-01\n"
        "新乡县丙,微博,司法局,也许,2020-13-01\n"
        "新乡县丁,微博,司法局,是,2020-01-01\n"
    )
    with pytest.raises(UserError) as caught:
        load_accounts(path=write(tmp_path, "bad.csv", bad))
    message = str(caught.value)
    assert "bad.csv: 4 处错误" in message
    assert "第 2 行「主办单位」：单位「不存在局」未登记" in message
    assert "第 3 行「平台」：「飞书」不是可识别的平台" in message
    assert "第 4 行「是否备案」" in message and "第 4 行「开通日期」" in message
    assert not NewMediaAccount.objects.exists()


def test_posts_import_reimport_and_duplicates(accounts, tmp_path):
    path = write(tmp_path, "posts.csv", POSTS + POSTS.splitlines()[1] + "\n", encoding="gb18030")
    result = import_posts(path=path, rejects_path=tmp_path / "r.csv")
    assert (result.rows_read, result.imported, result.duplicates, result.rejected) == (5, 4, 1, 0)
    post = Post.objects.get(title="大气污染防治")
    assert (str(post.published_on), str(post.published_time)) == ("2024-04-03", "10:00:05")
    assert Post.objects.get(title="环境质量月报").reads == 120
    before = list(Post.objects.order_by("id").values_list("id", "title", "published_on"))
    again = import_posts(path=path, rejects_path=tmp_path / "r.csv")
    assert (again.imported, again.duplicates) == (0, 5)
    assert list(Post.objects.order_by("id").values_list("id", "title", "published_on")) == before


BAD_POSTS = (
    "导出时间：2024-07-01\n"
    "账号,标题,发布时间,链接\n"
    "新乡县环境,好文章,2024-04-05,https://mp.example.cn/s/9\n"
    "不存在的号,标题,2024-04-05,\n"
    "新乡县环境,,2024-04-06,\n"
    "新乡县环境,日期错,2024-02-30,\n"
    "新乡县环境,链接错,2024-04-07,javascript:alert(1)\n"
    ",,,\n"
    "新乡县环境,=HYPERLINK(1),2024-13-01,\n"
)


def test_bad_rows_go_to_the_rejects_report(accounts, tmp_path):
    rejects = tmp_path / "rejects.csv"
    result = import_posts(path=write(tmp_path, "bad.csv", BAD_POSTS), rejects_path=rejects)
    assert (result.imported, result.rejected) == (1, 5)
    lines = rejects.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "行号,字段,值,原因"
    assert "4,账号,不存在的号,账号「不存在的号」未登记" in lines
    assert "5,标题,,标题为空" in lines
    assert any(line.startswith("6,发布时间,2024-02-30,") for line in lines)
    assert any(line.startswith("7,链接,javascript:alert(1)") for line in lines)
    # Formula-looking values are neutralised in the report.
    assert not any(",=HYPERLINK" in line for line in lines)


def test_strict_writes_nothing(accounts, tmp_path):
    result = import_posts(
        path=write(tmp_path, "bad.csv", BAD_POSTS), strict=True, rejects_path=tmp_path / "r.csv"
    )
    assert not result.written and result.imported == 0 and "严格模式" in result.summary()
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "文件为空"),
        ("甲,乙,丙\n1,2,3\n", "未找到表头：前 2 行中没有「账号、标题、发布时间」"),
        ("账号,标题\n新乡县环境,标题\n", "缺少必需的列：发布时间"),
    ],
)
def test_unreadable_files(accounts, tmp_path, content, message):
    with pytest.raises(ImportFileError, match=message):
        import_posts(path=write(tmp_path, "x.csv", content))
    assert not Post.objects.exists()


def test_xlsx_with_real_datetimes(accounts, tmp_path):
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["公众号名称", "文章标题", "发表时间", "原文链接"])
    sheet.append(["新乡县环境", "表格里的文章", datetime(2024, 6, 3, 8, 15), "https://x.cn/1"])
    path = tmp_path / "posts.xlsx"
    book.save(path)
    assert import_posts(path=path).imported == 1
    post = Post.objects.get()
    assert (post.published_on, str(post.published_time)) == (date(2024, 6, 3), "08:15:00")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>新乡县环境</title>
<item><title>第一篇</title><link>https://feed.example.cn/1</link>
<pubDate>Mon, 01 Apr 2024 02:00:00 GMT</pubDate></item>
<item><title>第二篇</title><link>https://feed.example.cn/2</link>
<pubDate>Sun, 31 Mar 2024 17:30:00 GMT</pubDate></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>法治新乡县</title>
<entry><title>普法</title><link rel="alternate" href="https://feed.example.cn/a"/>
<published>2024-04-02T09:00:00+08:00</published></entry></feed>"""
JSON_FEED = (
    '{"version": "https://jsonfeed.org/version/1.1", "items": ['
    '{"title": "视频", "url": "https://feed.example.cn/j", "date_published": "2024-04-03T10:00:00Z"}]}'
)


def test_feeds_parse_rss_atom_and_json_in_local_time():
    rss = parse_feed(RSS.encode(), "rss")
    # 17:30 GMT on 31 March is 01:30 on 1 April in 新乡.
    assert [(i.title, i.published.isoformat()) for i in rss] == [
        ("第一篇", "2024-04-01T10:00:00"),
        ("第二篇", "2024-04-01T01:30:00"),
    ]
    assert parse_feed(ATOM.encode(), "atom")[0].url == "https://feed.example.cn/a"
    assert parse_feed(JSON_FEED.encode(), "json")[0].published.hour == 18
    with pytest.raises(FeedError, match="不是有效的"):
        parse_feed(b"<html", "bad")


def test_feed_from_a_loopback_server_imports_once(accounts):
    body = RSS.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
        account = NewMediaAccount.objects.get(name="新乡县环境")
        items = parse_feed(read_feed(url), url)
        assert import_feed_items(account=account, items=items) == (2, 0)
        assert import_feed_items(account=account, items=items) == (0, 2)
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(Post.objects.values_list("published_on", flat=True)) == [date(2024, 4, 1)] * 2
    with pytest.raises(FeedError, match="无法读取订阅源"):
        read_feed(url, timeout=1)


def test_check_records_findings_idempotently(accounts, tmp_path):
    import_posts(path=write(tmp_path, "posts.csv", POSTS), rejects_path=tmp_path / "r.csv")
    period = Period.quarter(2024, 2)
    report = record_findings(period=period, today=date(2024, 7, 10))
    kinds = set(Finding.objects.values_list("unit__name", "kind"))
    xiaoji = NewMediaAccount.objects.get(name="小冀微生活").pk
    old = NewMediaAccount.objects.get(name="新乡县旧号").pk
    assert ("小冀镇", f"newmedia.not_registered.{xiaoji}") in kinds
    assert ("小冀镇", f"newmedia.naming.{xiaoji}") in kinds
    assert ("小冀镇", f"newmedia.zombie.{xiaoji}") in kinds
    assert ("民政局", f"newmedia.closed_posting.{old}") in kinds
    env = next(c for c in report.accounts if c.name == "新乡县环境")
    assert (env.result.posts, env.result.weeks_short, env.result.passes) == (
        2,
        12,
        False,
    )  # the week of 1 April has its two
    count = Finding.objects.count()
    record_findings(period=period, today=date(2024, 7, 10))
    assert Finding.objects.count() == count


def test_summary_and_exact_paths_agree(accounts, tmp_path):
    """The one-row-per-account summary (default rules) and the per-week rows (prorated weeks)."""
    from dataclasses import replace

    from gongkai.newmedia.rules import load_rule_set
    from gongkai.newmedia.selectors import check_period

    import_posts(path=write(tmp_path, "posts.csv", POSTS), rejects_path=tmp_path / "r.csv")
    period = Period.quarter(2024, 2)  # whole weeks: prorating changes nothing here
    rules = load_rule_set()
    fast, exact = (
        {
            c.name: (c.result.posts, c.result.weeks_short, c.result.last_post)
            for c in check_period(period=period, today=date(2024, 7, 1), rules=r).accounts
        }
        for r in (rules, replace(rules, partial_weeks="prorate"))
    )
    assert fast == exact
    assert fast["新乡县环境"] == (2, 12, date(2024, 4, 3))
