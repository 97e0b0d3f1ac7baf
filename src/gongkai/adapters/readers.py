"""Reading tabular files (CSV in UTF-8/GBK/GB18030/UTF-16, XLSX) as a stream of rows.

Files are never loaded whole: CSV is decoded as it is read, XLSX is read in openpyxl's
read-only mode. Errors are `ImportFileError`s with the file name and, where known, the row.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from gongkai.adapters.limits import check_file_size, check_zip_expansion
from gongkai.errors import UserError

HEADER_SEARCH_ROWS = 20
SAMPLE_BYTES = 256 * 1024


class ImportFileError(UserError):
    """A file that cannot be read as a table; the message is for the person who supplied it."""


def detect_encoding(sample: bytes, at_eof: bool) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=at_eof)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValueError(
        "无法识别文件编码（支持 UTF-8、GBK/GB18030）：请在 WPS/Excel 中另存为 CSV UTF-8"
    )


class TableReader:
    """Rows of a file as lists of cell values, each with its row number in the file."""

    name: str
    encoding: str = ""
    size: int = 0  # bytes

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        raise NotImplementedError

    def progress(self) -> float:
        """The share of the file read so far, 0..1."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the file."""


class CsvReader(TableReader):
    # Encodings in which the bytes of a newline and of a quote are never part of another
    # character, so a file can be cut at a byte offset and each part decoded on its own.
    SPLITTABLE = frozenset({"utf-8", "utf-8-sig", "gb18030"})

    def __init__(self, path: Path, display_name: str) -> None:
        self._open(path, display_name)
        sample = self._raw.read(SAMPLE_BYTES)
        if not sample.strip():
            self.close()
            raise ImportFileError(f"{display_name}: 文件为空")
        try:
            self.encoding = detect_encoding(sample, at_eof=len(sample) < SAMPLE_BYTES)
        except ValueError as exc:
            self.close()
            raise ImportFileError(f"{display_name}: {exc}") from exc
        self._raw.seek(0)
        self._text = io.TextIOWrapper(self._raw, encoding=self.encoding, newline="")
        first_line = sample.split(b"\n", 1)[0]
        self._delimiter = max((",", "\t", ";"), key=lambda d: first_line.count(d.encode()))

    @classmethod
    def part(cls, path: Path, display_name: str, *, like: "CsvPart") -> "CsvReader":
        """The rows from byte `like.start` on, numbered as in the whole file."""
        reader = cls.__new__(cls)
        reader._open(path, display_name)
        reader._lines_before = like.lines_before
        reader.encoding = like.encoding
        reader._delimiter = like.delimiter
        reader._raw.seek(like.start)
        reader._text = io.TextIOWrapper(reader._raw, encoding=like.encoding, newline="")
        return reader

    def _open(self, path: Path, display_name: str) -> None:
        self.name = display_name
        self.path = path
        self._raw: IO[bytes] = path.open("rb")
        self.size = path.stat().st_size
        self._size = max(self.size, 1)
        self._stop: int | None = None
        self._lines_before = 0
        self.reached_stop = False

    def split(self, share: float) -> "CsvPart | None":
        """Where the file could be cut for two readers, about `share` of the way in; see `find_split`.

        None for encodings that cannot be cut, or when no safe place is found."""
        if self.encoding not in self.SPLITTABLE:
            return None
        found = find_split(self._raw, self.size, share)
        if found is None:
            return None
        return CsvPart(found[0], found[1], self.encoding, self._delimiter)

    def stop_at(self, offset: int) -> None:
        """Read only up to `offset` if a record ends there; before `rows()` is first called.

        Afterwards `reached_stop` says whether one did. If a record runs across the offset after
        all (a quoted field with line breaks and a stray quote before it), the whole file is read.
        """
        self._stop = offset

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        if self._stop is not None:
            return self._rows_to_stop(self._stop)
        return self._numbered(self._text)

    def _numbered(self, lines: Iterator[str]) -> Iterator[tuple[int, list[object]]]:
        reader = csv.reader(lines, delimiter=self._delimiter)
        before = self._lines_before
        try:
            for cells in reader:
                yield reader.line_num + before, cells
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"{self.name}: 第 {reader.line_num + before + 1} 行附近有不是 {self.encoding} 编码的字节"
                "（文件可能混用了多种编码）"
            ) from exc
        except csv.Error as exc:
            raise ImportFileError(
                f"{self.name}: 第 {reader.line_num + before} 行：CSV 格式错误（{exc}）"
            ) from exc

    def _rows_to_stop(self, stop: int) -> Iterator[tuple[int, list[object]]]:
        consumed = 0
        encoding = self.encoding
        self._raw.seek(0)

        def lines() -> Iterator[str]:
            nonlocal consumed
            for line in self._raw:
                consumed += len(line)
                yield line.decode(encoding)

        for number, cells in self._numbered(lines()):
            yield number, cells
            if consumed == stop:
                self.reached_stop = True
                return

    def position(self) -> int:
        """Bytes of the file read so far (buffered ahead of the rows returned)."""
        return self._raw.tell()

    def progress(self) -> float:
        try:
            return min(self.position() / self._size, 1.0)
        except (ValueError, OSError):
            return 1.0

    def close(self) -> None:
        self._raw.close()


class XlsxReader(TableReader):
    def __init__(self, path: Path, display_name: str, sheet: str | None) -> None:
        import openpyxl

        self.name = display_name
        check_zip_expansion(path, display_name)
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
            raise ImportFileError(
                f"{display_name}: 不是有效的 .xlsx 文件（无法打开：{type(exc).__name__}），"
                "请在 WPS/Excel 中重新另存为 .xlsx"
            ) from exc
        if sheet is None:
            self._sheet = self._book.worksheets[0]
        elif sheet in self._book.sheetnames:
            self._sheet = self._book[sheet]
        else:
            names = "、".join(self._book.sheetnames)
            self._book.close()
            raise ImportFileError(f"{display_name}: 没有名为「{sheet}」的工作表；现有：{names}")
        self._total = max(self._sheet.max_row or 1, 1)
        self.size = path.stat().st_size
        self._done = 0

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        number = 0
        try:
            for number, cells in enumerate(self._sheet.iter_rows(values_only=True), start=1):
                self._done = number
                yield number, list(cells)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
            raise ImportFileError(
                f"{self.name}: 第 {number + 1} 行附近无法读取（文件已损坏：{type(exc).__name__}）"
            ) from exc

    def progress(self) -> float:
        return min(self._done / self._total, 1.0)

    def close(self) -> None:
        self._book.close()


@dataclass(frozen=True)
class CsvPart:
    """Where a second reader starts: byte offset, line breaks before it, and how to read on."""

    start: int
    lines_before: int
    encoding: str
    delimiter: str


SPLIT_BLOCK = 16 * 1024 * 1024
SPLIT_SEARCH = 1024 * 1024


def find_split(raw: IO[bytes], size: int, share: float) -> tuple[int, int] | None:
    """(offset, line breaks before it): a record start near `share` of the file, or None.

    In CSV a line break ends a record exactly when an even number of quote characters comes
    before it (quoted fields open and close with one, and a quote inside one is doubled). Files
    with bare carriage returns as line breaks are not cut. The caller still checks that a record
    really ends there (`CsvReader.stop_at`), for files with stray quotes.
    """
    target = int(size * share)
    quotes = breaks = 0
    position = raw.tell()
    try:
        raw.seek(0)
        done = 0
        while done < target:
            block = raw.read(min(SPLIT_BLOCK, target - done))
            if not block:
                return None
            if block.endswith(b"\r"):
                block += raw.read(1)
            if block.count(b"\r") != block.count(b"\r\n"):
                return None
            quotes += block.count(b'"')
            breaks += block.count(b"\n")
            done += len(block)
        tail = raw.read(SPLIT_SEARCH)
        start = 0
        while (end := tail.find(b"\n", start)) >= 0:
            piece = tail[start : end + 1]
            if piece.count(b"\r") != piece.count(b"\r\n"):
                return None
            quotes += piece.count(b'"')
            breaks += 1
            if quotes % 2 == 0:
                offset = done + end + 1
                return (offset, breaks) if offset < size else None
            start = end + 1
        return None
    finally:
        raw.seek(position)


def open_table(
    path: Path, *, display_name: str | None = None, sheet: str | None = None
) -> TableReader:
    name = display_name or path.name
    if not path.exists():
        raise ImportFileError(f"{name}: 文件不存在")
    if path.is_dir():
        raise ImportFileError(f"{name}: 是一个目录，请给出数据文件的路径")
    check_file_size(path, name)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{name}: 不支持旧版 .xls，请在 WPS/Excel 中另存为 .xlsx 或 .csv")
    with path.open("rb") as handle:
        is_zip = handle.read(4) == b"PK\x03\x04"
    if suffix in {".xlsx", ".xlsm"} or is_zip:
        if path.stat().st_size == 0:
            raise ImportFileError(f"{name}: 文件为空")
        return XlsxReader(path, name, sheet)
    if sheet:
        raise ImportFileError(f"{name}: --sheet 只适用于 .xlsx 文件")
    return CsvReader(path, name)
