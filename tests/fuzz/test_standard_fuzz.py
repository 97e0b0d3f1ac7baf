"""Update standards: a changed bundled standard parses or is refused in Chinese naming the file."""

import yaml
from hypothesis import given

from gongkai.errors import UserError
from gongkai.standards.rules import parse_standard
from gongkai.standards.services import BUNDLED_DIR
from tests.fuzz.mutations import FUZZ, mutated

BASE = yaml.safe_load((BUNDLED_DIR / "xinxiang-2024-quarterly.yaml").read_text(encoding="utf-8"))


@FUZZ
@given(mutated(BASE))
def test_changed_standard_parses_or_names_the_problem(data):
    try:
        parse_standard(yaml.safe_dump(data, allow_unicode=True), "标准.yaml")
    except UserError as exc:
        assert str(exc).startswith("标准.yaml")
