"""Registry files: a changed valid registry parses or is refused in Chinese; a refused load writes nothing."""

import io

import pytest
import yaml
from django.core.management import call_command
from django.db import transaction
from hypothesis import given, settings

from gongkai.errors import UserError
from gongkai.orgs.models import Column, Region, Unit, UnitAlias, UnitGroup
from gongkai.orgs.registry import parse_registry
from tests.fuzz.mutations import FUZZ, mutated

BASE = {
    "region": "测试县",
    "office_name": "测试县人民政府办公室",
    "groups": [
        {
            "code": "township",
            "name": "乡镇",
            "default_columns": [{"name": "乡镇动态", "category": "news"}],
        }
    ],
    "units": [
        {"name": "甲镇", "kind": "乡镇/街道", "group": "乡镇", "aliases": ["甲"]},
        {
            "name": "乙镇",
            "kind": "乡镇/街道",
            "group": "乡镇",
            "columns": [{"name": "重点领域", "category": "key_area", "active_from": "2024-01-01"}],
            "column_overrides": {"乡镇动态": {"active_to": "2024-12-31"}},
        },
    ],
}


def _text(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


def test_the_base_is_valid():
    assert [u.name for u in parse_registry(_text(BASE), "县.yaml").units] == ["甲镇", "乙镇"]


@FUZZ
@given(mutated(BASE))
def test_changed_registry_parses_or_names_the_problem(data):
    try:
        parse_registry(_text(data), "县.yaml")
    except UserError as exc:
        assert str(exc).startswith("县.yaml")


def _counts():
    return tuple(m.objects.count() for m in (Region, UnitGroup, Unit, Column, UnitAlias))


@pytest.mark.django_db
@settings(FUZZ, max_examples=15)  # each case is a command run inside a transaction
@given(mutated(BASE))
def test_refused_registry_load_writes_nothing(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("reg") / "县.yaml"
    path.write_text(_text(data), encoding="utf-8")
    with transaction.atomic():
        before = _counts()
        err = io.StringIO()
        try:
            call_command("registry", "load", str(path), stdout=io.StringIO(), stderr=err)
        except SystemExit as exit_:
            assert exit_.code == 2, err.getvalue()
            assert err.getvalue().startswith("错误：") and "Traceback" not in err.getvalue()
            assert _counts() == before
        transaction.set_rollback(True)
