import pytest

from gongkai.policies.numbers import normalise_number, numbers_in_text, parse_number

CANONICAL = "新政办〔2023〕14号"


@pytest.mark.parametrize(
    "written",
    [
        "新政办〔2023〕14号",
        "新政办[2023]14号",
        "新政办【2023】14号",
        "新政办(2023)14号",
        "新政办（2023）14号",
        "新政办［2023］14号",
        "新政办〔2023〕第14号",
        "新政办 〔 2023 〕 14 号",
        "新政办〔２０２３〕１４号",
        "新政办（２０２３）第１４号",
        "新政办2023年14号",
        "新政办〔2023〕014号",
        "新政办〔2023〕14",
    ],
)
def test_miswritten_forms_normalise_to_one_number(written):
    assert normalise_number(written) == CANONICAL
    parsed = parse_number(written)
    assert (parsed.issuer, parsed.year, parsed.serial) == ("新政办", 2023, 14)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("新政文〔2024〕3号", "新政文〔2024〕3号"),
        ("新自然资〔2025〕12号", "新自然资〔2025〕12号"),
        ("豫政办〔2019〕61号", "豫政办〔2019〕61号"),
    ],
)
def test_other_issuers(written, expected):
    assert normalise_number(written) == expected


@pytest.mark.parametrize("text", ["", "关于印发某办法的通知", "新政办〔23〕14号", "〔2023〕14号"])
def test_not_a_number(text):
    assert parse_number(text) is None


def test_numbers_quoted_in_text():
    text = "近日，县政府办公室印发了《实施办法》（新政办［2023］第14号），现解读如下；另见新政文(2024)3号。"
    assert numbers_in_text(text) == ["新政办〔2023〕14号", "新政文〔2024〕3号"]
