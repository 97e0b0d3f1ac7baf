"""Letter and bulletin templates: changed bundled templates load or are refused in Chinese."""

import yaml
from hypothesis import given, settings

from gongkai.errors import UserError
from gongkai.foi.letters import TEMPLATES as LETTERS
from gongkai.foi.letters import parse_templates
from gongkai.reports.bulletins import TEMPLATES as BULLETINS
from gongkai.reports.bulletins import load_templates
from tests.fuzz.mutations import FUZZ, mutated

LETTER_BASE = yaml.safe_load(LETTERS.read_text(encoding="utf-8"))
BULLETIN_BASE = yaml.safe_load(BULLETINS.read_text(encoding="utf-8"))


@settings(FUZZ, max_examples=50)  # whole template files, dumped and parsed each time
@given(mutated(LETTER_BASE))
def test_changed_letter_templates(data):
    try:
        parse_templates(yaml.safe_dump(data, allow_unicode=True), "答复文书模板")
    except UserError as exc:
        assert str(exc).startswith("答复文书模板")


@settings(FUZZ, max_examples=40)
@given(mutated(BULLETIN_BASE))
def test_changed_bulletin_templates(data):
    try:
        load_templates(yaml.safe_dump(data, allow_unicode=True))
    except UserError as exc:
        assert str(exc).startswith("通报模板")
