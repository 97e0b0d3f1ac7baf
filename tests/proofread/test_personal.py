import pytest

from gongkai.proofread.checkers.personal import check_personal, id_checksum_ok, luhn_ok

# GB 11643-1999's own example number; changing its check digit makes it invalid.
VALID_ID = "11010519491231002X"
BAD_ID = "110105194912310021"


def test_id_checksum():
    assert id_checksum_ok(VALID_ID)
    assert not id_checksum_ok(BAD_ID)


def test_luhn():
    assert luhn_ok("4111111111111111")  # the well-known Visa test number
    assert not luhn_ok("4111111111111112")


CAUGHT = [
    (f"申请人身份证号：{VALID_ID}，", "id_number", "110105********002X"),
    ("联系电话：13812345678。", "mobile", "138****5678"),
    ("联系人手机 138-1234-5678", "mobile", "138****5678"),
    ("银行卡号：4111111111111111", "bank_card", "4111********1111"),
    ("家庭住址：新乡县七里营镇刘庄村3组12号，", "address", "新乡县七****************"),
]


@pytest.mark.parametrize(("text", "rule", "masked"), CAUGHT)
def test_caught_and_masked(text, rule, masked):
    (hit,) = check_personal(text)
    assert (hit.rule, hit.severity) == (rule, "high")
    assert hit.text == masked[: len(hit.text)] and "*" in hit.text
    raw = text[hit.start : hit.end].replace("-", "")
    assert raw[:3] == hit.text[:3] and raw not in hit.text


NOT_FLAGGED = [
    f"身份证号：{BAD_ID}",  # bad check digit: not an ID number
    "项目编号 4111111111111112",  # fails Luhn
    "全年共公开信息 13812 条",
    "办公电话 0373-5512345",
    "2023年预算资金 1000000000 元",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_not_flagged(text):
    assert check_personal(text) == []
