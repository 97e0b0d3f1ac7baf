"""How a capability plugs into the flow: records → checks → Findings → scores → documents.

A capability app registers one `Capability` in its `AppConfig.ready()`. The assessment asks every
registered capability, in registration order, to refresh its Findings for a period, reads its
metrics (named `<capability>.<what>`, the names a scheme's rules refer to) and its activity
figures (stored in the frozen run under `activity.<name>`, the numbers a bulletin states).
The assessment never imports a capability's models; a capability never imports the assessment.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gongkai.periods import Period


@dataclass(frozen=True)
class Metric:
    """One number per unit for a scheme's rule, with the words that explain it."""

    value: Decimal | None
    note: str = ""


UnitMetrics = Mapping[int, Mapping[str, Metric]]


def _no_findings(*, period: Period, today: date) -> None:
    return None


def _no_metrics(*, period: Period, unit_ids: list[int]) -> UnitMetrics:
    return {}


def _no_activity(*, period: Period) -> dict:
    return {}


@dataclass(frozen=True)
class Capability:
    name: str
    refresh_findings: Callable[..., None] = field(default=_no_findings)
    metrics: Callable[..., UnitMetrics] = field(default=_no_metrics)
    activity: Callable[..., dict] = field(default=_no_activity)


_REGISTRY: dict[str, Capability] = {}


def register(capability: Capability) -> None:
    """Called from an AppConfig.ready(); registering the same name again replaces it."""
    _REGISTRY[capability.name] = capability


def registered() -> list[Capability]:
    return list(_REGISTRY.values())
