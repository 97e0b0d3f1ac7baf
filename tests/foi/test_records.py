"""Application records: append-only events, the clock from them, overdue Findings, annual tables."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from gongkai.calendar.core import library_calendar
from gongkai.findings.models import Finding
from gongkai.foi.clock import ClockError
from gongkai.foi.importer import import_applications
from gongkai.foi.models import ApplicationEvent, ReviewCase
from gongkai.foi.selectors import annual_tables, get_application_for_user
from gongkai.foi.services import (
    append_event,
    clock_for,
    record_overdue_findings,
    register_application,
    void_event,
)
from gongkai.orgs.models import Account, Role, Unit

pytestmark = pytest.mark.django_db
CAL = library_calendar()


def application(reference="2025-001", unit="自然资源局", received=date(2025, 9, 26), **extra):
    fields = {
        "reference": reference,
        "unit": Unit.objects.get(name=unit),
        "received_on": received,
        "channel": "当面",
        "applicant_type": "自然人",
        "applicant_name": "周小明",
        "request_text": "长修高速征地相关信息",
    } | extra
    return register_application(**fields)


def test_events_are_appended_and_voided_never_edited(registry):
    app = application()
    event = append_event(
        application=app,
        kind="extension",
        day=date(2025, 10, 20),
        days=20,
        note="主任",
        calendar=CAL,
    )
    assert clock_for(app, CAL, date(2025, 10, 27)).due == date(2025, 11, 27)
    event.note = "改过"
    with pytest.raises(ValueError, match="只能追加或作废"):
        event.save()
    void_event(event=ApplicationEvent.objects.get(pk=event.pk), reason="录入错误")
    assert clock_for(app, CAL, date(2025, 10, 27)).due == date(2025, 10, 30)
    assert ApplicationEvent.objects.get(pk=event.pk).note == "主任"  # the history is kept
    with pytest.raises(ClockError, match="须说明原因"):
        void_event(event=ApplicationEvent.objects.get(pk=event.pk), reason=" ")


def test_an_event_that_breaks_the_history_is_refused(registry):
    app = application()
    with pytest.raises(ClockError, match="没有补正告知"):
        append_event(
            application=app, kind="correction_received", day=date(2025, 10, 9), calendar=CAL
        )
    with pytest.raises(ClockError, match="须注明办理结果"):
        append_event(application=app, kind="replied", day=date(2025, 10, 9), calendar=CAL)
    assert not ApplicationEvent.objects.exists()


def test_receipt_rules_are_checked_at_registration(registry):
    with pytest.raises(ClockError, match="确认收到的日期"):
        application(channel="网络")


def test_overdue_applications_become_findings_and_go_away_when_voided(registry):
    late = application("2025-001")
    event = append_event(
        application=late, kind="replied", day=date(2025, 11, 3), outcome="public", calendar=CAL
    )
    on_time = application("2025-002", unit="卫健委")
    append_event(
        application=on_time, kind="replied", day=date(2025, 10, 30), outcome="partial", calendar=CAL
    )
    application("2025-003", unit="卫健委", received=date(2025, 12, 1))  # open, due 2025-12-29
    assert record_overdue_findings(calendar=CAL, today=date(2026, 1, 5)) == 2
    findings = {f.kind: f for f in Finding.objects.filter(source="foi:overdue")}
    assert set(findings) == {"foi.overdue.2025-001", "foi.overdue.2025-003"}
    assert (
        findings["foi.overdue.2025-001"].message
        == "依申请公开2025-001逾期答复：期限2025年10月30日，2025年11月3日答复"
    )
    assert findings["foi.overdue.2025-001"].unit.name == "自然资源局"
    void_event(event=event, reason="答复日期录错")
    append_event(
        application=late, kind="replied", day=date(2025, 10, 29), outcome="public", calendar=CAL
    )
    record_overdue_findings(calendar=CAL, today=date(2026, 1, 5))
    assert set(Finding.objects.filter(source="foi:overdue").values_list("kind", flat=True)) == {
        "foi.overdue.2025-003"
    }


def test_annual_tables_from_records(registry):
    first = application("2025-001")
    append_event(
        application=first,
        kind="replied",
        day=date(2025, 10, 20),
        outcome="none_not_held",
        calendar=CAL,
    )
    second = application("2025-002", received=date(2025, 12, 20), applicant_type="商业企业")
    application("2024-009", received=date(2024, 12, 25))  # carried over, still open
    withdrawn = application("2025-003", received=date(2025, 3, 3))
    append_event(application=withdrawn, kind="withdrawn", day=date(2025, 3, 10), calendar=CAL)
    ReviewCase.objects.create(
        application=first,
        kind="review",
        filed_on=date(2025, 11, 1),
        result="maintained",
        decided_on=date(2025, 12, 20),
    )
    table3, table4 = annual_tables(unit_id=first.unit_id, year=2025)
    assert table3["new"] == [2, 1, 0, 0, 0, 0, 3]
    assert table3["carried_in"] == [1, 0, 0, 0, 0, 0, 1]
    assert table3["none_not_held"][6] == 1 and table3["other_other"][6] == 1
    assert table3["carried_out"] == [1, 1, 0, 0, 0, 0, 2]
    assert table4[:5] == [1, 0, 0, 0, 1]
    assert second.reference == "2025-002"


def test_choke_point_three_personas(registry):
    app = application()
    users = get_user_model().objects
    office, own, other = users.create_user("o"), users.create_user("a"), users.create_user("b")
    Account.objects.create(user=office, role=Role.OFFICE)
    Account.objects.create(user=own, role=Role.UNIT, unit=Unit.objects.get(name="自然资源局"))
    Account.objects.create(user=other, role=Role.UNIT, unit=Unit.objects.get(name="卫健委"))
    assert get_application_for_user(office, app.pk) == app
    assert get_application_for_user(own, app.pk) == app
    with pytest.raises(Http404):
        get_application_for_user(other, app.pk)


LEDGER = (
    "受理编号,承办单位,提交日期,收件渠道,确认日期,申请人类型,申请人,申请内容,答复日期,办理结果\n"
    "Y-1,自然资源局,2025-09-26,当面,,自然人,周小明,征地信息,2025-10-20,予以公开\n"
    "Y-2,县卫生健康委员会,2025/10/8,网络,2025-10-09,法律服务机构,某律所,疫苗采购,2025-10-30,本机关不掌握相关政府信息\n"
    "Y-3,不存在局,2025-10-08,当面,,自然人,王某,内容,,\n"
    "Y-4,卫健委,2025-10-08,网络,,自然人,王某,内容,,\n"
    "Y-5,卫健委,2025-10-08,当面,,个人,王某,内容,2025-10-10,已答复\n"
)


def test_import_ledger(registry, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text(LEDGER, encoding="gbk")
    result = import_applications(path=path, calendar=CAL)
    assert (result.created, result.written) == (2, True)
    problems = {(p.row, p.field): p.reason for p in result.problems}
    assert problems[(4, "承办单位")].startswith("单位未登记")
    assert "确认收到的日期" in problems[(5, "收件渠道/日期")]
    assert problems[(6, "申请人类型")].startswith("应为 自然人")
    assert problems[(6, "办理结果")].startswith("已答复的申请须填写")
    again = import_applications(path=path, calendar=CAL)
    assert (again.created, again.duplicates) == (0, 2)


def test_strict_import_writes_nothing(registry, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text(LEDGER, encoding="utf-8")
    result = import_applications(path=path, calendar=CAL, strict=True)
    assert not result.written and result.created == 0
    from gongkai.foi.models import Application

    assert not Application.objects.exists()


def test_letter_numbers_are_issued_once_per_unit_and_year(registry):
    from gongkai.foi.models import LetterNumber
    from gongkai.foi.services import next_letter_number

    unit = Unit.objects.get(name="自然资源局")
    assert next_letter_number(unit=unit, year=2025) == "自然资源局依公〔2025〕1号"
    LetterNumber.objects.filter(unit=unit, year=2025).update(prefix="新自然资依公")
    assert next_letter_number(unit=unit, year=2025) == "新自然资依公〔2025〕2号"
    assert next_letter_number(unit=unit, year=2026) == "自然资源局依公〔2026〕1号"
    assert (
        next_letter_number(unit=Unit.objects.get(name="卫健委"), year=2025)
        == "卫健委依公〔2025〕1号"
    )
