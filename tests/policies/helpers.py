from datetime import date

from gongkai.calendar.core import library_calendar
from gongkai.policies.checks import Document, Interpretation
from gongkai.policies.rules import bundled_rule_set

RULES = bundled_rule_set(2025)
CALENDAR = library_calendar()


def doc(**kw) -> Document:
    values = dict(
        id=1,
        kind="行政规范性文件",
        title="新乡县农村人居环境整治奖补办法",
        number="新政办〔2025〕14号",
        unit_id=1,
        drafting_unit_id=10,
        published_on=date(2025, 3, 3),
    )
    values.update(kw)
    return Document(**values)


def interp(**kw) -> Interpretation:
    values = dict(
        id=100,
        document_id=1,
        unit_id=10,
        title="《新乡县农村人居环境整治奖补办法》政策解读",
        published_on=date(2025, 3, 3),
    )
    values.update(kw)
    return Interpretation(**values)
