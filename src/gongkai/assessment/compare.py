"""Comparing two frozen runs (pure): who moved, and which indicators moved them."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.assessment.scoring import number_text


@dataclass(frozen=True)
class IndicatorChange:
    code: str
    name: str
    before: str
    after: str
    reason_before: str
    reason_after: str


@dataclass
class Movement:
    unit: str
    group: str
    score_before: str | None
    score_after: str | None
    rank_before: int | None
    rank_after: int | None
    grade_before: str
    grade_after: str
    changes: list[IndicatorChange] = field(default_factory=list)

    @property
    def delta(self) -> Decimal:
        return Decimal(self.score_after or 0) - Decimal(self.score_before or 0)

    @property
    def summary(self) -> str:
        if self.score_before is None:
            return f"新增：{self.score_after}分，第{self.rank_after}名"
        if self.score_after is None:
            return f"不再参加考核（原{self.score_before}分）"
        sign = "+" if self.delta > 0 else ""
        text = f"{self.score_before}→{self.score_after}（{sign}{number_text(self.delta)}）"
        if self.rank_before != self.rank_after:
            text += f"，名次{self.rank_before}→{self.rank_after}"
        if self.grade_before != self.grade_after:
            text += f"，等次{self.grade_before or '—'}→{self.grade_after or '—'}"
        return text


def compare_results(before: Sequence[dict], after: Sequence[dict]) -> list[Movement]:
    """Units whose score, rank or grade differ between two runs' results (as `score_json` gives)."""
    old = {(r["group"], r["unit"]): r for r in before}
    new = {(r["group"], r["unit"]): r for r in after}
    movements = []
    for key in list(old) + [k for k in new if k not in old]:
        a, b = old.get(key), new.get(key)
        if a and b and (a["score"], a["rank"], a["grade"]) == (b["score"], b["rank"], b["grade"]):
            continue
        movement = Movement(
            unit=key[1],
            group=key[0],
            score_before=a["score"] if a else None,
            score_after=b["score"] if b else None,
            rank_before=a["rank"] if a else None,
            rank_after=b["rank"] if b else None,
            grade_before=a["grade"] if a else "",
            grade_after=b["grade"] if b else "",
        )
        if a and b:
            movement.changes = _line_changes(a.get("lines", []), b.get("lines", []))
        movements.append(movement)
    return movements


def _earned(line: dict) -> str:
    """What a line earned as the comparison shows it: a pending line left out earned nothing."""
    return "未评分" if line.get("counted") is False else line["earned"]


def _line_changes(before: Sequence[dict], after: Sequence[dict]) -> list[IndicatorChange]:
    old = {line["code"]: line for line in before}
    changes = []
    for line in after:
        previous = old.get(line["code"])
        if previous is None or _earned(previous) != _earned(line):
            changes.append(
                IndicatorChange(
                    line["code"],
                    line["name"],
                    _earned(previous) if previous else "—",
                    _earned(line),
                    previous["reason"] if previous else "",
                    line["reason"],
                )
            )
    return changes
