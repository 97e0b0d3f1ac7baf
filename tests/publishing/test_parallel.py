"""A large CSV read by the importer and a helper process gives what one reader gives."""

import csv
import io
from pathlib import Path

import pytest

from gongkai.adapters.readers import CsvReader, ImportFileError, find_split
from gongkai.publishing.models import Publication
from gongkai.publishing.services import import_publications

pytestmark = pytest.mark.django_db

HEADER = ["单位", "栏目", "标题", "发布日期", "链接"]


@pytest.fixture
def county(registry):
    return None


def _rows(count: int) -> list[list[str]]:
    rows = []
    for i in range(count):
        url = f"http://x.gov.cn/a/t2023{i % 12 + 1:02d}05_{i}.html"
        rows.append(["卫健委", "部门动态", f"标题{i}", f"2023-{i % 12 + 1:02d}-05", url])
    rows[100] = ["不存在局", "部门动态", "标题", "2023-01-05", ""]  # importer's part
    rows[9_000] = ["卫健委", "部门动态", "标题", "不是日期", ""]  # helper's part
    rows[9_001] = ["卫健委", "部门动态", "标题5", "2023-06-05", ""]  # duplicates row 5
    rows[9_002] = ["卫健委", "部门动态", "无日期", "", "http://x.gov.cn/b/t20230301_9.html"]
    rows[9_003] = ["", "", "", "", ""]  # blank
    rows[2_000] = ["卫健委", "部门动态", '标题含\n换行与"引号"', "2023-02-05", ""]
    return rows


def _write(path: Path, rows, encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _import(path: Path, settings, *, parallel: bool):
    settings.IMPORT_BULK_BYTES = 1
    settings.IMPORT_PARALLEL = parallel
    result = import_publications(path=path)
    stored = list(
        Publication.objects.order_by("id").values_list("title", "published_on", "url", "url_key")
    )
    Publication.objects.all().delete()
    return result, stored


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_two_readers_give_what_one_gives(county, tmp_path, settings, encoding):
    path = _write(tmp_path / "a.csv", _rows(12_000), encoding)
    one, stored_one = _import(path, settings, parallel=False)
    two, stored_two = _import(path, settings, parallel=True)
    assert stored_two == stored_one
    summary = [
        "rows_read",
        "imported",
        "duplicates",
        "rejected",
        "dates_from_links",
    ]
    assert [getattr(two, k) for k in summary] == [getattr(one, k) for k in summary]
    assert (one.rows_read, one.rejected, one.duplicates, one.dates_from_links) == (
        11_999,
        2,
        1,
        1,
    )
    assert [(p.row, p.field) for p in two.problems] == [(p.row, p.field) for p in one.problems]
    assert [p.row for p in two.problems] == [102, 9_003]  # +1 header, +1 the line break in 2,000


def test_a_bad_byte_in_the_helpers_part_is_named_and_nothing_lands(county, tmp_path, settings):
    path = _write(tmp_path / "a.csv", _rows(12_000))
    path.write_bytes(path.read_bytes() + "卫健委,部门动态,".encode() + b"\xff\xfe\n")
    settings.IMPORT_BULK_BYTES = 1
    with pytest.raises(
        ImportFileError, match=r"a.csv: 第 (\d+) 行附近有不是 utf-8 编码的字节"
    ) as error:
        import_publications(path=path)
    # "Near": text is decoded in blocks, as when one process reads the file; the bad line is 12003.
    line = int(error.value.args[0].split("第 ")[1].split(" 行")[0])
    assert 12_003 - 64 <= line <= 12_003
    assert Publication.objects.count() == 0


def test_interrupted_while_the_helper_reads_leaves_nothing(county, tmp_path, settings):
    path = _write(tmp_path / "a.csv", _rows(40_000))
    settings.IMPORT_BULK_BYTES = 1

    def interrupt(share, rows_read):
        if rows_read > 20_000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_publications(path=path, progress=interrupt)
    assert Publication.objects.count() == 0


def _split(data: bytes, share: float):
    return find_split(io.BytesIO(data), len(data), share)


def test_split_lands_after_a_line_break_outside_quotes():
    data = b'a,b\n1,"x\ny\nz"\n2,w\n3,v\n'
    offset, lines = _split(data, 0.3)  # the target falls inside the quoted field
    assert data[:offset] == b'a,b\n1,"x\ny\nz"\n' and lines == 4


def test_no_split_for_bare_carriage_returns_or_without_a_later_line_break():
    assert _split(b"a,b\r1,2\r3,4\r", 0.5) is None
    assert _split(b"a,b\n1,2", 0.9) is None


def test_a_stray_quote_makes_the_importer_read_everything(tmp_path):
    """Parity is fooled by a lone quote; the importer notices no record ends at the cut."""
    path = tmp_path / "a.csv"
    path.write_bytes(b'a,b\n1,5" screen\n2,"x\ny"\n3,z\n')
    reader = CsvReader(path, "a.csv")
    offset = len(b'a,b\n1,5" screen\n2,"x\n')  # even quotes before it, yet inside a field
    reader.stop_at(offset)
    rows = [cells for _, cells in reader.rows()]
    assert not reader.reached_stop
    assert rows[-2:] == [["2", "x\ny"], ["3", "z"]]
    reader.close()
