import pytest

from gongkai.proofread.checkers.engine import proofread
from gongkai.proofread.checkers.typos import check_typos, load_typo_model

pytestmark = pytest.mark.slow  # loads jieba's dictionary (about 2 s)

CAUGHT = [
    ("我们在营商坏境方面下功夫", "坏", "环"),
    ("他们在会议上提出了建意", "意", "议"),
    ("这个问题很重耍", "耍", "要"),
]


@pytest.mark.parametrize(("text", "found", "suggestion"), CAUGHT)
def test_caught(typo_model, text, found, suggestion):
    (hit,) = check_typos(text, typo_model)
    assert (text[hit.start : hit.end], hit.suggestion) == (found, suggestion)


NOT_FLAGGED = [
    "翟坡镇开展三夏生产专项行动",
    "卫健委关于河长制的答复",
    "逐步向村（社区）延伸",
    "依据汴政办〔2023〕14号文件",
    "生态环境栏目2024年仍未更新",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_not_flagged(typo_model, text):
    assert check_typos(text, typo_model) == []


# Typos that make no dictionary word either way, which only the language model sees.
LANGUAGE_MODEL_CAUGHT = [
    ("群众满意度不段提升", "段", "断"),
    ("请你邦我问问火车站在哪", "邦", "帮"),
    ("我看火车到的地图可是我不董", "董", "懂"),
]


@pytest.mark.parametrize(("text", "found", "suggestion"), LANGUAGE_MODEL_CAUGHT)
def test_language_model_catches_what_words_alone_cannot(typo_model, text, found, suggestion):
    (hit,) = check_typos(text, typo_model)
    assert (text[hit.start : hit.end], hit.suggestion, hit.rule) == (
        found,
        suggestion,
        "language_model",
    )


def test_language_model_never_joins_a_protected_name_into_a_word(typo_model):
    text = "财政局赴合河乡调研"  # "赴合" → "符合" would be a word, but 合河乡 is a place
    at = text.index("合河乡")
    assert check_typos(text, typo_model, protected=[(at, at + 3)]) == []


def test_thorough_mode_asks_less_of_a_correction():
    text = "过了不久他们不再根我联络了"
    assert check_typos(text, load_typo_model("precise")) == []
    (hit,) = check_typos(text, load_typo_model("thorough"))
    assert (hit.text, hit.suggestion) == ("根", "跟")


def test_a_line_that_ends_without_punctuation_is_not_a_sentence_end():
    """Table cells and wrapped PDF lines: "12月份未↵↵更新" is not judged at the cut."""
    model = load_typo_model("thorough")
    assert check_typos("合河乡 4、8、11、12月份未\n\n更新 5 34", model) == []


def test_roster_and_place_names_are_never_corrected(full_context):
    # 陈思远 (roster) and 孙家集街道 (gazetteer) are split into single characters by jieba
    for text in ("副县长陈思远主持会议", "朗公庙镇位于新乡县"):
        assert [h for h in proofread(text, full_context) if h.category == "typo"] == []
