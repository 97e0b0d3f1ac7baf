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


def text_problems(values: dict[str, str], limits: dict[str, int]) -> list[tuple[str, str, str]]:
    """(field, value shown, reason) for text a database cannot or should not store.

    NUL characters are refused on every database (PostgreSQL cannot store them; SQLite would and
    the data would then fail to move); text longer than its column is named before the write.
    """
    problems = []
    for name, value in values.items():
        if "\x00" in value:
            problems.append((name, value.replace("\x00", "␀")[:50], "含有空字符（NUL）"))
        elif name in limits and len(value) > limits[name]:
            problems.append((name, value[:50] + "…", f"超过 {limits[name]} 个字"))
    return problems


def column_limits(model, names) -> dict[str, int]:
    """The max_length of each named field of a Django model that has one."""
    limits = {}
    for name in names:
        try:
            field = model._meta.get_field(name)
        except Exception:  # not a field of the model (a derived column)
            continue
        if getattr(field, "max_length", None):
            limits[name] = field.max_length
    return limits
