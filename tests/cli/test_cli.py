"""The `gongkai` command as a user runs it, in-process through the same entry point (one database
state per module); tests/cli/test_processes.py runs a few as real processes."""

import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.sample.generator import SAMPLE_DIR
from tests.calendar.schedules import SCHEDULE_2027
from tests.conftest import run_gongkai

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def home(tmp_path_factory, cli_database):
    home = tmp_path_factory.mktemp("home")

    def run(*args, check=False):
        done = run_gongkai(*args, cwd=home)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    run("registry", "load", SAMPLE_DIR / "registry.yaml", check=True)
    run("standards", "load", check=True)
    run("sample", "write", home / "sample", check=True)
    for path in sorted((home / "sample").iterdir()):
        run(
            "import",
            "publications",
            path,
            "--rejects",
            home / f"{path.stem}.rejects.csv",
            check=True,
        )
    return home, run


def no_traceback(done):
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout


def test_stats_json_schema_and_values(home):
    _, run = home
    done = run("stats", "--year", "2023", "--group", "部门", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 35
    first = rows[0]
    assert set(first) == {
        "seq",
        "unit",
        "unit_id",
        "group",
        "kind",
        "counts",
        "total",
        "monthly",
        "months_not_updated",
        "months_not_updated_text",
        "problems",
        "problems_text",
        "display",
    }
    assert (first["seq"], first["unit"], first["counts"], first["total"]) == (
        1,
        "卫健委",
        {"news": 112, "disclosure": 218},
        330,
    )
    tax = next(r for r in rows if r["unit"] == "税务局")
    assert tax["months_not_updated"] == [f"2023-{m:02d}" for m in range(5, 13)]
    assert tax["display"]["更新情况"] == "5、6、7、8、9、10、11、12月份未更新"
    assert [p["code"] for p in tax["problems"]] == [
        "below_total",
        "below_total",
        "zero_months",
        "slow_months",
    ]
    assert sum(tax["monthly"]["news"].values()) == 13


def test_stats_quarter_table_and_documents(home):
    path, run = home
    table = run("stats", "--year", "2024", "--quarter", "2", "--group", "乡镇")
    assert "2024年第二季度各乡镇政府网站信息公开统计表" in table.stdout
    assert (
        run(
            "stats", "--year", "2024", "--quarter", "2", "--format", "xlsx", "-o", path / "q2.xlsx"
        ).returncode
        == 0
    )
    book = load_workbook(path / "q2.xlsx")
    assert book.sheetnames == ["附件1", "附件2"]
    assert book["附件2"]["B3"].value == "融媒体中心"
    assert run("stats", "--year", "2023", "--format", "docx", "-o", path / "y.docx").returncode == 0
    assert len(Document(path / "y.docx").tables) == 2
    csv_out = run("stats", "--year", "2024", "--month", "5", "--format", "csv")
    assert csv_out.returncode == 0 and "2024年5月" in csv_out.stdout
    rng = run("stats", "--from", "2024-04-15", "--to", "2024-06-14", "--format", "json")
    assert rng.returncode == 0 and json.loads(rng.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats"], "需要 --year"),
        (["stats", "--year", "2023", "--quarter", "2", "--month", "3"], "只能选一个"),
        (["stats", "--year", "2023", "--standard", "nope"], "没有名为「nope」的更新标准"),
        (["stats", "--year", "2023", "--group", "街道"], "分组「街道」"),
        (["stats", "--from", "2023-02-30", "--to", "2023-03-01"], "--from 2023-02-30"),
        (["stats", "--year", "2023", "--format", "xlsx"], "需要 -o"),
        (["stats", "--year", "1999"], "没有适用于1999年度的更新标准"),
        (["import", "publications", "/nonexistent.csv"], "文件不存在"),
        (["registry", "load", "/nonexistent.yaml"], "文件不存在"),
    ],
)
def test_bad_input_exits_2_with_a_message(home, args, message):
    _, run = home
    done = run(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr
    no_traceback(done)


def test_strict_import_with_bad_rows_exits_2_and_writes_nothing(home):
    path, run = home
    bad = path / "bad.csv"
    bad.write_text(
        "单位,栏目,标题,发布日期\n卫健委,部门动态,新标题,2025-01-02\n某某局,部门动态,标题,2025-01-03\n",
        encoding="utf-8",
    )
    done = run("import", "publications", bad, "--strict", "--rejects", path / "bad.rejects.csv")
    assert done.returncode == 2
    assert "第 3 行 单位「某某局」：单位未登记" in done.stderr
    no_traceback(done)
    after = json.loads(
        run(
            "stats",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-31",
            "--group",
            "部门",
            "--format",
            "json",
        ).stdout
    )
    assert next(r for r in after if r["unit"] == "卫健委")["total"] == 0


def test_reimport_changes_nothing(home):
    path, run = home
    csv_file = next((path / "sample").glob("*.csv"))
    done = run("import", "publications", csv_file, "--rejects", path / "again.csv")
    assert done.returncode == 0
    assert "新增 0 条" in done.stdout


def test_django_commands_pass_through(home):
    _, run = home
    assert run("check").returncode == 0


def test_foi_due_json_and_explanation(home):
    path, run = home
    done = run("foi", "due", "--received", "2025-09-26", "--today", "2025-10-27", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["due_date"] == "2025-10-30" and payload["working_days_left"] == 3
    assert payload["explanation"][-2] == "截至2025年10月27日，剩余3个工作日。"
    events = path / "events.json"
    events.write_text(
        json.dumps([{"type": "extension", "date": "2025-10-20", "days": 20, "note": "张某"}]),
        encoding="utf-8",
    )
    text = run(
        "foi", "due", "--received", "2025-09-26", "--events", events, "--today", "2025-10-27"
    )
    assert "→ 答复期限：2025年11月27日（星期四）。" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["foi", "due", "--received", "2027-03-01"], "2027 年节假日安排尚未录入"),
        (["foi", "due", "--received", "2025-09-26", "--channel", "网络"], "双方确认收到的日期"),
        (["foi", "due", "--received", "2025-9-26"], "日期应写成 YYYY-MM-DD"),
        (["calendar", "add", "2026-12-20", "20"], "2027 年节假日安排尚未录入"),
    ],
)
def test_clock_bad_input(home, args, message):
    _, run = home
    done = run(*args)
    assert done.returncode == 2 and message in done.stderr
    no_traceback(done)


def test_calendar_commands(home):
    path, run = home
    assert run("calendar", "add", "2025-09-26", "20").stdout.startswith("2025-10-30")
    assert (
        "248 个工作日"
        in run("calendar", "workdays", "--from", "2026-01-01", "--to", "2026-12-31").stdout
    )
    schedule = path / "2027.csv"
    schedule.write_text("日期,类型\n2027-01-01,休\n", encoding="utf-8")
    partial = run("calendar", "import", schedule)  # one day is not a year's schedule
    assert partial.returncode == 2 and "放假安排不完整" in partial.stderr
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")
    assert run("calendar", "import", schedule).returncode == 0
    assert run("calendar", "add", "2026-12-31", "1").stdout.startswith("2027-01-04")
    far = run("calendar", "add", "9999-12-31", "1")
    assert far.returncode == 2 and "1949" in far.stderr and "2100" in far.stderr


def test_assess_summary_from_score_files(home):
    _, run = home
    golden = Path(__file__).resolve().parents[1] / "golden"
    done = run("assess", "summary", "--scores", golden / "kaifeng_2022_scores.csv", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["total"] == 48
    assert [(b["label"], b["count"], b["share"]) for b in payload["bands"]] == [
        ("90分以上", 3, "6.25"),
        ("80—90分", 22, "45.83"),
        ("60—80分", 23, "47.92"),
    ]
    assert [g["group"] for g in payload["groups"]] == ["县区", "市直"]
    text = run(
        "assess",
        "summary",
        "--scores",
        golden / "xinxiang_2023_scores_towns.csv",
        "--group",
        "乡镇",
        "--scores",
        golden / "xinxiang_2023_scores_departments.csv",
        "--group",
        "县直",
    ).stdout
    assert "8个乡镇单位考核结果优秀的2个，分别是开发区、翟坡镇。" in text
    bad = run("assess", "summary", "--scores", golden / "kaifeng_2022_scores.csv", "--bands", "9o")
    assert bad.returncode == 2 and "--bands 9o" in bad.stderr


def test_foi_ledger_import_annual_table_and_overdue(home):
    path, run = home
    ledger = path / "台账.csv"
    ledger.write_text(
        "受理编号,承办单位,提交日期,收件渠道,申请人类型,申请人,申请内容,答复日期,办理结果\n"
        "C-1,自然资源局,2025-09-26,当面,自然人,周小明,征地信息,2025-11-03,予以公开\n"
        "C-2,自然资源局,2025-10-09,邮寄签收,商业企业,某公司,规划许可,2025-10-20,部分公开\n",
        encoding="utf-8",
    )
    done = run("foi", "import", ledger)
    assert done.returncode == 0 and "新增 2 件" in done.stdout, done.stderr
    table = json.loads(
        run("foi", "annual-table", "--unit", "县自然资源局", "--year", "2025", "--json").stdout
    )
    assert table["section3"]["rows"]["new"] == [1, 1, 0, 0, 0, 0, 2]
    assert table["section3"]["rows"]["total"] == [1, 1, 0, 0, 0, 0, 2]
    overdue = run("foi", "overdue", "--today", "2025-12-01")
    assert "C-1\t自然资源局\t期限 2025-10-30\t2025-11-03 答复" in overdue.stdout
    assert "逾期 1 件，已记为问题 1 条" in overdue.stdout
    bad = run("foi", "annual-table", "--unit", "不存在局", "--year", "2025")
    assert bad.returncode == 2 and "单位「不存在局」未登记" in bad.stderr


def test_letter_reply_and_check(home):
    path, run = home
    ledger = path / "letters.csv"
    ledger.write_text(
        "受理编号,承办单位,提交日期,申请人类型,申请人,证件号码,申请内容,答复日期,办理结果\n"
        "L-1,自然资源局,2025-09-26,自然人,周小明,410721199001011234,身份证410721199001011234的宗地信息,2025-10-20,予以公开\n",
        encoding="utf-8",
    )
    assert run("foi", "import", ledger).returncode == 0
    out = path / "L-1.docx"
    done = run(
        "letter", "reply", "L-1", "--number", "新自然资依公〔2025〕3号", "--public", "-o", out
    )
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert "周某某：" in text and "周小明" not in text and "410721********1234" in text
    assert "新乡县人民政府申请行政复议" in text
    checked = run("letter", "check", out)
    assert checked.stdout.strip() == "L-1.docx：要素齐全"
    bad = path / "bad.txt"
    bad.write_text(
        "答复书\n周某某：\n你的申请已收悉。如不服，可向上一级主管部门申请行政复议。\n",
        encoding="utf-8",
    )
    report = json.loads(run("letter", "check", bad, "--json").stdout)
    elements = {m["element"] for m in report["missing"]}
    assert {"文号", "收到日期", "法律依据", "行政诉讼", "复议机关"} <= elements
    missing = run("letter", "reply", "NOPE", "--number", "x", "-o", path / "x.docx")
    assert missing.returncode == 2 and "没有受理编号为「NOPE」的申请" in missing.stderr


def test_assess_run_show_compare_bulletins_and_letters(home):
    path, run = home
    assert (
        run(
            "assess",
            "load-scheme",
            SAMPLE_DIR.parents[1] / "assessment" / "bundled" / "xinxiang-county-2023.yaml",
        ).returncode
        == 0
    )
    first = run("assess", "run", "--year", "2023", "--today", "2026-11-22")
    assert first.returncode == 0, first.stderr
    assert "8个开发区和乡镇考核结果优秀的2个" in first.stdout
    run_id = first.stdout.split("#", 1)[1].split("：", 1)[0]
    shown = run("assess", "show", "--run", run_id, "--unit", "县公路事业发展中心")
    assert "1.1 动态信息按月更新：1.5/15" in shown.stdout and "整改：" in shown.stdout
    scored = run(
        "assess",
        "score",
        "--year",
        "2023",
        "--unit",
        "教体局",
        "--code",
        "1.4",
        "--value",
        "3",
        "--evidence",
        "未按要求排版",
        "--reviewer",
        "政务公开办",
    )
    assert scored.returncode == 0, scored.stderr
    second = run("assess", "run", "--year", "2023", "--today", "2026-11-22", "--json")
    payload = json.loads(second.stdout)
    compared = run("assess", "compare", run_id, str(payload["run"]))
    assert "教体局" in compared.stdout and "1.4 信息发布质量" in compared.stdout
    summary = json.loads(run("assess", "summary", "--run", run_id, "--json").stdout)
    assert summary["total"] == 43 and summary["groups"][0]["excellent"] == ["翟坡镇", "开发区"]
    out = path / "通报.docx"
    args = ("bulletin", "annual", "--year", "2023", "--run", run_id, "--date", "2024-03-04")
    refused = run(*args, "-o", out)  # most manual indicators are unscored: not a final ranking
    assert refused.returncode == 2 and "--allow-provisional" in refused.stderr
    assert "人工指标尚未评分" in refused.stderr and not out.exists()
    done = run(*args, "-o", out, "--allow-provisional")
    assert done.returncode == 0, done.stderr
    assert "暂定结果" in done.stdout
    assert "2023年度政务公开工作考核情况通报" in "\n".join(p.text for p in Document(out).paragraphs)
    quarterly = run(
        "bulletin", "quarterly", "--year", "2024", "--quarter", "2", "-o", path / "q.docx"
    )
    assert quarterly.returncode == 0 and "待办公室填写" in quarterly.stdout, quarterly.stderr
    letters = run("letters", "--run", run_id, "-o", path / "letters", "--date", "2024-03-04")
    assert letters.returncode == 0 and "整改台账 1 份" in letters.stdout, letters.stderr
    assert (path / "letters" / "2023年度整改台账.xlsx").exists()


def test_assess_import_scores_reproduces_the_2023_rankings(home):
    _, run = home
    golden = Path(__file__).resolve().parents[1] / "golden"
    done = run(
        "assess",
        "import-scores",
        golden / "xinxiang_2023_scores_towns.csv",
        golden / "xinxiang_2023_scores_departments.csv",
        "--group",
        "乡镇",
        "--group",
        "部门",
        "--year",
        "2023",
    )
    assert done.returncode == 0 and "导入 44 个单位的得分" in done.stdout, done.stderr
    run_id = done.stdout.split("#", 1)[1].split("：", 1)[0]
    summary = json.loads(run("assess", "summary", "--run", run_id, "--json").stdout)
    towns, departments = summary["groups"]
    assert towns["excellent"] == ["开发区", "翟坡镇"]
    assert departments["excellent"] == [
        "融媒体中心",
        "卫健委",
        "市场监管局",
        "公安局",
        "城管局",
        "审计局",
    ]
    assert [r["rank"] for r in departments["ranking"]] == list(range(1, 37))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("assess", "show", "--run", "9999"), "没有考核批次 #9999"),
        (
            ("assess", "run", "--scheme", "nope", "--year", "2023"),
            "没有 2023 年适用的考核方案「nope」",
        ),
        (("bulletin", "annual", "--year", "2023", "-o", "x.pdf"), "通报输出为 .docx 文件"),
        (("letters", "--run", "9999", "-o", "d"), "没有考核批次 #9999"),
        (
            (
                "assess",
                "score",
                "--year",
                "2023",
                "--unit",
                "不存在局",
                "--code",
                "1.4",
                "--value",
                "1",
                "--evidence",
                "x",
                "--reviewer",
                "y",
            ),
            "未登记的单位「不存在局」",
        ),
    ],
)
def test_assessment_bad_input(home, args, message):
    _, run = home
    done = run(*args)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    no_traceback(done)
