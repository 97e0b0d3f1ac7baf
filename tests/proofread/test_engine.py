from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.proofread.checkers.defaults import bundled_lexicon, sample_roster
from gongkai.proofread.checkers.engine import DICTIONARY_CHECKERS, Context, proofread
from gongkai.proofread.checkers.gazetteer import load_gazetteer
from gongkai.proofread.checkers.places import Jurisdiction

GAZETTEER = load_gazetteer()
CONTEXT = Context(
    today=date(2024, 9, 1),
    gazetteer=GAZETTEER,
    home=Jurisdiction(GAZETTEER.find("新乡县")[0]),
    roster=sample_roster(),
    lexicon=bundled_lexicon(),
)
PIECES = st.sampled_from(
    [
        "新乡县",
        "河南省",
        "广州市",
        "孙家集街道",
        "七里营镇",
        "县长",
        "陈思远",
        "郑文华",
        "三审三较",
        "卫计委",
        "我县",
        "（",
        "）",
        "(",
        ")",
        "《",
        "》",
        "“",
        "”",
        "〔",
        "〕",
        "[",
        "]",
        "，",
        "。",
        "、",
        ",",
        ";",
        " ",
        "\n",
        "一是",
        "三是",
        "（一）",
        "（三）",
        "2023年",
        "13月",
        "2月30日",
        "新政办",
        "6号",
        "13812345678",
        "11010519491231002X",
        "4111111111111111",
        "家住",
        "12号",
        "的",
        "工作",
        "会议",
        "1",
        "9",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_every_hit_is_an_exact_span_of_the_text(text):
    for hit in proofread(text, CONTEXT, categories=DICTIONARY_CHECKERS):
        assert 0 <= hit.start < hit.end <= len(text)
        if hit.category == "personal":
            assert "*" in hit.text and len(hit.text) <= hit.end - hit.start
        else:
            assert text[hit.start : hit.end] == hit.text
