"""Checking a published 通报 against itself (pure): what its sentences state and what its lists
and attachment tables show.

Bulletins are what this app composes; checking one (ours or another office's) is the same
knowledge read the other way, so the checker lives here, importing no Django. Checks:
- a count of units followed by the units named ("优秀的 6 个，分别是…");
- a total and its "其中" parts;
- a rate recomputed from its two counts, with the document's own number of decimals;
- score bands ("90分以上的单位3家，占比6.25%") against the attachment tables' scores;
- a list of units "…为零" against the zero cells of the column it names;
- an 优秀 list against the attachment scores (the named units must be the top scorers);
- ranks against scores in an attachment table with a score column.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

_SCORE_HEADERS = ("得分", "分数", "总分")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_BLANK_CELLS = {"_", "—", "-", "/", "——", ""}


@dataclass(frozen=True)
class BulletinFinding:
    rule: str
    message: str
    text: str = ""
    severity: str = "error"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)  # [序号, 单位, values…]

    def column(self, name: str) -> int | None:
        for index, cell in enumerate(self.header):
            if _squash(cell) == name:
                return index
        return None

    @property
    def score_column(self) -> int | None:
        for index, cell in enumerate(self.header):
            if _squash(cell) in _SCORE_HEADERS:
                return index
        return None


def _squash(text: str) -> str:
    return "".join(text.split())


def _prose(text: str) -> str:
    """Sentences with the line breaks and stray spaces of PDF or OCR text removed."""
    return re.sub(r"\s+", "", text)


def _names(text: str) -> list[str]:
    text = re.split(r"[。；;]", text, maxsplit=1)[0]
    return [n for n in (p.strip() for p in re.split(r"[、，,]", text)) if n]


def _same_unit(a: str, b: str) -> bool:
    """Short and full names of one unit: 县融媒体中心 ~ 融媒体中心, 开发区 ~ 开发区."""
    a, b = _squash(a), _squash(b)
    a, b = re.sub(r"\(.*?\)|（.*?）", "", a), re.sub(r"\(.*?\)|（.*?）", "", b)
    return a == b or a.endswith(b) or b.endswith(a)


def _one_edit_apart(a: str, b: str) -> bool:
    """Equal, or one character wrong, missing or extra ("部门息公开" for 部门信息公开)."""
    if a == b:
        return True
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _decimals(printed: str) -> int:
    return len(printed.split(".")[1]) if "." in printed else 0


def read_tables(text: str) -> list[Table]:
    """Attachment tables: a header line (序号/排名…) and the numbered rows under it."""
    tables: list[Table] = []
    current: Table | None = None
    for line in text.splitlines():
        cells = _cells(line)
        if not cells:
            continue
        if _squash(cells[0]) in ("序号", "排名"):
            current = Table(header=cells)
            tables.append(current)
        elif (
            current is not None
            and cells[0].isdigit()
            and 3 <= len(cells) <= len(current.header) + 1
        ):
            current.rows.append(cells)
        elif not re.match(r"^[-\s]+$", line):
            current = None  # any other line ends the table (a page break's rule line does not)
    return [t for t in tables if t.rows]


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.strip().split("\t")]
    wide = [c for c in re.split(r"\s{2,}", line.strip()) if c]
    if len(wide) >= 3:
        return wide
    tokens = line.split()
    if len(tokens) >= 3 and tokens[0].isdigit():
        tail = len(tokens)
        while tail > 2 and (_NUMBER.match(tokens[tail - 1]) or tokens[tail - 1] in _BLANK_CELLS):
            tail -= 1
        return [tokens[0], "".join(tokens[1:tail]), *tokens[tail:]]
    return tokens


def _scores(tables: list[Table]) -> list[tuple[str, Decimal]]:
    out = []
    for table in tables:
        column = table.score_column
        if column is None:
            continue
        for row in table.rows:
            if column < len(row) and _NUMBER.match(row[column]):
                out.append((row[1], Decimal(row[column])))
    return out


def check_bulletin(text: str) -> list[BulletinFinding]:
    tables = read_tables(text)
    prose = _prose(text)
    return [
        *_counted_lists(prose),
        *_totals(prose),
        *_rates(prose),
        *_bands(prose, tables),
        *_zero_lists(prose, tables),
        *_excellent(prose, tables),
        *_ranks(tables),
    ]


_COUNTED = re.compile(r"(\d+)(?:家|个)(?:单位)?[，,:：]?(?:分别(?:是|为)|包括)[:：]?([^。；;]+)")


def _counted_lists(prose: str) -> list[BulletinFinding]:
    found = []
    for match in _COUNTED.finditer(prose):
        stated, names = int(match.group(1)), _names(match.group(2))
        if stated != len(names):
            found.append(
                BulletinFinding(
                    "通报.数量与名单",
                    f"称 {stated} 个，随后列出 {len(names)} 个：{'、'.join(names)}",
                    match.group(0),
                )
            )
    return found


_TOTAL = re.compile(
    r"共(?:公开|发布|收到|办理)?[^，,。；]{0,8}?(\d+)(条|件|家|个)[，,]其中([^。；;]+)"
)


def _totals(prose: str) -> list[BulletinFinding]:
    found = []
    for match in _TOTAL.finditer(prose):
        total, unit = int(match.group(1)), match.group(2)
        parts = [int(n) for n in re.findall(rf"(\d+){unit}", match.group(3))]
        if len(parts) >= 2 and sum(parts) != total:
            found.append(
                BulletinFinding(
                    "通报.总数与其中",
                    f"总数 {total}{unit}，其中各项之和 {sum(parts)}{unit}",
                    match.group(0),
                )
            )
    return found


_RATE = re.compile(
    r"(\d+)个[^，,。；]{0,20}?(\d+)(?:份|件|个)[，,][^，,。；]{0,6}?率为?(\d+(?:\.\d+)?)%"
)


def _rates(prose: str) -> list[BulletinFinding]:
    found = []
    for match in _RATE.finditer(prose):
        whole, part, printed = int(match.group(1)), int(match.group(2)), match.group(3)
        if whole == 0:
            continue
        expected = _round(Decimal(part) * 100 / whole, _decimals(printed))
        if expected != Decimal(printed):
            found.append(
                BulletinFinding(
                    "通报.比率", f"{part}/{whole} = {expected}%，文中为 {printed}%", match.group(0)
                )
            )
    return found


_BAND = re.compile(
    r"(?:(\d+)分以上|(\d+)[—\-–~～至]+(\d+)分)的?单位(\d+)(?:家|个)[，,]?(?:占比|占)(\d+(?:\.\d+)?)%"
)


def _bands(prose: str, tables: list[Table]) -> list[BulletinFinding]:
    scores = [score for _name, score in _scores(tables)]
    if not scores:
        return []
    found = []
    for match in _BAND.finditer(prose):
        if match.group(1):
            low, high = Decimal(match.group(1)), None
        else:
            low, high = Decimal(match.group(2)), Decimal(match.group(3))
        stated, printed = int(match.group(4)), match.group(5)
        counted = sum(1 for s in scores if s >= low and (high is None or s < high))
        share = _round(Decimal(stated) * 100 / len(scores), _decimals(printed))
        if stated != counted:
            band = f"{low}分以上" if high is None else f"{low}—{high}分"
            agrees = (
                f"；文中占比 {printed}% 与附件的 {counted} 家相符"
                if _round(Decimal(counted) * 100 / len(scores), _decimals(printed))
                == Decimal(printed)
                else ""
            )
            found.append(
                BulletinFinding(
                    "通报.分数段",
                    f"{band}的单位文中为 {stated} 家，附件得分表中为 {counted} 家（共 {len(scores)} 家）{agrees}",
                    match.group(0),
                )
            )
        elif share != Decimal(printed):
            found.append(
                BulletinFinding(
                    "通报.比率",
                    f"{stated}/{len(scores)} = {share}%，文中为 {printed}%",
                    match.group(0),
                )
            )
    return found


_ZERO = re.compile(
    r"((?:[^，,。；;:：、]{2,15}、)+[^，,。；;:：、]{2,15})在([^。；;，,]{2,20}?)栏目上?传?信息数量为零"
)


def _zero_lists(prose: str, tables: list[Table]) -> list[BulletinFinding]:
    found = []
    for match in _ZERO.finditer(prose):
        named = _names(match.group(1))
        named[0] = re.split(r"例如|如", named[0])[-1].lstrip(":：")
        wanted = _squash(match.group(2))
        zero: list[str] = []
        matched = False
        for table in tables:
            for index, header in enumerate(table.header):
                if _one_edit_apart(_squash(header), wanted):
                    matched = True
                    zero += [row[1] for row in table.rows if index < len(row) and row[index] == "0"]
        if not matched:
            continue
        missing = [z for z in zero if not any(_same_unit(z, n) for n in named)]
        extra = [n for n in named if not any(_same_unit(z, n) for z in zero)]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"附件中该栏为 0 但未列出：{'、'.join(missing)}")
            if extra:
                parts.append(f"列出但附件中该栏不为 0：{'、'.join(extra)}")
            found.append(
                BulletinFinding(
                    "通报.为零名单",
                    f"「{match.group(2)}」为零的单位：" + "；".join(parts),
                    match.group(0),
                )
            )
    return found


_EXCELLENT = re.compile(r"优秀的?(\d+)个[，,]?分别(?:是|为)[:：]?([^。；;]+)")


def _excellent(prose: str, tables: list[Table]) -> list[BulletinFinding]:
    scored = [t for t in tables if t.score_column is not None]
    found = []
    for match in _EXCELLENT.finditer(prose):
        named = _names(match.group(2))
        table = next(
            (t for t in scored if all(any(_same_unit(r[1], n) for r in t.rows) for n in named)),
            None,
        )
        if table is None:
            continue
        column = table.score_column
        scores = {row[1]: Decimal(row[column]) for row in table.rows if _NUMBER.match(row[column])}
        chosen = {u for u in scores if any(_same_unit(u, n) for n in named)}
        lowest = min(scores[u] for u in chosen)
        passed = [u for u, s in scores.items() if u not in chosen and s >= lowest]
        if passed:
            found.append(
                BulletinFinding(
                    "通报.优秀名单",
                    f"优秀名单中最低得分 {lowest}，未列入的 {'、'.join(passed)} 得分不低于此",
                    match.group(0),
                )
            )
    return found


def _ranks(tables: list[Table]) -> list[BulletinFinding]:
    found = []
    for table in tables:
        column = table.score_column
        if column is None:
            continue
        previous = None
        for row in table.rows:
            if column >= len(row) or not _NUMBER.match(row[column]):
                continue
            score = Decimal(row[column])
            if previous is not None and score > previous[1]:
                found.append(
                    BulletinFinding(
                        "通报.排名",
                        f"第 {row[0]} 名 {row[1]}（{score}）高于前一名 {previous[0]}（{previous[1]}）",
                    )
                )
            previous = (row[1], score)
    return found
