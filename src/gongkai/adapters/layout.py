"""Table rows out of a PDF's layout text (pure).

`pdftotext -layout` keeps each printed line, so a table cell whose text wraps inside a narrow
column comes out as fragments on the following lines, under the cell's first fragment:

    一、本    5   2   0        →   一、本年新收政府信息公开申请数量  5  2  0
    年新收
    政府信息公开申请数量

Rows are the runs of lines between blank lines (a row split by a page break stays one run). In a
run with numbers, every fragment joins the label cell it stands under (the nearest by column);
in a run of header cells without numbers (its top line split in columns), fragments join the
header they stand under. Runs of one line, and runs that look like prose (long segments), are
left as they are.
"""

import re
import unicodedata
from dataclasses import dataclass

_GAP = re.compile(r"\S+(?: \S+)*")  # segments are separated by two or more spaces
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$|^[—\-/－]+$")
MAX_CELL = 24  # a longer segment is prose, not a table cell fragment
_SENTENCE = re.compile(r"[。，,；;！？]")


@dataclass(frozen=True)
class Segment:
    column: int
    text: str

    @property
    def numeric(self) -> bool:
        return all(_NUMBER.match(part) for part in self.text.split())


def segments(line: str) -> list[Segment]:
    return [Segment(m.start(), m.group(0)) for m in _GAP.finditer(line)]


def rejoin_wrapped_cells(text: str) -> str:
    out: list[str] = []
    run: list[str] = []
    for line in text.replace("\f", "").split("\n"):
        if line.strip():
            run.append(line)
            continue
        out += _rejoin(run)
        out.append(line)
        run = []
    out += _rejoin(run)
    return "\n".join(out)


def _rejoin(run: list[str]) -> list[str]:
    if len(run) < 2:
        return run
    lines = [segments(line) for line in run]
    if any(len(s.text) > MAX_CELL for line in lines for s in line):
        return run
    if any(_is_row(line) for line in lines):
        return _row(run, lines)
    if any(s.numeric or _SENTENCE.search(s.text) for line in lines for s in line):
        return run  # prose whose justified lines happen to hold wide gaps
    if len(lines[0]) > 1:  # a header row: its top line has every column that has text
        seeds = max(lines, key=len)
        texts = [""] * len(seeds)
        for segment in (s for line in lines for s in line):
            texts[_nearest(seeds, segment)] += segment.text
        return ["\t".join(texts)]
    return run


def _row(run: list[str], lines: list[list[Segment]]) -> list[str]:
    """The first number line with the label fragments under it; what is above and after it is
    rejoined on its own. (Fragments above a number line, in vertically centred cells, already come
    before their numbers: the report parser joins adjacent label text.)

    A fragment under the row continues a label only while that label's last fragment filled its
    column (wrapped text does): a short last fragment means the cell ended, e.g. a heading that
    follows the table's last row directly after a page break.
    """
    first = next(i for i, line in enumerate(lines) if _is_row(line))
    anchor = lines[first]
    split = next(i for i, s in enumerate(anchor) if s.numeric)
    seeds = anchor[:split] or [Segment(0, "")]
    end = next((i for i in range(first + 1, len(lines)) if _is_row(lines[i])), len(lines))
    candidates = [s for line in lines[first + 1 : end] for s in line]
    widest = [0] * len(seeds)
    for segment in (*seeds, *candidates):
        column = _nearest(seeds, segment)
        widest[column] = max(widest[column], _width(segment.text))
    texts = [s.text for s in seeds]
    last = [_width(s.text) for s in seeds]
    taken = first + 1
    while taken < end:
        columns = [_nearest(seeds, s) for s in lines[taken]]
        if _has_number(lines[taken]) or any(last[c] < widest[c] - 2 for c in columns):
            break
        for column, segment in zip(columns, lines[taken], strict=True):
            texts[column] += segment.text
            last[column] = _width(segment.text)
        taken += 1
    row = "\t".join([*texts, *(s.text for s in anchor[split:])])
    return [*_rejoin(run[:first]), row, *_rejoin(run[taken:])]


def _has_number(line: list[Segment]) -> bool:
    return any(s.numeric for s in line)


def _is_row(line: list[Segment]) -> bool:
    """Labels, then numbers to the end of the line (prose goes on after a number: "1  件")."""
    first = next((i for i, s in enumerate(line) if s.numeric), None)
    return first is not None and all(s.numeric for s in line[first:])


def _nearest(seeds: list[Segment], segment: Segment) -> int:
    return min(range(len(seeds)), key=lambda i: abs(seeds[i].column - segment.column))


def _width(text: str) -> int:
    """Printed width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
