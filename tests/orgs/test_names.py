import pytest

from gongkai.orgs.names import NameIndex, normalize_name

INDEX = NameIndex(
    {
        "卫健委": 1,
        "新乡县卫生健康委员会": 1,
        "卫生健康委员会": 1,
        "市场监管局": 2,
        "市场监督管理局": 2,
    },
    region_names=("新乡县",),
)


@pytest.mark.parametrize(
    ("raw", "unit_id"),
    [
        ("卫健委", 1),
        ("卫生健康委员会", 1),
        ("新乡县卫生健康委员会", 1),
        ("县卫生健康委员会", 1),
        ("新乡县卫健委", 1),
        (" 卫健委 ", 1),
        ("市场监督管理局", 2),
        ("县市场监管局", 2),
        ("卫建委", None),
        ("县", None),
    ],
)
def test_find(raw, unit_id):
    assert INDEX.find(raw) == unit_id


def test_full_width_and_spaces_are_normalized():
    assert normalize_name("卫 健 委") == "卫健委"
    assert normalize_name("ＡＢＣ１２") == "ABC12"


def test_suggestions_for_a_typo():
    assert INDEX.suggest("卫建委")[0] == "卫健委"
