"""网站监测 pages: the office sees the whole site, a unit's clerk only its own issues, columns
and snapshots; since-when and the trend come from the recorded sweeps; snapshots are shown as
escaped text, never rendered."""

import zlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.orgs.models import Account, Role, Unit
from gongkai.sitecheck.models import HealthRecord, Page, PageKind, Site, SiteColumn, Snapshot
from gongkai.sitecheck.services import record_health

pytestmark = pytest.mark.django_db

ROOT = "http://www.example.gov.cn/"
CHECKED = datetime(2024, 6, 30, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
HOSTILE = '<script>alert("快照")</script><a href="/fj/gone.pdf">附件</a>'


def _user(name, role, unit=None):
    user = get_user_model().objects.create_user(name, password="Lanyu-Qiao-2025")
    Account.objects.create(user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None)
    return user


def _snapshot(html: str) -> Snapshot:
    data = html.encode()
    return Snapshot.objects.create(
        content_hash=str(abs(hash(html))).rjust(64, "0"), data=zlib.compress(data), size=len(data)
    )


@pytest.fixture
def site(registry):
    """One county portal: 卫健委's 通知公告 (stale, with a dead attachment on its article) and
    人社局's 部门动态 (blank); checked on 28, 29 and 30 June, the attachment failing from the 29th."""
    owner = Unit.objects.get(name="政府办")
    wjw, rsj = Unit.objects.get(name="卫健委"), Unit.objects.get(name="人社局")
    site = Site.objects.create(root_url=ROOT, name="县政府门户网站", unit=owner)
    notices = SiteColumn.objects.create(
        site=site, url=ROOT + "tzgg/", name="通知公告", unit=wjw, update_rule="notice"
    )
    SiteColumn.objects.create(
        site=site, url=ROOT + "bmdt/", name="部门动态", unit=rsj, update_rule="news"
    )
    article = Page.objects.create(
        site=site,
        url=ROOT + "tzgg/t20231201_1.html",
        kind=PageKind.ARTICLE,
        column=notices,
        outcome="200",
        title="通知一",
        published=date(2023, 12, 1),
        snapshot=_snapshot(f"<html><body>{HOSTILE}</body></html>"),
        last_checked=CHECKED,
    )
    Page.objects.create(
        site=site,
        url=ROOT + "fj/gone.pdf",
        kind=PageKind.ATTACHMENT,
        column=notices,
        found_on=article.url,
        outcome="404",
        consecutive_failures=3,
        first_failed=CHECKED - timedelta(days=2),
        last_checked=CHECKED,
    )
    HealthRecord.objects.create(site=site, day=date(2024, 6, 28), issues=[], pages=2)
    record_health(site=site, day=date(2024, 6, 29))
    record_health(site=site, day=date(2024, 6, 30))
    return site


def _issues(response):
    return response.context["rows"]


def test_the_office_sees_every_issue_with_since_when_and_the_trend(client, site):
    client.force_login(_user("office", Role.OFFICE))
    response = client.get(reverse("site_detail", args=[site.pk]))
    assert response.status_code == 200
    rows = _issues(response)
    units = {row["unit_name"] for row in rows}
    assert {"卫健委", "人社局"} <= units
    dead = [r for r in rows if r["url"] == ROOT + "fj/gone.pdf"]
    assert len(dead) == 1 and dead[0]["group"] == "失效附件"
    # The evidence of a dead attachment is the snapshot of the page it was found on.
    article = Page.objects.get(url=ROOT + "tzgg/t20231201_1.html")
    assert (dead[0]["snapshot_page_id"], dead[0]["evidence_url"]) == (article.pk, article.url)
    assert {row["since"] for row in rows} == {date(2024, 6, 29)}  # absent from the 28th's record
    total = len(rows)
    assert response.context["health"].trend == [
        (date(2024, 6, 28), 0),
        (date(2024, 6, 29), total),
        (date(2024, 6, 30), total),
    ]
    assert [b["value"] for b in response.context["chart"]["bars"]] == [0, total, total]
    html = response.content.decode()
    assert "<caption>县政府门户网站：各次检查发现的问题数</caption>" in html


def test_a_clerk_sees_only_its_own_issues_columns_and_snapshots(client, site):
    client.force_login(_user("rsj", Role.UNIT, "人社局"))
    response = client.get(reverse("site_detail", args=[site.pk]))
    rows = _issues(response)
    rsj = Unit.objects.get(name="人社局").pk
    assert rows and {row["unit_id"] for row in rows} == {rsj}
    assert [c["name"] for c in response.context["health"].columns] == ["部门动态"]
    assert "通知公告" not in response.content.decode()
    article = Page.objects.get(url=ROOT + "tzgg/t20231201_1.html")
    snapshot = reverse("site_snapshot", args=[site.pk, article.pk])
    assert client.get(snapshot).status_code == 404  # 卫健委's page
    assert (
        client.get(reverse("site_unit", args=[Unit.objects.get(name="卫健委").pk])).status_code
        == 404
    )
    listed = client.get(reverse("site_list")).context["rows"]
    assert [(r["site"].pk, r["issues"]) for r in listed] == [(site.pk, len(rows))]


def test_a_site_without_the_clerks_columns_is_hidden(client, site):
    client.force_login(_user("jyj", Role.UNIT, "教体局"))
    assert client.get(reverse("site_detail", args=[site.pk])).status_code == 404
    assert client.get(reverse("site_list")).context["rows"] == []


def test_the_snapshot_is_shown_as_escaped_text(client, site):
    client.force_login(_user("wjw", Role.UNIT, "卫健委"))
    article = Page.objects.get(url=ROOT + "tzgg/t20231201_1.html")
    response = client.get(
        reverse("site_snapshot", args=[site.pk, article.pk]), {"mark": ROOT + "fj/gone.pdf"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(&quot;快照&quot;)&lt;/script&gt;" in html
    assert '<script>alert("快照")' not in html
    assert f"<code>{ROOT}fj/gone.pdf</code>" in html


def test_the_unit_page_lists_the_units_issues_on_each_site(client, site):
    client.force_login(_user("leader", Role.LEADER))
    wjw = Unit.objects.get(name="卫健委")
    response = client.get(reverse("site_unit", args=[wjw.pk]))
    (entry,) = response.context["sites"]
    assert entry["rows"] and {r["unit_id"] for r in entry["rows"]} == {wjw.pk}
    assert entry["health"].trend[0] == (date(2024, 6, 28), 0)
    assert "<form" not in response.content.decode().split("<main", 1)[-1]  # nothing to change


def test_the_list_reads_every_site_in_the_same_few_queries(
    client, site, django_assert_max_num_queries
):
    """Its trend and counts come from one query for all sites (a province watches thousands)."""
    client.force_login(_user("office", Role.OFFICE))
    for n in range(5):
        other = Site.objects.create(root_url=f"http://site{n}.gov.cn/", name=f"网站{n}")
        for day in range(40):  # more sweeps than the trend shows
            HealthRecord.objects.create(site=other, day=date(2024, 5, 1) + timedelta(days=day))
    Site.objects.create(root_url="http://new.gov.cn/", name="未检查的网站")
    with django_assert_max_num_queries(12):
        rows = client.get(reverse("site_list")).context["rows"]
    by_name = {row["site"].name: row for row in rows}
    assert len(by_name["网站0"]["trend"]) == 30  # the last 30 sweeps, oldest first
    assert by_name["网站0"]["trend"][-1][0] == date(2024, 6, 9)
    assert by_name["未检查的网站"]["day"] is None and by_name["未检查的网站"]["pages"] == 0
    assert by_name["县政府门户网站"]["day"] == date(2024, 6, 30)
