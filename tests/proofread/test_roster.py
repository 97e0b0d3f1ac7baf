from datetime import date

import pytest

from gongkai.proofread.checkers.defaults import sample_roster
from gongkai.proofread.checkers.roster import check_leaders

AFTER_CHANGE = date(2024, 9, 1)  # the invented roster changes on 2024-07-01


@pytest.fixture(scope="module")
def roster():
    return sample_roster()


CAUGHT = [
    ("县长陈思远主持会议", "县长", "wrong_title", "副县长"),  # another person's title
    ("陈思远县长主持会议", "县长", "wrong_title", "副县长"),
    ("县长刘建国出席会议", "县长", "outdated_title", "县人大常委会主任"),  # changed on 2024-07-01
    ("常务副县长孙立新讲话", "常务副县长", "outdated_title", "县长"),
    ("陈思远、郑文华出席会议", "陈思远、郑文华", "order", "郑文华、陈思远"),
    ("副县长赵明辉、县委书记郑文华出席", "赵明辉、县委书记郑文华", "order", "郑文华、赵明辉"),
]


@pytest.mark.parametrize(("text", "found", "rule", "suggestion"), CAUGHT)
def test_caught(roster, text, found, rule, suggestion):
    (hit,) = check_leaders(text, roster, today=AFTER_CHANGE)
    assert (text[hit.start : hit.end], hit.rule, hit.suggestion) == (found, rule, suggestion)


NOT_FLAGGED = [
    ("县长孙立新出席会议", AFTER_CHANGE),
    ("县长刘建国出席会议", date(2024, 5, 1)),  # still 县长 then
    ("县委书记郑文华，县长孙立新，副县长陈思远出席", AFTER_CHANGE),
    ("孙立新 副县长陈思远", AFTER_CHANGE),  # the title belongs to the next name
    ("郑文华、孙立新、陈思远出席会议", AFTER_CHANGE),
    ("副县长陈思远主持。郑文华讲话。", AFTER_CHANGE),
]


@pytest.mark.parametrize(("text", "today"), NOT_FLAGGED)
def test_not_flagged(roster, text, today):
    assert check_leaders(text, roster, today=today) == []
