"""Ledgers kept in spreadsheets (台账): find the header by column aliases, yield rows as dicts."""

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from gongkai.adapters.readers import HEADER_SEARCH_ROWS, ImportFileError, open_table


def _key(cell: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split())


def read_ledger(
    path: Path, columns: Mapping[str, Sequence[str]], required: Sequence[str]
) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {field: raw value}) for each non-blank row under the header.

    `columns` maps a field to the column names that mean it (the first is the documented one).
    """
    lookup = {_key(alias): field for field, aliases in columns.items() for alias in aliases}
    reader = open_table(path)
    try:
        header: dict[str, int] | None = None
        for number, cells in reader.rows():
            if header is None:
                found: dict[str, int] = {}
                for index, cell in enumerate(cells):
                    field = lookup.get(_key(cell))
                    if field and field not in found:
                        found[field] = index
                if all(f in found for f in required):
                    header = found
                elif number >= HEADER_SEARCH_ROWS:
                    break
                continue
            if any(str(c or "").strip() for c in cells):
                yield number, {f: (cells[i] if i < len(cells) else None) for f, i in header.items()}
        if header is None:
            names = "、".join(columns[f][0] for f in required)
            raise ImportFileError(f"{reader.name}: 未找到表头：需要 {names}")
    finally:
        reader.close()
