"""Reading an annual report's tables from its text (pure).

The text may come from a PDF's text layer, a web page or a .docx flattened in document order: rows
are found by their labels in the format's order and their numbers read after them, so it does not
matter whether cells were split by tabs, spaces or line breaks, or how rowspans were laid out.
A missing section is reported as missing and a table without numbers as unreadable — never as zeros.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.annualreport.splitting import MAX_SPLITS, splits_in_blocks, splits_with_total
from gongkai.national_format import CURRENT, EDITIONS, SECTIONS, TRIAL, Edition, RowSpec

NONE_MARKS = {"—", "-", "/", "－", "——", "--", "无"}
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_NOTE = re.compile(r"\([^()]*\)$")  # a trailing explanation in a label
_RULE = re.compile(r"^[\s|:\-]+$")
_TITLE = re.compile(r"(?:(\S{2,40}?)\s*)?(\d{4})\s*年(?:度)?.{0,20}?年度报告")
_TITLE_YEAR_FIRST = re.compile(r"(\d{4})\s*年度?\s*(\S{2,40}?)政府信息公开(?:工作)?年度报告")
# Words of a portal's page chrome that are never a unit's name.
CHROME = re.compile(
    r"登录|注册|首页|当前位置|您的位置|您现在的位置|无障碍|长者模式|关怀版|繁體|繁体|简体|English|"
    r"搜索|打印|关闭|收藏|分享|字号|[>»›|｜/]"
)
HEADING_KEYS = {
    "一": "总体情况",
    "二": "主动公开",
    "三": "收到和处理",
    "四": "行政复议",
    "五": "存在的主要问题",
    "六": "其他需要报告",
}


@dataclass(frozen=True)
class ParseIssue:
    rule: str
    message: str
    cells: tuple[str, ...] = ()
    severity: str = "error"  # error | warning


@dataclass
class ParsedReport:
    source: str
    unit: str | None = None
    year: int | None = None
    edition: Edition = CURRENT
    sections: dict[str, str] = field(default_factory=dict)  # numeral → text of the section
    section2: dict[str, list[Decimal]] = field(default_factory=dict)
    section3: dict[str, list[Decimal]] = field(default_factory=dict)
    section4: list[Decimal] | None = None
    issues: list[ParseIssue] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)  # cells split out of run-together digits
    blanks: int = 0  # cells written as —, -, / (read as 0)

    @property
    def complete(self) -> bool:
        return (
            len(self.sections) == 6
            and len(self.section2) == len(self.edition.section2)
            and len(self.section3) == len(self.edition.section3)
            and self.section4 is not None
        )


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def find_title(text: str) -> tuple[str | None, int | None]:
    """Unit and year from the first title-like line (a portal's ArticleTitle comes first when the
    page has one); chrome words and breadcrumbs before the unit's name are cut off."""
    for line in text[:3000].split("\n")[:40]:
        line = line.strip()
        if "年度报告" not in line:
            continue
        match = _TITLE_YEAR_FIRST.search(line)
        if match:
            unit, year = match.group(2), match.group(1)
        else:
            match = _TITLE.search(line)
            if match is None:
                continue
            unit, year = match.group(1) or "", match.group(2)
        unit = CHROME.split(unit)[-1].strip()
        if len(unit) >= 2:
            return unit, int(year)
        return None, int(year)
    return None, None


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _near_heading(text: str, numeral: str, title: str, position: int):
    """A heading line with one wrong, missing or extra character: (start, end, printed title)."""
    line_start = re.compile(rf"(?m)^[ \t]*{numeral}\s*[、.．]\s*(\S[^\n]{{0,{len(title) + 3}}})$")
    for match in line_start.finditer(text, position):
        printed = match.group(1).strip().rstrip("：:。")
        if abs(len(printed) - len(title)) <= 1 and edit_distance(printed, title) <= 1:
            return match.start(), match.end(), printed
    return None


def split_sections(text: str, typos: list | None = None) -> dict[str, tuple[int, int]]:
    """Numeral → (start, end) offsets of each section heading found, in the format's order.

    A heading with one wrong, missing or extra character still opens its section; it is added to
    `typos` as (numeral, printed title) when a list is given.
    """
    found: list[tuple[str, int]] = []
    position = 0
    for numeral, title in SECTIONS:
        pattern = re.compile(rf"{numeral}\s*[、.．]\s*[^\n]{{0,12}}?{HEADING_KEYS[numeral]}")
        match = pattern.search(text, position)
        near = _near_heading(text, numeral, title, position) if match is None else None
        if match:
            found.append((numeral, match.start()))
            position = match.end()
            line_end = text.find("\n", match.start())
            printed = (
                re.sub(
                    rf"^\s*{numeral}\s*[、.．]\s*",
                    "",
                    text[match.start() : line_end % (len(text) + 1)],
                )
                .strip()
                .rstrip("：:。")
            )
            close = abs(len(printed) - len(title)) <= 1
            if typos is not None and close and edit_distance(printed, title) == 1:
                typos.append((numeral, printed))
        elif near:
            found.append((numeral, near[0]))
            position = near[1]
            if typos is not None:
                typos.append((numeral, near[2]))
    spans = {}
    for index, (numeral, start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        spans[numeral] = (start, end)
    return spans


def _tokens(text: str) -> list[tuple[str, str]]:
    """("num", "12") / ("none", "—") / ("label", "…") tokens; labels of adjacent tokens are joined."""
    out: list[tuple[str, str]] = []
    for raw in text.split():
        if _NUMBER.match(raw):
            out.append(("num", raw))
        elif raw in NONE_MARKS:
            out.append(("none", raw))
        elif out and out[-1][0] == "label":
            out[-1] = ("label", out[-1][1] + raw)
        else:
            out.append(("label", raw))
    return out


def _read_rows(tokens, specs: tuple[RowSpec, ...], section: str, report: ParsedReport) -> dict:
    values: dict[str, list[Decimal]] = {}
    position = 0
    bare = [_NOTE.sub("", text) if kind == "label" else text for kind, text in tokens]
    for spec in specs:
        found = None
        for index in range(position, len(tokens)):
            kind, text = tokens[index]
            if kind != "label":
                continue
            if re.search(spec.pattern, text) or re.search(spec.pattern, bare[index]):
                found = index
                break
            if any(re.search(variant, text) for variant in spec.variants):
                report.issues.append(
                    ParseIssue(
                        "label",
                        f"{section}「{text[-20:]}」与规定格式「{spec.label}」不一致",
                        (f"{section}/{spec.label}",),
                    )
                )
                found = index
                break
        if found is None:
            report.issues.append(
                ParseIssue(
                    "missing_row",
                    f"{section}缺少「{spec.label}」一行",
                    (f"{section}/{spec.label}",),
                )
            )
            continue
        numbers: list[Decimal] = []
        index = found + 1
        while index < len(tokens) and len(numbers) < spec.values and tokens[index][0] != "label":
            kind, text = tokens[index]
            if kind == "none":
                report.blanks += 1
                numbers.append(Decimal(0))
            else:
                numbers.append(Decimal(text))
            index += 1
        if len(numbers) < spec.values and spec.values == 7:
            split = _split_run_together(tokens[found + 1 : index], spec, section, report)
            if split is not None:
                if split:
                    values[spec.key] = split
                position = index
                continue
        if len(numbers) < spec.values:
            run = "".join(text for kind, text in tokens[found + 1 : index] if kind == "num")
            together = len(numbers) < len(run) and run.isdigit()  # e.g. 二「1012」for 1|0|12
            report.issues.append(
                ParseIssue(
                    "short_row",
                    f"{section}「{spec.label}」的数字连在一起（「{run}」），这一行没有可用来拆分的"
                    f"等式，未读取（应有{spec.values}个数值）"
                    if together
                    else f"{section}「{spec.label}」应有{spec.values}个数值，只读到{len(numbers)}个",
                    (f"{section}/{spec.label}",),
                )
            )
            continue
        values[spec.key] = numbers
        position = index
    return values


def _split_run_together(tokens, spec: RowSpec, section: str, report: ParsedReport):
    """A section 三 row printed with its cells run together, split by 六类之和 = 总计 when only
    one split satisfies it; an ambiguous string is reported with its candidates, never guessed."""
    if not tokens or any(kind != "num" or not text.isdigit() for kind, text in tokens):
        return None
    digits = "".join(text for _kind, text in tokens)
    candidates = splits_with_total(digits, spec.values)
    where = (f"{section}/{spec.label}",)
    if len(candidates) == 1:
        parts = candidates[0]
        report.inferred.append(f"{section}/{spec.label}")
        report.issues.append(
            ParseIssue(
                "inferred_split",
                f"{section}「{spec.label}」的数字连在一起（「{digits}」），按“六类申请人之和等于总计”"
                f"只有一种拆分：{'、'.join(map(str, parts))}（推断，请核对原文）",
                where,
                severity="warning",
            )
        )
        return [Decimal(part) for part in parts]
    if len(candidates) > 1:
        shown = "；".join("、".join(map(str, c)) for c in candidates[:3])
        more = f"等 {len(candidates)} 种" if len(candidates) > 3 else f"{len(candidates)} 种"
        report.issues.append(
            ParseIssue(
                "ambiguous_split",
                f"{section}「{spec.label}」的数字连在一起（「{digits}」），符合“六类申请人之和等于总计”"
                f"的拆分有{more}（{shown}），无法确定，未读取",
                where,
            )
        )
        return []
    return None


def _split_section4(tokens, report: ParsedReport) -> list[Decimal] | None:
    """Section 四 printed with cells run together, split by its three blocks' 之和 = 总计 when only
    one split satisfies them; [] when ambiguous (reported), None when not run-together digits."""
    cells = [(kind, text) for kind, text in tokens if kind in ("num", "none")]
    if any(kind != "num" or not text.isdigit() for kind, text in cells):
        return None
    digits = "".join(text for _kind, text in cells)
    candidates = splits_in_blocks(digits, 3, 5)
    if len(candidates) == 1:
        report.inferred.append("四")
        report.issues.append(
            ParseIssue(
                "inferred_split",
                f"第四部分的数字连在一起（「{digits}」），按“每组前四项之和等于总计”只有一种拆分："
                f"{'、'.join(map(str, candidates[0]))}（推断，请核对原文）",
                ("四",),
                severity="warning",
            )
        )
        return [Decimal(part) for part in candidates[0]]
    if candidates:
        count = f"{len(candidates)} 种" if len(candidates) <= MAX_SPLITS else f"{MAX_SPLITS} 种以上"
        report.issues.append(
            ParseIssue(
                "ambiguous_split",
                f"第四部分的数字连在一起（「{digits}」），符合“每组前四项之和等于总计”的拆分有"
                f"{count}，无法确定，未读取",
                ("四",),
            )
        )
        return []
    return None


def _untable(text: str) -> str:
    """Pipe (Markdown) tables as tab-separated rows; their |---| rule lines dropped."""
    if "|" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        if line.count("|") >= 2:
            if _RULE.match(line):
                continue
            line = line.strip().strip("|").replace("|", "\t")
        lines.append(line)
    return "\n".join(lines)


def detect_edition(tables_text: str, year: int | None) -> Edition:
    """The edition whose own labels the tables print more of; on a tie, the one of the year."""
    flat = "".join(tables_text.split())
    counts = {key: sum(mark in flat for mark in e.marks) for key, e in EDITIONS.items()}
    if counts[TRIAL.key] != counts[CURRENT.key]:
        return max(EDITIONS.values(), key=lambda e: counts[e.key])
    return TRIAL if year is not None and year <= 2020 else CURRENT


def parse_text(text: str, source: str = "") -> ParsedReport:
    text = _untable(normalize(text))
    report = ParsedReport(source=source)
    report.unit, report.year = find_title(text)
    typos: list[tuple[str, str]] = []
    spans = split_sections(text, typos)
    titles = dict(SECTIONS)
    for numeral, printed in typos:
        report.issues.append(
            ParseIssue(
                "heading_typo",
                f"第{numeral}部分标题「{numeral}、{printed}」与规定「{numeral}、{titles[numeral]}」不一致（已按该部分读取）",
                (numeral,),
                severity="warning",
            )
        )
    report.sections = {numeral: text[start:end] for numeral, (start, end) in spans.items()}
    report.edition = detect_edition(
        report.sections.get("二", "") + report.sections.get("三", ""), report.year
    )
    for numeral, title_text in SECTIONS:
        if numeral not in spans:
            report.issues.append(
                ParseIssue("missing_section", f"缺少第{numeral}部分「{title_text}」", (numeral,))
            )
    for numeral, specs, target in (
        ("二", report.edition.section2, "section2"),
        ("三", report.edition.section3, "section3"),
    ):
        body = report.sections.get(numeral)
        if body is None:
            continue
        tokens = _tokens(body.split("\n", 1)[1] if "\n" in body else body)
        if not any(kind == "num" for kind, _ in tokens):
            report.issues.append(
                ParseIssue(
                    "unreadable",
                    f"第{numeral}部分的表格无法读取（可能是图片），未按零处理",
                    (numeral,),
                )
            )
            continue
        setattr(report, target, _read_rows(tokens, specs, numeral, report))
    body = report.sections.get("四")
    if body is not None:
        tokens = _tokens(body.split("\n", 1)[1] if "\n" in body else body)
        numbers = [
            Decimal(t) if k == "num" else Decimal(0) for k, t in tokens if k in ("num", "none")
        ]
        if not numbers:
            report.issues.append(
                ParseIssue(
                    "unreadable", "第四部分的表格无法读取（可能是图片），未按零处理", ("四",)
                )
            )
        elif len(numbers) < 15:
            split = _split_section4(tokens, report)
            if split:
                report.section4 = split
            elif split is None:
                report.issues.append(
                    ParseIssue(
                        "short_row", f"第四部分应有15个数值，只读到{len(numbers)}个", ("四",)
                    )
                )
        else:
            report.section4 = numbers[:15]
    return report
