"""Typos: a word written with a character of the same sound or a similar shape.

Precision first. jieba segments the sentence with its dictionary; a typo breaks a word into
single characters ("我门" → 我/门). Inside such a run of single characters, a 2–4 character
window becomes a suspect when replacing one character by a confusable one (data/confusions.tsv.gz:
same pinyin and tone, similar shape) gives a frequent dictionary word while the written form is
no word at all. Protected spans (names from the registry, the gazetteer and the roster) are skipped.

A second pass reads the same runs with a character trigram language model (charlm.py): a single
character is suspect when a character of the same sound makes the next three characters much
likelier ("邦我" → "帮我"), how much depending on the word the correction makes (SENSITIVITIES).
It catches typos the first pass cannot see. Characters inside a dictionary word or a protected
name are never touched by it, nor joined into a word with others.
"""

import gzip
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba

from gongkai.proofread.checkers.charlm import (
    BOUNDARY_END,
    BOUNDARY_START,
    ORDER,
    CharLM,
    load_char_lm,
)
from gongkai.proofread.checkers.hits import MEDIUM, Hit

DATA = Path(__file__).resolve().parent.parent / "data" / "confusions.tsv.gz"
WORDS = Path(__file__).resolve().parent.parent / "bundled" / "words.txt"
DOMAIN_WORD_FREQ = 2000
# Dates and 文号 abbreviations are never typos: "2024年仍", "汴政办〔2023〕".
_NEVER = re.compile(r"\d\s*[年月日号]|[\u4e00-\u9fff]{1,6}(?=\s*[〔\[［【(（]\s*(?:19|20)\d{2})")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_LINE_END = re.compile(r"[ \t\u3000]*[\r\n]")


@dataclass(frozen=True)
class TypoModel:
    confusions: dict[str, str]  # char → confusable chars (same sound first)
    freq: dict[str, int]
    tokenizer: jieba.Tokenizer
    sounds: dict[str, str] | None = None  # char → chars of the same sound, any tone
    lm: CharLM | None = None
    # log gains over the next ORDER characters the language-model pass needs, by the word the
    # correction makes: single characters joined into a word of at least lm_word_freq …
    lm_threshold: float = 4.0
    lm_word_freq: int = 300
    lm_threshold_extend: float = (
        9.0  # … a word that takes a written word whole (环境污然 → 环境污染)
    )
    lm_threshold_bare: float = 9.0  # … no word
    sensitivity: str = ""
    min_freq: int = 300  # a correction must be at least this frequent in jieba's dictionary
    ratio: float = 50.0  # and this many times more frequent than the written form
    min_gain: float = 6.0  # and make the best segmentation of its context this much likelier (log)

    def logp(self, text: str) -> float:
        """Log-probability of the best segmentation of text under jieba's unigram model."""
        route: dict = {}
        self.tokenizer.calc(text, self.tokenizer.get_DAG(text), route)
        return route[0][0]


def domain_words() -> list[str]:
    """The bundled words.txt: one word a line, "#" lines are comments."""
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


# How eager the language-model pass is: the log gain a correction needs when it joins single
# characters into a word, when it extends a written word, and when it makes no word at all.
# "precise" keeps within the false-alarm budget on government text (≤ 1 hit per 10,000
# characters); "thorough" finds more typos in informal writing at the cost of more false alarms
# (docs/benchmarks.md).
SENSITIVITIES = {"precise": (4.0, 9.0, 9.0), "thorough": (3.0, 8.0, 8.0)}


@cache
def load_typo_model(sensitivity: str = "precise") -> TypoModel:
    lm_threshold, lm_threshold_extend, lm_threshold_bare = SENSITIVITIES[sensitivity]
    confusions: dict[str, str] = {}
    sounds: dict[str, str] = {}
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            char, sound, shape, tone = line.rstrip("\n").split("\t")
            confusions[char] = sound + shape + tone
            sounds[char] = sound + tone
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()  # our own instance: domain words do not leak into jieba's global
    tokenizer.initialize()
    for word in domain_words():
        tokenizer.add_word(word, DOMAIN_WORD_FREQ)
    # jieba's own table of word frequencies (prefixes of words are in it with frequency 0)
    return TypoModel(
        confusions=confusions,
        freq=tokenizer.FREQ,
        tokenizer=tokenizer,
        sounds=sounds,
        lm=load_char_lm(),
        lm_threshold=lm_threshold,
        lm_threshold_bare=lm_threshold_bare,
        lm_threshold_extend=lm_threshold_extend,
        sensitivity=sensitivity,
    )


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
        tokens = _segment(chunk, model)
        singles = [s + offset for s, e in tokens if e - s == 1]
        if not singles:
            continue
        for group in _consecutive(singles):
            if len(group) < 2:
                continue
            hit = _best_in_run(text, group[0], group[-1] + 1, model, blocked)
            if hit is not None:
                hits.append(hit)
                blocked[hit.start] = 1
        if model.lm is not None:
            cuts = (_wrapped(text, offset - 1, -1), _line_goes_on(text, run.end()))
            hits.extend(_language_model_pass(chunk, offset, tokens, model, blocked, cuts))
    return sorted(hits, key=lambda h: h.start)


def _consecutive(positions: list[int]) -> list[list[int]]:
    """Maximal runs of consecutive positions (single-character tokens side by side)."""
    groups, current = [], [positions[0]]
    for p in positions[1:]:
        if p == current[-1] + 1:
            current.append(p)
        else:
            groups.append(current)
            current = [p]
    groups.append(current)
    return groups


def _needed_gain(text: str, at: int, spans, model: TypoModel) -> float:
    made = _word_made(text, at, spans, model)
    if made == CUTS:
        return math.inf
    if made == JOINS:
        return model.lm_threshold
    return model.lm_threshold_extend if made == EXTENDS else model.lm_threshold_bare


def _line_goes_on(text: str, at: int) -> bool:
    """A run that ends its line without punctuation: a heading, a table cell, a wrapped line
    ("5个月未更↵↵4、…", the rest of the cell printed elsewhere): not a sentence's end."""
    return _LINE_END.match(text, at) is not None


def _wrapped(text: str, at: int, step: int) -> bool:
    """Whether the text goes on, past white space holding a line break, with a Chinese character
    (a line of a PDF text layer or a table cell wrapped mid-phrase: "月份未↵↵更新")."""
    newline = False
    while 0 <= at < len(text) and text[at].isspace():
        newline = newline or text[at] == "\n"
        at += step
    return newline and 0 <= at < len(text) and "\u4e00" <= text[at] <= "\u9fff"


def _language_model_pass(
    chunk: str,
    offset: int,
    tokens: list[tuple[int, int]],
    model: TypoModel,
    blocked: bytearray,
    cuts: tuple[bool, bool] = (False, False),
) -> list[Hit]:
    """Greedy left to right: a corrected character is the context of the next one.

    A run cut by a line break has no sentence boundary there, and the character next to the cut
    is not judged: half its context is on the other line."""
    lm, sounds = model.lm, model.sounds or {}
    assert lm is not None
    cut_before, cut_after = cuts
    shift = 0 if cut_before else len(BOUNDARY_START)
    padded = ("" if cut_before else BOUNDARY_START) + chunk + ("" if cut_after else BOUNDARY_END)
    # for each position of the padded text: the span of the written word it belongs to (None: a
    # single character); a protected character is a span of its own that nothing may contain
    spans: list[tuple[int, int] | None] = [None] * len(padded)
    for s, e in tokens:
        for p in range(s + shift, e + shift):
            if blocked[offset + p - shift]:
                spans[p] = (-1, len(padded) + 1)
            elif e - s > 1:
                spans[p] = (s + shift, e + shift)
    first, last = shift + cut_before, shift + len(chunk) - cut_after
    hits: list[Hit] = []
    for i in range(first, last):
        if spans[i] is not None:
            continue
        written = padded[i]
        hi = min(len(padded), i + ORDER)
        base = lm.score(padded, i, hi)
        best_gain, best = model.lm_threshold, ""
        for alt in sounds.get(written, ""):
            candidate = padded[:i] + alt + padded[i + 1 :]
            gain = lm.score(candidate, i, hi) - base
            if gain > best_gain and gain > _needed_gain(candidate, i, spans, model):
                best_gain, best = gain, alt
        if best:
            padded = padded[:i] + best + padded[i + 1 :]
            hits.append(_lm_hit(chunk, i - shift, offset, best))
    return hits


JOINS, EXTENDS, CUTS, NO_WORD = "joins", "extends", "cuts", "no word"


def _word_made(text: str, at: int, spans: list[tuple[int, int] | None], model: TypoModel) -> str:
    """What the corrected character text[at] makes with its neighbours: a frequent dictionary
    word of single characters (JOINS: "跳无" → "跳舞"), one that takes a written word whole
    (EXTENDS: "环境污然" → "环境污染"), one that would cut a written word or a protected name in two
    (CUTS: "赴合河乡" → "符合"), or no frequent word (NO_WORD)."""
    left = max(0, at - 3)
    start = left
    for word in model.tokenizer.cut(text[left : at + 4], HMM=False):
        end = start + len(word)
        if start <= at < end:
            break
        start = end
    else:
        return NO_WORD
    if len(word) == 1 or model.freq.get(word, 0) < model.lm_word_freq:
        return NO_WORD
    whole = False
    for p in range(start, end):
        span = spans[p] if p != at else None
        if span is not None:
            if not (start <= span[0] and span[1] <= end):
                return CUTS
            whole = True
    return EXTENDS if whole else JOINS


def _lm_hit(chunk: str, at: int, offset: int, alt: str) -> Hit:
    left, right = max(0, at - 2), min(len(chunk), at + 3)
    written = chunk[left:right]
    fixed = written[: at - left] + alt + written[at - left + 1 :]
    return Hit(
        offset + at,
        offset + at + 1,
        chunk[at],
        "typo",
        MEDIUM,
        alt,
        f"疑似错别字：“{written}”按常见用法应为“{fixed}”",
        "language_model",
    )


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
