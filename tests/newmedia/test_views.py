"""The new-media pages with three personas: the office, the unit's own clerk, another unit's clerk."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.newmedia.models import NewMediaAccount
from gongkai.newmedia.services import import_posts, load_accounts
from gongkai.orgs.models import Account, Role, Unit

pytestmark = pytest.mark.django_db

ACCOUNTS = (
    "账号名称,平台,主办单位,是否受监管,是否备案,开通日期\n"
    "新乡县教育体育局,微信公众号,教体局,否,是,2024-01-01\n"
    "新乡县教体发布,微信公众号,教体局,否,否,2024-01-01\n"
    "新乡县人力资源和社会保障局,微信公众号,人社局,是,是,2020-01-01\n"
)


def make_user(username, role, unit=None):
    user = get_user_model().objects.create_user(username, password="pw-123456")
    Account.objects.create(user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None)
    return user


@pytest.fixture
def people(registry, tmp_path):
    (tmp_path / "a.csv").write_text(ACCOUNTS, encoding="utf-8")
    load_accounts(path=tmp_path / "a.csv")
    lines = ["账号,标题,发布时间"]
    # 教育体育局: two posts every Monday of Q2 2024, except the week of 10 June (one).
    for week in range(13):
        monday = date(2024, 4, 1) + timedelta(days=7 * week)
        lines.append(f"新乡县教育体育局,教体动态{monday},{monday}")
        if monday != date(2024, 6, 10):
            lines.append(f"新乡县教育体育局,<b>教体要闻</b>{monday},{monday} 10:00")
    lines.append("新乡县人力资源和社会保障局,人社要闻,2024-02-01")
    (tmp_path / "p.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_posts(path=tmp_path / "p.csv", rejects_path=tmp_path / "r.csv")
    return {
        "office": make_user("office", Role.OFFICE),
        "leader": make_user("leader", Role.LEADER),
        "own": make_user("jtj", Role.UNIT, "教体局"),
        "other": make_user("rsj", Role.UNIT, "人社局"),
    }


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


def test_office_sees_every_account_with_its_status(client, people):
    html = page(
        client, people["office"], "newmedia_accounts", year=2024, quarter=2
    ).content.decode()
    assert "2024年第二季度" in html
    for name in ("新乡县教育体育局", "新乡县教体发布", "新乡县人力资源和社会保障局"):
        assert name in html
    assert (
        "僵尸账号" in html
    )  # 人社局's account: last post 1 February, over 3 months before 30 June
    assert "未备案" in html
    assert "同一单位在微信公众号开设2个账号" not in html  # a unit-level Finding, not an account row


def test_leader_reads_every_account(client, people):
    html = page(
        client, people["leader"], "newmedia_accounts", year=2024, quarter=2
    ).content.decode()
    assert "新乡县人力资源和社会保障局" in html and "新乡县教体发布" in html


def test_unit_clerk_sees_only_its_own_accounts(client, people):
    html = page(client, people["own"], "newmedia_accounts", year=2024, quarter=2).content.decode()
    assert "新乡县教育体育局" in html and "新乡县教体发布" in html
    assert "新乡县人力资源和社会保障局" not in html
    other = page(client, people["other"], "newmedia_accounts", year=2024, quarter=2)
    text = other.content.decode()
    assert "新乡县人力资源和社会保障局" in text and "新乡县教育体育局" not in text


def test_account_page_has_a_weekly_chart_and_escapes_titles(client, people):
    account = NewMediaAccount.objects.get(name="新乡县教育体育局")
    response = page(client, people["own"], "newmedia_account", account.pk, year=2024, quarter=2)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<rect ") == 13  # the 13 weeks of Q2 2024
    assert html.count('fill="#c0392b"') == 1  # the week of 10 June has one post
    assert "2024-06-10 起一周：1 条" in html
    assert "<b>教体要闻</b>" not in html and "&lt;b&gt;教体要闻&lt;/b&gt;" in html


def test_another_units_clerk_gets_404(client, people):
    account = NewMediaAccount.objects.get(name="新乡县教育体育局")
    assert page(client, people["other"], "newmedia_account", account.pk).status_code == 404
    assert page(client, people["office"], "newmedia_account", account.pk).status_code == 200


def test_anonymous_is_sent_to_login(client, people):
    response = client.get(reverse("newmedia_accounts"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
