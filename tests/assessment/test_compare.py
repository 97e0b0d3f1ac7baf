from gongkai.assessment.compare import compare_results


def row(unit, score, rank, grade="", lines=()):
    return {
        "unit": unit,
        "group": "部门",
        "score": score,
        "rank": rank,
        "grade": grade,
        "lines": list(lines),
    }


def line(code, earned, reason=""):
    return {"code": code, "name": f"指标{code}", "earned": earned, "reason": reason}


def test_unchanged_runs_have_no_movements():
    results = [row("甲局", "96", 1, "优秀"), row("乙局", "90", 2)]
    assert compare_results(results, results) == []


def test_movements_say_who_moved_and_why():
    before = [
        row("甲局", "96", 1, "优秀", [line("1", "15"), line("2", "10")]),
        row("乙局", "90", 2, "", [line("1", "15"), line("2", "5")]),
        row("丙局", "80", 3),
    ]
    after = [
        row("乙局", "95", 1, "优秀", [line("1", "15"), line("2", "10")]),
        row("甲局", "93", 2, "", [line("1", "12", "2个月未更新"), line("2", "10")]),
        row("丁局", "70", 3),
    ]
    moves = {m.unit: m for m in compare_results(before, after)}
    assert set(moves) == {"甲局", "乙局", "丙局", "丁局"}
    assert moves["甲局"].summary == "96→93（-3），名次1→2，等次优秀→—"
    assert [(c.code, c.before, c.after, c.reason_after) for c in moves["甲局"].changes] == [
        ("1", "15", "12", "2个月未更新")
    ]
    assert moves["乙局"].summary == "90→95（+5），名次2→1，等次—→优秀"
    assert moves["丙局"].summary == "不再参加考核（原80分）"
    assert moves["丁局"].summary == "新增：70分，第3名"
