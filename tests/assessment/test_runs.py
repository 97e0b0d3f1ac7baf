"""Frozen runs over the sample county: determinism, comparison, and the seed's problem lists."""

from datetime import date
from decimal import Decimal

import pytest

from gongkai.assessment.compare import compare_results
from gongkai.assessment.models import ManualScore
from gongkai.assessment.scheme import SchemeError
from gongkai.assessment.selectors import run_results
from gongkai.assessment.services import (
    load_bundled_schemes,
    rescore,
    run_assessment,
    set_exemption,
    set_manual_score,
)
from gongkai.orgs.models import Unit
from gongkai.reports.bulletin_services import run_data
from gongkai.reports.bulletins import problem_selection, select_units

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)
SCHEME = "xinxiang-county"


@pytest.fixture(scope="module")
def runs(sample_county_snapshot):
    def compute():
        load_bundled_schemes()
        first = run_assessment(scheme_name=SCHEME, year=2023, today=TODAY)
        second = run_assessment(scheme_name=SCHEME, year=2023, today=TODAY)
        unit = Unit.objects.get(name="教体局")
        set_manual_score(
            scheme_name=SCHEME,
            year=2023,
            quarter=None,
            unit=unit,
            code="1.4",
            value=Decimal(2),
            evidence="内容逻辑不通",
            reviewer="政务公开办",
        )
        set_manual_score(
            scheme_name=SCHEME,
            year=2023,
            quarter=None,
            unit=unit,
            code="1.4",
            value=Decimal(3),
            evidence="内容逻辑不通、未按要求排版",
            reviewer="政务公开办",
        )
        errors = []
        for code, value in (("1.1", 1), ("1.4", 6)):
            try:
                set_manual_score(
                    scheme_name=SCHEME,
                    year=2023,
                    quarter=None,
                    unit=unit,
                    code=code,
                    value=Decimal(value),
                    evidence="x",
                    reviewer="y",
                )
            except SchemeError as exc:
                errors.append(str(exc))
        set_exemption(
            scheme_name=SCHEME,
            year=2023,
            quarter=None,
            unit=Unit.objects.get(name="税务局"),
            code="1.3",
            reason="垂直管理单位，信息公开由上级统一发布",
            approved_by="县政府办",
        )
        third = run_assessment(scheme_name=SCHEME, year=2023, today=TODAY)
        quarter = run_assessment(scheme_name=SCHEME, year=2024, quarter=2, today=TODAY)
        history = ManualScore.history.filter(unit=unit, code="1.4").count()
        data = run_data(first)
        return {
            "digests": (first.digest, second.digest, third.digest),
            "first": run_results(first),
            "second": run_results(second),
            "third": run_results(third),
            "rescored": rescore(first),
            "inputs": first.inputs,
            "quarter_inputs": quarter.inputs,
            "quarter_scheme_year": quarter.scheme_year,
            "errors": errors,
            "history": history,
            "data": data,
        }

    return sample_county_snapshot(compute)


def test_same_inputs_same_digest_and_scores(runs):
    first, second, third = runs["digests"]
    assert first == second and third != first
    assert runs["first"] == runs["second"] == runs["rescored"]


def test_run_covers_every_unit_of_the_2023_tables_in_their_order(runs):
    tables = runs["inputs"]["statistics"]["tables"]
    assert [t["group"] for t in tables] == ["乡镇", "部门"]
    names = [row["unit"] for t in tables for row in t["rows"]]
    assert [u["name"] for u in runs["inputs"]["units"]] == names
    assert len(names) == 8 + 35


def test_every_point_lost_is_explained(runs):
    for result in runs["first"]:
        # Manual indicators nobody scored are left out and the rest rescaled to 100 (the
        # scheme's default): the points lost are those of the indicators that count.
        counted = [line for line in result["lines"] if line["counted"]]
        maximum = sum(Decimal(line["max"]) for line in counted)
        lost = sum(Decimal(line["lost"]) for line in counted)
        expected = ((maximum - lost) * 100 / maximum).quantize(Decimal("0.01"))
        assert Decimal(result["score"]) == expected
        assert result["pending"] == len(result["lines"]) - len(counted) > 0
        for line in result["lines"]:
            if line["lost"] != "0" and line["source"] == "auto":
                assert line["reason"], (result["unit"], line)
    road = next(r for r in runs["first"] if r["unit"] == "公路事业发展中心")
    months = next(line for line in road["lines"] if line["code"] == "1.1")
    assert months["earned"] == "1.5" and "9×1.5分" in months["reason"]
    assert "1、5、6、7、8、9、10、11、12月未更新" in months["reason"]
    assert months["finding_ids"], "the 0-month Finding behind the loss is linked"


def test_comparison_names_the_manual_score_and_the_exemption(runs):
    moves = {m.unit: m for m in compare_results(runs["first"], runs["third"])}
    assert {"教体局", "税务局"} <= set(moves)
    education = moves["教体局"]
    assert [(c.code, c.before, c.after) for c in education.changes] == [("1.4", "未评分", "3")]
    assert "内容逻辑不通、未按要求排版（评分人：政务公开办）" in education.changes[0].reason_after
    tax = moves["税务局"].changes
    assert tax[0].code == "1.3" and tax[0].after == "10"
    assert "免于考核：垂直管理单位" in tax[0].reason_after


def test_manual_scores_are_checked_and_audited(runs):
    assert runs["errors"][0].startswith("指标 1.1 不是人工评分项")
    assert (
        runs["errors"][1]
        == "指标 1.4「信息发布质量（错别字、排版、水印、表述）」得分应在 0 到 5 之间"
    )
    assert runs["history"] == 2  # created, then changed


def test_quarter_run_uses_the_quarterly_standard_and_the_latest_scheme_version(runs):
    inputs = runs["quarter_inputs"]
    assert inputs["statistics"]["standard"] == "xinxiang-2024-quarterly"
    assert inputs["period"]["label"] == "2024年第二季度"
    assert runs["quarter_scheme_year"] == 2023


# The seed's 二、存在问题 lists, regenerated from the 2023 statistics (000_…, 附件3/4).


def test_units_with_five_eight_and_nine_months_not_updated(runs):
    templates_spec = {
        "select": {"metric": "publishing.news.months_not_updated", "at_least": 5, "by_value": True},
        "clause": "{{ units }}{% if many %}等单位{% endif %}累计超{{ value }}个月未及时更新{{ label }}",
    }
    selection = problem_selection(runs["inputs"], templates_spec, "test")
    assert selection.by_value == {
        "9": ["公路事业发展中心"],
        "8": ["税务局"],
        "5": ["古固寨镇", "农业农村局", "医保局", "文旅局", "发改委", "机关事务中心"],
    }
    assert selection.clauses == [
        "公路事业发展中心累计超9个月未及时更新部门动态",
        "税务局累计超8个月未及时更新部门动态",
        "古固寨镇、农业农村局、医保局、文旅局、发改委、机关事务中心等单位累计超5个月未及时更新（乡镇）部门动态",
    ]


def test_ten_departments_below_the_disclosure_standard(runs):
    picked = select_units(
        runs["inputs"], {"findings": "publishing.below_total.disclosure", "groups": ["部门"]}
    )
    assert [u["name"] for u, _ in picked] == [
        "司法局",
        "供销社",
        "科工局",
        "退役军人事务局",
        "统计局",
        "信访局",
        "应急管理局",
        "机关事务中心",
        "税务局",
        "公路事业发展中心",
    ]


def test_quarter_units_with_zero_disclosure(runs):
    picked = select_units(
        runs["quarter_inputs"],
        {"metric": "publishing.disclosure.total", "equals": 0, "groups": ["部门"]},
    )
    # The 2024 Q2 bulletin names 统计局、退役军人事务局、信访局、公安局; its own 附件2 also has 0 for
    # 机关事务中心, which the text leaves out.
    assert [u["name"] for u, _ in picked] == [
        "机关事务中心",
        "统计局",
        "退役军人事务局",
        "信访局",
        "公安局",
    ]
    below = select_units(
        runs["quarter_inputs"],
        {"findings": "publishing.below_total.disclosure", "groups": ["乡镇"]},
    )
    assert [u["name"] for u, _ in below] == ["七里营镇", "大召营镇"]
