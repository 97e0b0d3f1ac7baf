"""Scoring: every rule kind, vetoes, bonus caps, ranking per group, and explanations."""

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from gongkai.assessment.scheme import parse_scheme
from gongkai.assessment.scoring import (
    EXEMPT,
    MANUAL,
    NOT_APPLICABLE,
    PENDING,
    Exemption,
    FindingRef,
    ManualValue,
    MetricValue,
    UnitInput,
    score_all,
    score_json,
)

SCHEME = parse_scheme(
    """
name: t
year: 2024
title: 测试方案
groups: [乡镇, 部门]
grades: [{name: 优秀, min: 95}, {name: 合格, min: 60}, {name: 不合格, min: 0}]
indicators:
  - {code: "1", name: 按月更新, points: 15, rule: {kind: deduct, metric: zero_months, per: 1.5}}
  - {code: "2", name: 更新量, points: 10, rule: {kind: linear, metric: total, target_metric: required}}
  - {code: "3", name: 公开量, points: 10, rule: {kind: linear, metric: disclosure, target: 12}}
  - code: "4"
    name: 访问量
    points: 20
    rule: {kind: thresholds, metric: visits, thresholds: [{min: 1000, points: 20}, {min: 100, points: 10}]}
  - {code: "5", name: 按期答复, points: 10, rule: {kind: deduct, findings: "foi.overdue.*", per: 4}}
  - {code: "6", name: 质量, points: 20, rule: {kind: manual}}
  - {code: "7", name: 新媒体, points: 15, rule: {kind: manual, missing: zero}}
vetoes:
  - {code: V1, name: 互动诉求超3个月未回复, findings: "mailbox.veto.*"}
  - {code: V2, name: 失泄密}
bonus:
  cap: 2
  items: [{code: B1, name: 省级推广, points: 1.5}]
""",
    "t.yaml",
)

TOWN = UnitInput(1, "甲镇", "乡镇", 0)
DEPT = UnitInput(2, "乙局", "部门", 1)


def metrics(**values):
    return {k: MetricValue(None if v is None else D(str(v)), f"{k}={v}") for k, v in values.items()}


FULL = metrics(zero_months=0, total=96, required=96, disclosure=12, visits=1000)


def lines_of(score):
    return {line.code: line for line in score.lines}


def test_full_marks_when_nothing_is_wrong_and_manual_items_entered():
    manual = [
        ManualValue(1, "6", D(20), "抽查无误", "张三"),
        ManualValue(1, "7", D(15), "达标", "张三"),
    ]
    [score] = score_all(SCHEME, [TOWN], {1: FULL}, manual=manual)
    assert score.total == D(100) and score.grade == "优秀" and score.rank == 1
    assert all(line.lost == 0 for line in score.lines)


def test_each_rule_kind_and_its_reason():
    values = metrics(zero_months=3, total=48, required=96, disclosure=6, visits=150)
    findings = [
        FindingRef(11, 1, "foi.overdue.A-1", "A-1逾期答复", "按期答复"),
        FindingRef(12, 1, "foi.overdue.A-2", "A-2逾期答复", "按期答复"),
        FindingRef(13, 1, "foi.overdue.A-3", "A-3逾期答复", "按期答复"),
        FindingRef(14, 2, "foi.overdue.B-1", "别的单位", ""),
    ]
    [score] = score_all(SCHEME, [TOWN], {1: values}, findings=findings)
    lines = lines_of(score)
    assert lines["1"].earned == D("10.50") and "3×1.5分" in lines["1"].reason
    assert lines["2"].earned == D("5.00") and "完成48，标准96" in lines["2"].reason
    assert lines["3"].earned == D("5.00")
    assert lines["4"].earned == D(10)
    # 3 Findings × 4 points is more than the indicator has: the loss stops at its points.
    assert lines["5"].earned == 0 and lines["5"].finding_ids == (11, 12, 13)
    assert "3项问题，每项扣4分" in lines["5"].reason and lines["5"].how_to_fix == "按期答复"
    # Nobody scored 6: left out (the default), the other 80 points rescaled to 100.
    assert lines["6"].source == PENDING and not lines["6"].counted and lines["6"].lost == 0
    assert "不计入" in lines["6"].reason
    assert lines["7"].source == PENDING and lines["7"].earned == 0  # missing: zero
    assert score.total == D("38.13")  # (10.5 + 5 + 5 + 10 + 0 + 0) / 80 × 100


def test_not_applicable_exempt_and_manual():
    values = {**FULL, "disclosure": MetricValue(None)}
    manual = [ManualValue(1, "6", D("12.5"), "错别字3处", "李四")]
    exempt = [Exemption(1, "4", "本单位无网站")]
    [score] = score_all(SCHEME, [TOWN], {1: values}, manual=manual, exemptions=exempt)
    lines = lines_of(score)
    assert lines["3"].source == NOT_APPLICABLE and lines["3"].earned == 10
    assert lines["4"].source == EXEMPT and "本单位无网站" in lines["4"].reason
    assert lines["6"].source == MANUAL and lines["6"].earned == D("12.5")
    assert lines["6"].reason == "错别字3处（评分人：李四）"


def test_manual_value_is_kept_within_the_indicator():
    manual = [ManualValue(1, "6", D(25), "", ""), ManualValue(1, "7", D(-3), "", "")]
    [score] = score_all(SCHEME, [TOWN], {1: FULL}, manual=manual)
    assert lines_of(score)["6"].earned == 20 and lines_of(score)["7"].earned == 0


def test_veto_grades_the_unit_whatever_its_points():
    manual = [ManualValue(1, "6", D(20), "", ""), ManualValue(1, "7", D(15), "", "")]
    veto = [FindingRef(21, 1, "mailbox.veto.M-1", "M-1超过3个月未答复")]
    [score] = score_all(SCHEME, [TOWN], {1: FULL}, findings=veto, manual=manual)
    assert score.total == 100 and score.grade == "不合格"
    assert score.vetoes[0].code == "V1" and score.vetoes[0].finding_ids == (21,)
    by_hand = [*manual, ManualValue(1, "V2", D(1), "泄密事件", "")]
    [score] = score_all(SCHEME, [TOWN], {1: FULL}, manual=by_hand)
    assert score.grade == "不合格" and score.vetoes[0].reason == "泄密事件"


def test_bonus_is_capped():
    manual = [ManualValue(1, "B1", D(3), "3项经验被推广", "")]
    [score] = score_all(SCHEME, [TOWN], {1: FULL}, manual=manual)
    assert score.bonus_lines[0].earned == D("4.5") and score.bonus == D(2)
    assert score.total == score.base + 2


def test_groups_ranked_separately_in_scheme_order_ties_keep_registry_order():
    units = [DEPT, UnitInput(3, "丙局", "部门", 2), TOWN]
    scores = score_all(SCHEME, units, {u.id: FULL for u in units})
    assert [(s.unit.name, s.rank) for s in scores] == [("甲镇", 1), ("乙局", 1), ("丙局", 2)]
    payload = score_json(scores[1])
    assert payload["score"] == "81.25" and payload["pending"] == 2 and payload["rank"] == 1


def test_the_scheme_chooses_how_an_unscored_manual_indicator_counts():
    # Everything automatic is full (65 of 65); 6 (20 points) is unscored; 7 (15) counts as zero.
    expected = {"excluded": D("81.25"), "full": D(85), "zero": D(65)}
    for choice, total in expected.items():
        scheme = replace(SCHEME, pending=choice)
        [score] = score_all(scheme, [TOWN], {1: FULL})
        assert (score.total, score.pending) == (total, 2), choice
    manual = [ManualValue(1, "6", D(20), "", ""), ManualValue(1, "7", D(15), "", "")]
    [score] = score_all(SCHEME, [TOWN], {1: FULL}, manual=manual)
    assert (score.total, score.pending) == (D(100), 0)


@given(
    zero=st.integers(0, 12),
    total=st.integers(0, 300),
    disclosure=st.integers(0, 50),
    visits=st.integers(0, 5000),
    overdue=st.integers(0, 5),
)
def test_scores_stay_within_the_scheme_and_are_deterministic(
    zero, total, disclosure, visits, overdue
):
    values = metrics(
        zero_months=zero, total=total, required=96, disclosure=disclosure, visits=visits
    )
    findings = [FindingRef(i, 1, f"foi.overdue.{i}", "逾期") for i in range(overdue)]
    first = score_all(SCHEME, [TOWN], {1: values}, findings=findings)
    second = score_all(SCHEME, [TOWN], {1: values}, findings=findings)
    assert score_json(first[0]) == score_json(second[0])
    for line in first[0].lines:
        assert 0 <= line.earned <= line.max_points
    assert 0 <= first[0].total <= SCHEME.max_points


OBSERVED = parse_scheme(
    """
name: o
year: 2024
title: 监测方案
groups: [乡镇]
grades: [{name: 合格, min: 0}]
indicators:
  - code: "1"
    name: 栏目
    points: 10
    rule: {kind: deduct, findings: "sitecheck.column.*", per: 2, observed: sitecheck.observed}
""",
    "o.yaml",
)


def test_indicator_from_findings_applies_only_where_the_unit_was_watched():
    stale = [FindingRef(7, 1, "sitecheck.column.stale.ab", "栏目“动态”超过 2 周未更新")]
    watched = {"sitecheck.observed": MetricValue(D(1), "6月30日抓取")}
    # Watched: the Findings deduct, and the line names them.
    [score] = score_all(OBSERVED, [TOWN], {1: watched}, stale)
    line = lines_of(score)["1"]
    assert (line.earned, line.finding_ids) == (D(8), (7,))
    assert "栏目“动态”超过 2 周未更新" in line.reason
    # Not watched: no Findings does not mean full marks; a person scores it, or it is pending.
    [pending] = score_all(OBSERVED, [TOWN], {1: {}}, [])
    line = lines_of(pending)["1"]
    assert line.source == PENDING and "本期未监测到本单位" in line.reason
    manual = [ManualValue(1, "1", D(6), "人工检查两个栏目未更新", "李四")]
    [scored] = score_all(OBSERVED, [TOWN], {1: {}}, [], manual=manual)
    assert (lines_of(scored)["1"].earned, lines_of(scored)["1"].source) == (D(6), MANUAL)
    assert "1" in OBSERVED.manual_codes()
