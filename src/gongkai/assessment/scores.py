"""Reading score tables (单位, 得分[, 分组]) from CSV/XLSX, for offices that score elsewhere."""

import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

from gongkai.adapters.readers import HEADER_SEARCH_ROWS, ImportFileError, open_table
from gongkai.assessment.ranking import ScoreEntry

UNIT_HEADERS = {"单位", "单位名称", "乡镇", "县直部门", "部门", "县区", "被考核单位"}
SCORE_HEADERS = {"得分", "分数", "总分", "考核得分", "最终得分"}
GROUP_HEADERS = {"分组", "类别", "组别"}


def _key(cell: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split())


def _header(cells: list[object]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _key(cell)
        for field, names in (
            ("unit", UNIT_HEADERS),
            ("score", SCORE_HEADERS),
            ("group", GROUP_HEADERS),
        ):
            if key in names and field not in found:
                found[field] = index
    return found if {"unit", "score"} <= set(found) else None


def read_scores(
    path: Path, *, group: str | None = None, sheet: str | None = None
) -> list[ScoreEntry]:
    """Every row must be good: a summary from a partial table would be wrong, so errors abort.

    The group comes from the 分组 column, else from `group`, else from the file name.
    """
    reader = open_table(path, sheet=sheet)
    try:
        entries: list[ScoreEntry] = []
        header = None
        for number, cells in reader.rows():
            if header is None:
                header = _header(cells)
                if header is None and number >= HEADER_SEARCH_ROWS:
                    break
                continue
            if not any(str(c or "").strip() for c in cells):
                continue
            if _header(cells) is not None:  # a table continued on a new page repeats its header
                continue
            entries.append(
                _entry(reader.name, number, cells, header, group or Path(path).stem, len(entries))
            )
        if header is None:
            raise ImportFileError(f"{reader.name}: 未找到表头：需要「单位」和「得分」两列")
        if not entries:
            raise ImportFileError(f"{reader.name}: 没有得分行")
        return entries
    finally:
        reader.close()


# RunResult.unit_name holds this many characters.
MAX_UNIT_NAME = 100


def _entry(name: str, number: int, cells, header, default_group: str, order: int) -> ScoreEntry:
    def cell(field: str) -> str:
        index = header.get(field)
        return (
            str(cells[index]).strip()
            if index is not None and index < len(cells) and cells[index] is not None
            else ""
        )

    unit = cell("unit").replace("\x00", "")
    if not unit:
        raise ImportFileError(f"{name}: 第 {number} 行 单位为空")
    if len(unit) > MAX_UNIT_NAME:
        raise ImportFileError(f"{name}: 第 {number} 行 单位名称超过 {MAX_UNIT_NAME} 个字")
    raw = cell("score")
    try:
        score = Decimal(unicodedata.normalize("NFKC", raw))
    except InvalidOperation:
        raise ImportFileError(f"{name}: 第 {number} 行 得分「{raw[:20]}」不是数字") from None
    if not score.is_finite():  # NaN and Infinity parse as Decimals but are not scores
        raise ImportFileError(f"{name}: 第 {number} 行 得分「{raw[:20]}」不是有限的数字")
    if not Decimal(0) <= score <= Decimal(1000):
        raise ImportFileError(f"{name}: 第 {number} 行 得分「{raw}」超出合理范围")
    return ScoreEntry(name=unit, score=score, group=cell("group") or default_group, order=order)
