"""Pure rules for reading publication rows: headers, dates, duplicate keys, row validation.

No Django imports; the importer service feeds rows through `RowValidator`.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

import xxhash

from gongkai.adapters.dates import EARLIEST, LATEST, parse_date
from gongkai.adapters.urls import normalize_url
from gongkai.errors import UserError
from gongkai.orgs.names import NameIndex

FIELDS = ("unit", "column", "title", "published_on", "url")
FIELD_LABELS = {
    "unit": "单位",
    "column": "栏目",
    "title": "标题",
    "published_on": "发布日期",
    "url": "链接",
}
HEADER_ALIASES = {
    "unit": (
        "单位",
        "单位名称",
        "发布单位",
        "来源",
        "发布机构",
        "信息来源",
        "所属单位",
        "来源单位",
    ),
    "column": ("栏目", "栏目名称", "所属栏目", "发布栏目"),
    "title": ("标题", "信息标题", "文章标题", "题目", "名称"),
    "published_on": ("发布日期", "发布时间", "日期", "时间", "发文日期", "成文日期"),
    "url": ("链接", "url", "网址", "链接地址", "地址", "网页地址"),
}
REQUIRED_FIELDS = ("unit", "column", "title")
MAX_TITLE_LENGTH = 500
MAX_URL_LENGTH = 1000

_CMS_LINK_DATE = re.compile(r"/t(\d{8})_\d+\.s?html?(?:$|[?#])", re.IGNORECASE)
_HEADER_LOOKUP = {
    unicodedata.normalize("NFKC", alias).lower(): field
    for field, aliases in HEADER_ALIASES.items()
    for alias in aliases
}


class HeaderError(UserError):
    """The file has no usable header row."""


def _header_key(cell: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split()).lower()


def map_header(cells: Sequence[object]) -> dict[str, int]:
    """Field → column index for a header row; the first matching column wins."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _HEADER_LOOKUP.get(_header_key(cell))
        if field and field not in mapping:
            mapping[field] = index
    return mapping


def find_header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]]:
    """The first row (0-based index) that names the required fields; titles above it are skipped.

    A date or link column must also be there: without either a row has no date.
    """
    best: tuple[int, dict[str, int]] | None = None
    for index, cells in enumerate(rows):
        mapping = map_header(cells)
        if all(field in mapping for field in REQUIRED_FIELDS) and (
            "published_on" in mapping or "url" in mapping
        ):
            return index, mapping
        if best is None or len(mapping) > len(best[1]):
            best = (index, mapping)
    if best is None or not best[1]:
        raise HeaderError(
            f"未找到表头：前 {len(rows)} 行中没有「单位、栏目、标题、发布日期、链接」等列名"
        )
    missing = [FIELD_LABELS[f] for f in REQUIRED_FIELDS if f not in best[1]]
    if "published_on" not in best[1] and "url" not in best[1]:
        missing.append("发布日期（或链接）")
    raise HeaderError(f"第 {best[0] + 1} 行像是表头，但缺少必需的列：{'、'.join(missing)}")


def date_from_link(url: str) -> date | None:
    """The date common CMSs put in article links: …/t20230105_12345.html."""
    match = _CMS_LINK_DATE.search(url)
    if not match:
        return None
    digits = match.group(1)
    try:
        found = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return found if EARLIEST <= found <= LATEST else None


_SIGN_BIT = 1 << 63
_xxh3_64 = xxhash.xxh3_64_intdigest


def digest64(text: str) -> int:
    """A signed 64-bit digest (XXH3), the width of a BIGINT column.

    XXH3 rather than a cryptographic hash: the keys only have to spread well, and at
    ~0.15 µs a call it is five times cheaper than blake2b on the import's hot path.
    """
    return (_xxh3_64(text.encode()) ^ _SIGN_BIT) - _SIGN_BIT


def url_key(url: str) -> int | None:
    """The duplicate key of a link: the digest of its normalised spelling (None without one).

    Normalised (`adapters.urls`) so that an item exported with ``HTTP://Site.gov.cn:80/a?b=1&a=2``
    and the same item crawled as ``http://site.gov.cn/a?a=2&b=1`` are one publication.
    """
    return digest64(normalize_url(url)) if url else None


def title_key(title: str) -> str:
    """A title as compared for duplicates: NFKC (full-width letters, digits and punctuation as
    their half-width forms) without white space (insignificant in Chinese titles)."""
    return "".join(unicodedata.normalize("NFKC", title).split())


def content_key(unit_id: int, column_id: int, title: str, published_on: str) -> int:
    """The duplicate key of an item without regard to its link: the same title on the same day in
    the same column of the same unit (two columns may carry one title: two publications)."""
    return digest64(f"{unit_id}\x1f{column_id}\x1f{title_key(title)}\x1f{published_on}")


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    value: str
    reason: str

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class ColumnRef:
    column_id: int
    category: str


def insert_row(
    unit_id: int, column: ColumnRef, title: str, published_on: str, url: str
) -> tuple[int, int, str, str, str, str, int | None, int]:
    """The values a publication row is stored with, duplicate keys included."""
    return (
        unit_id,
        column.column_id,
        column.category,
        title,
        published_on,
        url,
        url_key(url),
        content_key(unit_id, column.column_id, title, published_on),
    )


def _column_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


class ColumnIndex:
    """Columns (栏目) by unit and name, ignoring width and spaces; plain data, so it can be pickled."""

    def __init__(self, columns: Iterable[tuple[int, int, str, str]]) -> None:
        """From (column_id, unit_id, name, category) rows."""
        self._refs: dict[tuple[int, str], ColumnRef] = {}
        self._names: dict[int, list[str]] = {}
        for column_id, unit_id, name, category in columns:
            self._refs[(unit_id, _column_key(name))] = ColumnRef(column_id, category)
            self._names.setdefault(unit_id, []).append(name)

    def find(self, unit_id: int, text: str) -> ColumnRef | None:
        return self._refs.get((unit_id, _column_key(text)))

    def names(self, unit_id: int) -> list[str]:
        return self._names.get(unit_id, [])


def validator_for(header: dict[str, int], units: NameIndex, columns: ColumnIndex) -> "RowValidator":
    """A validator over the registry's unit names and columns."""
    return RowValidator(
        header,
        find_unit=units.find,
        find_column=columns.find,
        suggest_units=units.suggest,
        column_names=columns.names,
    )


# (unit_id, category) for a unit name and column name; None when not registered.
UnitResolver = Callable[[str], int | None]
ColumnResolver = Callable[[int, str], ColumnRef | None]
Suggester = Callable[[str], list[str]]


class RowValidator:
    """Turns raw rows into insert tuples or problems. Caches lookups: exports repeat values a lot.

    `validate` returns the insert tuple, a list of problems, or an empty list for a blank row
    (exports often end with empty lines), which the caller skips.
    """

    def __init__(
        self,
        header: dict[str, int],
        *,
        find_unit: UnitResolver,
        find_column: ColumnResolver,
        suggest_units: Suggester,
        column_names: Callable[[int], list[str]],
    ) -> None:
        self._index = header
        self._find_unit = find_unit
        self._find_column = find_column
        self._suggest_units = suggest_units
        self._column_names = column_names
        self._units: dict[str, int | RowProblem] = {}
        self._columns: dict[tuple[int, str], ColumnRef | None] = {}
        self._dates: dict[object, str] = {}
        # Caches of the fast path, filled by `_check`: raw (unit, column) texts already resolved
        # → (unit_id, column_id, category); raw date cells already parsed → ISO date.
        self._pairs: dict[tuple[object, object], tuple[int, int, str]] = {}
        self._good_dates: dict[object, str] = {}
        self._pick = self._fast_picker(header)
        self.dates_from_links = 0

    @staticmethod
    def _fast_picker(header: dict[str, int]) -> Callable[[Sequence[object]], tuple] | None:
        """(unit, column, title, date, url) cells of a row in one call; None without a date column
        (every date then comes from a link, through the full check)."""
        date_index, url_index = header.get("published_on"), header.get("url")
        if date_index is None:
            return None
        fields = itemgetter(header["unit"], header["column"], header["title"], date_index)
        if url_index is None:
            return lambda cells: (*fields(cells), "")
        return itemgetter(header["unit"], header["column"], header["title"], date_index, url_index)

    def _cell(self, cells: Sequence[object], field: str) -> object:
        index = self._index.get(field)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def _text(self, cells: Sequence[object], field: str) -> str:
        value = self._cell(cells, field)
        if value is None:
            return ""
        return value.strip() if isinstance(value, str) else str(value).strip()

    def validate(
        self, row: int, cells: Sequence[object]
    ) -> tuple[int, int, str, str, str, str, int | None, int] | list[RowProblem]:
        """(unit_id, column_id, category, title, iso date, url, url_key, content_key) or problems.

        Most rows of an export are clean and repeat the same units, columns and dates: those
        take a short path through caches (the import's hot loop, hence the inlined keys);
        anything unusual goes through `_check`.
        """
        if self._pick is None:
            return self._check(row, cells)
        try:
            unit_text, column_text, title, raw_date, url = self._pick(cells)
            resolved = self._pairs.get((unit_text, column_text))
            published_on = self._good_dates.get(raw_date)
        except (IndexError, TypeError):  # a short row, or an unhashable cell
            return self._check(row, cells)
        if resolved is None or published_on is None or type(title) is not str:
            return self._check(row, cells)
        if type(url) is not str:
            return self._check(row, cells)
        title = title.strip()
        url = url.strip()
        if (
            not title
            or len(title) > MAX_TITLE_LENGTH
            or len(url) > MAX_URL_LENGTH
            or "\x00" in title
            or "\x00" in url
            or (url and not url.startswith(("http://", "https://")))
        ):
            return self._check(row, cells)
        unit_id, column_id, category = resolved
        return (
            unit_id,
            column_id,
            category,
            title,
            published_on,
            url,
            url_key(url),
            (
                _xxh3_64(
                    f"{unit_id}\x1f{column_id}\x1f{''.join(unicodedata.normalize('NFKC', title).split())}"
                    f"\x1f{published_on}".encode()
                )
                ^ _SIGN_BIT
            )
            - _SIGN_BIT,
        )

    def _check(
        self, row: int, cells: Sequence[object]
    ) -> tuple[int, int, str, str, str, str, int | None, int] | list[RowProblem]:
        """The full checks, naming every problem of the row; fills the fast path's caches."""
        if all(cell is None or not str(cell).strip() for cell in cells):
            return []
        problems: list[RowProblem] = []
        unit_text = self._text(cells, "unit")
        unit_id = self._unit(row, unit_text, problems)
        column_text = self._text(cells, "column")
        column = None
        if not column_text:
            problems.append(RowProblem(row, "column", "", "栏目为空"))
        elif unit_id is not None:
            column = self._column(unit_id, column_text)
            if column is None:
                known = "、".join(self._column_names(unit_id)) or "（无）"
                problems.append(
                    RowProblem(
                        row, "column", column_text, f"栏目未登记；「{unit_text}」的栏目有：{known}"
                    )
                )
            else:
                raw_pair = (self._cell(cells, "unit"), self._cell(cells, "column"))
                if all(isinstance(v, str) for v in raw_pair):
                    self._pairs[raw_pair] = (unit_id, column.column_id, column.category)
        title = self._text(cells, "title")
        if not title:
            problems.append(RowProblem(row, "title", "", "标题为空"))
        elif len(title) > MAX_TITLE_LENGTH:
            problems.append(
                RowProblem(row, "title", title[:50] + "…", f"标题超过 {MAX_TITLE_LENGTH} 字")
            )
        elif "\x00" in title:
            # PostgreSQL cannot store it, and no real title has one: refused on every database.
            problems.append(
                RowProblem(row, "title", title.replace("\x00", "␀")[:50], "标题含有空字符（NUL）")
            )
        url = self._text(cells, "url")
        if "\x00" in url:
            problems.append(
                RowProblem(row, "url", url.replace("\x00", "␀")[:80], "链接含有空字符（NUL）")
            )
        elif url and not (url.startswith("http://") or url.startswith("https://")):
            problems.append(RowProblem(row, "url", url, "链接应以 http:// 或 https:// 开头"))
        elif len(url) > MAX_URL_LENGTH:
            problems.append(RowProblem(row, "url", url[:80] + "…", "链接过长"))
        published_on = self._date(row, self._cell(cells, "published_on"), url, problems)
        if problems:
            return problems
        assert unit_id is not None and column is not None and published_on is not None
        return insert_row(unit_id, column, title, published_on, url)

    def _unit(self, row: int, text: str, problems: list[RowProblem]) -> int | None:
        if not text:
            problems.append(RowProblem(row, "unit", "", "单位为空"))
            return None
        cached = self._units.get(text)
        if cached is None:
            unit_id = self._find_unit(text)
            if unit_id is None:
                close = self._suggest_units(text)
                hint = f"；最接近的已登记名称：{'、'.join(close)}" if close else ""
                cached = RowProblem(0, "unit", text, f"单位未登记{hint}")
            else:
                cached = unit_id
            self._units[text] = cached
        if isinstance(cached, RowProblem):
            problems.append(RowProblem(row, "unit", text, cached.reason))
            return None
        return cached

    def _column(self, unit_id: int, text: str) -> ColumnRef | None:
        key = (unit_id, text)
        if key not in self._columns:
            self._columns[key] = self._find_column(unit_id, text)
        return self._columns[key]

    def _date(self, row: int, raw: object, url: str, problems: list[RowProblem]) -> str | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            from_link = date_from_link(url) if url else None
            if from_link is None:
                problems.append(
                    RowProblem(row, "published_on", "", "发布日期为空，且链接中没有日期")
                )
                return None
            self.dates_from_links += 1
            return from_link.isoformat()
        key = raw if isinstance(raw, str | int | float | date) else repr(raw)
        cached = self._dates.get(key)
        if cached is None:
            try:
                cached = parse_date(raw).isoformat()
            except ValueError as exc:
                cached = "!" + str(exc)
            if len(self._dates) < 100_000:
                self._dates[key] = cached
        if cached.startswith("!"):
            problems.append(RowProblem(row, "published_on", str(raw), cached[1:]))
            return None
        if key is raw and len(self._good_dates) < 100_000:
            self._good_dates[raw] = cached
        return cached
