"""Assessment schemes: a changed bundled scheme parses (and scores) or is refused in Chinese."""

import yaml
from hypothesis import given, settings

from gongkai.assessment.scheme import parse_scheme
from gongkai.assessment.scoring import UnitInput, score_all
from gongkai.assessment.services import BUNDLED_DIR
from gongkai.errors import UserError
from tests.fuzz.mutations import FUZZ, mutated

BASE = yaml.safe_load((BUNDLED_DIR / "xinxiang-county-2023.yaml").read_text(encoding="utf-8"))


@settings(FUZZ, max_examples=40)  # the whole bundled scheme, dumped and parsed each time
@given(mutated(BASE))
def test_changed_scheme_parses_or_names_the_problem(data):
    try:
        scheme = parse_scheme(yaml.safe_dump(data, allow_unicode=True), "方案.yaml")
    except UserError as exc:
        assert str(exc).startswith("方案.yaml")
        return
    # A scheme that parses can score a unit with no data without an error.
    [score] = score_all(scheme, [UnitInput(1, "甲镇", "乡镇")], {})
    assert score.total >= 0
