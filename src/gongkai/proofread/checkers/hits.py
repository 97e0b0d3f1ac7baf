"""The one result type of every checker, and small text helpers they share."""

import re
from dataclasses import asdict, dataclass

HIGH, MEDIUM, LOW = "high", "medium", "low"
CATEGORIES = ("place", "leader", "expression", "typo", "format", "personal", "image")
SEVERITY_RANK = {HIGH: 0, MEDIUM: 1, LOW: 2}


@dataclass(frozen=True)
class Hit:
    """One suspected error: text[start:end] (the span in the checked text, end exclusive).

    `text` is the matched text, except for personal data, where it is already masked.
    `rule` names the check inside the category (e.g. "hierarchy").
    """

    start: int
    end: int
    text: str
    category: str
    severity: str
    suggestion: str
    reason: str
    rule: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


SENTENCE_END = "。！？!?；;\n"
_SENTENCE_END_RE = re.compile(r"[。！？!?\n]")


def sentence_bounds(text: str, start: int, end: int, *, limit: int = 200) -> tuple[int, int]:
    """The sentence around text[start:end] (ends at 。！？ or a line break), at most `limit` each side."""
    left = max(0, start - limit)
    lo = left
    for m in _SENTENCE_END_RE.finditer(text, left, start):
        lo = m.end()
    m = _SENTENCE_END_RE.search(text, end, min(len(text), end + limit))
    hi = m.start() if m else min(len(text), end + limit)
    return lo, hi


def inside_book_title(text: str, pos: int, *, limit: int = 60) -> bool:
    """Whether pos is inside 《…》 (a cited title keeps its own wording)."""
    left = text.rfind("《", max(0, pos - limit), pos)
    if left < 0:
        return False
    return text.find("》", left, pos) < 0


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
