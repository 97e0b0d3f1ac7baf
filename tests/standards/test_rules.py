from datetime import date
from pathlib import Path

import pytest

from gongkai.periods import Period
from gongkai.standards.rules import CategoryRule, StandardError, parse_standard

BUNDLED = Path(__file__).resolve().parents[2] / "src/gongkai/standards/bundled"


def news(**kw) -> CategoryRule:
    return CategoryRule(category="news", label="{prefix}动态", **kw)


@pytest.mark.parametrize(
    ("rule", "period", "expected"),
    [
        (news(per_year=96), Period.year(2023), 96),
        (news(per_year=96), Period.quarter(2023, 2), 24),
        (news(per_year=96), Period.month(2023, 2), 8),
        (news(per_month=8), Period.quarter(2024, 2), 24),
        (news(per_month=8), Period.year(2024), 96),
        (news(per_quarter=3), Period.year(2024), 12),
        # The coarsest rule wins: 2 a week would be 105 a year, the standard's year says 96.
        (news(per_year=96, per_week=2), Period.year(2023), 96),
        (news(per_week=2), Period.between(date(2024, 1, 1), date(2024, 1, 14)), 4),
        # Half of February 2024 (15 of 29 days) at 8 a month: 4.14 → 5 (a minimum is met in full).
        (news(per_month=8), Period.between(date(2024, 2, 15), date(2024, 2, 29)), 5),
        (news(), Period.year(2023), None),
    ],
)
def test_minimum_for_period(rule, period, expected):
    assert rule.minimum_for(period) == expected


def test_slow_threshold_is_prorated_for_partial_months():
    rule = news(slow_month_below=8)
    (whole,) = Period.month(2024, 3).months()
    (half,) = Period.between(date(2024, 3, 1), date(2024, 3, 16)).months()
    assert rule.slow_threshold(whole) == 8
    assert rule.slow_threshold(half) == 5  # 8 × 16/31 = 4.13 → 5


def test_bundled_standards_parse():
    for path in BUNDLED.glob("*.yaml"):
        standard = parse_standard(path.read_text(encoding="utf-8"), path.name)
        assert standard.categories
        assert standard.columns[0] == "seq"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nyear: 2024\ncolumns: [seq]\n", "缺少 categories"),
        ("name: x\nyear: 2024\ncolumns: [seq]\ncategories: {bogus: {}}\n", "categories.bogus"),
        ("name: x\nyear: 2024\ncolumns: [seq]\ncategories: {news: {per_year: -1}}\n", "per_year"),
        ("name: x\nyear: 2024\ncolumns: [rank]\ncategories: {news: {}}\n", "rank"),
        (
            "name: x\nyear: 2024\ncolumns: [seq]\ncategories: {news: {}}\nwording: {nope: 1}\n",
            "nope",
        ),
        ("name: [\n", "不是有效的 YAML"),
    ],
)
def test_bad_standard_files_name_the_problem(text, message):
    with pytest.raises(StandardError, match=message) as caught:
        parse_standard(text, "my.yaml")
    assert "my.yaml" in str(caught.value)
