"""Rankings, grades and score bands (pure), worded as the bulletins word them."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SEQUENTIAL, COMPETITION = "sequential", "competition"


@dataclass(frozen=True)
class ScoreEntry:
    name: str
    score: Decimal
    group: str = ""
    order: int = 0  # the order given (registry or file); ties keep it


@dataclass(frozen=True)
class Ranked:
    rank: int
    entry: ScoreEntry
    grade: str = ""


@dataclass(frozen=True)
class GradeBand:
    name: str
    minimum: Decimal


@dataclass(frozen=True)
class BandCount:
    label: str
    low: Decimal | None
    high: Decimal | None
    count: int
    share: Decimal  # percent

    @property
    def share_text(self) -> str:
        return percent_text(self.share)


DEFAULT_GRADES = (GradeBand("优秀", Decimal(95)),)


def grade_for(score: Decimal, grades: Sequence[GradeBand] = DEFAULT_GRADES) -> str:
    """The first grade whose minimum the score reaches (grades listed from the highest)."""
    for band in grades:
        if score >= band.minimum:
            return band.name
    return ""


def rank(
    entries: Sequence[ScoreEntry],
    method: str = SEQUENTIAL,
    grades: Sequence[GradeBand] = DEFAULT_GRADES,
) -> list[Ranked]:
    """Highest score first; equal scores keep the given order.

    Sequential numbering (1, 2, 3 even for ties) is what the bulletins print; competition ranking
    (1, 1, 3) is the option.
    """
    ordered = sorted(entries, key=lambda e: (-e.score, e.order))
    ranked: list[Ranked] = []
    for position, entry in enumerate(ordered, start=1):
        number = position
        if method == COMPETITION and ranked and ranked[-1].entry.score == entry.score:
            number = ranked[-1].rank
        ranked.append(Ranked(number, entry, grade_for(entry.score, grades)))
    return ranked


def ranked_by_group(results: Sequence[dict]) -> dict[str, list[Ranked]]:
    """Stored results (unit, group, rank, score, grade; in ranking order) back as `Ranked`, per group."""
    groups: dict[str, list[Ranked]] = {}
    for index, r in enumerate(results):
        entry = ScoreEntry(r["unit"], Decimal(r["score"]), r["group"], r.get("order", index))
        groups.setdefault(r["group"], []).append(Ranked(r["rank"], entry, r["grade"]))
    return groups


def by_group(entries: Sequence[ScoreEntry]) -> dict[str, list[ScoreEntry]]:
    """Groups in the order they first appear."""
    groups: dict[str, list[ScoreEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    return groups


def percent_text(share: Decimal) -> str:
    """Two decimals, trailing zeros trimmed: 6.25, 45.83, 50 (as the bulletins print them)."""
    text = f"{share.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def band_counts(scores: Sequence[Decimal], cuts: Sequence[Decimal]) -> list[BandCount]:
    """Counts per band for cuts like 90, 80, 60: ≥ 90, [80, 90), [60, 80) and below 60 (if any)."""
    cuts = sorted(cuts, reverse=True)
    total = len(scores)
    bands = []
    for index, low in enumerate(cuts):
        high = cuts[index - 1] if index else None
        count = sum(1 for s in scores if s >= low and (high is None or s < high))
        label = f"{_number(low)}分以上" if high is None else f"{_number(low)}—{_number(high)}分"
        bands.append(BandCount(label, low, high, count, _share(count, total)))
    below = sum(1 for s in scores if s < cuts[-1])
    if below:
        bands.append(
            BandCount(f"{_number(cuts[-1])}分以下", None, cuts[-1], below, _share(below, total))
        )
    return bands


def _share(count: int, total: int) -> Decimal:
    return Decimal(count * 100) / Decimal(total) if total else Decimal(0)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def band_sentence(bands: Sequence[BandCount]) -> str:
    """ "90分以上的单位3家，占比6.25%；80—90分的单位22家，占比45.83%；…"."""
    parts = [f"{b.label}的单位{b.count}家，占比{b.share_text}%" for b in bands]
    return "；".join(parts) + "。"


def excellent_sentence(subject: str, ranked: Sequence[Ranked], grade: str = "优秀") -> str:
    """ "36个县直单位考核结果优秀的6个，分别是融媒体中心、卫健委、…"."""
    names = [r.entry.name for r in ranked if r.grade == grade]
    if not names:
        return f"{subject}考核结果无{grade}单位。"
    return f"{subject}考核结果{grade}的{len(names)}个，分别是{'、'.join(names)}。"
