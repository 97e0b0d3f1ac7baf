from datetime import date

import pytest

from gongkai.calendar.core import library_calendar
from gongkai.findings.models import Finding
from gongkai.foi.mailbox import add_months, count_sentence, letter_state
from gongkai.foi.mailbox_import import import_mailbox
from gongkai.foi.models import MailboxLetter
from gongkai.foi.services import record_mailbox_findings
from gongkai.orgs.models import Unit

CAL = library_calendar()
D = date


YEAR_END = D(2025, 12, 31)


def state(received, forwarded=None, replied=None, today=YEAR_END, days=15):
    return letter_state(
        received=received,
        forwarded=forwarded,
        replied=replied,
        calendar=CAL,
        today=today,
        reply_days=days,
    )


def test_deadline_counts_working_days_from_forwarding():
    # Forwarded Friday 9/26: 9/28 (Sun, make-up) … 10/1–10/8 off … 15th working day is 10/23.
    assert state(D(2025, 9, 25), D(2025, 9, 26)).due == D(2025, 10, 23)
    assert state(D(2025, 9, 26)).due == D(2025, 10, 23)  # not forwarded: from receipt


def test_late_and_veto():
    assert state(D(2025, 9, 25), D(2025, 9, 26), D(2025, 10, 24)).overdue
    assert not state(D(2025, 9, 25), D(2025, 9, 26), D(2025, 10, 23)).overdue
    unanswered = state(D(2025, 6, 1), today=D(2025, 9, 2))
    assert unanswered.overdue and unanswered.veto  # more than three months
    assert not state(D(2025, 6, 1), today=D(2025, 9, 1)).veto


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2023, 11, 29), 3, D(2024, 2, 29)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_count_sentence_in_the_bulletins_phrasing():
    answered = [(D(2024, 4, 1 + i % 28), D(2024, 5, 1)) for i in range(39)]
    assert (
        count_sentence(answered, D(2024, 4, 1), D(2024, 6, 30))
        == "共收到“县长信箱”39条，全部办结并答复"
    )
    pending = answered + [(D(2024, 6, 28), None)]
    assert (
        count_sentence(pending, D(2024, 4, 1), D(2024, 6, 30))
        == "共收到“县长信箱”40条，已办结并答复39条，正在办理1条"
    )


@pytest.mark.django_db
def test_import_and_findings(registry, tmp_path):
    path = tmp_path / "信箱.csv"
    path.write_text(
        "编号,来信日期,来信人,标题,承办单位,转办日期,答复日期\n"
        "M-1,2025-09-25,李某,路灯不亮,城管局,2025-09-26,2025-10-24\n"
        "M-2,2025-06-01,王某,低保咨询,民政局,2025-06-03,\n"
        "M-3,2025-10-10,赵某,噪音扰民,某某局,2025-10-11,\n"
        "M-4,2025-13-01,钱某,其他,民政局,,\n",
        encoding="gbk",
    )
    result = import_mailbox(path=path)
    assert result.created == 2
    assert [(r, f) for r, f, _, _ in result.problems] == [(4, "承办单位"), (5, "来信日期")]
    assert record_mailbox_findings(calendar=CAL, today=D(2025, 12, 31)) == 2
    kinds = dict(Finding.objects.filter(source="foi:mailbox").values_list("kind", "message"))
    assert kinds["mailbox.veto.M-2"] == "县长信箱M-2超过3个月未答复（单项否决项）"
    assert kinds["mailbox.overdue.M-1"].startswith(
        "县长信箱M-1未在规定期限内答复：期限2025年10月23日"
    )
    assert import_mailbox(path=path).duplicates == 2
    assert MailboxLetter.objects.get(reference="M-2").unit == Unit.objects.get(name="民政局")
