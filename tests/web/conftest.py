import pytest

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
