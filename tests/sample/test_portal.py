"""The sample portal served on loopback and crawled as the demo does: every planted fault is found
at its exact address, and the statistics tables are the same whether the sample county's items
arrive by export, by crawl, or both."""

import json
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction

from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.orgs.registry import read_registry
from gongkai.orgs.services import load_registry
from gongkai.periods import Period
from gongkai.publishing.models import Publication
from gongkai.publishing.services import import_publications
from gongkai.reports.bulletin_services import bulletin_for
from gongkai.sample.generator import SAMPLE_DIR, generate
from gongkai.sample.portal import GRASSROOTS_AREAS
from gongkai.sample.portal_crawl import crawl_sample_portal
from gongkai.sitecheck import grassroots
from gongkai.sitecheck.capability import columns_sentence
from gongkai.sitecheck.models import Page, Site
from gongkai.sitecheck.selectors import site_issues
from gongkai.standards.presenters import row_json
from gongkai.standards.services import compute_statistics, load_bundled_standards
from gongkai.standards.statistics import header_labels
from gongkai.web.management.commands.sample import write_sample_files

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.one_database]

END_OF_Q2 = date(2024, 6, 30)
PERIODS = {"2023": (Period.year(2023), "year"), "2024Q2": (Period.quarter(2024, 2), "quarter")}


def _tables() -> dict[str, list[dict]]:
    """Every statistics row of both periods, as the CLI's JSON shows them (without database ids)."""
    tables = {}
    for name, (period, kind) in PERIODS.items():
        result = compute_statistics(period=period, period_kind=kind, record_findings=False)
        headers = header_labels(result.standard, "")
        tables[name] = [
            {k: v for k, v in row_json(row, result.standard, headers).items() if k != "unit_id"}
            for table in result.tables
            for row in table.rows
        ]
    return tables


def _import_exports(directory) -> list:
    return [
        import_publications(path=path, rejects_path=directory / f"{path.stem}.rejects.csv")
        for path in write_sample_files(directory)
    ]


def _issues(site: Site) -> list[tuple[str, str]]:
    return sorted((issue.rule, issue.message) for issue in site_issues(site, END_OF_Q2))


def _in_a_rolled_back_transaction(blocker, work):
    with blocker.unblock(), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, f"not a test database: {name}"
        load_registry(path=SAMPLE_DIR / "registry.yaml")
        load_bundled_standards()
        result = work()
        transaction.set_rollback(True)
    return result


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker, tmp_path_factory):
    """The statistics from the export files alone."""
    directory = tmp_path_factory.mktemp("exports")
    return _in_a_rolled_back_transaction(
        django_db_blocker, lambda: (_import_exports(directory), _tables())[1]
    )


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker, tmp_path_factory):
    """One crawl of the portal (as `gongkai demo` does it): what it found, its statistics, and the
    statistics after the export files were imported on top."""
    directory = tmp_path_factory.mktemp("portal")

    def work():
        lines, server = crawl_sample_portal(directory)
        try:
            portal, township = Site.objects.order_by("id")
            state = {
                "lines": lines,
                "root": portal.root_url,
                "township_root": township.root_url,
                "planted": _planted(directory),
                "portal": site_issues(portal, END_OF_Q2),
                "township": site_issues(township, END_OF_Q2),
                "crawl_tables": _tables(),
                "grassroots_sentence": grassroots.sentence(site_issues(portal, END_OF_Q2)),
                "columns_sentence": columns_sentence(site_issues(portal, END_OF_Q2)),
                "crawled_publications": Publication.objects.count(),
                "gbk_titles": _titles(portal, _planted(directory)["gbk_articles"]),
                "nights": {
                    record.day: record.issues for record in portal.health_records.order_by("day")
                },
            }
            state["imports"] = _import_exports(directory / "exports")
            state["both_tables"] = _tables()
            state["both_publications"] = Publication.objects.count()
            load_bundled_schemes()
            run = run_assessment(
                scheme_name="xinxiang-county", year=2024, quarter=2, today=date(2026, 12, 1)
            )
            bulletin = bulletin_for(run, kind="quarterly", dated=date(2024, 7, 10))
            state["quarterly_text"] = bulletin.text()
            state["lines"] = {
                result.unit_name: {
                    line["code"]: line
                    for line in result.detail["lines"]
                    if line["code"] in ("2.1", "2.3")
                }
                for result in run.results.all()
            }
            state["quarterly_placeholders"] = bulletin.placeholders()
        finally:
            server.close()
        return state

    return _in_a_rolled_back_transaction(django_db_blocker, work)


def _planted(directory) -> dict:
    return json.loads((directory / "planted.json").read_text(encoding="utf-8"))


def _titles(site: Site, paths: list[str]) -> dict[str, str]:
    urls = [site.root_url.rstrip("/") + path for path in paths]
    return dict(Page.objects.filter(site=site, url__in=urls).values_list("url", "title"))


def _urls(issues, rule: str) -> set[str]:
    return {issue.url for issue in issues if issue.rule == rule}


def _paths(root: str, paths) -> set[str]:
    return {root.rstrip("/") + path for path in paths}


def test_crawl_and_export_give_the_same_statistics_tables(exported, crawled):
    for period in PERIODS:
        assert exported[period], period
        assert crawled["crawl_tables"][period] == exported[period], period


def test_export_imported_after_the_crawl_adds_nothing_and_counts_nothing_twice(exported, crawled):
    assert sum(result.imported for result in crawled["imports"]) == 0
    assert crawled["both_publications"] == crawled["crawled_publications"]
    for period in PERIODS:
        assert crawled["both_tables"][period] == exported[period], period


def test_every_planted_dead_link_and_attachment_is_found_and_nothing_else(crawled):
    planted, root = crawled["planted"], crawled["root"]
    assert planted["dead_links"] and planted["dead_attachments"]
    assert _urls(crawled["portal"], "link.dead") == _paths(root, planted["dead_links"])
    assert _urls(crawled["portal"], "attachment.dead") == _paths(root, planted["dead_attachments"])


def _expected_columns(planted: dict, root: str) -> dict[str, set[str]]:
    """From the portal's own record of every column: blank, over its rule at the end of Q2
    (动态 2 weeks, 通知公告 6 months), over 12 months."""
    limits = {"news": date(2024, 6, 16), "notice": date(2023, 12, 30)}
    expected: dict[str, set[str]] = {"blank": set(), "stale": set(), "long_stale": set()}
    for path, column in planted["columns"].items():
        url = root.rstrip("/") + path
        if column["area"]:  # judged by the 基层政务公开 catalogue instead
            continue
        if column["newest"] is None:
            expected["blank"].add(url)
            continue
        newest = date.fromisoformat(column["newest"])
        if column["rule"] in limits and newest < limits[column["rule"]]:
            expected["stale"].add(url)
        if newest < date(2023, 6, 30):
            expected["long_stale"].add(url)
    return expected


def test_blank_and_stale_columns_are_the_planted_ones(crawled):
    planted, issues = crawled["planted"], crawled["portal"]
    expected = _expected_columns(planted, crawled["root"])
    for kind in ("blank", "stale", "long_stale"):
        # 重点领域 columns carry their own rule names (they score 2.3 rather than 2.1).
        found = _urls(issues, f"column.{kind}") | _urls(issues, f"key_area.{kind}")
        assert found == expected[kind], kind
    labels = {c["label"]: path for path, c in planted["columns"].items()}
    planted_blank = {labels[label] for label in planted["blank_columns"]}
    assert _paths(crawled["root"], planted_blank) <= expected["blank"]
    assert len(expected["stale"]) >= 2 and expected["long_stale"]


def _expected_areas(planted: dict) -> set[tuple[str, str]]:
    expected = {("grassroots.no_owner", area) for area in planted["grassroots_without_owner"]}
    for area, newest in planted["grassroots_latest"].items():
        if newest is None:
            expected.add(("grassroots.blank", area))
        elif date.fromisoformat(newest) < date(2024, 3, 30):  # 3 months before 30 June
            old = date.fromisoformat(newest).year < 2024
            expected.add(("grassroots.not_updated" if old else "grassroots.stale", area))
    return expected


def test_grassroots_catalogue_faults_are_the_planted_ones(crawled):
    found = {
        (issue.rule, issue.evidence["area"])
        for issue in crawled["portal"]
        if issue.rule.startswith("grassroots.")
    }
    assert len(crawled["planted"]["grassroots_latest"]) == 26  # every area of the catalogue
    assert found == _expected_areas(crawled["planted"])
    assert crawled["grassroots_sentence"] == (
        "基层政务公开中的重大建设项目栏目2023—2024年仍未更新；义务教育栏目仅更新至2024年1月；"
        "社会救助栏目为空白栏目；安全生产栏目中基层政务公开标准目录仍未明确公开主体名称"
    )


def test_quarterly_bulletin_names_the_grassroots_columns_instead_of_a_placeholder(crawled):
    assert (
        "三是基层政务公开栏目未按照省、市相关要求更新、整改。例如："
        + crawled["grassroots_sentence"]
        + "。"
    ) in crawled["quarterly_text"]
    assert not any("未更新栏目" in p for p in crawled["quarterly_placeholders"])


def _column_faults(planted: dict, root: str) -> dict[str, dict[str, int]]:
    """Per unit: faults of its statutory columns and catalogue areas (2.1), of its key-area columns
    (2.3), from the portal's own record and the planted areas."""
    expected = _expected_columns(planted, root)
    faults: dict[str, dict[str, int]] = {}
    for path, column in planted["columns"].items():
        url = root.rstrip("/") + path
        code = "2.3" if column["category"] == "key_area" and not column["area"] else "2.1"
        count = sum(url in expected[kind] for kind in expected)
        unit = faults.setdefault(column["unit"], {"2.1": 0, "2.3": 0})
        unit[code] += count
    areas = dict((area, unit) for area, unit, *_ in GRASSROOTS_AREAS)
    for _rule, area in _expected_areas(planted):
        faults.setdefault(areas[area], {"2.1": 0, "2.3": 0})["2.1"] += 1
    return faults


def test_indicators_2_1_and_2_3_deduct_for_each_units_site_findings(crawled):
    faults = _column_faults(crawled["planted"], crawled["root"])
    assert sum(f["2.1"] for f in faults.values()) >= 8 and sum(f["2.3"] for f in faults.values())
    for unit, lines in crawled["lines"].items():
        counts = faults.get(unit, {"2.1": 0, "2.3": 0})
        for code, per, points in (("2.1", 2, 10), ("2.3", 2.5, 5)):
            line = lines[code]
            assert line["source"] == "auto", (unit, code, line["reason"])
            assert len(line["finding_ids"]) == counts[code], (unit, code, line["reason"])
            assert float(line["earned"]) == max(0, points - per * counts[code]), (unit, code)
    assert "义务教育" in crawled["lines"]["教体局"]["2.1"]["reason"]


def test_columns_sentence_names_each_planted_blank_column_by_unit(crawled):
    blank_clause = next(
        clause for clause in crawled["columns_sentence"].split("；") if "为空白栏目" in clause
    )
    for label in crawled["planted"]["blank_columns"]:  # e.g. 民政局通知公告
        assert f"{label[:-4]}“{label[-4:]}”" in blank_clause
    assert "住建局“通知公告”" in crawled["columns_sentence"]  # the planted stale column


def test_homepage_left_unchanged_is_reported_with_its_newest_date(crawled):
    stale = [issue for issue in crawled["portal"] if issue.rule == "homepage.not_updated"]
    assert len(stale) == 1
    assert crawled["planted"]["homepage_newest"] in stale[0].message
    assert not {i.rule for i in crawled["portal"]} & {
        "homepage.missing_site_id",
        "homepage.missing_icp",
        "homepage.missing_conac",
        "site.soft_404",
    }


def test_township_site_soft_404_and_missing_marks(crawled):
    rules = {issue.rule for issue in crawled["township"]}
    assert "site.soft_404" in rules
    assert {"homepage.missing_icp", "homepage.missing_conac"} <= rules
    assert "homepage.missing_site_id" not in rules


def test_gbk_articles_are_read_exactly(crawled):
    planted = crawled["planted"]
    assert len(planted["gbk_articles"]) > 100
    registry = read_registry(SAMPLE_DIR / "registry.yaml")
    expected = {urlsplit(item.url).path: item.title for item in generate(registry, seed=20240304)}
    root = crawled["root"].rstrip("/")
    assert crawled["gbk_titles"] == {
        root + path: expected[path] for path in planted["gbk_articles"]
    }


def test_each_night_is_recorded_and_dead_links_count_from_the_third_failure(crawled):
    """The demo crawls three nights; a dead link is confirmed on its third consecutive failure
    (rules-2019.yaml), so the trend shows none on the first two nights and all on the third."""
    nights = crawled["nights"]
    assert sorted(nights) == [date(2024, 6, 28), date(2024, 6, 29), date(2024, 6, 30)]
    planted, root = crawled["planted"], crawled["root"]
    dead = _paths(root, planted["dead_links"] + planted["dead_attachments"])
    found = {
        day: {i["url"] for i in issues if i["rule"] in ("link.dead", "attachment.dead")}
        for day, issues in nights.items()
    }
    assert found == {date(2024, 6, 28): set(), date(2024, 6, 29): set(), date(2024, 6, 30): dead}
    # The loopback portal is plain HTTP with no AAAA record: both reported, on every night.
    for issues in nights.values():
        assert {"site.no_https", "site.no_ipv6"} <= {i["rule"] for i in issues}
