from datetime import date

import pytest

from gongkai.proofread.checkers.defaults import bundled_lexicon
from gongkai.proofread.checkers.lexicon import check_expressions, lexicon_from_data

TODAY = date(2024, 9, 1)


@pytest.fixture(scope="module")
def lexicon():
    return bundled_lexicon()


CAUGHT = [
    ("严格落实三审三较制度", "三审三较", "三审三校", "normative"),
    (
        "依据《中华人民共和国政府信息公开条列》",
        "中华人民共和国政府信息公开条列",
        "中华人民共和国政府信息公开条例",
        "normative",
    ),
    (
        "可向上一级主管部门申请行政复议",
        "向上一级主管部门申请行政复议",
        "向本级人民政府申请行政复议",
        "outdated",
    ),
    ("县卫计委召开会议", "卫计委", "卫健委", "outdated"),
    ("关爱残废人群体", "残废人", "残疾人", "caution"),
]


@pytest.mark.parametrize(("text", "found", "suggestion", "rule"), CAUGHT)
def test_caught(lexicon, text, found, suggestion, rule):
    (hit,) = check_expressions(text, lexicon, today=TODAY)
    assert (text[hit.start : hit.end], hit.suggestion, hit.rule) == (found, suggestion, rule)


NOT_FLAGGED = [
    ("严格落实三审三校制度", TODAY),
    ("依据《中华人民共和国政府信息公开条例》", TODAY),
    ("可向上一级主管部门申请行政复议", date(2023, 12, 31)),  # before the new law applied
    ("转发《关于卫计委职能调整的通知》", TODAY),  # a cited title keeps its wording
    ("关爱残疾人群体", TODAY),
]


@pytest.mark.parametrize(("text", "today"), NOT_FLAGGED)
def test_not_flagged(lexicon, text, today):
    assert check_expressions(text, lexicon, today=today) == []


def test_every_bundled_entry_names_its_source(lexicon):
    assert lexicon.version
    assert all(entry.source for entry in lexicon.entries)


def test_outdated_entry_needs_a_date():
    with pytest.raises(ValueError, match="outdated_from"):
        lexicon_from_data({"entries": [{"term": "扶贫办", "category": "过时表述"}]})
