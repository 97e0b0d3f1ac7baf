"""The sample county's register: each planted case is found, and nothing else is."""

from datetime import date

import pytest

from gongkai.findings.models import Finding
from gongkai.orgs.models import Unit
from gongkai.policies.demo import load_demo
from gongkai.policies.models import Interpretation, PolicyDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(registry, tmp_path):
    return load_demo(directory=tmp_path, today=date(2025, 12, 31))


def kinds_for(title: str) -> set[str]:
    doc = PolicyDocument.objects.get(title=title)
    return {
        f.kind.rsplit(".", 1)[0]
        for f in Finding.objects.filter(
            kind__endswith=f".{doc.pk}", source="policies:interpretations"
        )
    }


def unit_of(finding_kind_prefix: str) -> set[str]:
    return {f.unit.name for f in Finding.objects.filter(kind__startswith=finding_kind_prefix)}


def test_document_without_interpretation(demo):
    assert kinds_for("新乡县住宅专项维修资金管理办法") == {"policies.missing"}
    assert unit_of("policies.missing.") == {"住建局"}


def test_interpreted_five_working_days_late_across_qingming(demo):
    assert kinds_for("新乡县就业见习管理办法") == {"policies.late"}
    finding = Finding.objects.get(kind__startswith="policies.late.")
    assert finding.evidence["working_days_after"] == 5  # 4/3 → 4/11, 4/4–4/6 off
    assert finding.unit.name == "人社局"


def test_interpreted_by_another_unit(demo):
    assert kinds_for("新乡县高标准农田建设管护办法") == {"policies.not_drafter"}
    finding = Finding.objects.get(kind__startswith="policies.not_drafter.")
    assert finding.unit.name == "农业农村局"
    assert finding.evidence["interpretation_unit_id"] == Unit.objects.get(name="融媒体中心").pk


def test_interpretation_copies_the_document(demo):
    assert kinds_for("新乡县临时救助实施细则") >= {"policies.copy"}
    finding = Finding.objects.get(kind__startswith="policies.copy.")
    assert finding.evidence["copied_share"] >= 0.6


def test_three_of_nine_elements(demo):
    assert kinds_for("新乡县学前教育资助办法") == {"policies.elements"}
    doc = PolicyDocument.objects.get(title="新乡县学前教育资助办法")
    finding = Finding.objects.get(kind=f"policies.elements.{doc.pk}")
    assert finding.unit.name == "教体局"
    assert len(finding.evidence["missing"]) == 6


def test_linked_one_way_only(demo):
    assert kinds_for("新乡县门诊慢特病管理办法") == {"policies.one_way_link"}
    assert (
        "解读页未链接文件" in Finding.objects.get(kind__startswith="policies.one_way_link.").message
    )


def test_well_interpreted_documents_have_no_findings(demo):
    for title in ("新乡县不动产登记便民服务办法", "新乡县耕地保护补偿办法"):
        assert kinds_for(title) == set(), title


def test_decision_consulted_for_twenty_days(demo):
    finding = Finding.objects.get(kind__startswith="policies.decision.short_window.")
    assert finding.unit.name == "城管局"
    assert finding.evidence["days"] == 20


def test_listed_decision_never_consulted(demo):
    finding = Finding.objects.get(kind__startswith="policies.decision.no_consultation.")
    assert finding.unit.name == "交通局" and "县城公交线网优化" in finding.message


def test_forms_and_proposals(demo):
    forms = dict(Interpretation.objects.values_list("title", "forms"))
    assert forms["一图读懂《新乡县耕地保护补偿办法》"] == ["文字", "图解"]
    assert forms["《新乡县学前教育资助办法》政策解读"] == []  # short text, no other cue


def test_import_again_changes_nothing(demo, tmp_path):
    before = Finding.objects.count(), PolicyDocument.history.count(), Interpretation.history.count()
    lines = load_demo(directory=tmp_path, today=date(2025, 12, 31))
    assert "新增 0 条，更新 0 条" in lines[0] and "新增 0 条，更新 0 条" in lines[1]
    after = Finding.objects.count(), PolicyDocument.history.count(), Interpretation.history.count()
    assert after == before
