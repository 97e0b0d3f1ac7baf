import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.orgs.models import Unit
from gongkai.orgs.services import load_registry
from gongkai.proofread.models import CheckRun, Hit
from gongkai.publishing.models import Publication
from gongkai.sample.generator import SAMPLE_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    load_registry(path=SAMPLE_DIR / "registry.yaml")


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("proofread", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_text_json_has_the_documented_fields(county):
    text = "河南省广州市，联系电话13812345678"
    code, out, _ = run("--text", text, "--json", "--no-typos", "--today", "2024-07-01")
    hits = json.loads(out)
    assert code == 0
    assert [(h["start"], h["end"], h["category"]) for h in hits] == [
        (3, 6, "place"),
        (11, 22, "personal"),
    ]
    assert set(hits[0]) == {
        "start",
        "end",
        "text",
        "category",
        "severity",
        "suggestion",
        "reason",
        "rule",
    }
    assert text[hits[0]["start"] : hits[0]["end"]] == hits[0]["text"]


def test_files_of_several_formats(county, tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("近日，孙家集街道开展整治。", encoding="gb18030")
    html = tmp_path / "b.html"
    html.write_text("<html><body><p>严格落实三审三较制度</p></body></html>", encoding="utf-8")
    code, out, _ = run(str(txt), str(html), "--unit", "朗公庙", "--no-typos")
    assert code == 0
    assert "a.txt:1\t[地名·严重]\t“孙家集街道”" in out
    assert "b.html:2\t[规范表述·一般]\t“三审三较”" in out
    assert out.strip().endswith("共 2 处疑似问题")


def test_user_errors_exit_2_in_chinese(county, tmp_path):
    assert run("--text", "x", "--unit", "不存在的局")[0] == 2
    code, _, err = run(str(tmp_path / "missing.docx"))
    assert code == 2 and "文件不存在" in err
    assert run()[0] == 2


def test_run_over_stored_publication_titles(county):
    unit = Unit.objects.get(name="朗公庙镇")
    column = unit.columns.first()
    for i, title in enumerate(["朗公庙镇召开安全生产工作推进会", "孙家集街道开展人居环境整治"]):
        Publication.objects.create(
            unit=unit,
            column=column,
            category=column.category,
            title=title,
            published_on=date(2023, 3, 1 + i),
            content_key=i,
        )
    code, out, _ = run("run", "--year", "2023", "--no-typos")
    assert code == 0 and "审校信息标题 2 条、抓取的文章正文 0 篇，疑似问题 1 处" in out
    hit = Hit.objects.get()
    assert (hit.text, hit.checked.dated, hit.checked.reference) == (
        "孙家集街道",
        date(2023, 3, 2),
        f"publication:{Publication.objects.get(title__startswith='孙').pk}",
    )
    assert CheckRun.objects.get().source == "publications"


def test_lexicon_export_then_load(county, tmp_path):
    path = tmp_path / "lexicon.yaml"
    assert run("lexicon", "export", "-o", str(path))[0] == 0
    code, out, _ = run("lexicon", "load", str(path))
    assert code == 0 and "已载入词条" in out
    assert run("lexicon", "frobnicate")[0] == 2
