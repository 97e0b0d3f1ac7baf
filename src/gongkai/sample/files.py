"""Writing the sample county's publications as the files offices really receive: a GB18030 CSV
from one CMS (some rows without a date, a few bad rows) and an XLSX with a title row."""

import csv
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from gongkai.sample.generator import SampleItem

HEADER = ("发布单位", "栏目", "标题", "发布时间", "链接")
# Rows an office will meet in a real export; the importer must reject or skip each one.
BAD_ROWS = (
    ("县卫建委", "部门动态", "县卫建委开展义诊活动", "2023-03-15 09:30:00", ""),
    ("人社局", "部门动态", "人社局召开就业工作会", "2023-02-30", ""),
    ("审计局", "部门动态", "", "2023-06-01", ""),
    ("财政局", "财务公开", "财政局2023年预算公开", "2023-02-01", ""),
)


def write_csv(path: Path, items: Iterable[SampleItem], *, blank_date_every: int = 50) -> int:
    """GB18030 (as many CMS exports are); every n-th row has no date but a dated link."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    first: list[str] | None = None
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index, item in enumerate(items):
            when = "" if index % blank_date_every == 7 else f"{item.published_on:%Y-%m-%d} 09:00:00"
            row = [item.unit, item.column, item.title, when, item.url]
            writer.writerow(row)
            first = first or row
            count += 1
            if index == 100:
                writer.writerows(BAD_ROWS)
        if first:
            writer.writerow(first)  # exported twice: a duplicate to skip
    return count


def write_xlsx(path: Path, items: Iterable[SampleItem], *, title: str) -> int:
    """A title row above the header (merged, as offices make them) and real Excel dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = "信息发布统计"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(["单位", "栏目", "标题", "日期", "网址"])
    count = 0
    for item in items:
        published = datetime(item.published_on.year, item.published_on.month, item.published_on.day)
        sheet.append([item.unit, item.column, item.title, published, item.url])
        sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy/m/d"
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return count
