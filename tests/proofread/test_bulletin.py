from datetime import date

import pytest

from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.proofread.demo import load_demo
from gongkai.reports.bulletin_services import bulletin_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_confirmed_hits_fill_the_bulletins_in_the_seed_style(registry):
    load_bundled_schemes()
    assert "确认问题 3 处" in load_demo(today=date(2024, 7, 1))
    quarter = run_assessment(
        scheme_name="xinxiang-county", year=2024, quarter=2, today=date(2024, 7, 5)
    )
    assert (
        quarter.inputs["activity"]["proofread"]["sentence"]
        == "朗公庙镇在上传信息时出现“孙家集街道”等字样"
    )
    text = str(bulletin_for(quarter, kind="quarterly", dated=date(2024, 7, 10)))
    assert (
        "二是上传信息内容把关不严。部分单位审校环节缺失，出现表述错误，例如：朗公庙镇在上传信息时出现“孙家集街道”等字样。"
        in text
    )
    assert "【办公室填写：审校问题】" not in text
    year = run_assessment(scheme_name="xinxiang-county", year=2023, today=date(2024, 3, 1))
    text = str(bulletin_for(year, kind="annual", dated=date(2024, 3, 4)))
    assert (
        "其中，朗公庙镇在上传信息时出现“孙家集街道”等字样；教体局在上传信息时未按要求排版（序号不连续"
        in text
    )
    kinds = {
        f["kind"].rsplit(".", 1)[0]
        for f in year.inputs["findings"]
        if f["kind"].startswith("proofread.")
    }
    assert kinds == {"proofread.place", "proofread.format"}


def test_indicator_1_4_deducts_a_point_per_confirmed_problem_where_texts_were_proofread(registry):
    """1.4 (5 points) from proofreading: 1 point a confirmed problem for a unit some of whose texts
    of the period were proofread; the other units are left to a person (pending)."""
    from gongkai.proofread.models import CheckedText, Hit, HitStatus

    load_bundled_schemes()
    load_demo(today=date(2024, 7, 1))
    for year, quarter in ((2023, None), (2024, 2)):
        run = run_assessment(
            scheme_name="xinxiang-county", year=year, quarter=quarter, today=date(2024, 7, 5)
        )
        start, end = (
            (date(year, 1, 1), date(year, 12, 31))
            if quarter is None
            else (date(2024, 4, 1), date(2024, 6, 30))
        )
        proofread = set(
            CheckedText.objects.filter(dated__range=(start, end), unit__isnull=False).values_list(
                "unit__name", flat=True
            )
        )
        confirmed: dict[str, int] = {}
        for name in Hit.objects.filter(
            status=HitStatus.CONFIRMED, checked__dated__range=(start, end)
        ).values_list("unit__name", flat=True):
            confirmed[name] = confirmed.get(name, 0) + 1
        assert proofread and confirmed, (year, quarter)
        for result in run.results.all():
            line = next(x for x in result.detail["lines"] if x["code"] == "1.4")
            if result.unit_name in proofread:
                expected = max(0, 5 - confirmed.get(result.unit_name, 0))
                assert line["source"] == "auto", (result.unit_name, line["reason"])
                assert float(line["earned"]) == expected, (result.unit_name, year)
                assert len(line["finding_ids"]) == confirmed.get(result.unit_name, 0)
            else:
                assert line["source"] != "auto", (result.unit_name, line)
