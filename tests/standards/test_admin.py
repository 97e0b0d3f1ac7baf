import pytest

from gongkai.standards.models import UpdateStandard
from gongkai.versioned import definition_form

UpdateStandardForm = definition_form(UpdateStandard)

pytestmark = pytest.mark.django_db


def test_editing_the_yaml_updates_the_record_and_keeps_history(registry):
    record = UpdateStandard.objects.get(name="xinxiang-2023-annual")
    text = record.definition.replace("per_year: 96", "per_year: 100")
    form = UpdateStandardForm(data={"definition": text}, instance=record)
    assert form.is_valid(), form.errors
    form.save()
    record.refresh_from_db()
    assert "per_year: 100" in record.definition and record.year == 2023
    assert record.history.count() == 2


def test_invalid_yaml_is_refused_with_the_reason(registry):
    record = UpdateStandard.objects.get(name="xinxiang-2023-annual")
    form = UpdateStandardForm(data={"definition": "name: x\nyear: 2024\n"}, instance=record)
    assert not form.is_valid()
    assert "缺少 categories" in str(form.errors)
