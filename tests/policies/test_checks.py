from datetime import date

import pytest

from gongkai.policies.checks import (
    Consultation,
    Decision,
    check_decisions,
    check_document,
    single_form_units,
)
from gongkai.policies.elements import detect_elements
from gongkai.policies.forms import detect_forms
from gongkai.policies.overlap import copied_share
from tests.policies.helpers import CALENDAR, RULES, doc, interp


def rules_of(result):
    return sorted(p.rule for p in result.problems)


@pytest.mark.parametrize(
    "kind, expected",
    [("行政规范性文件", ["missing"]), ("规章", ["missing"]), ("其他政策性文件", [])],
)
def test_missing_interpretation_depends_on_kind(kind, expected):
    result = check_document(doc(kind=kind), [], RULES, CALENDAR)
    assert rules_of(result) == expected
    if expected:
        assert result.problems[0].unit_id == 10  # the drafting unit answers for it
        assert result.problems[0].kind == "policies.missing.1"


@pytest.mark.parametrize(
    "published, interpreted, after, late",
    [
        (date(2025, 3, 3), date(2025, 3, 3), 0, False),  # same day
        (date(2025, 3, 3), date(2025, 3, 6), 3, False),  # Thursday: 3rd working day, allowed
        (date(2025, 3, 3), date(2025, 3, 7), 4, True),
        (date(2025, 3, 3), date(2025, 3, 1), 0, False),  # published before the document
        # Across 清明 (4/4–4/6 off): Thu 4/3 → Fri 4/11 is the 5th working day, 8 calendar days.
        (date(2025, 4, 3), date(2025, 4, 10), 4, True),
        (date(2025, 4, 3), date(2025, 4, 11), 5, True),
        # Across 国庆 (10/1–10/8 off, 9/28 and 10/11 make-up days): 9/30 → 10/10 is the 2nd.
        (date(2025, 9, 30), date(2025, 10, 10), 2, False),
        (date(2025, 9, 30), date(2025, 10, 11), 3, False),  # Saturday 10/11 is a working day
    ],
)
def test_working_days_after_the_document(published, interpreted, after, late):
    result = check_document(
        doc(published_on=published), [interp(published_on=interpreted)], RULES, CALENDAR
    )
    assert result.working_days_after == after
    assert ("late" in rules_of(result)) is late
    assert result.days_late == (after if late else 0)


def test_interpretation_by_another_unit():
    result = check_document(doc(), [interp(unit_id=11)], RULES, CALENDAR)
    assert rules_of(result) == ["not_drafter"]
    problem = result.problems[0]
    assert problem.unit_id == 10 and problem.evidence["interpretation_unit_id"] == 11


def test_drafting_unit_defaults_to_the_issuing_unit():
    result = check_document(doc(drafting_unit_id=None), [interp(unit_id=1)], RULES, CALENDAR)
    assert rules_of(result) == []


@pytest.mark.parametrize(
    "doc_links, interp_links, both, missing_words",
    [
        ({"http://x/i.html"}, {"http://x/d.html"}, True, None),
        ({"http://x/i.html"}, set(), False, "解读页未链接文件"),
        (set(), {"http://x/d.html"}, False, "文件页未链接解读"),
        (None, {"http://x/d.html"}, None, None),  # the document page was not crawled: no verdict
    ],
)
def test_links_both_ways(doc_links, interp_links, both, missing_words):
    document = doc(url="http://x/d.html", links=None if doc_links is None else frozenset(doc_links))
    result = check_document(
        document,
        [interp(url="http://x/i.html", links=frozenset(interp_links))],
        RULES,
        CALENDAR,
    )
    assert result.linked_both_ways is both
    messages = [p.message for p in result.problems if p.rule == "one_way_link"]
    if missing_words:
        assert len(messages) == 1 and missing_words in messages[0]
    else:
        assert messages == []


DOCUMENT_TEXT = (
    "第一条 为加强农村人居环境整治，改善农村生产生活条件，制定本办法。"
    "第二条 本办法适用于全县各行政村开展的农村人居环境整治项目。"
    "第三条 县财政每年安排专项资金，对验收合格的行政村按照每村五万元给予奖补。"
    "第四条 申报材料弄虚作假的，取消奖补资格并追回资金。"
)


def test_copy_detected_and_rephrasing_is_not():
    copied = "解读：" + DOCUMENT_TEXT.replace("第一条", "一、").replace("。", "；")
    own = (
        "一、出台背景。根据《农村人居环境整治提升五年行动方案》，县里决定加大投入。"
        "二、主要内容。办法明确了申报、验收和拨付三个环节，验收通过的村可以拿到补助。"
    )
    assert copied_share(copied, DOCUMENT_TEXT) > 0.9
    assert copied_share(own, DOCUMENT_TEXT) < 0.2
    result = check_document(doc(text=DOCUMENT_TEXT), [interp(text=copied)], RULES, CALENDAR)
    assert "copy" in rules_of(result)
    result = check_document(doc(text=DOCUMENT_TEXT), [interp(text=own)], RULES, CALENDAR)
    assert "copy" not in rules_of(result)


THREE_ELEMENTS = """一、起草背景
为贯彻落实省委、省政府关于农村人居环境整治的部署，县农业农村局起草了本办法。
二、主要内容
办法共分为五章二十条，明确了奖补对象、程序和资金管理。
三、适用范围
本办法适用于全县各行政村。
"""


def test_three_of_nine_elements_reported_with_their_sentences():
    found = detect_elements(THREE_ELEMENTS, RULES)
    present = {k: v.text for k, v in found.items() if v}
    assert present == {"背景依据": "起草背景", "主要内容": "主要内容", "涉及范围": "适用范围"}
    result = check_document(doc(), [interp(text=THREE_ELEMENTS)], RULES, CALENDAR)
    assert "elements" in rules_of(result)
    assert result.elements_missing == [
        "目标任务",
        "执行标准",
        "注意事项",
        "关键词诠释",
        "惠民利民举措",
        "新旧政策差异",
    ]


def test_the_office_review_wins_over_the_detection():
    # the office read the text: six elements are there, in words the cue lists do not know
    six = ("背景依据", "目标任务", "主要内容", "涉及范围", "执行标准", "注意事项")
    reviewed = tuple((e, e in six) for e in RULES.elements)
    result = check_document(
        doc(), [interp(text=THREE_ELEMENTS, elements_reviewed=reviewed)], RULES, CALENDAR
    )
    assert "elements" not in rules_of(result)
    assert result.elements["目标任务"].how == "office"
    assert result.elements["背景依据"].text == "起草背景"  # a detected element keeps its sentence
    # and the other way: a detected element the office rejects counts as missing
    rejected = (("涉及范围", False),)
    result = check_document(
        doc(), [interp(text=THREE_ELEMENTS, elements_reviewed=rejected)], RULES, CALENDAR
    )
    assert "涉及范围" in result.elements_missing and "背景依据" not in result.elements_missing


FOUR_ELEMENTS = THREE_ELEMENTS + "四、注意事项\n申请材料须在每年3月底前报送乡镇。\n"


def test_four_or_five_elements_found_wait_for_the_office():
    # detection misses elements worded in new ways: between the unreviewed floor (4) and the
    # standard (6) nothing is reported until the office has read the text
    result = check_document(doc(), [interp(text=FOUR_ELEMENTS)], RULES, CALENDAR)
    assert len(result.elements) - len(result.elements_missing) == 4
    assert "elements" not in rules_of(result) and result.elements_pending
    # the office confirms the four: now the standard applies
    reviewed = tuple((e, result.elements[e] is not None) for e in RULES.elements)
    result = check_document(
        doc(), [interp(text=FOUR_ELEMENTS, elements_reviewed=reviewed)], RULES, CALENDAR
    )
    assert "elements" in rules_of(result) and not result.elements_pending
    # three found is clear enough to report unseen (the planted case)
    result = check_document(doc(), [interp(text=THREE_ELEMENTS)], RULES, CALENDAR)
    assert "elements" in rules_of(result) and not result.elements_pending


def test_cue_sentence_is_reported():
    found = detect_elements("近日印发了办法。其中所称的“人居环境”是指村庄的生产生活环境。", RULES)
    assert found["关键词诠释"].how == "cue"
    assert found["关键词诠释"].text == "其中所称的“人居环境”是指村庄的生产生活环境。"


@pytest.mark.parametrize(
    "html, forms",
    [
        ("<p>" + "解读正文" * 60 + "</p>", ["文字"]),
        ('<h1>一图读懂奖补办法</h1><img src="a.png"><img src="b.png">', ["图解"]),
        ('<p>视频解读</p><video src="a.mp4"></video>', ["视频"]),
        ('<iframe src="https://v.example/video/1"></iframe>', ["视频"]),
        ("<h1>H5｜奖补政策早知道</h1>", ["动漫/H5"]),
        ("<h1>专家解读：奖补办法的三个亮点</h1>", ["专家解读"]),
        ("<h1>局长解读奖补办法</h1>", ["领导解读"]),
        ("<h1>县政府新闻发布会解读奖补办法</h1>", ["新闻发布会"]),
        ("<script>var video='H5'</script><p>短文</p>", []),
    ],
)
def test_forms_from_html(html, forms):
    assert detect_forms(html, RULES) == forms


def test_units_with_text_only_interpretations():
    items = [
        interp(id=1, unit_id=5, forms=("文字",)),
        interp(id=2, unit_id=5, forms=("文字",)),
        interp(id=3, unit_id=6, forms=("文字",)),
        interp(id=4, unit_id=6, forms=("文字", "图解")),
        interp(id=5, unit_id=7, forms=("文字",)),
    ]
    assert single_form_units(items) == {5: 2}


def _consultation(**kw):
    values = dict(
        id=1,
        decision_id=1,
        unit_id=3,
        title="新乡县城区停车收费调整方案（征求意见稿）",
        opened_on=date(2025, 5, 6),
        closes_on=date(2025, 6, 4),
        feedback_on=date(2025, 6, 20),
    )
    values.update(kw)
    return Consultation(**values)


@pytest.mark.parametrize(
    "kind, consultation, expected",
    [
        ("重大行政决策", _consultation(), []),  # 5/6–6/4: 30 days
        ("重大行政决策", _consultation(closes_on=date(2025, 5, 25)), ["decision.short_window"]),
        (
            "重大行政决策",
            _consultation(closes_on=date(2025, 5, 25), shortened_reason="防汛紧急"),
            [],
        ),
        ("重大行政决策", _consultation(feedback_on=None), ["decision.no_feedback"]),
        ("重大行政决策", _consultation(feedback_on=None, comments_adopted=0), []),
        # 行政规范性文件: 7 working days; 9/26–10/9 spans 国庆 and has only 4 (9/26, 9/28, 9/29, 9/30).
        (
            "行政规范性文件",
            _consultation(opened_on=date(2025, 9, 26), closes_on=date(2025, 10, 9)),
            ["decision.short_window"],
        ),
        (
            "行政规范性文件",
            _consultation(opened_on=date(2025, 9, 1), closes_on=date(2025, 9, 9)),
            [],
        ),
    ],
)
def test_consultation_rules(kind, consultation, expected):
    decision = Decision(1, 3, "城区停车收费调整", kind, listed=True)
    problems = check_decisions([decision], [consultation], RULES, CALENDAR, date(2025, 12, 31))
    assert sorted(p.rule for p in problems) == expected


def test_listed_decision_never_consulted():
    listed = Decision(2, 4, "县城供热专项规划", "重大行政决策", listed=True)
    unlisted = Decision(3, 4, "内部管理制度", "重大行政决策", listed=False)
    problems = check_decisions([listed, unlisted], [], RULES, CALENDAR, date(2025, 12, 31))
    assert [(p.rule, p.record_id, p.unit_id) for p in problems] == [
        ("decision.no_consultation", 2, 4)
    ]


def test_highlight_escapes_every_piece():
    from gongkai.policies.elements import ElementHit
    from gongkai.policies.highlight import highlighted_html

    text = "一、<b>背景</b>\n所称“A&B”是指甲。"
    hits = {
        "关键词诠释": ElementHit("关键词诠释", "cue", "所称“A&B”是指甲。"),
        "目标任务": None,
    }
    assert highlighted_html(text, hits) == (
        "一、&lt;b&gt;背景&lt;/b&gt;<br>"
        '<mark class="element" title="关键词诠释">所称“A&amp;B”是指甲。<sup>关键词诠释</sup></mark>'
    )
