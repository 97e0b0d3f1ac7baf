"""Site-health rules, table-driven, against the bundled rule set."""

from datetime import date

import pytest

from gongkai.sitecheck.health import (
    ColumnState,
    HomepageState,
    LinkState,
    ProbeResult,
    SoftNotFoundProbe,
    availability_issues,
    column_issues,
    homepage_issues,
    link_issues,
    load_rules,
    months_before,
    soft_404_issues,
    transport_issues,
)

RULES = load_rules()
TODAY = date(2024, 6, 30)


def column(name, rule, latest, items=1, unit=1):
    return ColumnState(1, unit, name, f"http://a.gov.cn/{name}/", rule, latest, items)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (column("动态", "news", date(2024, 6, 16)), []),  # exactly 2 weeks: still updated
        (column("动态", "news", date(2024, 6, 15)), ["column.stale"]),
        (column("通知公告", "notice", date(2023, 12, 30)), []),  # exactly 6 months
        (column("通知公告", "notice", date(2023, 12, 29)), ["column.stale"]),
        (column("政策文件", "notice", date(2023, 6, 29)), ["column.long_stale", "column.stale"]),
        (column("机构概况", "none", date(2020, 1, 1)), ["column.long_stale"]),
        (column("机构概况", "none", date(2023, 6, 30)), []),
        (column("空栏目", "news", None, items=0), ["column.blank"]),
        (column("无日期", "news", None, items=3), ["column.long_stale", "column.stale"]),
    ],
)
def test_column_rules(state, expected):
    assert [issue.rule for issue in column_issues([state], RULES, TODAY)] == expected


def test_veto_counts_at_the_thresholds():
    stale = [column(f"动态{i}", "news", date(2024, 1, 1)) for i in range(4)]
    assert not [i for i in column_issues(stale, RULES, TODAY) if i.rule.startswith("veto")]
    stale.append(column("通知公告", "notice", date(2023, 10, 1)))
    vetoes = [i for i in column_issues(stale, RULES, TODAY) if i.severity == "veto"]
    assert [(i.rule, i.evidence["count"]) for i in vetoes] == [("veto.stale_columns", 5)]
    blank = [column(f"空{i}", "none", None, items=0) for i in range(5)]
    long_stale = [column(f"旧{i}", "none", date(2022, 1, 1)) for i in range(10)]
    rules = {
        i.rule for i in column_issues(blank + long_stale, RULES, TODAY) if i.severity == "veto"
    }
    assert rules == {"veto.blank_columns", "veto.long_stale_columns"}


def test_months_before_clamps_to_month_end():
    assert months_before(date(2024, 8, 31), 6) == date(2024, 2, 29)
    assert months_before(date(2024, 1, 15), 1) == date(2023, 12, 15)


def home(newest, unchanged=None, site_id="4107210001", icp="豫ICP备1号", conac=True):
    return HomepageState("http://a.gov.cn/", newest, unchanged, site_id, icp, conac)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (home(date(2024, 6, 20)), []),
        (home(date(2024, 6, 1)), ["homepage.not_updated"]),
        (home(None), ["homepage.not_updated"]),
        (home(date(2024, 6, 20), unchanged=date(2024, 6, 1)), ["homepage.unchanged"]),
        (home(date(2024, 6, 20), unchanged=date(2024, 6, 20)), []),
        (
            home(date(2024, 6, 20), site_id="", icp="", conac=False),
            ["homepage.missing_site_id", "homepage.missing_icp", "homepage.missing_conac"],
        ),
    ],
)
def test_homepage_rules(state, expected):
    assert [issue.rule for issue in homepage_issues(state, RULES, TODAY)] == expected


def test_dead_links_need_consecutive_failures():
    def link(failures, attachment=False):
        return LinkState(
            "http://a.gov.cn/x.pdf" if attachment else "http://a.gov.cn/x.htm",
            "http://a.gov.cn/list.htm",
            7,
            attachment,
            "404",
            failures,
            date(2024, 6, 1),
            date(2024, 6, 3),
        )

    assert RULES.dead_link_failures == 3
    assert link_issues([link(2), link(2, True)], RULES) == []
    found = link_issues([link(3), link(4, True)], RULES)
    assert [(i.rule, i.unit_id, i.evidence["first_seen"]) for i in found] == [
        ("link.dead", 7, "2024-06-01"),
        ("attachment.dead", 7, "2024-06-01"),
    ]


def test_soft_404():
    probes = [
        SoftNotFoundProbe("http://a.gov.cn/zz1/", 404, None, "http://a.gov.cn/"),
        SoftNotFoundProbe("http://b.gov.cn/zz2/", 200, "http://b.gov.cn/", "http://b.gov.cn/"),
    ]
    assert [i.url for i in soft_404_issues(probes, RULES)] == ["http://b.gov.cn/zz2/"]


@pytest.mark.parametrize(
    ("failed", "slow", "expected"),
    [(0, 0, []), (0, 0, []), (1, 0, ["site.unreachable"]), (0, 1, ["site.unreachable"])],
)
def test_availability_five_percent_of_twenty_probes(failed, slow, expected):
    probes = [ProbeResult(True, 1.0)] * (20 - failed - slow)
    probes += [ProbeResult(False, None)] * failed + [ProbeResult(True, 15.5)] * slow
    assert [i.rule for i in availability_issues("http://a.gov.cn/", probes, RULES)] == expected
    assert availability_issues("http://a.gov.cn/", probes[:19], RULES) == []


def test_https_and_ipv6_with_a_resolver_stub():
    aaaa = {"v6.gov.cn": ["2001:db8::1"], "dark.gov.cn": ["2001:db8::2"], "v4.gov.cn": []}

    def check(url, host):
        issues = transport_issues(
            url, host, RULES, resolve_aaaa=aaaa.__getitem__, connect=lambda a: a == "2001:db8::1"
        )
        return [i.rule for i in issues]

    assert check("https://v6.gov.cn/", "v6.gov.cn") == []
    assert check("http://v6.gov.cn/", "v6.gov.cn") == ["site.no_https"]
    assert check("https://v4.gov.cn/", "v4.gov.cn") == ["site.no_ipv6"]
    assert check("https://dark.gov.cn/", "dark.gov.cn") == ["site.no_ipv6"]
