"""Leaders and titles: a name with another person's title, an outdated title, protocol order."""

import re
from dataclasses import dataclass
from datetime import date

import ahocorasick

from gongkai.proofread.checkers.hits import HIGH, MEDIUM, Hit, sentence_bounds


@dataclass(frozen=True)
class Post:
    """One person holding one title from `start` to `end` (None: still holds it)."""

    name: str
    title: str
    unit: str
    start: date
    end: date | None
    order: int

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Roster:
    def __init__(self, posts: list[Post], version: str = "") -> None:
        self.posts = posts
        self.version = version
        self.names = {p.name for p in posts}
        self.titles = {p.title for p in posts}
        auto = ahocorasick.Automaton()
        for name in self.names:
            auto.add_word(name, ("name", name))
        for title in self.titles:
            if title not in self.names:
                auto.add_word(title, ("title", title))
        if len(auto):
            auto.make_automaton()
        self.automaton = auto

    def current(self, name: str, day: date) -> list[Post]:
        return [p for p in self.posts if p.name == name and p.held_on(day)]

    def holders(self, title: str, day: date) -> list[Post]:
        return [p for p in self.posts if p.title == title and p.held_on(day)]


_BETWEEN_NAMES = re.compile(r"^[、，,\s和及与]*$")


def check_leaders(text: str, roster: Roster, *, today: date) -> list[Hit]:
    if not len(roster.automaton):
        return []
    tokens = [
        (end - len(word) + 1, end + 1, kind, word)
        for end, (kind, word) in roster.automaton.iter_long(text)
    ]
    hits: list[Hit] = []
    for i, (start, end, kind, name) in enumerate(tokens):
        if kind != "name":
            continue
        title = None
        if i > 0 and tokens[i - 1][2] == "title" and not text[tokens[i - 1][1] : start].strip():
            title = tokens[i - 1]
        elif (
            i + 1 < len(tokens)
            and tokens[i + 1][2] == "title"
            and not text[end : tokens[i + 1][0]].strip()
            and not (i + 2 < len(tokens) and tokens[i + 2][0] == tokens[i + 1][1])
        ):
            title = tokens[i + 1]  # "孙立新县长", unless the title belongs to the next name
        if title is None:
            continue
        hit = _title_hit(roster, name, title, today)
        if hit is not None:
            hits.append(hit)
    hits += _order_hits(text, roster, tokens, today)
    return hits


def _title_hit(roster: Roster, name: str, title_token, today: date) -> Hit | None:
    t_start, t_end, _, title = title_token
    now = roster.current(name, today)
    if not now or any(p.title == title for p in now):
        return None
    right = "、".join(p.title for p in now)
    past = [
        p for p in roster.posts if p.name == name and p.title == title and p.end and p.end < today
    ]
    if past:
        return Hit(
            t_start,
            t_end,
            title,
            "leader",
            HIGH,
            right,
            f"{name}自{past[-1].end:%Y-%m-%d}后不再任{title}，现任{right}（职务已变更）",
            "outdated_title",
        )
    others = [p.name for p in roster.holders(title, today) if p.name != name]
    who = f"（现任{title}为{'、'.join(others)}）" if others else ""
    return Hit(
        t_start,
        t_end,
        title,
        "leader",
        HIGH,
        right,
        f"{name}现任{right}，不是{title}{who}",
        "wrong_title",
    )


def _order_hits(text: str, roster: Roster, tokens, today: date) -> list[Hit]:
    """Names listed together (separated by 、，和 or a title) must follow the roster's order."""
    hits: list[Hit] = []
    names = [(s, e, w) for s, e, k, w in tokens if k == "name" and roster.current(w, today)]
    run: list[tuple[int, int, str]] = []
    for item in names + [None]:
        if item is not None and run:
            gap = text[run[-1][1] : item[0]]
            for s, e, k, w in tokens:
                if k == "title" and run[-1][1] <= s and e <= item[0]:
                    gap = gap.replace(w, "")
            lo, _ = sentence_bounds(text, item[0], item[1])
            if _BETWEEN_NAMES.match(gap) and lo <= run[-1][0]:
                run.append(item)
                continue
        if len(run) >= 2:
            orders = [min(p.order for p in roster.current(w, today)) for _, _, w in run]
            if orders != sorted(orders):
                right = "、".join(w for _, _, w in sorted(run, key=lambda r: orders[run.index(r)]))
                hits.append(
                    Hit(
                        run[0][0],
                        run[-1][1],
                        text[run[0][0] : run[-1][1]],
                        "leader",
                        MEDIUM,
                        right,
                        "领导同志排序与名单顺序不一致",
                        "order",
                    )
                )
        run = [item] if item is not None else []
    return hits
