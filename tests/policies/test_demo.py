"""The sample county's register: each planted case is found, and nothing else is."""

from datetime import date

import pytest

from gongkai.findings.models import Finding
from gongkai.orgs.models import Unit
from gongkai.periods import Period
from gongkai.policies import capability
from gongkai.policies.demo import load_demo
from gongkai.policies.models import Interpretation, PolicyDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_snapshot):
    def compute(directory):
        titles = dict(PolicyDocument.objects.values_list("pk", "title"))
        findings = [
            {
                "rule": f.kind.rsplit(".", 1)[0],
                "record": int(f.kind.rsplit(".", 1)[1]),
                "unit": f.unit.name,
                "message": f.message,
                "evidence": f.evidence,
            }
            for f in Finding.objects.filter(source__startswith="policies:").select_related("unit")
        ]
        for f in findings:
            if not f["rule"].startswith("policies.decision"):
                f["title"] = titles[f["record"]]
        forms = dict(Interpretation.objects.values_list("title", "forms"))
        natural = Unit.objects.get(name="自然资源局").pk
        metrics = capability.metrics(period=Period.year(2025), unit_ids=[natural])[natural]
        activity = capability.activity(period=Period.year(2025))
        before = (
            Finding.objects.count(),
            PolicyDocument.history.count(),
            Interpretation.history.count(),
        )
        again = load_demo(directory=directory, today=date(2025, 12, 31))
        after = (
            Finding.objects.count(),
            PolicyDocument.history.count(),
            Interpretation.history.count(),
        )
        return {
            "findings": findings,
            "forms": forms,
            "again": again,
            "same": before == after,
            "metrics": {k: (int(m.value), m.note) for k, m in metrics.items()},
            "activity": activity,
        }

    return demo_snapshot(compute)


def of(demo, title):
    return {f["rule"]: f for f in demo["findings"] if f.get("title") == title}


def test_document_without_interpretation(demo):
    found = of(demo, "新乡县住宅专项维修资金管理办法")
    assert set(found) == {"policies.missing"} and found["policies.missing"]["unit"] == "住建局"


def test_interpreted_five_working_days_late_across_qingming(demo):
    found = of(demo, "新乡县就业见习管理办法")
    assert set(found) == {"policies.late"}
    assert found["policies.late"]["evidence"]["working_days_after"] == 5  # 4/3 → 4/11, 4/4–4/6 off
    assert found["policies.late"]["unit"] == "人社局"


def test_interpreted_by_another_unit(demo):
    found = of(demo, "新乡县高标准农田建设管护办法")
    assert set(found) == {"policies.not_drafter"}
    assert found["policies.not_drafter"]["unit"] == "农业农村局"


def test_interpretation_copies_the_document(demo):
    found = of(demo, "新乡县临时救助实施细则")
    assert "policies.copy" in found and found["policies.copy"]["evidence"]["copied_share"] >= 0.6
    assert found["policies.copy"]["unit"] == "民政局"


def test_three_of_nine_elements(demo):
    found = of(demo, "新乡县学前教育资助办法")
    assert set(found) == {"policies.elements"}
    assert found["policies.elements"]["unit"] == "教体局"
    assert len(found["policies.elements"]["evidence"]["missing"]) == 6


def test_linked_one_way_only(demo):
    found = of(demo, "新乡县门诊慢特病管理办法")
    assert set(found) == {"policies.one_way_link"}
    assert "解读页未链接文件" in found["policies.one_way_link"]["message"]


def test_well_interpreted_documents_have_no_findings(demo):
    for title in ("新乡县不动产登记便民服务办法", "新乡县耕地保护补偿办法"):
        assert of(demo, title) == {}, title


def test_decision_consulted_for_twenty_days(demo):
    (finding,) = [f for f in demo["findings"] if f["rule"] == "policies.decision.short_window"]
    assert finding["unit"] == "城管局" and finding["evidence"]["days"] == 20


def test_listed_decision_never_consulted(demo):
    (finding,) = [f for f in demo["findings"] if f["rule"] == "policies.decision.no_consultation"]
    assert finding["unit"] == "交通局" and "县城公交线网优化" in finding["message"]


def test_nothing_else_is_found(demo):
    assert len(demo["findings"]) == 9


def test_forms_detected(demo):
    assert demo["forms"]["一图读懂《新乡县耕地保护补偿办法》"] == ["文字", "图解"]
    assert demo["forms"]["《新乡县不动产登记便民服务办法》政策解读"] == [
        "文字",
        "图解",
    ]  # as entered
    assert demo["forms"]["《新乡县学前教育资助办法》政策解读"] == []  # short text, no other cue


def test_import_again_changes_nothing(demo):
    assert "新增 0 条，更新 0 条" in demo["again"][0] and "新增 0 条，更新 0 条" in demo["again"][1]
    assert demo["same"]


def test_metrics_and_activity(demo):
    # 自然资源局 published three documents in 2025 (two 办法 and a repeal notice), two interpreted.
    assert demo["metrics"] == {
        "policies.documents": (3, "3 件文件"),
        "policies.interpreted": (2, "2 件已解读"),
    }
    activity = demo["activity"]
    assert (activity["documents"], activity["interpreted"], activity["interpretations"]) == (
        9,
        7,
        7,
    )
    assert activity["problems"]["missing"] == [
        {"unit": "住建局", "documents": "《新乡县住宅专项维修资金管理办法》", "count": 1}
    ]
