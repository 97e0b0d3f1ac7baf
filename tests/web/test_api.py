"""The read API per endpoint and persona: the same choke points as the pages, GET only."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gongkai.foi.services import register_application
from gongkai.orgs.models import Account, Role, Unit
from gongkai.periods import Period
from gongkai.standards.services import compute_statistics
from tests.conftest import run_gongkai

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(two_units):
    compute_statistics(period=Period.quarter(2024, 2), period_kind="quarter")  # Findings
    for reference, unit in (("2024-001", "卫健委"), ("2024-002", "人社局")):
        register_application(
            reference=reference,
            unit=Unit.objects.get(name=unit),
            received_on=date(2024, 5, 6),
            channel="当面",
            applicant_type="自然人",
            applicant_name="周小明",
            request_text="身份证410721199001011234的申请人要求公开征地信息",
        )
    users = get_user_model().objects
    people = {
        "office": (Role.OFFICE, None),
        "leader": (Role.LEADER, None),
        "wjw": (Role.UNIT, "卫健委"),
        "rsj": (Role.UNIT, "人社局"),
    }
    keys = {}
    for name, (role, unit) in people.items():
        user = users.create_user(name)
        Account.objects.create(
            user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None
        )
        keys[name] = Token.objects.create(user=user).key
    return keys


def client_for(key: str | None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def units_in(payload) -> set[str]:
    rows = payload["results"] if isinstance(payload, dict) and "results" in payload else payload
    return {row["unit"] for row in rows}


def test_anonymous_and_bad_tokens_are_refused(tokens):
    for url in ("/api/units/", "/api/findings/", "/api/applications/", "/api/runs/"):
        assert client_for(None).get(url).status_code in (401, 403)
        assert client_for("not-a-token").get(url).status_code == 401
    assert client_for(None).get("/api/statistics/?year=2024").status_code in (401, 403)


def test_units_office_sees_all_a_unit_token_its_own(tokens):
    everyone = client_for(tokens["office"]).get("/api/units/").json()
    assert everyone["count"] == Unit.objects.count()
    own = client_for(tokens["wjw"]).get("/api/units/").json()
    assert [u["name"] for u in own["results"]] == ["卫健委"]


def test_findings_are_scoped_and_filterable(tokens):
    office = client_for(tokens["office"]).get("/api/findings/?year=2024").json()
    assert {"卫健委", "人社局"} <= units_in(office)
    own = client_for(tokens["wjw"]).get("/api/findings/").json()
    assert units_in(own) == {"卫健委"}
    other_unit_id = Unit.objects.get(name="人社局").pk
    assert (
        client_for(tokens["wjw"]).get(f"/api/findings/?unit={other_unit_id}").json()["count"] == 0
    )
    assert client_for(tokens["wjw"]).get("/api/findings/?unit=x").status_code == 400


def test_applications_are_masked_and_scoped(tokens):
    office = client_for(tokens["office"]).get("/api/applications/").json()
    assert office["count"] == 2
    first = office["results"][0]
    assert first["applicant"] == "周某某" and "410721********1234" in first["request_text"]
    assert "周小明" not in str(office) and "199001011234" not in str(office)
    own = client_for(tokens["rsj"]).get("/api/applications/").json()
    assert [a["reference"] for a in own["results"]] == ["2024-002"]
    other = Unit.objects.get(name="卫健委")
    hidden = own["results"] and other.name not in units_in(own)
    assert hidden


def test_statistics_rows_match_the_stats_command_and_are_scoped(tokens):
    command = run_gongkai("stats", "--year", "2024", "--quarter", "2", "--format", "json")
    import json

    expected = json.loads(command.stdout)
    office = client_for(tokens["office"]).get("/api/statistics/?year=2024&quarter=2").json()
    assert office["rows"] == expected
    own = client_for(tokens["wjw"]).get("/api/statistics/?year=2024&quarter=2").json()
    assert [r["unit"] for r in own["rows"]] == ["卫健委"]
    assert own["rows"][0] == next(r for r in expected if r["unit"] == "卫健委")
    bad = client_for(tokens["office"]).get("/api/statistics/?year=2024&quarter=7")
    assert bad.status_code == 400 and "季度应为 1–4" in bad.content.decode()


def test_statistics_come_a_page_at_a_time(tokens):
    office = client_for(tokens["office"])
    everything = office.get("/api/statistics/?year=2024&quarter=2").json()
    first = office.get("/api/statistics/?year=2024&quarter=2&page_size=4").json()
    assert (first["count"], first["page"]) == (len(everything["rows"]), 1)
    assert first["pages"] == -(-first["count"] // 4) and first["previous"] is None
    rows, payload = [], first
    while True:
        rows.extend(payload["rows"])
        if payload["next"] is None:
            break
        payload = office.get(payload["next"]).json()
    assert rows == everything["rows"] and payload["page"] == first["pages"]
    for bad in ("page=0", "page_size=0", "page_size=1001", "page=x"):
        response = office.get(f"/api/statistics/?year=2024&{bad}")
        assert response.status_code == 400, bad


def test_writes_are_not_allowed(tokens):
    office = client_for(tokens["office"])
    assert office.post("/api/units/", {"name": "x"}).status_code == 405
    unit = Unit.objects.first()
    assert office.delete(f"/api/units/{unit.pk}/").status_code == 405


def test_schema_is_generated_from_the_code(tokens):
    schema = client_for(tokens["office"]).get("/api/schema/?format=json").json()
    assert {"/api/units/", "/api/findings/", "/api/statistics/", "/api/runs/{id}/"} <= set(
        schema["paths"]
    )


def test_api_token_command(tokens):
    done = run_gongkai("api-token", "office")
    assert done.returncode == 0 and done.stdout.strip() == tokens["office"]
    assert run_gongkai("api-token", "nobody").returncode == 2


def test_runs_show_a_unit_only_its_own_result(tokens):
    from gongkai.assessment.services import load_bundled_schemes, run_assessment

    load_bundled_schemes()
    run = run_assessment(
        scheme_name="xinxiang-county", year=2024, quarter=2, today=date(2024, 7, 1)
    )
    office = client_for(tokens["office"]).get(f"/api/runs/{run.pk}/").json()
    assert len(office["results"]) == run.results.count() > 2
    own = client_for(tokens["wjw"]).get(f"/api/runs/{run.pk}/").json()
    assert [r["unit"] for r in own["results"]] == ["卫健委"]
    listed = client_for(tokens["leader"]).get("/api/runs/").json()
    assert [r["id"] for r in listed["results"]] == [run.pk]
