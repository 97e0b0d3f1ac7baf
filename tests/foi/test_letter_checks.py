"""Reply letters checked and recorded per unit (`gongkai letter check --unit U --record`) become
Findings and score indicator 4.3; units none of whose letters was checked stay with a person."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.findings.models import Finding
from gongkai.foi.letters import compose
from gongkai.foi.models import LetterCheck
from tests.foi.test_letters import DATA

pytestmark = pytest.mark.django_db


def _letter(tmp_path, name: str, drop: tuple[str, ...] = ()) -> str:
    text = compose("reply", DATA, "public").text()
    for words in drop:
        text = text.replace(words, "")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_checked_letters_score_indicator_4_3(tmp_path, registry):
    complete = _letter(tmp_path, "完整.txt")
    # Two defects in one letter (no 文号, no remedy by litigation) are one defective letter.
    defective = _letter(tmp_path, "缺要素.txt", ("新自然资依公〔2025〕3号", "六个月"))
    no_basis = _letter(tmp_path, "缺依据.txt", ("《中华人民共和国政府信息公开条例》",))
    for path, unit in ((complete, "自然资源局"), (defective, "自然资源局"), (no_basis, "卫健委")):
        call_command("letter", "check", path, "--unit", unit, "--record", "--date", "2025-10-20")
    call_command(
        "letter", "check", complete, "--unit", "人社局", "--record", "--date", "2025-10-20"
    )
    assert LetterCheck.objects.count() == 4
    assert [m["element"] for m in LetterCheck.objects.get(file_name="缺要素.txt").missing] == [
        "文号",
        "行政诉讼",
    ]
    load_bundled_schemes()
    run = run_assessment(scheme_name="xinxiang-county", year=2025, today=date(2026, 1, 10))
    letters = Finding.objects.filter(kind__startswith="foi.letter.")
    assert sorted(f.unit.name for f in letters) == ["卫健委", "自然资源局"]
    assert "缺少文号" in letters.get(unit__name="自然资源局").message
    lines = {
        r.unit_name: next(x for x in r.detail["lines"] if x["code"] == "4.3")
        for r in run.results.all()
    }
    for unit, earned in (("自然资源局", 4), ("卫健委", 4), ("人社局", 5)):
        assert lines[unit]["source"] == "auto", (unit, lines[unit]["reason"])
        assert float(lines[unit]["earned"]) == earned, unit
    assert lines["教体局"]["source"] != "auto"  # no letter of 教体局 was checked: by hand


def test_record_needs_a_known_unit(tmp_path, registry):
    path = _letter(tmp_path, "a.txt")
    for extra, message in (((), "--record 需要用 --unit"), (("--unit", "不存在局"), "未登记")):
        errors = io.StringIO()
        with pytest.raises(SystemExit) as stopped:
            call_command("letter", "check", path, *extra, "--record", stderr=errors)
        assert stopped.value.code == 2 and message in errors.getvalue()
    assert not LetterCheck.objects.exists()
