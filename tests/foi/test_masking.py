import pytest

from gongkai.foi.masking import mask_id_number, mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [("周小明", "周某某"), ("欧阳", "欧某某"), ("某某律师事务所", "某某律师事务所"), ("", "")],
)
def test_names(name, masked):
    assert mask_name(name) == masked


def test_id_numbers_keep_their_ends():
    assert mask_id_number("身份证410721199001011234，电话") == "身份证410721********1234，电话"
    assert mask_id_number("41072119900101123X") == "410721********123X"
