"""The 2024 Q2 bulletin's new-media paragraph and 附件3 (001_…), reproduced from the bundled posts.

The expected rows and paragraph are read from the seed text as printed (tests/golden), never from
the generator's own figures; the sample's planted faults show up as Findings and scores.
"""

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction

from gongkai.assessment.selectors import run_results
from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.newmedia.capability import activity
from gongkai.newmedia.models import NewMediaAccount
from gongkai.newmedia.sample import load_demo
from gongkai.orgs.services import load_registry
from gongkai.periods import Period
from gongkai.reports.bulletin_services import bulletin_for
from gongkai.sample.generator import SAMPLE_DIR
from gongkai.standards.services import load_bundled_standards

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SEED = Path(__file__).parents[1] / "golden" / "xinxiang_2024_q2_newmedia.txt"


def plain(text: str) -> str:
    """Widths, spaces (the seed's line breaks) and quote styles set aside."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"')
    return "".join(text.split())


def seed_header() -> list[str]:
    line = next(x for x in SEED.read_text(encoding="utf-8").splitlines() if x.startswith("序号"))
    return [plain(c) for c in line.split("\t")]


def seed_rows() -> list[list[str]]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("序号"))
    rows = []
    for line in lines[start + 1 :]:
        cells = line.split("\t")
        if len(cells) == 4 and cells[0].strip().isdigit():
            rows.append([plain(c) for c in cells])
    return rows


def seed_paragraph() -> tuple[str, str]:
    line = next(
        line
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if "政务新媒体维护情况" in line
    )
    lead, text = re.match(r"-\s*(\(三\)政务新媒体维护情况:)(.*)", line).groups()
    return plain(lead), plain(text)


@pytest.fixture(scope="module")
def quarter(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's accounts and posts, the Q2 2024 run and bulletin (as plain data), rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_registry(path=SAMPLE_DIR / "registry.yaml")
        load_bundled_standards()
        load_demo(out=tmp_path_factory.mktemp("newmedia"))
        load_bundled_schemes()
        run = run_assessment(
            scheme_name="xinxiang-county", year=2024, quarter=2, today=date(2026, 11, 22)
        )
        made = {
            "inputs": run.inputs,
            "results": run_results(run),
            "bulletin": bulletin_for(run, kind="quarterly", dated=date(2024, 7, 10)),
            "table": activity(period=Period.quarter(2024, 2))["table"],
            "supervised": NewMediaAccount.objects.filter(supervised=True).count(),
        }
        transaction.set_rollback(True)
    return made


def test_annex_3_rows_from_the_bundled_posts(quarter):
    expected = seed_rows()
    assert len(expected) == 6  # the parser found the table
    table = quarter["table"]
    assert [[plain(c) for c in row] for row in table["rows"]] == expected
    assert [plain(h) for h in table["headers"]] == seed_header()


def test_bulletin_paragraph_and_attachment_3(quarter):
    bulletin = quarter["bulletin"]
    lead, text = seed_paragraph()
    block = next(b for b in bulletin.blocks if "政务新媒体维护情况" in b.lead)
    assert (plain(block.lead), plain(block.text)) == (lead, text)
    assert "859" in text  # the seed's total, as printed
    assert not any("政务新媒体" in p for p in bulletin.placeholders())
    annex = bulletin.tables[-1]
    assert annex.attachment == "附件3"
    assert annex.title == "2024年第二季度全县政务新媒体检查情况"
    assert [[plain(c) for c in row] for row in annex.rows] == seed_rows()


def test_planted_faults_are_findings_and_cost_points(quarter):
    inputs = quarter["inputs"]
    by_unit: dict[str, set[str]] = {}
    names = {u["id"]: u["name"] for u in inputs["units"]}
    for finding in inputs["findings"]:
        if finding["kind"].startswith("newmedia."):
            rule = finding["kind"].split(".")[1]
            by_unit.setdefault(names[finding["unit_id"]], set()).add(rule)
    assert by_unit == {
        "卫健委": {"zombie", "weekly_updates"},  # silent since 20 February
        "文旅局": {"not_registered"},
        "小冀镇": {"naming"},
        "教体局": {"duplicate_platform", "weekly_updates"},  # the second account posts once a week
    }
    lines = {r["unit"]: {line["code"]: line for line in r["lines"]} for r in quarter["results"]}
    assert lines["卫健委"]["5.1"]["lost"] == "4"  # two Findings, 2 points each
    assert lines["文旅局"]["5.2"]["lost"] == "1"
    assert lines["生态环境分局"]["5.1"]["lost"] == "0"
    assert quarter["supervised"] == 6
