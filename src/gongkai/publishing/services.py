"""Importing publications: one transaction per file, bad rows to a rejects report."""

import contextlib
import csv
import itertools
import logging
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.adapters.readers import (
    HEADER_SEARCH_ROWS,
    CsvPart,
    CsvReader,
    ImportFileError,
    open_table,
)
from gongkai.exports.safe import csv_safe
from gongkai.orgs.models import Column
from gongkai.orgs.selectors import check_office, unit_name_index
from gongkai.publishing.bulkload import (
    PUBLISHED_ON,
    VALUE_COLUMNS,
    large_file,
    open_loader,
    trusted_foreign_keys,
)
from gongkai.publishing.counts import recount_days
from gongkai.publishing.models import ImportBatch, ImportStatus, Publication
from gongkai.publishing.parallel import MAIN_SHARE, Chunk, HelperReader, PartJob
from gongkai.publishing.parsing import (
    MAX_TITLE_LENGTH,
    ColumnIndex,
    ColumnRef,
    HeaderError,
    RowProblem,
    find_header,
    insert_row,
    validator_for,
)
from gongkai.publishing.recovery import (
    host_name,
    recover_stale_imports,
    refuse_if_busy,
    scratch_dir,
    scratch_prefix,
)

log = logging.getLogger(__name__)

INSERT_CHUNK = 10_000
KEPT_PROBLEMS = 200
PREVIEW_ROWS = 20
REJECT_HEADER = ("行号", "字段", "值", "原因")

ProgressCallback = Callable[[float, int], None]


@dataclass
class ImportResult:
    file_name: str
    encoding: str = ""
    header_row: int = 0
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    dates_from_links: int = 0
    strict: bool = False
    dry_run: bool = False
    written: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)
    rejects_path: Path | None = None
    batch_id: int | None = None

    @property
    def valid(self) -> int:
        return self.imported + self.duplicates

    def summary(self) -> str:
        """One paragraph in Chinese, as printed by the CLI and shown in the UI."""
        verb = "预检" if self.dry_run else "导入"
        parts = [
            f"{self.file_name}：读取 {self.rows_read} 行",
            f"有效 {self.valid} 行",
            f"{'可新增' if self.dry_run else '新增'} {self.imported} 条",
            f"重复跳过 {self.duplicates} 条",
            f"问题行 {self.rejected} 行",
        ]
        if self.dates_from_links:
            parts.append(f"其中 {self.dates_from_links} 行的发布日期为空，已从链接推断")
        text = "，".join(parts) + "。"
        if self.strict and self.rejected:
            text += f"严格模式：存在问题行，{verb}未写入任何数据。"
        elif self.dry_run:
            text += "预检模式：未写入任何数据。"
        return text


class _Rollback(Exception):
    """Raised inside the import transaction to undo it (strict mode with problems, dry run)."""


def _column_index() -> ColumnIndex:
    return ColumnIndex(Column.objects.values_list("id", "unit_id", "name", "category"))


class _RejectsSpool:
    """Bad rows stream to a temporary CSV; the first few stay in memory for messages."""

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(
            prefix=scratch_prefix() + "rejects-", suffix=".csv", dir=scratch_dir()
        )
        self.path = Path(name)
        self._file = os.fdopen(handle, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow(REJECT_HEADER)
        self.rows = 0
        self.kept: list[RowProblem] = []

    def add(self, problems: list[RowProblem]) -> None:
        self.rows += 1
        for problem in problems:
            self._writer.writerow(
                [problem.row, problem.field_label, csv_safe(problem.value), problem.reason]
            )
            if len(self.kept) < KEPT_PROBLEMS:
                self.kept.append(problem)

    def close(self) -> None:
        self._file.close()

    def problems(self) -> Iterator[list[str]]:
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            yield from reader


def write_rejects(spool: _RejectsSpool, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".xlsx":
        from gongkai.exports.xlsx import write_simple_table

        rows = ([int(row), *rest] for row, *rest in spool.problems())
        write_simple_table(target, title="导入问题行", header=REJECT_HEADER, rows=rows)
    else:
        shutil.copyfile(spool.path, target)


def import_publications(
    *,
    path: Path,
    display_name: str | None = None,
    actor=None,
    strict: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    rejects_path: Path | None = None,
    progress: ProgressCallback | None = None,
    batch: ImportBatch | None = None,
    row_limit: int | None = None,
) -> ImportResult:
    """Import a CSV/XLSX export; ImportFileError for a file that cannot be read at all.

    Valid rows land and bad rows go to the rejects report, all in one transaction; with
    `strict`, nothing lands if any row is bad; with `dry_run`, nothing lands at all.
    `row_limit` (dry runs only) checks just the first rows, for a quick preview.
    Duplicates (same link, or same unit, title and date) are skipped and counted.
    """
    if row_limit is not None and not dry_run:
        raise ValueError("row_limit is for dry runs only")
    check_office(actor)  # the county's data: the office's alone (CLI and jobs pass None)
    if not dry_run:
        recover_stale_imports()
        refuse_if_busy()
    reader = open_table(path, display_name=display_name, sheet=sheet)
    result = ImportResult(
        file_name=reader.name, encoding=reader.encoding, strict=strict, dry_run=dry_run
    )
    owner = {"pid": os.getpid(), "host": host_name()}
    if batch is None and not dry_run:
        batch = ImportBatch.objects.create(
            file_name=reader.name,
            sheet=sheet or "",
            strict=strict,
            actor=actor,
            status=ImportStatus.RUNNING,
            **owner,
        )
    elif batch is not None:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, **owner)
    result.batch_id = batch.pk if batch else None
    spool = _RejectsSpool()
    large = large_file(getattr(reader, "size", 0))
    try:
        try:
            with trusted_foreign_keys(large), transaction.atomic():
                days = _run_import(
                    reader,
                    result,
                    spool,
                    batch_id=result.batch_id,
                    progress=progress,
                    row_limit=row_limit,
                    large=large,
                )
                # The rejects report is written before the commit: if it cannot be written,
                # nothing is committed and the batch's "nothing written" is the truth.
                spool.close()
                if result.rejected:
                    target = rejects_path or default_rejects_path(reader.name)
                    write_rejects(spool, target)
                    result.rejects_path = target
                result.written = not dry_run and not (strict and result.rejected)
                if not result.written:
                    raise _Rollback
                recount_days(days)
        except _Rollback:
            pass
        result.problems = spool.kept
    except BaseException as exc:
        # The transaction above has rolled back: record that nothing was written, then re-raise.
        if batch is not None:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportStatus.FAILED,
                message=f"导入中断，未写入任何数据：{exc}",
                finished_at=timezone.now(),
            )
        raise
    finally:
        reader.close()
        spool.close()
        spool.path.unlink(missing_ok=True)
    if batch is not None:
        _finish_batch(batch, result)
    return result


def _run_import(
    reader,
    result: ImportResult,
    spool: _RejectsSpool,
    *,
    batch_id,
    progress,
    row_limit=None,
    large=False,
) -> list[str]:
    """Reads, validates and loads every row; returns the first and last day loaded."""
    part = _helper_part(reader, row_limit)
    if part is not None:
        reader.stop_at(part.start)
    rows = reader.rows()
    head = []
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            head.append(next(rows))
        except StopIteration:
            break
    if not head:
        raise ImportFileError(f"{reader.name}: 文件为空")
    try:
        header_index, header = find_header([cells for _, cells in head])
    except HeaderError as exc:
        raise ImportFileError(f"{reader.name}: {exc}") from exc
    result.header_row = head[header_index][0]
    columns = _column_index()
    names = unit_name_index()
    validator = validator_for(header, names, columns)
    data_rows = itertools.chain(head[header_index + 1 :], rows)
    if row_limit is not None:
        data_rows = itertools.islice(data_rows, row_limit)
    helper = rest = None
    share = reader.progress
    if part is not None:
        helper = HelperReader(
            PartJob(reader.path, reader.name, part, header, names, columns, INSERT_CHUNK)
        )

        def rest() -> Iterator[Chunk]:
            """The helper's rows, once the importer's own part ended where the helper starts."""
            if not reader.reached_stop:  # a record ran across the cut: this process read it all
                helper.close()
                return iter(())
            return helper.chunks()

        def share() -> float:
            return max(reader.progress(), helper.position / max(reader.size, 1))

    producer = _ChunkProducer(data_rows, validator, result, spool, header, rest)
    try:
        days = _insert_all(
            result, producer, batch_id=batch_id, large=large, progress=progress, share=share
        )
    finally:
        if helper is not None:
            helper.close()
    result.dates_from_links = validator.dates_from_links + (
        helper.dates_from_links if helper else 0
    )
    if progress:
        progress(1.0, result.rows_read)
    return days


def _insert_all(result, producer, *, batch_id, large, progress, share) -> list[str]:
    """Hands every chunk to the loader; returns the first and last day among the rows (ISO),
    whose months' stored counts are recounted."""
    days: list[str] = []
    day = itemgetter(PUBLISHED_ON)
    with open_loader(batch_id=batch_id, large=large) as loader:
        chunks = producer.inline_chunks() if loader.reads_inline else producer.chunks()
        for chunk in chunks:
            if chunk:
                low, high = day(min(chunk, key=day)), day(max(chunk, key=day))
                days = [min(days[0], low), max(days[1], high)] if days else [low, high]
            inserted = loader.add(chunk)
            result.imported += inserted
            result.duplicates += len(chunk) - inserted
            if progress:
                progress(share(), result.rows_read)
        removed = loader.finish()
        result.imported -= removed
        result.duplicates += removed
    return days


class _ChunkProducer:
    """Reads and validates rows into chunks of insert tuples, counting rejects into the result.

    `chunks()` reads in a worker thread while the caller inserts the previous chunk (the database
    connection stays in the caller's thread; SQLite releases the GIL while it maintains indexes, so
    the two overlap). `inline_chunks()` reads in the caller's thread, for inserts without indexes.
    """

    _DONE = object()

    def __init__(self, rows, validator, result, spool, header, rest=None) -> None:
        self._rows = rows
        # Called once these rows are exhausted: chunks validated elsewhere that follow them.
        self._rest = rest or (lambda: iter(()))
        self._validator = validator
        self._result = result
        self._spool = spool
        self._header = header
        self._valid = 0
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._stop = threading.Event()

    def chunks(self) -> Iterator[list[tuple]]:
        worker = threading.Thread(target=self._work, name="gongkai-import-reader", daemon=True)
        worker.start()
        try:
            while True:
                item = self._queue.get()
                if item is self._DONE:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self._stop.set()
            while worker.is_alive():
                # Unblock a worker waiting on a full queue, then let it see the stop flag.
                with contextlib.suppress(queue.Empty):
                    self._queue.get_nowait()
                worker.join(timeout=0.05)

    def inline_chunks(self) -> Iterator[list[tuple]]:
        """The same chunks, read in the calling thread."""
        yield from self._fill_iter()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        try:
            self._fill()
        except BaseException as exc:  # handed to the consuming thread, which raises it
            self._put(exc)
            return
        self._put(self._DONE)

    def _fill(self) -> None:
        for chunk in self._fill_iter():
            if not self._put(chunk):
                return

    def _fill_iter(self) -> Iterator[list[tuple]]:
        rows = iter(self._rows)
        chunk = self._first_rows(rows)
        append, validate = chunk.append, self._validator.validate
        for number, cells in rows:  # the hot loop: one call and one type check a clean row
            checked = validate(number, cells)
            if type(checked) is tuple:
                append(checked)
                if len(chunk) >= INSERT_CHUNK:
                    yield self._counted(chunk)
                    chunk = []
                    append = chunk.append
            elif checked:
                self._reject(checked)
        if chunk:
            yield self._counted(chunk)
        for valid, problems, _position in self._rest():
            for found in problems:
                self._reject(found)
            if valid:
                yield self._counted(valid)
        self._result.rows_read = self._valid + self._result.rejected

    def _first_rows(self, rows: Iterator[tuple[int, list[object]]]) -> list[tuple]:
        """Validate rows until the preview is full; returns the valid ones."""
        preview, validate = self._result.preview, self._validator.validate
        unit_index, column_index = self._header["unit"], self._header["column"]
        chunk: list[tuple] = []
        for number, cells in rows:
            checked = validate(number, cells)
            if type(checked) is not tuple:
                if checked:
                    self._reject(checked)
                continue
            chunk.append(checked)
            preview.append(
                {
                    "row": str(number),
                    "unit": str(cells[unit_index]),
                    "column": str(cells[column_index]),
                    "title": checked[3],
                    "published_on": checked[4],
                    "url": checked[5],
                }
            )
            if len(preview) >= PREVIEW_ROWS:
                break
        return chunk

    def _reject(self, problems: list[RowProblem]) -> None:
        self._result.rejected += 1
        self._spool.add(problems)

    def _counted(self, chunk: list[tuple]) -> list[tuple]:
        self._valid += len(chunk)
        self._result.rows_read = self._valid + self._result.rejected
        return chunk


def _helper_part(reader, row_limit: int | None) -> CsvPart | None:
    """Where a helper process takes over reading a large CSV; None to read it in one process."""
    if not settings.IMPORT_PARALLEL or row_limit is not None or not isinstance(reader, CsvReader):
        return None
    if reader.size < settings.IMPORT_BULK_BYTES or (os.cpu_count() or 1) < 2:
        return None
    return reader.split(MAIN_SHARE)


def recover_after_a_crash() -> list[int]:
    """Batches whose process is gone marked failed, scratch files of dead processes removed,
    abandoned uploads expired; run when the web server and the task worker start. Returns the ids
    of the batches marked failed."""
    return recover_stale_imports()


def default_rejects_path(file_name: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.IMPORT_DIR) / "rejects" / f"{Path(file_name).stem}-问题行-{stamp}.csv"


def _finish_batch(batch: ImportBatch, result: ImportResult) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.DONE if result.written or result.dry_run else ImportStatus.FAILED,
        rows_read=result.rows_read,
        rows_imported=result.imported if result.written else 0,
        rows_duplicate=result.duplicates,
        rows_rejected=result.rejected,
        dates_from_links=result.dates_from_links,
        rejects_path=str(result.rejects_path or ""),
        message=result.summary(),
        finished_at=timezone.now(),
    )


@transaction.atomic
def record_crawled_publications(*, items: list[tuple[int, int, str, str, str]]) -> int:
    """Store items the site monitor found, as (unit_id, column_id, title, iso date, url).

    The same duplicate keys as an import (normalised link; unit + title + date), so an item that
    arrives by export and by crawl is one publication. Returns how many were new.
    """
    categories = dict(
        Column.objects.filter(pk__in={item[1] for item in items}).values_list("pk", "category")
    )
    before = Publication.objects.count()
    Publication.objects.bulk_create(
        [
            Publication(**dict(zip(VALUE_COLUMNS, values, strict=True)))
            for unit_id, column_id, title, published_on, url in items
            for values in [
                insert_row(
                    unit_id,
                    ColumnRef(column_id, categories[column_id]),
                    title[:MAX_TITLE_LENGTH],
                    published_on,
                    url,
                )
            ]
        ],
        ignore_conflicts=True,
    )
    recount_days([item[3] for item in items])
    return Publication.objects.count() - before
