"""Section 三/四 from records: every outcome round-trips into a table the report checker accepts."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import ParsedReport
from gongkai.foi.annual import (
    APPLICANT_TYPES,
    OUTCOMES,
    TABLE_ROWS,
    AnnualTableError,
    ApplicationRecord,
    ReviewRecord,
    section3,
    section4,
)
from gongkai.national_format import APPLICANT_COLUMNS, RESULT_LEAVES, SECTION_3_ROWS


def test_taxonomy_is_the_annual_report_format():
    assert list(TABLE_ROWS) == [row.key for row in SECTION_3_ROWS]
    assert list(OUTCOMES) == list(RESULT_LEAVES) and len(OUTCOMES) == 21
    assert list(APPLICANT_TYPES) == list(APPLICANT_COLUMNS[:6])
    # The names forms, letters and imports use, as 国办公开办函〔2021〕30号 words them.
    assert OUTCOMES["public"] == "予以公开" and OUTCOMES["partial"] == "部分公开"
    assert OUTCOMES["deny_secret"] == "不予公开：属于国家秘密"
    assert OUTCOMES["deny_safety"] == "不予公开：危及“三安全一稳定”"
    assert OUTCOMES["none_unclear"] == "无法提供：补正后申请内容仍不明确"
    assert OUTCOMES["reject_confirm"] == "不予处理：要求行政机关确认或重新出具已获取信息"
    assert OUTCOMES["other_no_fee"] == "其他处理：申请人逾期未按收费通知要求缴纳费用"
    assert OUTCOMES["other_other"] == "其他处理：其他"


def as_report(table3, table4) -> ParsedReport:
    report = ParsedReport(source="records")
    report.section3 = {k: [Decimal(v) for v in vals] for k, vals in table3.items()}
    report.section4 = [Decimal(v) for v in table4]
    return report


def test_every_outcome_and_applicant_type_round_trips():
    records = []
    for index, outcome in enumerate(OUTCOMES):
        kind = APPLICANT_TYPES[index % 6]
        records.append(
            ApplicationRecord(f"A{index}", kind, date(2025, 3, 1), date(2025, 3, 20), outcome)
        )
    records.append(
        ApplicationRecord("old", "自然人", date(2024, 12, 20), date(2025, 1, 10), "public")
    )
    records.append(ApplicationRecord("open", "商业企业", date(2025, 12, 25)))
    records.append(
        ApplicationRecord("last-year", "自然人", date(2024, 5, 1), date(2024, 5, 20), "public")
    )
    table = section3(records, 2025)
    for index, outcome in enumerate(OUTCOMES):
        assert table[outcome][index % 6] >= 1
    assert table["new"][6] == 22 and table["carried_in"] == [1, 0, 0, 0, 0, 0, 1]
    assert table["carried_out"] == [0, 1, 0, 0, 0, 0, 1]
    assert table["total"][6] == 22
    assert check(as_report(table, [0] * 15)) == []


def test_section4_counts_decisions_and_pending_cases():
    cases = [
        ReviewRecord("review", date(2025, 2, 1), "maintained", date(2025, 4, 1)),
        ReviewRecord("review", date(2025, 11, 1)),  # pending at year end
        ReviewRecord("litigation_direct", date(2024, 10, 1), "corrected", date(2025, 3, 1)),
        ReviewRecord(
            "litigation_after_review", date(2025, 6, 1), "other", date(2026, 1, 5)
        ),  # pending on 12/31
        ReviewRecord("review", date(2024, 1, 1), "maintained", date(2024, 3, 1)),  # last year's
    ]
    assert section4(cases, 2025) == [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (ApplicationRecord("X1", "个人", date(2025, 1, 1)), "申请人类型「个人」"),
        (
            ApplicationRecord("X2", "自然人", date(2025, 1, 1), date(2025, 1, 9), None),
            "须有年报规定的办理结果",
        ),
        (
            ApplicationRecord("X3", "自然人", date(2025, 1, 1), date(2025, 1, 9), "已答复"),
            "「已答复」",
        ),
    ],
)
def test_bad_records_name_the_application(record, message):
    with pytest.raises(AnnualTableError, match=message):
        section3([record], 2025)


records = st.builds(
    ApplicationRecord,
    reference=st.just("R"),
    applicant_type=st.sampled_from(APPLICANT_TYPES),
    received=st.dates(date(2023, 1, 1), date(2026, 12, 31)),
    closed_on=st.none(),
    outcome=st.none(),
)


@given(
    st.lists(
        st.tuples(records, st.integers(0, 400), st.sampled_from(list(OUTCOMES)), st.booleans())
    ),
    st.integers(2024, 2025),
)
def test_identities_hold_for_any_history(items, year):
    history = []
    for record, days, outcome, closed in items:
        if closed:
            closed_on = date.fromordinal(record.received.toordinal() + days)
            record = ApplicationRecord(
                "R", record.applicant_type, record.received, closed_on, outcome
            )
        history.append(record)
    table = section3(history, year)
    assert [f.rule for f in check(as_report(table, [0] * 15))] == []


def test_review_case_choices_are_the_annual_report_blocks():
    from gongkai.foi.annual import REVIEW_KINDS, REVIEW_RESULTS
    from gongkai.foi.models import ReviewCase

    assert [k for k, _ in ReviewCase._meta.get_field("kind").choices] == list(REVIEW_KINDS)
    assert [k for k, _ in ReviewCase._meta.get_field("result").choices] == list(REVIEW_RESULTS)
