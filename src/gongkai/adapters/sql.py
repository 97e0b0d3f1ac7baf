"""Many rows to one INSERT statement, duplicates skipped: the write path shared by the importers."""

import contextlib
import functools
import itertools
from collections.abc import Mapping, Sequence

# One statement of many rows costs SQLite and the driver far less per row than one statement per
# row (measured 1.5 against 2.7 µs a row at 100 rows a statement; 20 rows: 3.1 µs).
ROWS_PER_STATEMENT = 100


@functools.lru_cache(maxsize=64)
def _insert_sql(
    table: str, columns: tuple[str, ...], rows: int, vendor: str, constants: tuple
) -> str:
    names = ", ".join((*columns, *(name for name, _ in constants)))
    literals = "".join(f", {'NULL' if value is None else int(value)}" for _, value in constants)
    row = "(" + ", ".join(["%s"] * len(columns)) + literals + ")"
    values = ", ".join([row] * rows)
    if vendor == "sqlite":
        return f"INSERT OR IGNORE INTO {table} ({names}) VALUES {values}"
    return f"INSERT INTO {table} ({names}) VALUES {values} ON CONFLICT DO NOTHING"


def insert_ignoring_duplicates(
    cursor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    constants: Mapping[str, int | None] | None = None,
) -> int:
    """Insert `rows` (values for `columns`), many to a statement, letting the table's unique
    indexes skip duplicates; returns how many rows were new.

    `constants` are integer columns with the same value in every row (an import's batch), written
    into the statement instead of repeated in the parameters.
    """
    vendor = cursor.db.vendor
    fixed = tuple(sorted((constants or {}).items()))
    flatten = itertools.chain.from_iterable
    step = ROWS_PER_STATEMENT
    whole = len(rows) - len(rows) % step
    inserted = 0
    if whole:
        cursor.executemany(
            _insert_sql(table, tuple(columns), step, vendor, fixed),
            [tuple(flatten(rows[i : i + step])) for i in range(0, whole, step)],
        )
        inserted += max(cursor.rowcount, 0)
    if whole < len(rows):
        cursor.execute(
            _insert_sql(table, tuple(columns), len(rows) - whole, vendor, fixed),
            tuple(flatten(rows[whole:])),
        )
        inserted += max(cursor.rowcount, 0)
    return inserted


@contextlib.contextmanager
def sqlite_cache(cursor, kib: int):
    """SQLite's page cache at `kib` KiB for a while, restored afterwards."""
    previous = sqlite_pragma(cursor, "cache_size")
    cursor.execute(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size={int(previous)}")


def sqlite_pragma(cursor, name: str):
    cursor.execute(f"PRAGMA {name}")
    return cursor.fetchone()[0]
