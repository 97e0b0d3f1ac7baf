"""Annual-report section 二: a changed entry is accepted or refused before anything is saved."""

import pytest
from django.db import transaction
from hypothesis import given, settings

from gongkai.annualreport.builder import parse_section2
from gongkai.annualreport.models import ManualEntry
from gongkai.annualreport.services import save_section2
from gongkai.errors import UserError
from gongkai.orgs.models import Unit, UnitGroup
from tests.fuzz.mutations import FUZZ, mutated

BASE = {
    "rules": [0, 0, 1],
    "normative": [2, 1, 30],
    "licensing": [120],
    "penalty": [45],
    "enforcement": [3],
    "fees": [12.5],
}


@FUZZ
@given(mutated(BASE))
def test_changed_section2_parses_or_names_the_key(data):
    try:
        section2 = parse_section2(data, "二.json")
    except UserError as exc:
        assert str(exc).startswith("二.json")
        return
    assert set(section2) == set(BASE)


@pytest.fixture
def unit(db):
    group = UnitGroup.objects.create(code="d", name="部门")
    return Unit.objects.create(group=group, name="甲局", kind="县直部门")


@pytest.mark.django_db
@settings(FUZZ, max_examples=30)
@given(data=mutated(BASE))
def test_a_refused_entry_is_not_saved(unit, data):
    with transaction.atomic():
        try:
            save_section2(unit=unit, year=2025, section2=data)
        except UserError:
            assert not ManualEntry.objects.exists()
        else:
            assert ManualEntry.objects.get().section2 == data
        transaction.set_rollback(True)
