"""Indicators 2.2, 3.1 and 3.2 scored from the policy Findings, and the bulletin's paragraph."""

from datetime import date
from decimal import Decimal

import pytest

from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.findings.models import Finding
from gongkai.orgs.models import Unit
from gongkai.policies.demo import load_demo
from gongkai.reports.bulletin_services import bulletin_for, ledger_table, reminder_letters

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def run(registry, tmp_path):
    load_demo(directory=tmp_path, today=date(2025, 12, 31))
    load_bundled_schemes()
    return run_assessment(scheme_name="xinxiang-county", year=2025, today=date(2025, 12, 31))


def lines_of(run, unit_name):
    result = run.results.get(unit=Unit.objects.get(name=unit_name))
    return {line["code"]: line for line in result.detail["lines"]}


def test_indicators_from_findings(run):
    expected = {
        # unit: (2.2 lost, 3.1 lost, 3.2 lost)
        "城管局": ("2.5", "0", "0"),
        "交通局": ("2.5", "0", "0"),
        "人社局": ("0", "2", "0"),
        "住建局": ("0", "2", "0"),
        "农业农村局": ("0", "2", "0"),
        "民政局": ("0", "0", "2"),  # copied, and so too few elements
        "教体局": ("0", "0", "1"),
        "医保局": ("0", "0", "1"),
        "自然资源局": ("0", "0", "0"),
        "卫健委": ("0", "0", "0"),
    }
    for unit, lost in expected.items():
        lines = lines_of(run, unit)
        assert tuple(Decimal(lines[c]["lost"]) for c in ("2.2", "3.1", "3.2")) == tuple(
            Decimal(v) for v in lost
        ), unit
        assert {lines[c]["source"] for c in ("2.2", "3.1", "3.2")} == {"auto"}


def test_annual_bulletin_names_units_and_documents(run):
    bulletin = bulletin_for(run, kind="annual", dated=date(2026, 3, 4))
    text = "\n".join(b.text for b in bulletin.blocks)
    for expected in (
        "重大行政决策预公开不全面，交通局“县城公交线网优化”未公开征求意见",
        "城管局“新乡县城区停车收费调整方案（征求意见稿）”征求意见期限不足且未说明理由",
        "住建局《新乡县住宅专项维修资金管理办法》未发布政策解读",
        "人社局《新乡县就业见习管理办法》的解读晚于文件发布超过3个工作日",
        "农业农村局起草的《新乡县高标准农田建设管护办法》未由起草单位解读",
        "医保局《新乡县门诊慢特病管理办法》与解读未双关联",
        "民政局《新乡县临时救助实施细则》的解读内容与政策文件内容差别不大",
    ):
        assert expected in text, expected
    assert not any("政策解读" in p for p in bulletin.placeholders())


# Each planted case of the sample register, by the unit it belongs to and the words its Finding uses.
PLANTED_IN_LETTERS = {
    "住建局": "《新乡县住宅专项维修资金管理办法》",  # no interpretation
    "人社局": "《新乡县就业见习管理办法》",  # interpreted late across a holiday
    "农业农村局": "《新乡县高标准农田建设管护办法》",  # interpreted by another unit
    "民政局": "《新乡县临时救助实施细则》",  # copied the document
    "医保局": "《新乡县门诊慢特病管理办法》",  # linked one way only
    "交通局": "县城公交线网优化",  # a decision never consulted on
    "城管局": "新乡县城区停车收费调整方案",  # consulted for too few days
}


def test_reminder_letters_and_the_ledger_carry_the_policy_findings(run):
    policy_findings = Finding.objects.filter(source__startswith="policies:").select_related("unit")
    assert policy_findings.exists()
    letters = {letter.unit: letter for letter in reminder_letters(run, dated=date(2026, 3, 4))}
    ledger = ledger_table(run).rows
    for unit, words in PLANTED_IN_LETTERS.items():
        ids = {f.pk for f in policy_findings if f.unit.name == unit and words in f.message}
        assert ids, f"{unit}: no policy Finding naming {words}"
        letter = letters[unit]
        assert ids <= set(letter.finding_ids), unit
        assert any(words in paragraph for paragraph in letter.paragraphs), unit
        assert any(row[1] == unit and words in row[2] for row in ledger), unit
    # A unit whose register is clean gets no policy paragraph.
    clean = letters.get("自然资源局")
    assert clean is None or not any("解读" in p for p in clean.paragraphs)
