"""Scoring (pure): a scheme applied to each unit's metrics, Findings and manual entries.

Every point lost is explained by a line that names its reason and the Findings behind it, so a unit
can see why and contest it. Same inputs, same scores: nothing here reads a clock or a database.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from gongkai.assessment.ranking import ScoreEntry, rank
from gongkai.assessment.scheme import (
    PENDING_EXCLUDED,
    PENDING_FULL,
    PENDING_LABELS,
    Indicator,
    Scheme,
)

CENT = Decimal("0.01")
AUTO, MANUAL, EXEMPT, PENDING, NOT_APPLICABLE = "auto", "manual", "exempt", "pending", "n/a"


@dataclass(frozen=True)
class UnitInput:
    id: int
    name: str
    group: str
    order: int = 0


@dataclass(frozen=True)
class MetricValue:
    value: Decimal | None  # None: the metric does not apply to the unit (e.g. no such column)
    note: str = ""  # how the value came about, in Chinese
    finding_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class FindingRef:
    id: int
    unit_id: int
    kind: str
    message: str
    how_to_fix: str = ""


@dataclass(frozen=True)
class ManualValue:
    unit_id: int
    code: str
    value: Decimal
    evidence: str = ""
    reviewer: str = ""


@dataclass(frozen=True)
class Exemption:
    unit_id: int
    code: str
    reason: str


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    max_points: Decimal
    earned: Decimal
    source: str  # AUTO, MANUAL, EXEMPT, PENDING or NOT_APPLICABLE
    reason: str = ""
    how_to_fix: str = ""
    finding_ids: tuple[int, ...] = ()
    counted: bool = True  # False: a pending indicator left out, the maximum rescaled

    @property
    def lost(self) -> Decimal:
        return self.max_points - self.earned if self.counted else Decimal(0)


@dataclass(frozen=True)
class VetoHit:
    code: str
    name: str
    reason: str
    finding_ids: tuple[int, ...] = ()


@dataclass
class UnitScore:
    unit: UnitInput
    lines: list[Line]
    bonus: Decimal = Decimal(0)
    bonus_lines: list[Line] = field(default_factory=list)
    vetoes: list[VetoHit] = field(default_factory=list)
    rank: int = 0
    grade: str = ""

    @property
    def base(self) -> Decimal:
        """Points earned; with pending indicators left out, rescaled to the scheme's maximum."""
        earned = sum((line.earned for line in self.lines if line.counted), Decimal(0))
        if all(line.counted for line in self.lines):
            return earned
        counted_max = sum((line.max_points for line in self.lines if line.counted), Decimal(0))
        full = sum((line.max_points for line in self.lines), Decimal(0))
        return _q(earned * full / counted_max) if counted_max else Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus

    @property
    def pending(self) -> int:
        return sum(1 for line in self.lines if line.source == PENDING)


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _observed(metric: MetricValue | None) -> bool:
    return metric is not None and metric.value is not None and metric.value > 0


def score_leaf(
    leaf: Indicator,
    unit_id: int,
    metrics: Mapping[str, MetricValue],
    findings: Sequence[FindingRef],
    manual: Mapping[str, ManualValue],
    exempt: Mapping[str, Exemption],
    pending: str = PENDING_EXCLUDED,
) -> Line:
    """One indicator for one unit; `pending` says how an unscored manual indicator counts."""
    rule = leaf.rule
    assert rule is not None
    points = leaf.points

    def line(earned: Decimal, source: str, reason: str = "", fix: str = "", ids=()) -> Line:
        earned = min(points, max(Decimal(0), _q(earned)))
        return Line(leaf.code, leaf.name, points, earned, source, reason, fix, tuple(ids))

    if leaf.code in exempt:
        return line(points, EXEMPT, f"免于考核：{exempt[leaf.code].reason}")
    if rule.kind == "manual" or (rule.observed and not _observed(metrics.get(rule.observed))):
        entry = manual.get(leaf.code)
        if entry is None:
            reason = f"尚未评分，{PENDING_LABELS[pending]}"
            if rule.kind != "manual":
                reason = f"本期未监测到本单位，需人工评分；{reason}"
            if pending == PENDING_EXCLUDED:
                return Line(
                    leaf.code, leaf.name, points, Decimal(0), PENDING, reason, counted=False
                )
            return line(points if pending == PENDING_FULL else Decimal(0), PENDING, reason)
        reason = entry.evidence or "人工评分"
        if entry.reviewer:
            reason += f"（评分人：{entry.reviewer}）"
        return line(entry.value, MANUAL, reason, leaf.how_to_fix if entry.value < points else "")
    if rule.findings:
        hits = [f for f in findings if f.unit_id == unit_id and rule.matches(f.kind)]
        if not hits:
            return line(points, AUTO)
        lost = rule.per * len(hits)
        reason = f"{len(hits)}项问题，每项扣{_number(rule.per)}分：" + "；".join(
            f.message for f in hits
        )
        fixes = "；".join(dict.fromkeys(f.how_to_fix for f in hits if f.how_to_fix))
        return line(points - lost, AUTO, reason, fixes or leaf.how_to_fix, [f.id for f in hits])
    metric = metrics.get(rule.metric)
    if metric is None or metric.value is None:
        return line(points, NOT_APPLICABLE, "本单位不适用此项，按满分计")
    value = metric.value
    ids = metric.finding_ids
    note = f"（{metric.note}）" if metric.note else ""
    if rule.kind == "deduct":
        if not value:
            return line(points, AUTO)
        reason = f"{_number(value)}×{_number(rule.per)}分{note}"
        return line(points - rule.per * value, AUTO, reason, leaf.how_to_fix, ids)
    if rule.kind == "linear":
        target = rule.target
        if rule.target_metric:
            target_value = metrics.get(rule.target_metric)
            target = target_value.value if target_value else None
        if not target:
            return line(points, NOT_APPLICABLE, "无考核标准，按满分计")
        earned = points * min(Decimal(1), value / target)
        reason = "" if value >= target else f"完成{_number(value)}，标准{_number(target)}{note}"
        return line(earned, AUTO, reason, leaf.how_to_fix if reason else "", ids if reason else ())
    for step in rule.thresholds:  # thresholds
        if value >= step.minimum:
            earned = step.points
            break
    else:
        earned = Decimal(0)
    reason = "" if earned >= points else f"{_number(value)}{note}"
    return line(earned, AUTO, reason, leaf.how_to_fix if reason else "", ids if reason else ())


def score_unit(
    scheme: Scheme,
    unit: UnitInput,
    metrics: Mapping[str, MetricValue],
    findings: Sequence[FindingRef],
    manual: Sequence[ManualValue],
    exemptions: Sequence[Exemption],
) -> UnitScore:
    own_manual = {m.code: m for m in manual if m.unit_id == unit.id}
    own_exempt = {e.code: e for e in exemptions if e.unit_id == unit.id}
    own_findings = [f for f in findings if f.unit_id == unit.id]
    lines = [
        score_leaf(
            leaf, unit.id, metrics, own_findings, own_manual, own_exempt, scheme.pending_rule(leaf)
        )
        for leaf in scheme.leaves()
    ]
    result = UnitScore(unit, lines)
    for veto in scheme.vetoes:
        if veto.findings:
            hits = [f for f in own_findings if veto.matches(f.kind)]
            if hits:
                reason = "；".join(f.message for f in hits)
                result.vetoes.append(
                    VetoHit(veto.code, veto.name, reason, tuple(f.id for f in hits))
                )
        elif (entry := own_manual.get(veto.code)) and entry.value > 0:
            result.vetoes.append(VetoHit(veto.code, veto.name, entry.evidence or "人工认定"))
    for item in scheme.bonus_items:
        entry = own_manual.get(item.code)
        if entry and entry.value > 0:
            earned = item.points * entry.value
            result.bonus_lines.append(
                Line(item.code, item.name, earned, earned, MANUAL, entry.evidence)
            )
    raw_bonus = sum((b.earned for b in result.bonus_lines), Decimal(0))
    result.bonus = min(raw_bonus, scheme.bonus_cap)
    return result


def score_all(
    scheme: Scheme,
    units: Sequence[UnitInput],
    metrics: Mapping[int, Mapping[str, MetricValue]],
    findings: Sequence[FindingRef] = (),
    manual: Sequence[ManualValue] = (),
    exemptions: Sequence[Exemption] = (),
) -> list[UnitScore]:
    """Every unit scored, then ranked within its group; a veto sets the grade whatever the points."""
    scores = [
        score_unit(scheme, unit, metrics.get(unit.id, {}), findings, manual, exemptions)
        for unit in units
    ]
    return rank_scores(scheme, scores)


def group_order(scheme: Scheme, groups: Sequence[str]) -> list[str]:
    known = [g for g in scheme.groups if g in groups]
    return known + [g for g in dict.fromkeys(groups) if g not in known]


def rank_scores(scheme: Scheme, scores: Sequence[UnitScore]) -> list[UnitScore]:
    ordered: list[UnitScore] = []
    for group in group_order(scheme, [s.unit.group for s in scores]):
        members = {s.unit.id: s for s in scores if s.unit.group == group}
        entries = [ScoreEntry(s.unit.name, s.total, group, s.unit.order) for s in members.values()]
        by_name = {s.unit.name: s for s in members.values()}
        for ranked in rank(entries, scheme.ranking, scheme.grades):
            score = by_name[ranked.entry.name]
            score.rank = ranked.rank
            score.grade = scheme.veto_grade if score.vetoes else ranked.grade
            ordered.append(score)
    return ordered


def number_text(value: Decimal | str) -> str:
    """92.50 → 92.5, 100.00 → 100: scores as the bulletins print them."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def line_json(line: Line) -> dict:
    return {
        "code": line.code,
        "name": line.name,
        "max": number_text(line.max_points),
        "earned": number_text(line.earned),
        "lost": number_text(line.lost),
        "source": line.source,
        "reason": line.reason,
        "how_to_fix": line.how_to_fix,
        "finding_ids": list(line.finding_ids),
        "counted": line.counted,
    }


def score_json(score: UnitScore) -> dict:
    """A unit's result as stored in a frozen run and printed by `assess … --json`."""
    return {
        "unit_id": score.unit.id,
        "unit": score.unit.name,
        "group": score.unit.group,
        "order": score.unit.order,
        "rank": score.rank,
        "score": number_text(score.total),
        "base": number_text(score.base),
        "bonus": number_text(score.bonus),
        "grade": score.grade,
        "vetoes": [
            {"code": v.code, "name": v.name, "reason": v.reason, "finding_ids": list(v.finding_ids)}
            for v in score.vetoes
        ],
        "pending": score.pending,
        "lines": [line_json(line) for line in score.lines],
        "bonus_lines": [line_json(line) for line in score.bonus_lines],
    }
