"""Text of a PDF with its ruled tables read from word positions (pdfplumber).

A table cell is everything printed inside its ruling lines, so a label that wraps over several
lines of a narrow cell is one label again, whichever program made the PDF (Word and WPS centre
numbers beside a wrapped label, which defeats reading the layout text line by line). Text outside
tables comes as lines, tables as rows of tab-separated cells, both in the order they are printed.
A row cut by a page break continues on the next page as a row without numbers: its labels are
joined to the row above, column by column. A PDF without ruled tables is left to the layout-text
reader (`None`); one without any text is a scan, which the caller refuses (never read as zeros).
"""

import re
from dataclasses import dataclass
from pathlib import Path

_DIGIT = re.compile(r"\d")


class NoTextLayer(Exception):
    """The PDF has no characters at all (a scan)."""


@dataclass
class _Row:
    cells: list[str]

    @property
    def has_numbers(self) -> bool:
        return any(_DIGIT.search(cell) for cell in self.cells)


def _cell(text: str | None) -> str:
    return "".join((text or "").split())


def _continues(items: list, first: _Row) -> bool:
    """A page's first table row without numbers under a row of the same columns: its rest."""
    return (
        bool(items)
        and isinstance(items[-1], _Row)
        and not first.has_numbers
        and len(first.cells) == len(items[-1].cells)
    )


def read_pdf_tables(path: Path) -> str | None:
    """The document's text with its tables as tab-separated rows; None when no table is ruled."""
    import pdfplumber

    items: list[str | _Row] = []
    any_table = any_text = False
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            if page.chars:
                any_text = True
            tables = page.find_tables()
            any_table = any_table or bool(tables)
            boxes = [table.bbox for table in tables]

            def outside(obj, boxes=boxes) -> bool:
                if obj.get("object_type") != "char":
                    return True
                x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(
                    x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes
                )

            placed: list[tuple[float, str | list[_Row]]] = [
                (line["top"], line["text"])
                for line in page.filter(outside).extract_text_lines(layout=False)
            ]
            for table in tables:
                rows = [_Row([_cell(c) for c in row]) for row in table.extract()]
                placed.append((table.bbox[1], rows))
            placed.sort(key=lambda item: item[0])
            for index, (_top, item) in enumerate(placed):
                if isinstance(item, str):
                    items.append(item)
                    continue
                rows = item
                if index == 0 and rows and _continues(items, rows[0]):
                    above = items[-1]
                    above.cells = [a + b for a, b in zip(above.cells, rows[0].cells, strict=True)]
                    rows = rows[1:]
                items.extend(rows)
    if not any_text:
        raise NoTextLayer(str(path))
    if not any_table:
        return None
    return "\n".join(
        item if isinstance(item, str) else "\t".join(c for c in item.cells if c) for item in items
    )
