"""Writing validated publication rows: the storage engine behind an import.

The import (services.import_publications) reads, validates and counts; it hands chunks of value
tuples (parsing.insert_row, in VALUE_COLUMNS order) to a Loader and knows nothing of the database:

    with trusted_foreign_keys(large), transaction.atomic():
        with open_loader(batch_id=…, large=…) as loader:
            for chunk in chunks:
                new = loader.add(chunk)          # rows that were not duplicates
            removed = loader.finish()            # duplicates found when deferred indexes are built

Three engines, chosen by `open_loader`:
- statements: many rows to one INSERT that skips duplicates (any database, small files);
- SQLite bulk: a large file into an empty table drops the indexes for the transaction and builds
  them once at the end by sorting (duplicates, if a unique index finds any, removed in SQL);
- PostgreSQL COPY: rows stream in with COPY, into the table itself when it is empty and large (the
  indexes built at the end, as on SQLite), else into a temporary table from which one INSERT …
  SELECT … ON CONFLICT DO NOTHING a chunk moves the new rows.

Memory does not grow with the file on any path: rows pass through in chunks, and the SQLite page
cache of the bulk path is small (appending needs no cache; the large cache is for the random index
probes of the statements path).
"""

import contextlib
import gc
import os
from collections.abc import Iterator
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from gongkai.adapters.sql import insert_ignoring_duplicates, sqlite_cache, sqlite_pragma
from gongkai.publishing.models import Publication

# The values of a validated row (parsing.insert_row), in order; the batch is the same for every
# row of an import.
VALUE_COLUMNS = (
    "unit_id",
    "column_id",
    "category",
    "title",
    "published_on",
    "url",
    "url_key",
    "content_key",
)
PUBLISHED_ON = VALUE_COLUMNS.index("published_on")
# The unique indexes and the key each one guards (Publication.Meta.constraints).
DUPLICATE_KEYS = {"publication_unique_content": "content_key", "publication_unique_url": "url_key"}
# SQLite's sorter holds as much as the page cache in one sorted run; small runs stay in the CPU
# caches and are sorted by worker threads, then merged. At 10 M rows the three index builds took
# 47-52 s with the 1 GB import cache and 19-22 s with a 4 MB cache and two threads.
SORTER_CACHE_KIB = 4096
SORTER_THREADS = min(os.cpu_count() or 1, 4)
# The SQLite bulk path appends to a table without indexes: a small cache is as fast as a large one.
BULK_CACHE_KIB = 16 * 1024


class Loader(Protocol):
    # True when the database's work holds Python's GIL (the caller should read rows inline rather
    # than in a second thread; the hand-over would cost more than the overlap gains).
    reads_inline: bool

    def add(self, rows: list[tuple]) -> int:
        """Store validated rows; returns how many were new (not duplicates)."""

    def finish(self) -> int:
        """Complete the load; returns how many rows stored by `add` proved duplicates and were
        removed (only where indexes were deferred)."""


def large_file(size: int) -> bool:
    """A file large enough for the bulk paths (and, on SQLite, trusted foreign keys)."""
    return size >= settings.IMPORT_BULK_BYTES


@contextlib.contextmanager
def open_loader(*, batch_id: int | None, large: bool) -> Iterator[Loader]:
    """The engine for this database and file, inside the caller's transaction."""
    with connection.cursor() as cursor, _collector_paused():
        bulk = large and not Publication.objects.exists()
        if connection.vendor == "postgresql":
            yield _PostgresCopyLoader(cursor, batch_id, bulk=bulk)
        elif connection.vendor == "sqlite" and bulk:
            with sqlite_cache(cursor, BULK_CACHE_KIB):
                yield _SqliteBulkLoader(cursor, batch_id)
        else:
            kib = settings.SQLITE_IMPORT_CACHE_MB * 1024
            with sqlite_cache(cursor, kib) if connection.vendor == "sqlite" else _nothing():
                yield _StatementLoader(cursor, batch_id)


@contextlib.contextmanager
def trusted_foreign_keys(large: bool):
    """Skip SQLite's per-row foreign-key lookups (three a row, ~0.9 µs) for a large import; enter
    it outside the import's transaction.

    Safe: every unit, column and batch id the rows carry was read inside the import's own
    transaction, which holds SQLite's write lock from its start (transaction mode IMMEDIATE), so
    nothing it read can be deleted before it commits. SQLite ignores the pragma inside a
    transaction, so a caller's open transaction keeps the checks.
    """
    if not large or connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    disabled = connection.disable_constraint_checking()
    try:
        yield
    finally:
        if disabled:
            connection.enable_constraint_checking()


class _StatementLoader:
    reads_inline = False  # SQLite releases the GIL while it maintains the indexes

    def __init__(self, cursor, batch_id: int | None) -> None:
        self._cursor = cursor
        self._constants = {"batch_id": batch_id}

    def add(self, rows: list[tuple]) -> int:
        return insert_ignoring_duplicates(
            self._cursor,
            Publication._meta.db_table,
            VALUE_COLUMNS,
            rows,
            constants=self._constants,
        )

    def finish(self) -> int:
        return 0


class _SqliteBulkLoader(_StatementLoader):
    reads_inline = True  # without indexes an insert is cheaper than a GIL hand-over

    def __init__(self, cursor, batch_id: int | None) -> None:
        super().__init__(cursor, batch_id)
        self._indexes = _drop_listed(
            cursor,
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            Publication._meta.db_table,
            'DROP INDEX "{name}"',
        )

    def finish(self) -> int:
        with _sorter_settings(self._cursor):
            return _rebuild_indexes(self._cursor, self._indexes)


class _PostgresCopyLoader:
    reads_inline = False  # the server works in its own process while this one reads

    def __init__(self, cursor, batch_id: int | None, *, bulk: bool) -> None:
        self._cursor = cursor
        self._batch_id = batch_id
        self._table = Publication._meta.db_table
        self._indexes: list[tuple[str, str]] = []
        self._foreign_keys: list[tuple[str, str]] = []
        if bulk:
            # Run the checks already queued in this transaction now: no table with pending
            # trigger events can be altered (the rest of the transaction checks at once, too).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self._foreign_keys = _drop_postgres_foreign_keys(cursor, self._table)
            self._indexes = _drop_postgres_indexes(cursor, self._table)
            self._copy_sql = f"COPY {self._table} ({', '.join(VALUE_COLUMNS)}, batch_id) FROM STDIN"
        else:
            # Its own identity column numbers the rows in the order read.
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS gongkai_import_stage (LIKE "
                f"{self._table} INCLUDING DEFAULTS INCLUDING IDENTITY) ON COMMIT DROP"
            )
            cursor.execute("TRUNCATE gongkai_import_stage")
            self._copy_sql = f"COPY gongkai_import_stage ({', '.join(VALUE_COLUMNS)}) FROM STDIN"

    def add(self, rows: list[tuple]) -> int:
        raw = self._cursor.cursor  # the driver's cursor: COPY is psycopg's, not the DB-API's
        with raw.copy(self._copy_sql) as copy:
            write = copy.write_row
            if self._indexes:
                batch = (self._batch_id,)
                for row in rows:
                    write(row + batch)
                return len(rows)
            for row in rows:
                write(row)
        columns = ", ".join(VALUE_COLUMNS)
        batch = "NULL" if self._batch_id is None else int(self._batch_id)
        # In the order read: of two duplicates in one file, the first is kept.
        self._cursor.execute(
            f"INSERT INTO {self._table} ({columns}, batch_id) SELECT {columns}, {batch} "
            "FROM gongkai_import_stage ORDER BY id ON CONFLICT DO NOTHING"
        )
        inserted = max(self._cursor.rowcount, 0)
        self._cursor.execute("TRUNCATE gongkai_import_stage")
        return inserted

    def finish(self) -> int:
        removed = _rebuild_indexes(self._cursor, self._indexes)
        for name, definition in self._foreign_keys:
            # One join checks every row (and fails the import if a unit or column is gone).
            self._cursor.execute(f'ALTER TABLE {self._table} ADD CONSTRAINT "{name}" {definition}')
        return removed


def _drop_postgres_foreign_keys(cursor, table: str) -> list[tuple[str, str]]:
    """Drop the table's foreign keys for the rest of the transaction: checked row by row they
    queue one deferred trigger event a key a row (and no index can be built while any is queued).
    Dropping them locks the referenced tables until the commit, so nothing they point to goes."""
    return _drop_listed(
        cursor,
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f'",
        table,
        f'ALTER TABLE {table} DROP CONSTRAINT "{{name}}"',
    )


def _drop_postgres_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """Drop the table's indexes that no constraint owns (the primary key stays) for the rest of
    the transaction; returns how to recreate them."""
    return _drop_listed(
        cursor,
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        table,
        'DROP INDEX "{name}"',
    )


def _drop_listed(cursor, query: str, table: str, drop: str) -> list[tuple[str, str]]:
    """Drop each (name, definition) `query` lists for `table` with `drop`; returns the list."""
    cursor.execute(query, [table])
    listed = cursor.fetchall()
    for name, _definition in listed:
        cursor.execute(drop.format(name=name))
    return listed


def _rebuild_indexes(cursor, indexes: list[tuple[str, str]]) -> int:
    """Recreate the indexes; where a unique one finds duplicates, the later rows go first.

    Returns the number of duplicate rows removed (same link, or same unit + title + date).
    """
    table = Publication._meta.db_table
    removed = 0
    unique_first = sorted(indexes, key=lambda item: item[0] not in DUPLICATE_KEYS)
    for name, sql in unique_first:
        try:
            with transaction.atomic():
                cursor.execute(sql)
            continue
        except IntegrityError:
            if name not in DUPLICATE_KEYS:
                raise
        key = DUPLICATE_KEYS[name]
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
            f"(PARTITION BY {key} ORDER BY id) AS n FROM {table} WHERE {key} IS NOT NULL) "
            "AS ranked WHERE n > 1)"
        )
        removed += max(cursor.rowcount, 0)
        cursor.execute(sql)
    return removed


@contextlib.contextmanager
def _sorter_settings(cursor):
    previous = sqlite_pragma(cursor, "threads")
    cursor.execute(f"PRAGMA threads={SORTER_THREADS}")
    try:
        with sqlite_cache(cursor, SORTER_CACHE_KIB):
            yield
    finally:
        cursor.execute(f"PRAGMA threads={int(previous)}")


@contextlib.contextmanager
def _collector_paused():
    """No cyclic garbage collection while rows stream through: the loop makes no cycles, and the
    collector's passes over millions of short-lived tuples cost ~5 % of the reading."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _nothing():
    yield
