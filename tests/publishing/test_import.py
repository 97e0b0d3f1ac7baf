"""Importing publications: every bad-input case, transactions, duplicates, idempotence."""

import csv
import gc
import importlib
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import F
from openpyxl import Workbook, load_workbook

from gongkai.adapters.readers import ImportFileError
from gongkai.orgs.models import Unit
from gongkai.orgs.services import load_registry
from gongkai.publishing.models import ImportBatch, ImportStatus, Publication
from gongkai.publishing.services import import_publications
from gongkai.sample.generator import SAMPLE_DIR

pytestmark = pytest.mark.django_db

HEADER = ["单位", "栏目", "标题", "发布日期", "链接"]
GOOD = [
    [
        "卫健委",
        "部门动态",
        "卫健委召开安全生产工作会",
        "2023-01-05",
        "http://x.gov.cn/a/t20230105_1.html",
    ],
    ["县卫生健康委员会", "部门信息公开", "关于义诊活动的公告", "2023/1/6", ""],
    ["市场监督管理局", "部门动态", "市场监管局开展食品安全检查", "2023年1月7日", ""],
]


def write_csv(path: Path, rows, encoding="utf-8", header=HEADER) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def county(registry):
    return None


def test_valid_rows_land_with_aliases_resolved(county, tmp_path):
    result = import_publications(path=write_csv(tmp_path / "a.csv", GOOD))
    assert (result.rows_read, result.imported, result.rejected) == (3, 3, 0)
    units = set(Publication.objects.values_list("unit__name", flat=True))
    assert units == {"卫健委", "市场监管局"}
    categories = sorted(Publication.objects.values_list("category", flat=True))
    assert categories == ["disclosure", "news", "news"]
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert (batch.status, batch.rows_imported) == (ImportStatus.DONE, 3)


def test_blank_rows_are_skipped_not_rejected(county, tmp_path):
    rows = [GOOD[0], [], ["", " ", "\t", "", ""], GOOD[1], ["", "", "", "", ""]]
    result = import_publications(path=write_csv(tmp_path / "a.csv", rows))
    assert (result.rows_read, result.imported, result.rejected) == (2, 2, 0)
    book = Workbook()
    book.active.append(HEADER)
    book.active.append([None, None, None, None, None])  # an empty spreadsheet row
    book.active.append([None, "  ", None, None, 0])  # a cell with 0 is not blank
    book.active.append(GOOD[2])
    book.save(tmp_path / "b.xlsx")
    result = import_publications(path=tmp_path / "b.xlsx")
    assert (result.rows_read, result.imported, result.rejected) == (2, 1, 1)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings(county, tmp_path, encoding):
    result = import_publications(path=write_csv(tmp_path / "a.csv", GOOD, encoding=encoding))
    assert result.imported == 3
    assert Publication.objects.filter(title="关于义诊活动的公告").exists()


def test_wrong_encoding_is_a_clear_error(county, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("单位,栏目,标题,发布日期\n".encode() + b"\xff\xfe\xfa\x80 caf\xe9 \x81\x20\n")
    with pytest.raises(ImportFileError, match="latin.csv: 无法识别文件编码"):
        import_publications(path=path)
    assert Publication.objects.count() == 0


def test_missing_header_is_named(county, tmp_path):
    path = write_csv(tmp_path / "h.csv", GOOD, header=["单位", "标题", "发布日期", "链接"])
    with pytest.raises(ImportFileError, match="h.csv: 第 1 行像是表头，但缺少必需的列：栏目"):
        import_publications(path=path)


def test_no_header_at_all(county, tmp_path):
    path = write_csv(tmp_path / "n.csv", [["a", "b", "c"]] * 3, header=None)
    with pytest.raises(ImportFileError, match="n.csv: 未找到表头"):
        import_publications(path=path)


@pytest.mark.parametrize("content", [b"", b"   \n\n"])
def test_empty_file(county, tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match="empty.csv: 文件为空"):
        import_publications(path=path)


def test_old_xls_is_refused_with_advice(county, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match="另存为 .xlsx"):
        import_publications(path=path)


def test_bad_rows_go_to_the_rejects_report_and_good_rows_land(county, tmp_path):
    rows = GOOD + [
        ["卫建委", "部门动态", "标题甲", "2023-01-08", ""],
        ["卫健委", "部门动态", "标题乙", "2023-02-30", ""],
        ["卫健委", "部门动态", "", "2023-01-09", ""],
        ["卫健委", "网站首页", "标题丙", "2023-01-09", ""],
        ["卫健委", "部门动态", "标题丁", "", "http://x.gov.cn/list.html"],
        ["卫健委", "部门动态", '=HYPERLINK("http://evil")', "2023-13-01", "ftp://x"],
    ]
    rejects = tmp_path / "rejects.csv"
    result = import_publications(path=write_csv(tmp_path / "a.csv", rows), rejects_path=rejects)
    assert (result.imported, result.rejected) == (3, 6)
    assert Publication.objects.count() == 3
    with rejects.open(encoding="utf-8-sig") as handle:
        report = list(csv.reader(handle))
    assert report[0] == ["行号", "字段", "值", "原因"]
    by_row = {}
    for row, field, value, reason in report[1:]:
        by_row.setdefault(int(row), []).append((field, value, reason))
    assert by_row[5][0][:2] == ("单位", "卫建委")
    assert by_row[5][0][2].startswith("单位未登记；最接近的已登记名称：卫健委")
    assert by_row[6] == [("发布日期", "2023-02-30", "不是有效的日期")]
    assert by_row[7] == [("标题", "", "标题为空")]
    assert by_row[8][0][0] == "栏目" and "部门动态、部门信息公开" in by_row[8][0][2]
    assert by_row[9] == [("发布日期", "", "发布日期为空，且链接中没有日期")]
    fields = [f for f, _, _ in by_row[10]]
    assert fields == ["链接", "发布日期"]
    # Nothing in the report can run as a formula in Excel/WPS.
    assert all(not v.startswith("=") for _, v, _ in by_row[10])


def test_unknown_unit_suggests_close_names(county, tmp_path):
    result = import_publications(
        path=write_csv(tmp_path / "a.csv", [["市场监督局", "部门动态", "标题", "2023-01-05", ""]]),
        rejects_path=tmp_path / "r.csv",
    )
    assert result.problems[0].reason.startswith("单位未登记；最接近的已登记名称：")
    assert "市场监督管理局" in result.problems[0].reason


def test_strict_mode_writes_nothing_when_any_row_is_bad(county, tmp_path):
    rows = GOOD + [["不存在的单位", "部门动态", "标题", "2023-01-05", ""]]
    result = import_publications(
        path=write_csv(tmp_path / "a.csv", rows), strict=True, rejects_path=tmp_path / "r.xlsx"
    )
    assert not result.written
    assert Publication.objects.count() == 0
    assert "严格模式" in result.summary()
    report = load_workbook(tmp_path / "r.xlsx").active
    # Header is row 1, the three good rows are 2–4: the bad one is row 5.
    assert [c.value for c in report[2]][:3] == [5, "单位", "不存在的单位"]
    assert ImportBatch.objects.get(pk=result.batch_id).status == ImportStatus.FAILED


def test_strict_mode_with_clean_file_lands(county, tmp_path):
    result = import_publications(path=write_csv(tmp_path / "a.csv", GOOD), strict=True)
    assert result.written and Publication.objects.count() == 3


def test_dry_run_writes_nothing_but_counts(county, tmp_path):
    result = import_publications(path=write_csv(tmp_path / "a.csv", GOOD), dry_run=True)
    assert (result.imported, result.written) == (3, False)
    assert Publication.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    assert result.preview[0]["title"] == "卫健委召开安全生产工作会"


def test_duplicates_by_link_and_by_unit_title_date_are_skipped(county, tmp_path):
    rows = GOOD + [
        [
            "卫健委",
            "部门动态",
            "换了标题但链接相同",
            "2023-01-05",
            "http://x.gov.cn/a/t20230105_1.html",
        ],
        ["卫生健康委员会", "部门信息公开", "关于义诊活动的公告", "2023-01-06", ""],
    ]
    result = import_publications(path=write_csv(tmp_path / "a.csv", rows))
    assert (result.imported, result.duplicates) == (3, 2)


def test_reimporting_the_same_file_changes_nothing(county, tmp_path):
    path = write_csv(tmp_path / "a.csv", GOOD)
    import_publications(path=path)
    before = list(Publication.objects.order_by("id").values_list("id", "title", "published_on"))
    again = import_publications(path=path)
    assert (again.imported, again.duplicates) == (0, 3)
    assert (
        list(Publication.objects.order_by("id").values_list("id", "title", "published_on"))
        == before
    )


def test_date_taken_from_the_link_and_reported(county, tmp_path):
    rows = [["卫健委", "部门动态", "标题", "", "http://x.gov.cn/a/202303/t20230315_77.html"]]
    result = import_publications(path=write_csv(tmp_path / "a.csv", rows))
    assert result.dates_from_links == 1
    assert "从链接推断" in result.summary()
    assert str(Publication.objects.get().published_on) == "2023-03-15"


def test_interrupted_import_leaves_no_trace(county, tmp_path, monkeypatch):
    rows = [["卫健委", "部门动态", f"标题{i}", "2023-01-05", ""] for i in range(25_000)]
    path = write_csv(tmp_path / "big.csv", rows)
    calls = {"n": 0}

    def interrupt(share, rows_read):
        calls["n"] += 1
        if calls["n"] == 2:  # after the first chunk was inserted
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_publications(path=path, progress=interrupt)
    assert Publication.objects.count() == 0
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and "未写入任何数据" in batch.message


def test_xlsx_with_title_row_merged_cells_and_excel_dates(county, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    other = book.create_sheet("四月")
    sheet.append(["2024年信息发布统计"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "发布单位", "栏目", "标题", "发布时间", "网址"])
    from datetime import datetime

    sheet.append([1, "卫健委", "部门动态", "卫健委开展义诊", datetime(2024, 4, 2, 9, 30), None])
    sheet.append(
        [2, "卫健委", "部门动态", "卫健委召开会议", 45385, None]
    )  # a serial date: 45292 is 2024-01-01
    other.append(HEADER)
    other.append(["卫健委", "部门动态", "四月的信息", "2024-04-09", ""])
    path = tmp_path / "a.xlsx"
    book.save(path)
    result = import_publications(path=path)
    assert result.header_row == 2
    assert result.imported == 2
    assert sorted(str(d) for d in Publication.objects.values_list("published_on", flat=True)) == [
        "2024-04-02",
        "2024-04-03",
    ]
    assert import_publications(path=path, sheet="四月").imported == 1
    with pytest.raises(ImportFileError, match="没有名为「五月」的工作表；现有：汇总、四月"):
        import_publications(path=path, sheet="五月")


def _peak_of_a_dry_run(path: Path, megabytes: int) -> tuple[int, int]:
    """(rows, peak traced bytes) of a dry run over a generated file of about `megabytes` MB."""
    row = "卫健委,部门动态,{title},2023-{month:02d}-{day:02d},http://www.xinxiangxian.gov.cn/xwzx/bmdt/{i}.html\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        i = 0
        while handle.tell() < megabytes * 1024 * 1024:
            for _ in range(1000):
                title = f"卫健委开展第{i}次健康知识进社区宣传活动并组织义诊服务群众"
                handle.write(row.format(title=title, month=i % 12 + 1, day=i % 28 + 1, i=i))
                i += 1
    tracemalloc.start()
    result = import_publications(path=path, dry_run=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.rows_read == i and result.rejected == 0
    return i, peak


@pytest.mark.slow
@pytest.mark.one_database
def test_files_are_streamed_not_loaded_whole(county, tmp_path, monkeypatch):
    """Memory is bounded by the few chunks in flight, not by the file's size: with chunks of
    2,000 rows, a 16 MB file peaks far below its size."""
    from gongkai.publishing import services

    monkeypatch.setattr(services, "INSERT_CHUNK", 2_000)
    _, peak = _peak_of_a_dry_run(tmp_path / "big.csv", 16)
    assert peak < 6 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a 16 MB file"


STORED_INDEXES = ("publication_unique_content", "publication_unique_url", "publication_stats")


def _constraints() -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Publication._meta.db_table)


def _foreign_keys() -> set[str]:
    return {
        column
        for found in _constraints().values()
        if found["foreign_key"]
        for column in found["columns"]
    }


def test_bulk_load_into_an_empty_table_keeps_every_rule(county, tmp_path, settings):
    """The deferred-index path (large file, empty table) gives the same result as row by row."""
    settings.IMPORT_BULK_BYTES = 1  # every file counts as large
    rows = GOOD + [
        [
            "卫健委",
            "部门动态",
            "换了标题但链接相同",
            "2023-01-05",
            "http://x.gov.cn/a/t20230105_1.html",
        ],
        ["卫生健康委员会", "部门信息公开", "关于义诊活动的公告", "2023-01-06", ""],
        ["卫健委", "部门动态", "新的一条", "2023-01-09", "http://x.gov.cn/a/t20230109_2.html"],
    ]
    result = import_publications(path=write_csv(tmp_path / "a.csv", rows))
    assert (result.imported, result.duplicates) == (4, 2)
    assert Publication.objects.count() == 4
    assert set(STORED_INDEXES) <= set(_constraints())
    assert _foreign_keys() == {"unit_id", "column_id", "batch_id"}
    again = import_publications(
        path=write_csv(tmp_path / "a.csv", rows)
    )  # not empty now: row by row
    assert (again.imported, again.duplicates) == (0, 6)


def test_interrupted_bulk_load_restores_the_indexes(county, tmp_path, settings):
    settings.IMPORT_BULK_BYTES = 1
    rows = [["卫健委", "部门动态", f"标题{i}", "2023-01-05", ""] for i in range(25_000)]

    def interrupt(share, rows_read):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_publications(path=write_csv(tmp_path / "big.csv", rows), progress=interrupt)
    assert Publication.objects.count() == 0
    assert set(STORED_INDEXES) <= set(_constraints())
    assert _foreign_keys() == {"unit_id", "column_id", "batch_id"}


def test_bulk_load_reports_rejects_preview_and_read_errors(county, tmp_path, settings):
    """On the bulk path too: rejects, counts and the preview are kept; a read error lands nothing."""
    settings.IMPORT_BULK_BYTES = 1
    rows = [["卫健委", "部门动态", f"标题{i}", "2023-01-05", ""] for i in range(12_000)]
    rows[11_000] = ["不存在局", "部门动态", "标题", "2023-01-05", ""]
    result = import_publications(path=write_csv(tmp_path / "mixed.csv", rows))
    assert (result.rows_read, result.imported, result.rejected) == (12_000, 11_999, 1)
    assert result.problems[0].row == 11_002 and "不存在局" in result.problems[0].value
    assert len(result.preview) == 20 and result.preview[0]["title"] == "标题0"
    Publication.objects.all().delete()
    broken = tmp_path / "broken.csv"
    good = "单位,栏目,标题,发布日期,链接\n" + "".join(
        f"卫健委,部门动态,标题{i},2023-01-05,\n" for i in range(30_000)
    )
    broken.write_bytes(good.encode("utf-8") + "卫健委,部门动态,".encode() + b"\xff\xfe\n")
    with pytest.raises(ImportFileError, match=r"broken.csv: 第 \d+ 行附近有不是 utf-8 编码的字节"):
        import_publications(path=broken)
    assert Publication.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_large_import_trusts_foreign_keys_only_inside_and_leaves_none_broken(tmp_path, settings):
    """The bulk path skips SQLite's per-row foreign-key lookups, and turns them back on."""
    if connection.vendor != "sqlite":
        pytest.skip("the bulk path exists for SQLite only")
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    settings.IMPORT_BULK_BYTES = 1
    rows = [["卫健委", "部门动态", f"标题{i}", "2023-01-05", ""] for i in range(10_250)]
    seen = []

    def pragmas():
        with connection.cursor() as cursor:
            return [
                cursor.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("foreign_keys", "cache_size", "threads")
            ]

    before = pragmas()
    result = import_publications(
        path=write_csv(tmp_path / "a.csv", rows), progress=lambda *_: seen.append(pragmas()[0])
    )
    assert (result.imported, result.rejected) == (10_250, 0)
    assert seen[0] == 0  # checks off while the rows went in
    assert pragmas() == before and before[0] == 1  # and everything as it was afterwards
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []
    unit_ids = set(Publication.objects.values_list("unit_id", flat=True))
    assert unit_ids == {Unit.objects.get(name="卫健委").pk}


def test_keys_of_older_versions_are_recomputed_by_the_migration(county, tmp_path):
    """Rows stored with another digest are found as duplicates again after the migration."""
    import_publications(path=write_csv(tmp_path / "a.csv", GOOD))
    Publication.objects.update(url_key=F("id") + 1000, content_key=F("id") + 2000)
    _migrate("0002_xxh3_duplicate_keys", "recompute_keys")
    _migrate("0004_normalized_url_keys", "recompute_url_keys")
    _migrate("0005_content_key_column_nfkc", "recompute_content_keys")
    again = import_publications(path=write_csv(tmp_path / "a.csv", GOOD))
    assert (again.imported, again.duplicates) == (0, 3)
    assert Publication.objects.filter(url_key__isnull=False).count() == 1


def _migrate(name: str, function: str) -> None:
    migration = importlib.import_module(f"gongkai.publishing.migrations.{name}")
    getattr(migration, function)(django_apps, SimpleNamespace(connection=connection))


def test_the_content_key_migration_keeps_items_it_finds_to_be_one(county, tmp_path):
    """Two stored items whose titles differ only in width stay (as counted before); the item
    comes again in either spelling: a duplicate."""
    rows = [
        ["卫健委", "部门动态", "关于2023年第1季度工作的通知", "2023-02-01", ""],
        ["卫健委", "部门动态", "关于２０２３年第１季度工作的通知", "2023-02-01", ""],
    ]
    import_publications(path=write_csv(tmp_path / "a.csv", rows[:1]))
    first = Publication.objects.get()
    # as an earlier version stored them: two items, two different keys
    Publication.objects.create(
        unit=first.unit,
        column=first.column,
        category=first.category,
        title=rows[1][2],
        published_on=first.published_on,
        content_key=-(10**6),
    )
    _migrate("0005_content_key_column_nfkc", "recompute_content_keys")
    assert Publication.objects.count() == 2
    assert len(set(Publication.objects.values_list("content_key", flat=True))) == 2
    again = import_publications(path=write_csv(tmp_path / "b.csv", rows[::-1]))
    assert (again.imported, again.duplicates) == (0, 2)


def test_titles_compare_without_width_or_spaces_and_columns_apart(county, tmp_path):
    rows = [
        ["卫健委", "部门动态", "关于2023年ABC工作的通知", "2023-02-01", ""],
        ["卫健委", "部门动态", "关于 ２０２３ 年ＡＢＣ工作的通知", "2023-02-01", ""],  # the same
        ["卫健委", "部门信息公开", "关于2023年ABC工作的通知", "2023-02-01", ""],  # another column
    ]
    result = import_publications(path=write_csv(tmp_path / "a.csv", rows))
    assert (result.imported, result.duplicates) == (2, 1)
    assert set(Publication.objects.values_list("column__name", flat=True)) == {
        "部门动态",
        "部门信息公开",
    }


def test_import_pauses_the_garbage_collector_and_restores_it(county, tmp_path):
    rows = [["卫健委", "部门动态", f"标题{i}", "2023-01-05", ""] for i in range(12_000)]
    path = write_csv(tmp_path / "a.csv", rows)
    during = []
    import_publications(path=path, dry_run=True, progress=lambda *_: during.append(gc.isenabled()))
    assert during[0] is False and gc.isenabled()
    gc.disable()
    try:  # a caller that had switched it off keeps it off
        import_publications(path=path, dry_run=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_one_link_in_two_spellings_is_one_publication(county, tmp_path):
    first = [["卫健委", "部门动态", "卫健委召开会议", "2023-02-01", "http://x.gov.cn/a?b=1&a=2"]]
    again = [
        [
            "卫健委",
            "部门动态",
            "卫健委召开会议（续）",
            "2023-02-02",
            "http://X.GOV.CN:80/a?a=2&b=1#top",
        ]
    ]
    import_publications(path=write_csv(tmp_path / "a.csv", first))
    result = import_publications(path=write_csv(tmp_path / "b.csv", again))
    assert (result.imported, result.duplicates) == (0, 1)
    assert list(Publication.objects.values_list("url", flat=True)) == ["http://x.gov.cn/a?b=1&a=2"]


def test_only_the_office_imports_even_past_the_pages(tmp_path, registry):
    """import_publications checks the acting web user itself: a unit clerk or a leader is refused
    before anything is read or written; the CLI and jobs pass no user."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from gongkai.orgs.models import Account, Role

    path = write_csv(tmp_path / "a.csv", GOOD)
    for name, role, unit in (("wjw", Role.UNIT, "卫健委"), ("leader", Role.LEADER, None)):
        user = get_user_model().objects.create_user(name, password="Lanyu-Qiao-2025")
        Account.objects.create(user=user, role=role, unit=unit and Unit.objects.get(name=unit))
        with pytest.raises(PermissionDenied):
            import_publications(path=path, actor=user, rejects_path=tmp_path / "r.csv")
    assert not Publication.objects.exists() and not ImportBatch.objects.exists()
    office = get_user_model().objects.create_user("office", password="Lanyu-Qiao-2025")
    Account.objects.create(user=office, role=Role.OFFICE)
    assert import_publications(path=path, actor=office, rejects_path=tmp_path / "r.csv").imported
