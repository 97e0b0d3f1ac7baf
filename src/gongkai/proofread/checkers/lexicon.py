"""Fixed and normative expressions: miswritten official names, outdated terms, words used with care.

A lexicon is data (YAML, versioned): entries of
  category 规范表述 (term + its common miswritings), 过时表述 (term, replacement, outdated_from),
  慎用词 (term, suggestion), 办公室 (the office's own list: term + miswritings or suggestion).
"""

from dataclasses import dataclass, field
from datetime import date

import ahocorasick

from gongkai.proofread.checkers.hits import LOW, MEDIUM, Hit, inside_book_title

NORMATIVE, OUTDATED, CAUTION, OFFICE = "规范表述", "过时表述", "慎用词", "办公室"
LEXICON_CATEGORIES = (NORMATIVE, OUTDATED, CAUTION, OFFICE)


@dataclass(frozen=True)
class LexiconEntry:
    term: str
    category: str
    variants: tuple[str, ...] = ()  # miswritings of `term` (规范表述, 办公室)
    replacement: str = ""  # 过时表述 / 慎用词: what to write instead
    outdated_from: date | None = None
    note: str = ""
    source: str = ""


@dataclass
class Lexicon:
    version: str
    entries: list[LexiconEntry]
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False)

    def automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            auto = ahocorasick.Automaton()
            for entry in self.entries:
                if entry.category in (NORMATIVE, OFFICE) and entry.variants:
                    auto.add_word(entry.term, (None, entry))  # the right form consumes its span
                    for variant in entry.variants:
                        auto.add_word(variant, (variant, entry))
                else:
                    auto.add_word(entry.term, (entry.term, entry))
            if len(auto):
                auto.make_automaton()
            self._automaton = auto
        return self._automaton


def lexicon_from_data(data: dict) -> Lexicon:
    """From the YAML structure {version, entries: [{term, category, variants…}]}; raises ValueError."""
    entries = []
    for i, raw in enumerate(data.get("entries") or [], start=1):
        term = str(raw.get("term") or "").strip()
        category = raw.get("category")
        if not term or category not in LEXICON_CATEGORIES:
            raise ValueError(f"第 {i} 条：词条为空或类别不是 {'、'.join(LEXICON_CATEGORIES)}")
        outdated = raw.get("outdated_from")
        if category == OUTDATED and not isinstance(outdated, date):
            raise ValueError(f"第 {i} 条（{term}）：过时表述须写明 outdated_from 日期")
        entries.append(
            LexiconEntry(
                term=term,
                category=category,
                variants=tuple(str(v) for v in raw.get("variants") or ()),
                replacement=str(raw.get("replacement") or ""),
                outdated_from=outdated,
                note=str(raw.get("note") or ""),
                source=str(raw.get("source") or ""),
            )
        )
    return Lexicon(version=str(data.get("version") or ""), entries=entries)


def check_expressions(text: str, lexicon: Lexicon, *, today: date) -> list[Hit]:
    auto = lexicon.automaton()
    if not len(auto):
        return []
    hits = []
    for end, (matched, entry) in auto.iter_long(text):
        if matched is None:
            continue
        start = end - len(matched) + 1
        if entry.category in (NORMATIVE, OFFICE) and entry.variants:
            hits.append(
                Hit(
                    start,
                    end + 1,
                    matched,
                    "expression",
                    MEDIUM,
                    entry.term,
                    f"规范表述为“{entry.term}”" + (f"（{entry.source}）" if entry.source else ""),
                    "normative",
                )
            )
        elif entry.category == OUTDATED:
            if entry.outdated_from > today or inside_book_title(text, start):
                continue
            hits.append(
                Hit(
                    start,
                    end + 1,
                    matched,
                    "expression",
                    MEDIUM,
                    entry.replacement,
                    f"自{entry.outdated_from.year}年{entry.outdated_from.month}月{entry.outdated_from.day}日起“{matched}”已过时"
                    + (f"：{entry.note}" if entry.note else ""),
                    "outdated",
                )
            )
        else:
            hits.append(
                Hit(
                    start,
                    end + 1,
                    matched,
                    "expression",
                    LOW,
                    entry.replacement,
                    entry.note or f"“{matched}”需慎用",
                    "caution" if entry.category == CAUTION else "office",
                )
            )
    return hits
