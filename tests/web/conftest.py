from datetime import date

import pytest
from django.contrib.auth import get_user_model

from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.orgs.models import Account, Role, Unit
from gongkai.publishing.services import import_publications

TWO_UNITS_Q2_2024 = (
    "单位,栏目,标题,发布日期,链接\n"
    "卫健委,部门动态,卫健委开展义诊活动,2024-04-01,\n"
    "人社局,部门动态,人社局召开就业工作会,2024-05-03,\n"
)


@pytest.fixture
def two_units(registry, tmp_path):
    """The sample registry with one 2024 Q2 item each for 卫健委 and 人社局."""
    path = tmp_path / "two-units.csv"
    path.write_text(TWO_UNITS_Q2_2024, encoding="utf-8")
    import_publications(path=path, rejects_path=tmp_path / "two-units.rejects.csv")


@pytest.fixture
def quarter_run(two_units):
    """The 2024 Q2 assessment run of two_units, and an office, a leader and 卫健委's clerk."""
    load_bundled_schemes()
    run = run_assessment(
        scheme_name="xinxiang-county", year=2024, quarter=2, today=date(2024, 7, 1)
    )
    users = {}
    for name, role, unit in (
        ("office", Role.OFFICE, None),
        ("leader", Role.LEADER, None),
        ("wjw", Role.UNIT, "卫健委"),
    ):
        user = get_user_model().objects.create_user(name)
        Account.objects.create(
            user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None
        )
        users[name] = user
    return run, users
