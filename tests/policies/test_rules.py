"""The policy rule set: element cues as data, regular expressions checked when the file is loaded."""

import copy

import pytest
import yaml

from gongkai.errors import UserError
from gongkai.policies.elements import detect_elements
from gongkai.policies.rules import BUNDLED, rule_set_from_dict

BUNDLED_DATA = yaml.safe_load((BUNDLED / "policies-2023.yaml").read_text(encoding="utf-8"))


def test_a_broken_pattern_is_named_in_chinese():
    data = copy.deepcopy(BUNDLED_DATA)
    data["elements"]["执行标准"]["cue_patterns"] = ["每户(\\d+元"]
    with pytest.raises(
        UserError, match="要素“执行标准”的 cue_patterns 中“每户\\(\\\\d\\+元”不是有效的正则表达式"
    ):
        rule_set_from_dict(data, "my.yaml")


def test_patterns_are_data_an_office_can_add():
    text = "补贴发放办法解读\n在县内连续务工满一年即可申请。"
    bundled = rule_set_from_dict(BUNDLED_DATA)
    assert detect_elements(text, bundled)["涉及范围"] is None
    data = copy.deepcopy(BUNDLED_DATA)
    data["elements"]["涉及范围"]["cue_patterns"].append("务工满[^。]{0,6}即可申请")
    hit = detect_elements(text, rule_set_from_dict(data))["涉及范围"]
    assert hit is not None and hit.how == "cue" and hit.text == "在县内连续务工满一年即可申请。"


def test_question_and_answer_interpretations_read_questions_as_headings():
    text = (
        "医保政策问答\n问：哪些人可以参保？\n答：本县户籍居民均可参保。\n"
        "问：有什么需要注意的？\n答：请在年底前完成缴费。"
    )
    found = detect_elements(text, rule_set_from_dict(BUNDLED_DATA))
    assert found["涉及范围"].how == "heading" and found["涉及范围"].text == "哪些人可以参保？"
    assert found["注意事项"].text == "有什么需要注意的？"
    assert found["新旧政策差异"] is None and found["关键词诠释"] is None
