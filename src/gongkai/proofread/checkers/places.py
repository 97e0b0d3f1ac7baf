"""Place names: divisions outside the unit's jurisdiction spoken of as local, wrong hierarchies.

Rules (precision first):
- hierarchy: a division written directly after a higher one must lie inside it
  ("河南省广州市", "新乡县孙家集街道"); "新乡县新乡市" is no hierarchy claim and passes.
- jurisdiction, 乡镇/街道: a town or 街道 outside the home jurisdiction, not qualified by the
  county/city it belongs to anywhere in the sentence and not introduced as elsewhere (赴, 来自,
  学习…), is taken as spoken of as local.
- jurisdiction, county and above: only when the sentence speaks of the home (我县, 本县, 辖区, the
  home's own names) and does not introduce it as elsewhere.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.proofread.checkers.gazetteer import (
    TOWNSHIP,
    Gazetteer,
    contains,
    level_of,
)
from gongkai.proofread.checkers.hits import HIGH, Hit, sentence_bounds

LOCAL_MARKERS = re.compile(
    r"我县|本县|全县|县域|县内|我镇|本镇|全镇|我乡|本乡|全乡|我街道|本街道|辖区|我区|本区|全区|我市|本市|全市"
)
# Words that introduce a place as elsewhere: no claim that it is local.
ELSEWHERE_TOWN = re.compile(
    r"赴|到|前往|来自|与|同|学习|借鉴|考察|对口|帮扶|援|协作|交流|参观|外地|籍|邻"
)
ELSEWHERE_WIDE = re.compile(ELSEWHERE_TOWN.pattern + r"|和|在|及|向|省外|县外|市外|全国|各地|等地")


@dataclass(frozen=True)
class Jurisdiction:
    """The unit's home division (a county, or a city for a city-level office)."""

    code: str
    extra_names: frozenset[str] = field(default_factory=frozenset)  # unit names, aliases


@lru_cache(maxsize=65536)
def _is_home(home: str, name: str, codes: tuple[str, ...]) -> bool:
    """The name is the home division, lies inside it, or contains it (新乡市, 河南省)."""
    return any(c == home or contains(home, c) or contains(c, home) for c in codes)


def _adjacent(text: str, end: int, start: int) -> bool:
    return end <= start and not text[end:start].strip()


def check_places(
    text: str, gazetteer: Gazetteer, home: Jurisdiction, *, words: Mapping[str, int] | None = None
) -> list[Hit]:
    """`words` (word → frequency) lets a name that starts inside a word pass: 部分乡镇 ≠ 分乡镇."""
    matches = gazetteer.find_in(text)
    if not matches:
        return []
    home_name = gazetteer.names.get(home.code, "")
    hits: list[Hit] = []
    previous = None
    for start, end, name in matches:
        codes = gazetteer.codes[name]
        if previous is not None and _adjacent(text, previous[1], start):
            hit = _hierarchy(text, gazetteer, previous, (start, end, name))
            if hit is not None:
                hits.append(hit)
            previous = (start, end, name)
            continue
        previous = (start, end, name)
        if _is_home(home.code, name, codes):
            continue
        if words is not None and start > 0 and words.get(text[start - 1 : start + 1], 0) >= 100:
            continue
        lo, hi = sentence_bounds(text, start, end)
        sentence = text[lo:hi]
        before = text[lo:start]
        ancestors = {
            gazetteer.names.get(c[:n].ljust(12, "0"), "") for c in codes for n in (2, 4, 6)
        } - {"", name}
        if any(a in sentence for a in ancestors if len(a) >= 2):
            continue  # qualified somewhere in the sentence: 孙家集街道（寿光市）
        levels = {level_of(c) for c in codes}
        if TOWNSHIP in levels:
            if ELSEWHERE_TOWN.search(before):
                continue
        else:
            local = LOCAL_MARKERS.search(sentence) or (home_name and home_name in sentence)
            if not local and not any(n in sentence for n in home.extra_names):
                continue
            if ELSEWHERE_WIDE.search(before):
                continue
        where = "、".join(sorted({gazetteer.describe(c) for c in codes})[:3])
        hits.append(
            Hit(
                start,
                end,
                name,
                "place",
                HIGH,
                f"核对地名；本单位属{gazetteer.path(home.code)}，如确指外地请写明所属地区",
                f"“{name}”是{where}，不在本单位辖区（{home_name}），却当作本地表述",
                "jurisdiction",
            )
        )
    return hits


def _hierarchy(text: str, gazetteer: Gazetteer, parent, child) -> Hit | None:
    _, _, pname = parent
    start, end, cname = child
    pcodes, ccodes = gazetteer.codes[pname], gazetteer.codes[cname]
    claims = [(p, c) for p in pcodes for c in ccodes if level_of(p) < level_of(c)]
    if not claims or any(contains(p, c) for p, c in claims):
        return None
    where = "、".join(sorted({gazetteer.parent_path(c) for c in ccodes})[:3])
    return Hit(
        start,
        end,
        cname,
        "place",
        HIGH,
        f"核对隶属关系：{cname}属于{where}",
        f"“{cname}”不属于“{pname}”（{cname}属于{where}）",
        "hierarchy",
    )
