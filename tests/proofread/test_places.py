import pytest

from gongkai.proofread.checkers.gazetteer import COUNTY, TOWNSHIP, level_of
from gongkai.proofread.checkers.places import check_places


def test_gazetteer_has_the_sample_county_with_its_towns(gazetteer, xinxiang):
    assert xinxiang.code == "410721000000"
    towns = {
        gazetteer.names[c]
        for c in gazetteer.names
        if c.startswith("410721") and level_of(c) == TOWNSHIP
    }
    assert {"翟坡镇", "小冀镇", "七里营镇", "朗公庙镇", "古固寨镇", "大召营镇", "合河乡"} <= towns
    assert gazetteer.path("410721104000") == "河南省新乡市新乡县朗公庙镇"
    assert [level_of(c) for c in gazetteer.find("寿光市")] == [COUNTY]


CAUGHT = [
    # the 2023 bulletin: 朗公庙镇 published a text with another county's 街道
    ("近日，孙家集街道组织开展人居环境整治行动。", "孙家集街道", "jurisdiction"),
    ("朗公庙镇联合孙家集街道开展秸秆禁烧巡查。", "孙家集街道", "jurisdiction"),
    # the Q2 bulletin: "广东省" inside a 河南 county's catalogue
    (
        "新乡县基层政务公开标准目录（城乡规划）：公开依据为《广东省城乡规划条例》。",
        "广东省",
        "jurisdiction",
    ),
    ("我县认真落实广东省政务公开工作要点。", "广东省", "jurisdiction"),
    ("河南省广州市", "广州市", "hierarchy"),
    ("新乡县孙家集街道", "孙家集街道", "hierarchy"),
    ("新乡市寿光市", "寿光市", "hierarchy"),
]


@pytest.mark.parametrize(("text", "name", "rule"), CAUGHT)
def test_caught(gazetteer, xinxiang, text, name, rule):
    hits = check_places(text, gazetteer, xinxiang)
    assert [(h.text, h.rule) for h in hits] == [(name, rule)]
    hit = hits[0]
    assert text[hit.start : hit.end] == name
    assert hit.severity == "high"


NOT_FLAGGED = [
    "七里营镇召开安全生产工作推进会。",  # a real town of the county
    "翟坡镇、朗公庙镇、合河乡联合开展巡查。",
    "新乡市新乡县人民政府",
    "新乡县地处新乡市南部，新乡县与新乡市区相邻。",  # 新乡县 next to 新乡市
    "河南省新乡市新乡县朗公庙镇",
    "县委组织部门赴寿光市孙家集街道考察学习。",  # qualified and elsewhere
    "学习借鉴孙家集街道的经验。",
    "广东省经济总量连续多年居全国首位。",  # no claim that it is local
    "北京市朝阳区",
    "长春市朝阳区",
    "大部分乡镇和县直单位能够按时更新。",  # "分乡镇" is a town elsewhere, but here 部分+乡镇
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_not_flagged(gazetteer, xinxiang, typo_model, text):
    assert check_places(text, gazetteer, xinxiang, words=typo_model.freq) == []
