"""`gongkai newmedia accounts load | import | feed | check` through the management command."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from gongkai.findings.models import Finding
from gongkai.newmedia.models import Post

pytestmark = pytest.mark.django_db

ACCOUNTS = (
    "账号名称,平台,主办单位,是否受监管,是否备案,开通日期\n"
    "新乡县环境,微信公众号,生态环境分局,是,是,2020-01-01\n"
    "无主号,微博,,否,否,2020-01-01\n"
)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("newmedia", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def loaded(registry, tmp_path):
    (tmp_path / "a.csv").write_text(ACCOUNTS, encoding="utf-8")
    assert run("accounts", "load", str(tmp_path / "a.csv"))[0] == 0
    lines = ["账号,标题,发布时间,链接"]
    for week in range(13):
        monday = date(2024, 4, 1) + timedelta(days=7 * week)
        for n in range(2 if week != 5 else 1):
            lines.append(f"新乡县环境,第{week}周第{n}篇,{monday + timedelta(days=n)} 09:00,")
    (tmp_path / "p.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_import_then_check_json(loaded):
    code, out, _ = run("import", str(loaded / "p.csv"))
    assert code == 0 and "新增 25 条" in out
    code, out, _ = run(
        "check", "--year", "2024", "--quarter", "2", "--today", "2024-08-01", "--json"
    )
    data = json.loads(out)
    assert data["check_date"] == "2024-06-30"
    env, orphan = data["accounts"]
    assert {k: env[k] for k in ("account", "unit", "platform", "posts", "weeks_short")} == {
        "account": "新乡县环境",
        "unit": "生态环境分局",
        "platform": "微信公众号",
        "posts": 25,
        "weeks_short": 1,
    }
    assert env["last_post"] == "2024-06-25" and env["passes"] is False
    assert [f["kind"].split(".")[1] for f in env["findings"]] == ["weekly_updates"]
    assert orphan["unit"] is None
    assert {f["kind"].split(".")[1] for f in orphan["findings"]} >= {"no_unit", "not_registered"}
    # The account without a unit is reported, but holds no Finding (there is no unit to hold it).
    assert list(Finding.objects.values_list("kind", flat=True)) == [env["findings"][0]["kind"]]


def test_text_output_and_strict_exit_code(loaded):
    bad = loaded / "bad.csv"
    bad.write_text(
        "账号,标题,发布时间\n新乡县环境,好,2024-04-01\n谁,坏,2024-04-01\n", encoding="utf-8"
    )
    code, out, err = run("import", str(bad), "--strict", "--rejects", str(loaded / "r.xlsx"))
    assert code == 2 and "严格模式" in out and "第 3 行 账号「谁」" in err
    assert not Post.objects.exists() and (loaded / "r.xlsx").exists()
    run("import", str(loaded / "p.csv"))
    code, out, _ = run("check", "--year", "2024", "--quarter", "2", "--today", "2024-07-05")
    assert code == 0 and "新乡县环境（微信公众号，生态环境分局）：25 条，不达标 1 周" in out


def test_user_errors_exit_2_in_chinese(loaded):
    code, _, err = run("import", str(loaded / "missing.csv"))
    assert code == 2 and "文件不存在" in err
    code, _, err = run("check", "--year", "2024", "--today", "2024/07/05")
    assert code == 2 and "--today 2024/07/05：日期应写成 YYYY-MM-DD" in err
    code, _, err = run("feed", "新乡县环境")
    assert code == 2 and "没有登记订阅源" in err
