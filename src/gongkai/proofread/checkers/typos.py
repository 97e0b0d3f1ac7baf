"""Typos: a word written with a character of the same sound or a similar shape.

Precision first. jieba segments the sentence with its dictionary; a typo breaks a word into
single characters ("我门" → 我/门). Inside such a run of single characters, a 2–4 character
window becomes a suspect when replacing one character by a confusable one (data/confusions.tsv.gz:
same pinyin and tone, similar shape) gives a frequent dictionary word while the written form is
no word at all. Protected spans (names from the registry, the gazetteer and the roster) are skipped.
"""

import gzip
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba

from gongkai.proofread.checkers.hits import MEDIUM, Hit

DATA = Path(__file__).resolve().parent.parent / "data" / "confusions.tsv.gz"
WORDS = Path(__file__).resolve().parent.parent / "bundled" / "words.txt"
DOMAIN_WORD_FREQ = 2000
# Dates and 文号 abbreviations are never typos: "2024年仍", "汴政办〔2023〕".
_NEVER = re.compile(r"\d\s*[年月日号]|[\u4e00-\u9fff]{1,6}(?=\s*[〔\[［【(（]\s*(?:19|20)\d{2})")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass(frozen=True)
class TypoModel:
    confusions: dict[str, str]  # char → confusable chars (same sound first)
    freq: dict[str, int]
    tokenizer: jieba.Tokenizer
    min_freq: int = 300  # a correction must be at least this frequent in jieba's dictionary
    ratio: float = 50.0  # and this many times more frequent than the written form
    min_gain: float = 6.0  # and make the best segmentation of its context this much likelier (log)

    def logp(self, text: str) -> float:
        """Log-probability of the best segmentation of text under jieba's unigram model."""
        route: dict = {}
        self.tokenizer.calc(text, self.tokenizer.get_DAG(text), route)
        return route[0][0]


@cache
def load_typo_model() -> TypoModel:
    confusions: dict[str, str] = {}
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            char, sound, shape, tone = line.rstrip("\n").split("\t")
            confusions[char] = sound + shape + tone
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()  # our own instance: domain words do not leak into jieba's global
    tokenizer.initialize()
    for word in WORDS.read_text(encoding="utf-8").split():
        if not word.startswith("#"):
            tokenizer.add_word(word, DOMAIN_WORD_FREQ)
    # jieba's own table of word frequencies (prefixes of words are in it with frequency 0)
    return TypoModel(confusions=confusions, freq=tokenizer.FREQ, tokenizer=tokenizer)


def _segment(text: str, model: TypoModel) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for word in model.tokenizer.cut(text, HMM=False):
        spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans


def check_typos(
    text: str, model: TypoModel, *, protected: list[tuple[int, int]] | None = None
) -> list[Hit]:
    blocked = bytearray(len(text))
    for s, e in list(protected or []) + [m.span() for m in _NEVER.finditer(text)]:
        blocked[s:e] = b"\x01" * (e - s)
    hits: list[Hit] = []
    for run in _CJK_RUN.finditer(text):
        offset = run.start()
        chunk = run.group()
        singles = [s + offset for s, e in _segment(chunk, model) if e - s == 1]
        if len(singles) < 2:
            continue
        # maximal runs of consecutive single-character tokens
        groups, current = [], [singles[0]]
        for p in singles[1:]:
            if p == current[-1] + 1:
                current.append(p)
            else:
                groups.append(current)
                current = [p]
        groups.append(current)
        for group in groups:
            if len(group) < 2:
                continue
            hit = _best_in_run(text, group[0], group[-1] + 1, model, blocked)
            if hit is not None:
                hits.append(hit)
    return hits


def _best_in_run(text, lo, hi, model: TypoModel, blocked: bytearray) -> Hit | None:
    best = None
    for size in (4, 3, 2):
        for start in range(lo, hi - size + 1):
            end = start + size
            if any(blocked[start:end]):
                continue
            window = text[start:end]
            written = model.freq.get(window, 0)
            for j, ch in enumerate(window):
                for alt in model.confusions.get(ch, ""):
                    candidate = window[:j] + alt + window[j + 1 :]
                    f = model.freq.get(candidate, 0)
                    if f < model.min_freq or f < model.ratio * max(written, 1):
                        continue
                    left, right = max(lo - 3, start - 4), min(hi + 3, end + 4, len(text))
                    context = text[left:right]
                    k = start + j - left
                    fixed = context[:k] + alt + context[k + 1 :]
                    gain = model.logp(fixed) - model.logp(context)
                    if gain < model.min_gain:
                        continue
                    score = gain + math.log(f) / 10
                    if best is None or score > best[0]:
                        best = (score, start + j, alt, window, candidate, ch)
        if best is not None:
            break  # prefer the longest window that explains the run
    if best is None:
        return None
    _, pos, alt, window, candidate, ch = best
    return Hit(
        pos,
        pos + 1,
        ch,
        "typo",
        MEDIUM,
        alt,
        f"疑似错别字：“{window}”应为“{candidate}”",
        "confusion",
    )
