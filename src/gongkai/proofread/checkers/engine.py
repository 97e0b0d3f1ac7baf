"""Run every checker over one text with one context: the entry point of the pure core."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from gongkai.proofread.checkers.gazetteer import Gazetteer
from gongkai.proofread.checkers.hits import SEVERITY_RANK, Hit
from gongkai.proofread.checkers.layout import check_layout
from gongkai.proofread.checkers.lexicon import Lexicon, check_expressions
from gongkai.proofread.checkers.personal import check_personal
from gongkai.proofread.checkers.places import Jurisdiction, check_places
from gongkai.proofread.checkers.roster import Roster, check_leaders
from gongkai.proofread.checkers.typos import TypoModel, check_typos
from gongkai.proofread.checkers.watermarks import check_watermarks

DICTIONARY_CHECKERS = ("place", "leader", "expression", "personal", "format")
# What is checked in the text OCR read off an image (its typos and layout are the OCR's own).
IMAGE_CHECKERS = ("image", "personal")


@dataclass
class Context:
    """What a check needs besides the text. `today` dates roster and outdated-term checks."""

    today: date
    gazetteer: Gazetteer | None = None
    home: Jurisdiction | None = None
    roster: Roster | None = None
    lexicon: Lexicon | None = None
    typo_model: TypoModel | None = None
    words: Mapping[str, int] | None = None  # word frequencies: a place name must start a word
    protected_names: frozenset[str] = field(default_factory=frozenset)  # never "corrected"
    allowlist: frozenset[str] = field(default_factory=frozenset)  # phrases dismissed for good


def _protected_spans(text: str, ctx: Context) -> list[tuple[int, int]]:
    spans = []
    names = set(ctx.protected_names)
    if ctx.roster is not None:
        names |= ctx.roster.names
    for name in names:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    if ctx.gazetteer is not None:
        spans += [(start, end) for start, end, _ in ctx.gazetteer.find_in(text)]
    return spans


def proofread(text: str, ctx: Context, *, categories: tuple[str, ...] | None = None) -> list[Hit]:
    """All hits in text order; a hit whose text is allowlisted is dropped before anyone sees it."""
    wanted = set(categories or (*DICTIONARY_CHECKERS, "typo"))
    hits: list[Hit] = []
    if "place" in wanted and ctx.gazetteer is not None and ctx.home is not None:
        words = ctx.words if ctx.words is not None else ctx.typo_model and ctx.typo_model.freq
        hits += check_places(text, ctx.gazetteer, ctx.home, words=words or None)
    if "leader" in wanted and ctx.roster is not None:
        hits += check_leaders(text, ctx.roster, today=ctx.today)
    if "expression" in wanted and ctx.lexicon is not None:
        hits += check_expressions(text, ctx.lexicon, today=ctx.today)
    if "personal" in wanted:
        hits += check_personal(text)
    if "image" in wanted:
        hits += check_watermarks(text)
    if "format" in wanted:
        hits += check_layout(text)
    if "typo" in wanted and ctx.typo_model is not None:
        taken = [(h.start, h.end) for h in hits]
        typos = check_typos(text, ctx.typo_model, protected=_protected_spans(text, ctx) + taken)
        hits += typos
    if ctx.allowlist:
        hits = [h for h in hits if not _allowed(text, h, ctx.allowlist)]
    return sorted(hits, key=lambda h: (h.start, SEVERITY_RANK[h.severity], h.end))


def _allowed(text: str, hit: Hit, allowlist: frozenset[str]) -> bool:
    """An allowlisted phrase covers a hit when it is the hit's text or contains its span."""
    if text[hit.start : hit.end] in allowlist or hit.text in allowlist:
        return True
    for phrase in allowlist:
        lo = max(0, hit.end - len(phrase))
        at = text.find(phrase, lo, hit.start + len(phrase))
        if at >= 0 and at <= hit.start and hit.end <= at + len(phrase):
            return True
    return False
