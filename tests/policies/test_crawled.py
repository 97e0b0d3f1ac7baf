"""Policy documents and interpretations found by the site monitor become register entries."""

import zlib
from datetime import date

import pytest

from gongkai.calendar.core import library_calendar
from gongkai.orgs.models import Unit
from gongkai.policies.models import Interpretation, PolicyDocument
from gongkai.policies.selectors import checks_of_year
from gongkai.policies.services import confirm_interpretation, import_crawled
from gongkai.sitecheck.models import Link, Page, PageKind, Site, SiteColumn, Snapshot
from tests.conftest import run_gongkai

pytestmark = pytest.mark.django_db

ROOT = "http://www.xinxiang.example.gov.cn/"
DOC_URL = ROOT + "zcwj/202503/t20250310_1.htm"
NEW_DOC_URL = ROOT + "zcwj/202504/t20250402_2.htm"
INTERP_URL = ROOT + "zcjd/202503/t20250312_3.htm"


def _article(site, column, url, title, day, body, links=(), html=""):
    snapshot = None
    if html:
        data = html.encode("utf-8")
        snapshot = Snapshot.objects.create(
            content_hash=url, data=zlib.compress(data), size=len(data)
        )
    page = Page.objects.create(
        site=site,
        url=url,
        kind=PageKind.ARTICLE,
        column=column,
        outcome="200",
        title=title,
        published=day,
        body_text=body,
        snapshot=snapshot,
    )
    for link in links:
        Link.objects.create(page=page, url=link)
    return page


@pytest.fixture
def crawled(registry):
    unit = Unit.objects.get(name="人社局")
    site = Site.objects.create(root_url=ROOT, allowed_hosts=["www.xinxiang.example.gov.cn"])
    documents = SiteColumn.objects.create(site=site, url=ROOT + "zcwj/", name="政策文件", unit=unit)
    interpretations = SiteColumn.objects.create(
        site=site, url=ROOT + "zcjd/", name="政策解读", unit=unit
    )
    news = SiteColumn.objects.create(site=site, url=ROOT + "bmdt/", name="部门动态", unit=unit)
    # Already in the register from an import, without an address: matched by its 文号.
    PolicyDocument.objects.create(
        key="新人社〔2025〕3号",
        kind="行政规范性文件",
        title="新乡县就业创业补贴管理办法",
        number="新人社〔2025〕3号",
        unit=unit,
        published_on=date(2025, 3, 10),
    )
    _article(
        site,
        documents,
        DOC_URL,
        "新乡县就业创业补贴管理办法",
        date(2025, 3, 10),
        "新人社〔2025〕3号\n第一条 为促进就业创业……",
        links=[INTERP_URL],
    )
    _article(
        site,
        documents,
        NEW_DOC_URL,
        "新乡县公益性岗位管理办法",
        date(2025, 4, 2),
        "新人社〔2025〕5号\n第一条 为规范公益性岗位管理……",
    )
    _article(
        site,
        interpretations,
        INTERP_URL,
        "《新乡县就业创业补贴管理办法》政策解读",
        date(2025, 3, 12),
        "根据《新人社〔2025〕3号》……一图读懂",
        links=[ROOT],  # does not link back to the document
        html="<h1>政策解读</h1><p>一图读懂就业补贴</p><img alt='一图读懂' src='a.png'>",
    )
    _article(
        site, news, ROOT + "bmdt/202503/t20250301_9.htm", "人社局召开会议", date(2025, 3, 1), ""
    )
    return unit


def test_crawled_pages_join_the_register_without_duplicates(crawled):
    first = import_crawled(year=2025)
    assert (first.documents_new, first.documents_matched) == (1, 1)
    assert (first.interpretations_new, first.interpretations_matched) == (1, 0)
    again = import_crawled(year=2025)  # a second pass matches everything it added
    assert (again.documents_new, again.interpretations_new) == (0, 0)
    assert PolicyDocument.objects.count() == 2 and Interpretation.objects.count() == 1
    imported = PolicyDocument.objects.get(number="新人社〔2025〕3号")
    assert imported.kind == "行政规范性文件" and imported.source == "import"  # the register rules
    assert imported.url == DOC_URL and imported.links == [INTERP_URL]
    new = PolicyDocument.objects.get(number="新人社〔2025〕5号")
    assert new.source == "crawl" and new.unit == crawled and new.published_on == date(2025, 4, 2)
    interpretation = Interpretation.objects.get()
    assert interpretation.proposed_document == imported and interpretation.document is None
    assert "图解" in interpretation.forms
    assert not PolicyDocument.objects.filter(title="人社局召开会议").exists()  # not a policy column


def test_links_seen_by_the_crawl_feed_the_both_way_check(crawled):
    import_crawled(year=2025)
    document = PolicyDocument.objects.get(number="新人社〔2025〕3号")
    confirm_interpretation(interpretation=Interpretation.objects.get(), document=document)
    results = dict(checks_of_year(2025, library_calendar()))
    problems = {p.kind.split(".")[1]: p.message for p in results[document].problems}
    assert problems["one_way_link"].endswith("未双关联：解读页未链接文件")


def test_import_crawl_command(crawled):
    done = run_gongkai("policy", "import-crawl", "--year", "2025")
    assert done.returncode == 0, done.stderr
    assert "新登记 1 件，与登记簿合并 1 件" in done.stdout
