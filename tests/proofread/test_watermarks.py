from datetime import date

import pytest

from gongkai.proofread.checkers.engine import IMAGE_CHECKERS, Context, proofread
from gongkai.proofread.checkers.watermarks import check_watermarks

MARKED = [
    ("微信公众号：新乡发布", "微信公众号：新乡发布"),
    ("来源：头条号@新乡视界", "头条号@新乡视界"),
    ("抖音号: xx2024", "抖音号: xx2024"),
    ("小麦收割现场\n@豫北观察", "@豫北观察"),
]


@pytest.mark.parametrize(("text", "mark"), MARKED)
def test_platform_marks_are_found(text, mark):
    (hit,) = check_watermarks(text)
    assert (text[hit.start : hit.end], hit.category, hit.rule) == (mark, "image", "watermark")


@pytest.mark.parametrize("text", ["新乡县人民政府", "2024年6月28日 小麦收割现场", "图为县长调研"])
def test_picture_text_without_a_mark_is_fine(text):
    assert check_watermarks(text) == []


def test_image_text_gets_only_the_image_checks():
    """OCR text is checked for marks and personal data, not for the OCR's own typos or layout."""
    text = "微信公众号：新乡发布\n身份证号11010519491231002X\n县政府召开会议研究部属,工作"
    hits = proofread(text, Context(today=date(2024, 7, 1)), categories=IMAGE_CHECKERS)
    assert sorted(h.category for h in hits) == ["image", "personal"]
