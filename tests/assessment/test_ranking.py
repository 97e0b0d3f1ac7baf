from decimal import Decimal

import pytest

from gongkai.adapters.readers import ImportFileError
from gongkai.assessment.ranking import (
    COMPETITION,
    ScoreEntry,
    band_counts,
    band_sentence,
    excellent_sentence,
    percent_text,
    rank,
)
from gongkai.assessment.scores import read_scores
from tests.conftest import GOLDEN_DIR


def entries(*pairs):
    return [ScoreEntry(name, Decimal(str(score)), "g", i) for i, (name, score) in enumerate(pairs)]


def test_sequential_ranking_keeps_the_given_order_for_ties():
    ranked = rank(entries(("甲", 90), ("乙", 100), ("丙", 100), ("丁", 80)))
    assert [(r.rank, r.entry.name) for r in ranked] == [(1, "乙"), (2, "丙"), (3, "甲"), (4, "丁")]


def test_competition_ranking_shares_numbers():
    ranked = rank(entries(("甲", 90), ("乙", 100), ("丙", 100), ("丁", 80)), COMPETITION)
    assert [r.rank for r in ranked] == [1, 1, 3, 4]


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Decimal("6.25"), "6.25"),
        (Decimal(22 * 100) / 48, "45.83"),
        (Decimal(50), "50"),
        (Decimal("47.9"), "47.9"),
        (Decimal(0), "0"),
    ],
)
def test_percent_text_two_decimals_trimmed(share, text):
    assert percent_text(share) == text


def test_bands_include_below_the_last_cut_only_when_present():
    bands = band_counts(
        [Decimal(95), Decimal(85), Decimal(55)], [Decimal(90), Decimal(80), Decimal(60)]
    )
    assert [(b.label, b.count) for b in bands] == [
        ("90分以上", 1),
        ("80—90分", 1),
        ("60—80分", 0),
        ("60分以下", 1),
    ]
    assert band_counts([Decimal(90)], [Decimal(90), Decimal(80)])[0].count == 1  # 90 is "90分以上"


def test_xinxiang_2023_rankings_and_excellent_lists():
    towns = read_scores(GOLDEN_DIR / "xinxiang_2023_scores_towns.csv", group="乡镇")
    departments = read_scores(GOLDEN_DIR / "xinxiang_2023_scores_departments.csv", group="县直")
    assert len(towns) == 8 and len(departments) == 36  # the repeated header of page 2 is skipped
    town_ranks = rank(towns)
    assert [(r.rank, r.entry.name) for r in town_ranks[:2]] == [(1, "开发区"), (2, "翟坡镇")]
    assert [r.entry.name for r in town_ranks if r.grade == "优秀"] == ["开发区", "翟坡镇"]
    department_ranks = rank(departments)
    assert [r.entry.name for r in department_ranks if r.grade == "优秀"] == [
        "融媒体中心",
        "卫健委",
        "市场监管局",
        "公安局",
        "城管局",
        "审计局",
    ]
    # Every printed rank is reproduced (ties in the printed order).
    for path, ranked in (
        ("xinxiang_2023_scores_towns.csv", town_ranks),
        ("xinxiang_2023_scores_departments.csv", department_ranks),
    ):
        printed = [
            line.split(",")[:2]
            for line in (GOLDEN_DIR / path).read_text(encoding="utf-8").splitlines()
            if line[0].isdigit()
        ]
        assert [[str(r.rank), r.entry.name] for r in ranked] == printed
    assert excellent_sentence("36个县直单位", department_ranks) == (
        "36个县直单位考核结果优秀的6个，分别是融媒体中心、卫健委、市场监管局、公安局、城管局、审计局。"
    )
    # The bulletin names the two towns as "翟坡镇、开发区": the same two, in another order.
    assert {r.entry.name for r in town_ranks if r.grade == "优秀"} == {"翟坡镇", "开发区"}


def test_kaifeng_2022_bands_are_computed_from_the_tables():
    scores = read_scores(GOLDEN_DIR / "kaifeng_2022_scores.csv")
    assert len(scores) == 48 and {s.group for s in scores} == {"县区", "市直"}
    bands = band_counts([s.score for s in scores], [Decimal(90), Decimal(80), Decimal(60)])
    assert [(b.label, b.count, b.share_text) for b in bands] == [
        ("90分以上", 3, "6.25"),
        ("80—90分", 22, "45.83"),
        ("60—80分", 23, "47.92"),
    ]
    # The bulletin says 25 units scored 60–80; its own tables have 23 (its 47.9% is 23 of 48).
    assert (
        band_sentence(bands)
        == "90分以上的单位3家，占比6.25%；80—90分的单位22家，占比45.83%；60—80分的单位23家，占比47.92%。"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("单位,得分\n甲,九十\n", "第 2 行 得分「九十」不是数字"),
        ("单位,得分\n,90\n", "第 2 行 单位为空"),
        ("名称,分\n甲,90\n", "未找到表头"),
        ("单位,得分\n", "没有得分行"),
    ],
)
def test_bad_score_files(tmp_path, text, message):
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        read_scores(path)
