"""The four kinds of versioned definition behave alike: checked before stored, one version per
identity, history of every edit, the bundled text as the starting point."""

from pathlib import Path

import pytest

from gongkai.assessment.models import Scheme
from gongkai.errors import UserError
from gongkai.foi.models import LetterTemplates
from gongkai.reports.models import BulletinTemplates
from gongkai.standards.models import UpdateStandard
from gongkai.versioned import definition_form

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"
BUNDLED = {
    UpdateStandard: SRC / "standards" / "bundled" / "xinxiang-2023-annual.yaml",
    Scheme: next((SRC / "assessment" / "bundled").glob("*.yaml")),
    LetterTemplates: SRC / "foi" / "bundled" / "letters.yaml",
    BulletinTemplates: SRC / "reports" / "bundled" / "bulletins.yaml",
}
KINDS = list(BUNDLED)


@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
def test_a_text_its_parser_refuses_is_not_stored(model):
    with pytest.raises(UserError) as caught:
        model.store("title: [unclosed\n", source="坏文件.yaml")
    assert "坏文件.yaml" in str(caught.value)
    assert not model.objects.exists()


@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
def test_storing_again_replaces_the_version_and_keeps_history(model):
    text = BUNDLED[model].read_text(encoding="utf-8")
    first = model.store(text)
    edited = text + "\n# 办公室修改\n"
    second = model.store(edited)
    assert second.pk == first.pk and model.objects.count() == 1
    assert model.current_text() == edited
    assert second.history.count() == 2


@pytest.mark.parametrize("model", KINDS, ids=lambda m: m.__name__)
def test_the_edit_form_checks_the_text_and_fills_the_columns(model):
    form_class = definition_form(model)
    good = form_class(data={"definition": BUNDLED[model].read_text(encoding="utf-8")})
    assert good.is_valid(), good.errors
    record = good.save()
    assert record.pk and record.definition.strip()
    bad = form_class(data={"definition": "- 只是一个列表\n"})
    assert not bad.is_valid() and bad.errors["definition"]


def test_identity_decides_the_version():
    """A standard is one per name, a scheme one per name and year; a new year is a new version."""
    text = BUNDLED[Scheme].read_text(encoding="utf-8")
    first = Scheme.store(text)
    year = first.year
    Scheme.store(text.replace(f"year: {year}", f"year: {year + 1}", 1))
    assert sorted(Scheme.objects.values_list("year", flat=True)) == [year, year + 1]
    assert first.name and first.title  # read from the YAML, not typed in twice
    standard = UpdateStandard.store(BUNDLED[UpdateStandard].read_text(encoding="utf-8"))
    assert (standard.name, standard.year) == ("xinxiang-2023-annual", 2023)


def test_templates_start_from_the_bundled_text():
    assert LetterTemplates.current_text() == BUNDLED[LetterTemplates].read_text(encoding="utf-8")
    form = definition_form(BulletinTemplates)()
    assert form.initial["definition"] == BUNDLED[BulletinTemplates].read_text(encoding="utf-8")
    assert UpdateStandard.current_text() == ""  # no default standard to start from
