"""Reading the later part of a large CSV in a helper process while the importer reads the first.

The importing process also inserts every row, so the helper takes the larger part. It validates
its rows with the same lookups and hands them over as pickled chunk files, in order, in a private
temporary directory; the importer inserts them after its own rows, so the file's order (which of
two duplicates is kept, the row numbers of problems) is the same as when one process reads it all.
No Django here: the helper is started fresh ("spawn") and imports only plain modules.
"""

import gc
import multiprocessing
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai.adapters.readers import CsvPart, CsvReader, ImportFileError
from gongkai.orgs.names import NameIndex
from gongkai.publishing.parsing import ColumnIndex, RowProblem, RowValidator, validator_for

# The share of the file the importing process reads itself: it also inserts every row, and
# reading costs about three times what inserting does, so about a third balances the two.
MAIN_SHARE = 0.35
POLL_SECONDS = 0.005

# One chunk: valid rows, problems of the rejected rows, bytes of the file read so far.
Chunk = tuple[list[tuple], list[list[RowProblem]], int]


@dataclass(frozen=True)
class PartJob:
    """What the helper needs: the file, where its part starts, the header and the lookups."""

    path: Path
    name: str
    part: CsvPart
    header: dict[str, int]
    units: NameIndex
    columns: ColumnIndex
    chunk_rows: int


def read_part(job: PartJob, out: str) -> None:
    """The helper's work: validate rows from `job.part.start` on into numbered chunk files.

    Ends with a file `done` (the number of dates taken from links) or `error` (the message of an
    ImportFileError, for the person who supplied the file) or `failed` (anything else).
    """
    gc.disable()  # as in the importer: no cycles here, only many short-lived tuples
    directory = Path(out)
    reader = None
    try:
        reader = CsvReader.part(job.path, job.name, like=job.part)
        validator = validator_for(job.header, job.units, job.columns)
        for number, chunk in enumerate(_chunks(reader, validator, job.chunk_rows)):
            _write_chunk(directory, number, chunk)
        _write_text(directory / "done", str(validator.dates_from_links))
    except ImportFileError as exc:
        _write_text(directory / "error", str(exc))
    except BaseException as exc:
        _write_text(directory / "failed", repr(exc))
        raise
    finally:
        if reader is not None:
            reader.close()


def _chunks(reader: CsvReader, validator: RowValidator, chunk_rows: int) -> Iterator[Chunk]:
    valid: list[tuple] = []
    problems: list[list[RowProblem]] = []
    validate = validator.validate
    for number, cells in reader.rows():
        checked = validate(number, cells)
        if type(checked) is tuple:
            valid.append(checked)
            if len(valid) >= chunk_rows:
                yield valid, problems, reader.position()
                valid, problems = [], []
        elif checked:  # an empty list is a blank row
            problems.append(checked)
    yield valid, problems, reader.size


def _write_chunk(directory: Path, number: int, chunk: Chunk) -> None:
    partial = directory / f"{number:06d}.partial"
    with partial.open("wb") as handle:
        pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, directory / f"{number:06d}.chunk")  # whole files only, for the reader


def _write_text(path: Path, text: str) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


class HelperReader:
    """The importer's side: starts the helper, yields its chunks in order, cleans up."""

    def __init__(self, job: PartJob) -> None:
        from gongkai.publishing.recovery import scratch_dir, scratch_prefix

        self._directory = Path(
            tempfile.mkdtemp(prefix=scratch_prefix() + "part-", dir=scratch_dir())
        )
        self.dates_from_links = 0
        self.position = 0  # bytes the consumed chunks reach, for progress
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(
            target=read_part,
            args=(job, str(self._directory)),
            name="gongkai-import-part",
            daemon=True,
        )
        self._process.start()

    def chunks(self) -> Iterator[Chunk]:
        number = 0
        while True:
            path = self._directory / f"{number:06d}.chunk"
            if path.exists():
                with path.open("rb") as handle:
                    chunk = pickle.load(handle)
                path.unlink()
                self.position = chunk[2]
                yield chunk
                number += 1
                continue
            if self._finished(path):
                return
            time.sleep(POLL_SECONDS)

    def _finished(self, next_chunk: Path) -> bool:
        """True when the helper is done and `next_chunk` will not come; raises on its errors."""
        directory = self._directory
        if (directory / "error").exists():
            raise ImportFileError((directory / "error").read_text(encoding="utf-8"))
        if (directory / "failed").exists():
            raise RuntimeError(
                "导入辅助进程出错：" + (directory / "failed").read_text(encoding="utf-8")
            )
        if (directory / "done").exists():
            if next_chunk.exists():  # written just before `done`
                return False
            self.dates_from_links = int((directory / "done").read_text(encoding="utf-8"))
            return True
        if not self._process.is_alive():
            raise RuntimeError(f"导入辅助进程意外退出（退出码 {self._process.exitcode}）")
        return False

    def close(self) -> None:
        """Stop the helper if it still runs and remove its files."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        shutil.rmtree(self._directory, ignore_errors=True)
