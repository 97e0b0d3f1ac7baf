"""Every URL of the web app against six personas: the office, a unit's clerk, another unit's
clerk, a leader, an evaluator and an anonymous visitor; then: no GET changes anything."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from gongkai.assessment.models import Appeal
from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.calendar.core import library_calendar
from gongkai.findings.models import Finding
from gongkai.foi.models import ApplicationEvent, IssuedLetter
from gongkai.foi.services import append_event, register_application
from gongkai.orgs.models import Account, Role, Unit
from gongkai.publishing.models import ImportBatch, ImportStatus
from gongkai.web import urls as web_urls
from tests.annualreport.fixtures import SECTION2_ENTRY

pytestmark = pytest.mark.django_db

PERSONAS = ("office", "clerk", "other", "leader", "evaluator", "anonymous")
OWN_UNIT, OTHER_UNIT = "自然资源局", "卫健委"

# GET status per persona: (office, clerk, other clerk, leader, evaluator); anonymous → login.
ALL_200 = (200, 200, 200, 200, 200)
OWN_ONLY = (200, 200, 404, 200, 200)
OFFICE_ONLY = (200, 403, 403, 403, 403)
WHOLE_RUN = (200, 403, 403, 200, 200)
POST_ONLY = (405, 405, 405, 405, 405)

GET_EXPECTED = {
    "login": (200, 200, 200, 200, 200),
    "logout": POST_ONLY,
    "password_change": ALL_200,
    "password_change_done": ALL_200,
    "dashboard": ALL_200,
    "unit_detail": OWN_ONLY,
    "publication_list": ALL_200,  # each login its own units' items
    "import_list": OFFICE_ONLY,
    "import_upload": OFFICE_ONLY,
    "import_detail": OFFICE_ONLY,
    "import_confirm": POST_ONLY,
    "import_rejects": (404, 403, 403, 403, 403),  # the office: this batch has no rejects file
    "foi_list": ALL_200,
    "mailbox_list": ALL_200,
    "report_check": ALL_200,
    "annual_report_build": OWN_ONLY,  # a unit's report: the other clerk may not build it
    "foi_new": (200, 200, 200, 403, 403),
    "foi_detail": OWN_ONLY,
    "foi_event_void": POST_ONLY,
    "foi_letter": (200, 200, 404, 200, 200),  # an issued letter downloads
    "run_list": ALL_200,
    "manual_scores": ALL_200,
    "run_detail": ALL_200,
    "result_detail": OWN_ONLY,
    "run_compare": WHOLE_RUN,
    "bulletin": WHOLE_RUN,
    "ledger": ALL_200,
    "ledger_update": OWN_ONLY,  # one Finding's page; only the office sees the form
    "statistics_download": ALL_200,  # each persona's own units
    "bulletin_download": WHOLE_RUN,
    "ledger_download": WHOLE_RUN,
    "letters_download": POST_ONLY,
    "bulletin_pdf_job": POST_ONLY,
    "letter_download": POST_ONLY,
    "job_list": ALL_200,
    "job_detail": (200, 404, 404, 404, 404),  # the office's job: its owner's alone
    "job_download": (200, 404, 404, 404, 404),
    "api_statistics": ALL_200,
    "api_schema": ALL_200,
    "policy_list": ALL_200,
    "policy_detail": OWN_ONLY,
    "policy_confirm": POST_ONLY,
    "policy_elements": POST_ONLY,
    "proofread": ALL_200,
    "proofread_queue": ALL_200,
    "proofread_decide": POST_ONLY,
    "proofread_lexicon": ALL_200,
    "proofread_lexicon_edit": ALL_200,  # the county's lexicon: everyone reads it
    "newmedia_accounts": ALL_200,
    "newmedia_account": OWN_ONLY,
    "newmedia_new": OFFICE_ONLY,
    "newmedia_edit": OFFICE_ONLY,
    "site_list": ALL_200,
    "site_detail": OWN_ONLY,
    "site_snapshot": OWN_ONLY,
    "site_unit": OWN_ONLY,
    "appeal_list": OFFICE_ONLY,
    "appeal_answer": POST_ONLY,
    "template_edit": OFFICE_ONLY,
    "calendar_page": OFFICE_ONLY,
    "account_list": OFFICE_ONLY,
    "account_edit": OFFICE_ONLY,
    "account_unlock": POST_ONLY,
    "unit_admin_list": OFFICE_ONLY,
    "unit_admin_edit": OFFICE_ONLY,
    "column_add": POST_ONLY,
    "column_save": POST_ONLY,
    "audit_log": OFFICE_ONLY,
}

# POST: "ok" (the action ran or the form answered), else the refusal code.
OK = "ok"
POST_EXPECTED = {
    "foi_new": (OK, OK, OK, 403, 403),
    "foi_detail": (OK, OK, 404, 403, 403),
    "foi_event_void": (OK, OK, 404, 403, 403),
    "foi_letter": (OK, OK, 404, 403, 403),
    "result_detail": (OK, OK, 404, 403, 403),
    "run_list": (OK, 403, 403, 403, 403),
    "manual_scores": (OK, 403, 403, 403, 403),
    "ledger_update": (OK, 403, 404, 403, 403),
    "letters_download": (OK, 403, 403, 403, 403),
    "bulletin_pdf_job": (OK, 403, 403, OK, OK),  # those who see the whole run
    "letter_download": (OK, 403, 403, 403, 403),
    "proofread_lexicon": (OK, 403, 403, 403, 403),
    "proofread_lexicon_edit": (OK, 403, 403, 403, 403),
    "policy_confirm": (404, 403, 403, 403, 403),
    "policy_elements": (OK, 403, 403, 403, 403),
    "newmedia_edit": (OK, 403, 403, 403, 403),  # the office: no interpretation #1 to confirm
    "import_upload": (OK, 403, 403, 403, 403),
    "import_confirm": (OK, 403, 403, 403, 403),
    "appeal_answer": (OK, 403, 403, 403, 403),
    "template_edit": (OK, 403, 403, 403, 403),
    "calendar_page": (OK, 403, 403, 403, 403),
    "account_list": (OK, 403, 403, 403, 403),
    "account_edit": (OK, 403, 403, 403, 403),
    "account_unlock": (OK, 403, 403, 403, 403),
    "unit_admin_list": (OK, 403, 403, 403, 403),
    "unit_admin_edit": (OK, 403, 403, 403, 403),
    "column_add": (OK, 403, 403, 403, 403),
    "column_save": (OK, 403, 403, 403, 403),
}

PASSWORD = "Lanyu-Qiao-2025"


def _user(name: str, role: str | None, unit: str | None = None):
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    if role:
        Account.objects.create(
            user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None
        )
    return user


@pytest.fixture
def world(registry):
    people = {
        "office": _user("office", Role.OFFICE),
        "clerk": _user("clerk", Role.UNIT, OWN_UNIT),
        "other": _user("other", Role.UNIT, OTHER_UNIT),
        "leader": _user("leader", Role.LEADER),
        "evaluator": _user("evaluator", Role.EVALUATOR),
    }
    unit = Unit.objects.get(name=OWN_UNIT)
    application = register_application(
        reference="2025-001",
        unit=unit,
        received_on=date(2025, 9, 26),
        channel="当面",
        applicant_type="自然人",
        applicant_name="周小明",
        request_text="征地信息",
    )
    event = append_event(
        application=application,
        kind="replied",
        day=date(2025, 10, 20),
        outcome="public",
        calendar=library_calendar(),
    )
    IssuedLetter.objects.create(
        application=application, number="自然资源局依公〔2025〕1号", issued_on=date(2025, 10, 20)
    )
    load_bundled_schemes()
    run = run_assessment(scheme_name="xinxiang-county", year=2024, today=date(2025, 3, 1))
    result = run.results.get(unit=unit)
    code = result.detail["lines"][0]["code"]
    finding = Finding.objects.create(
        unit=unit,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        source="test",
        kind="standards.shortfall",
        message="更新不足",
    )
    appeal = Appeal.objects.create(result=result, code=code, text="已更新")
    batch = ImportBatch.objects.create(file_name="a.csv", status=ImportStatus.DONE)
    args = {
        "unit_detail": [unit.pk],
        "import_detail": [batch.pk],
        "import_confirm": [batch.pk],
        "import_rejects": [batch.pk],
        "foi_detail": [application.pk],
        "foi_event_void": [application.pk, event.pk],
        "foi_letter": [application.pk],
        "run_detail": [run.pk],
        "result_detail": [run.pk, result.pk],
        "run_compare": [run.pk],
        "bulletin": [run.pk],
        "ledger_update": [finding.pk],
        "appeal_answer": [appeal.pk],
        "template_edit": ["letters"],
        "account_edit": [people["clerk"].pk],
        "account_unlock": [people["clerk"].pk],
        "unit_admin_edit": [unit.pk],
        "column_add": [unit.pk],
        "column_save": [unit.pk, unit.columns.first().pk],
    }
    from gongkai.newmedia.models import NewMediaAccount
    from gongkai.policies.models import Interpretation, PolicyDocument

    account = NewMediaAccount.objects.create(
        name="新乡县自然资源", platform="微信公众号", unit=unit
    )
    site, page = _site_with_snapshot(unit)
    job = _finished_job(people["office"], run)
    from gongkai.proofread.models import LexiconEntry

    entry = LexiconEntry.objects.create(term="政务公开", category="规范表述", variants=["政务公示"])
    from gongkai.annualreport.services import save_section2

    save_section2(unit=unit, year=2025, section2=SECTION2_ENTRY)  # its 2025 report can be built
    document = PolicyDocument.objects.create(
        key="新自然资源〔2025〕1号", kind="行政规范性文件", title="示例文件", unit=unit
    )
    interpretation = Interpretation.objects.create(
        key="示例解读", document=document, unit=unit, title="示例解读", text="一、起草背景"
    )
    args.update(
        {
            "statistics_download": ["xlsx"],
            "bulletin_download": [run.pk, "docx"],
            "ledger_download": [run.pk],
            "letters_download": [run.pk],
            "bulletin_pdf_job": [run.pk],
            "letter_download": [run.pk, result.pk],
            "job_detail": [job.pk],
            "job_download": [job.pk],
            "policy_detail": [document.pk],
            "policy_confirm": [1],
            "policy_elements": [interpretation.pk],
            "proofread_decide": [1],
            "proofread_lexicon_edit": [entry.pk],
            "newmedia_account": [account.pk],
            "newmedia_edit": [account.pk],
            "site_detail": [site.pk],
            "site_snapshot": [site.pk, page.pk],
            "site_unit": [unit.pk],
        }
    )
    query = {
        "run_compare": {"with": run.pk},
        "statistics_download": {"year": 2024, "kind": "year"},
        "api_statistics": {"year": 2024},
        "bulletin_download": {"date": "2025-03-01", "provisional": "1"},
        "annual_report_build": {"unit": unit.pk, "year": 2025, "fmt": "html"},
    }
    return {
        "people": people,
        "args": args,
        "query": query,
        "unit": unit,
        "event": event,
        "code": code,
    }


def _finished_job(owner, run):
    """A bulletin PDF the office had built, its file in place."""
    from gongkai.web.jobs import jobs_dir
    from gongkai.web.models import DocumentJob, JobStatus

    job = DocumentJob.objects.create(
        owner=owner, kind="bulletin_pdf", run_id=run.pk, title="通报", status=JobStatus.DONE
    )
    path = jobs_dir() / str(job.pk) / "通报.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 test")
    DocumentJob.objects.filter(pk=job.pk).update(file_name=path.name, stored_path=str(path))
    return job


def _site_with_snapshot(unit):
    """A site of the clerk's unit with one column and one article page kept as a snapshot."""
    import zlib

    from gongkai.sitecheck.models import Page, PageKind, Site, SiteColumn, Snapshot

    site = Site.objects.create(
        root_url="http://zrzy.example.gov.cn/", name="自然资源局网站", unit=unit
    )
    column = SiteColumn.objects.create(
        site=site, url=site.root_url + "tzgg/", name="通知公告", unit=unit
    )
    html = "<html><body>通知</body></html>".encode()
    snapshot = Snapshot.objects.create(
        content_hash="a" * 64, data=zlib.compress(html), size=len(html)
    )
    page = Page.objects.create(
        site=site,
        url=site.root_url + "tzgg/t20250101_1.html",
        kind=PageKind.ARTICLE,
        column=column,
        snapshot=snapshot,
        outcome="200",
    )
    return site, page


def _names() -> set[str]:
    return {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern)}


def test_the_matrix_covers_every_url():
    assert _names() == set(GET_EXPECTED)


def _client(client, world, persona):
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    return client


@pytest.mark.slow
@pytest.mark.one_database  # who may do what is decided in Python, not by the database
def test_get_matrix(client, world):
    seen, expected = {}, {}
    for persona in PERSONAS:
        client.logout()
        client = _client(client, world, persona)
        for name, codes in GET_EXPECTED.items():
            url = reverse(name, args=world["args"].get(name, []))
            response = client.get(url, world["query"].get(name, {}))
            seen[persona, name] = response.status_code
            if persona == "anonymous":
                expected[persona, name] = {
                    "login": 200,
                    "logout": 405,
                    "api_statistics": 401,  # the API answers 401 (token), not a redirect
                    "api_schema": 401,
                }.get(name, 302)
            else:
                expected[persona, name] = codes[PERSONAS.index(persona)]
    assert seen == expected


def _post_data(name: str, world) -> dict:
    unit = world["unit"]
    return {
        "foi_new": {
            "reference": "2025-002",
            "unit": unit.pk,
            "received_on": "2025-10-09",
            "channel": "当面",
            "applicant_type": "自然人",
            "applicant_name": "王某",
            "contact": "139",
            "request_text": "某文件",
        },
        "foi_detail": {"kind": "delivered", "day": "2025-10-21"},
        "foi_event_void": {"reason": "录错了"},
        "result_detail": {"code": world["code"], "text": "请复核"},
        "run_list": {"year": "abc"},
        "manual_scores": {"year": 2024, "unit": unit.pk, "code": "none", "value": "1"},
        "ledger_update": {"status": "rectified", "rectified_on": "2025-01-05"},
        "appeal_answer": {"status": "accepted", "answer": "已核实"},
        "template_edit": {"definition": "not: [valid"},
        "calendar_page": {"day": "2027-01-01", "kind": "holiday", "note": "元旦"},
        "account_list": {"username": "", "role": "unit"},
        "account_edit": {"role": "unit", "unit": unit.pk, "active": "on"},
        "unit_admin_list": {"name": ""},
        "unit_admin_edit": {"name": ""},
        "column_add": {"new-name": ""},
        "column_save": {"c0-name": ""},
        "letters_download": {"date": "2025-03-01"},
        "bulletin_pdf_job": {"date": "2025-03-01", "provisional": "1"},
        "letter_download": {"date": "2025-03-01"},
        "proofread_lexicon": {"term": "信息公开", "category": "规范表述", "variants": "信息公示"},
        "proofread_lexicon_edit": {
            "term": "政务公开",
            "category": "规范表述",
            "variants": "政务工开",
        },
        "newmedia_edit": {"name": "新乡县自然资源", "platform": "微信公众号", "registered": "on"},
    }.get(name, {})


@pytest.mark.slow
@pytest.mark.one_database  # who may do what is decided in Python, not by the database
def test_post_matrix(client, world):
    """Read-only roles and the other unit first: their POSTs must change nothing at all."""
    seen, expected = {}, {}
    before = _row_counts()
    for persona in ("leader", "evaluator", "other", "clerk", "office"):
        if persona == "clerk":
            assert _row_counts() == before
            assert not ApplicationEvent.objects.filter(voided_at__isnull=False).exists()
            assert not Appeal.objects.exclude(status=Appeal.Status.OPEN).exists()
        client.logout()
        client = _client(client, world, persona)
        for name, codes in POST_EXPECTED.items():
            url = reverse(name, args=world["args"].get(name, []))
            status = client.post(url, _post_data(name, world)).status_code
            seen[persona, name] = OK if status in (200, 302) else status
            expected[persona, name] = codes[PERSONAS.index(persona)]
        client.post(reverse("logout"))
    assert seen == expected
    event = ApplicationEvent.objects.get(pk=world["event"].pk)
    assert (
        event.voided_by.get_username() == "clerk"
    )  # the clerk voided it; the office found it done


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        # Logins and logouts; and the web app's own rows, a reader's requests for a document
        # (a bulletin as PDF), which change none of the data the reader reads.
        if m._meta.app_label not in {"sessions", "admin", "axes", "web"}
    }


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.mark.slow
@pytest.mark.one_database  # who may do what is decided in Python, not by the database
def test_no_get_changes_state(client, world):
    """Every mapping changes the database only on POST (sessions aside: a login is one)."""
    client = _client(client, world, "office")
    for name in sorted(GET_EXPECTED):
        url = reverse(name, args=world["args"].get(name, []))
        with CaptureQueriesContext(connection) as queries:
            client.get(url, world["query"].get(name, {}))
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]
        ]
        assert writes == [], f"GET {url} wrote: {writes[:2]}"


def _text_columns():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "axes", "contenttypes", "auth"}:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield model, field.name


@pytest.mark.slow
@pytest.mark.parametrize("poison", ["nul", "long"])
def test_every_form_refuses_nul_bytes_and_over_long_text_without_a_server_error(
    client, world, poison
):
    """Every text the office can POST, with a NUL byte in it or 20,000 characters long: never a
    500, and nothing with a NUL byte is stored (PostgreSQL could not store it at all)."""
    client = _client(client, world, "office")
    for name in POST_EXPECTED:
        url = reverse(name, args=world["args"].get(name, []))
        data = _post_data(name, world)
        for key, value in data.items():
            if not isinstance(value, str):
                continue
            bad = value + "\x00x" if poison == "nul" else "长" * 20000
            status = client.post(url, data | {key: bad}).status_code
            assert status < 500, (name, key, status)
    # (Read back and looked at in Python: SQLite's LIKE ends a pattern at a NUL byte.)
    for model, column in _text_columns():
        values = model.objects.values_list(column, flat=True)
        assert not [v for v in values if v and "\x00" in v], (model._meta.label, column)
