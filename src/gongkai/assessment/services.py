"""Assessment runs: gather metrics and Findings, score them with a scheme, freeze everything."""

import hashlib
import json
from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from gongkai.adapters.definitions import read_text
from gongkai.assessment.models import (
    Appeal,
    AssessmentRun,
    Exemption,
    ManualScore,
    RunResult,
    RunSource,
)
from gongkai.assessment.models import Scheme as SchemeRecord
from gongkai.assessment.ranking import DEFAULT_GRADES, ScoreEntry, by_group, rank
from gongkai.assessment.scheme import Scheme, SchemeError, parse_scheme
from gongkai.assessment.scoring import (
    Exemption as ExemptionInput,
)
from gongkai.assessment.scoring import (
    FindingRef,
    ManualValue,
    MetricValue,
    UnitInput,
    number_text,
    score_all,
    score_json,
)
from gongkai.capabilities import registered
from gongkai.errors import clean_text
from gongkai.findings.models import Finding, FindingStatus
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import check_office, check_unit_write, unit_name_index
from gongkai.periods import Period
from gongkai.standards import selectors as standards_selectors
from gongkai.standards.services import compute_statistics

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"


@transaction.atomic
def load_scheme(*, path: Path) -> SchemeRecord:
    text = read_text(path, what="考核方案 YAML 文件", error=SchemeError)
    return SchemeRecord.store(text, source=str(path))


def load_bundled_schemes() -> list[SchemeRecord]:
    return [load_scheme(path=path) for path in sorted(BUNDLED_DIR.glob("*.yaml"))]


def scheme_version(name: str, year: int) -> tuple[SchemeRecord, Scheme]:
    """The scheme's version for the year: its own, else the latest before it."""
    record = SchemeRecord.objects.filter(name=name, year__lte=year).order_by("-year").first()
    if record is None:
        known = "、".join(sorted(set(SchemeRecord.objects.values_list("name", flat=True))))
        raise SchemeError(f"没有 {year} 年适用的考核方案「{name}」（已登记：{known or '无'}）")
    return record, parse_scheme(record.definition, f"考核方案 {record.name}（{record.year}）")


def _period(year: int, quarter: int | None) -> Period:
    return Period.quarter(year, quarter) if quarter else Period.year(year)


def _merge_metrics(metrics: dict[int, dict[str, MetricValue]], extra) -> None:
    """A capability's metrics join the publishing ones; units outside the run are ignored."""
    for unit_id, values in extra.items():
        if unit_id in metrics:
            for name, metric in values.items():
                metrics[unit_id][name] = MetricValue(metric.value, metric.note)


def _link_findings(metrics: dict[int, dict[str, MetricValue]], findings: list[Finding]) -> None:
    """A publishing metric points at the Findings of its category (e.g. 动态 months not updated)."""
    for finding in findings:
        parts = finding.kind.split(".")
        if parts[0] != "publishing" or len(parts) < 3:
            continue
        for name, value in metrics.get(finding.unit_id, {}).items():
            if name.startswith(f"publishing.{parts[2]}."):
                ids = (*value.finding_ids, finding.id)
                metrics[finding.unit_id][name] = replace(value, finding_ids=ids)


def _findings(period: Period, unit_ids: list[int], standard_name: str) -> list[Finding]:
    """Findings that fall in the period: the run's own statistics, and the other checks' Findings
    whose period lies in it (or, for a year's Findings, whose due date does)."""
    found = []
    candidates = Finding.objects.filter(
        unit_id__in=unit_ids, period_start__lte=period.end, period_end__gte=period.start
    ).exclude(status=FindingStatus.DISMISSED)
    for finding in candidates.order_by("unit_id", "kind", "id"):
        if finding.kind.startswith("publishing."):
            if finding.source == f"standards:{standard_name}" and (
                finding.period_start,
                finding.period_end,
            ) == (period.start, period.end):
                found.append(finding)
            continue
        inside = period.start <= finding.period_start and finding.period_end <= period.end
        due = finding.evidence.get("due") if isinstance(finding.evidence, dict) else None
        if inside or (due and period.start.isoformat() <= due <= period.end.isoformat()):
            found.append(finding)
    return found


def digest_of(inputs: dict) -> str:
    canonical = json.dumps(inputs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def gather_inputs(
    *, scheme_record: SchemeRecord, scheme: Scheme, year: int, quarter: int | None, today: date
) -> dict:
    """Refresh the checks for the period, then collect everything the scores will depend on."""
    period = _period(year, quarter)
    stats = compute_statistics(
        period=period,
        period_kind="quarter" if quarter else "year",
        standard_name=scheme.standard or None,
        record_findings=True,
    )
    rows, statistics_metrics = standards_selectors.statistics_metrics(stats)
    units = [UnitInput(uid, name, group, order) for order, (uid, name, group) in enumerate(rows)]
    metrics: dict[int, dict[str, MetricValue]] = {u.id: {} for u in units}
    _merge_metrics(metrics, statistics_metrics)
    unit_ids = [u.id for u in units]
    activity = {}
    for capability in registered():
        capability.refresh_findings(period=period, today=today)
        _merge_metrics(metrics, capability.metrics(period=period, unit_ids=unit_ids))
        activity[capability.name] = capability.activity(period=period)
    findings = _findings(period, unit_ids, stats.standard.name)
    _link_findings(metrics, findings)
    manual = ManualScore.objects.filter(
        scheme=scheme.name, year=year, quarter=quarter or 0, unit_id__in=unit_ids
    )
    exemptions = Exemption.objects.filter(
        scheme=scheme.name, year=year, quarter=quarter or 0, unit_id__in=unit_ids
    )
    return {
        "scheme": {
            "name": scheme.name,
            "year": scheme_record.year,
            "text": scheme_record.definition,
        },
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
        },
        "units": [asdict(u) for u in units],
        "metrics": {
            str(uid): {
                name: {
                    "value": None if v.value is None else str(v.value),
                    "note": v.note,
                    "finding_ids": list(v.finding_ids),
                }
                for name, v in sorted(values.items())
            }
            for uid, values in metrics.items()
        },
        "findings": [
            {
                "id": f.id,
                "unit_id": f.unit_id,
                "kind": f.kind,
                "message": f.message,
                "how_to_fix": f.how_to_fix,
                "source": f.source,
                "evidence": f.evidence,
            }
            for f in findings
        ],
        "manual": [
            {
                "unit_id": m.unit_id,
                "code": m.code,
                "value": str(m.value),
                "evidence": m.evidence,
                "reviewer": m.reviewer,
            }
            for m in manual.order_by("unit_id", "code")
        ],
        "exemptions": [
            {"unit_id": e.unit_id, "code": e.code, "reason": e.reason}
            for e in exemptions.order_by("unit_id", "code")
        ],
        "statistics": standards_selectors.statistics_json(stats),
        "activity": activity,
    }


def score_inputs(scheme: Scheme, inputs: dict) -> list[dict]:
    """The frozen inputs scored: what a run stores, and what re-scoring it gives back."""
    units = [UnitInput(**u) for u in inputs["units"]]
    metrics = {
        int(uid): {
            name: MetricValue(
                None if v["value"] is None else Decimal(v["value"]),
                v["note"],
                tuple(v["finding_ids"]),
            )
            for name, v in values.items()
        }
        for uid, values in inputs["metrics"].items()
    }
    findings = [
        FindingRef(f["id"], f["unit_id"], f["kind"], f["message"], f["how_to_fix"])
        for f in inputs["findings"]
    ]
    manual = [
        ManualValue(m["unit_id"], m["code"], Decimal(m["value"]), m["evidence"], m["reviewer"])
        for m in inputs["manual"]
    ]
    exemptions = [
        ExemptionInput(e["unit_id"], e["code"], e["reason"]) for e in inputs["exemptions"]
    ]
    return [score_json(s) for s in score_all(scheme, units, metrics, findings, manual, exemptions)]


@transaction.atomic
def run_assessment(
    *,
    scheme_name: str,
    year: int,
    quarter: int | None = None,
    today: date,
    actor=None,
    note: str = "",
) -> AssessmentRun:
    """A new frozen run: inputs gathered now, scored, stored with a digest of what they were."""
    check_office(actor)
    record, scheme = scheme_version(scheme_name, year)
    inputs = gather_inputs(
        scheme_record=record, scheme=scheme, year=year, quarter=quarter, today=today
    )
    results = score_inputs(scheme, inputs)
    period = _period(year, quarter)
    run = AssessmentRun.objects.create(
        scheme=scheme.name,
        scheme_year=record.year,
        title=scheme.title,
        year=year,
        quarter=quarter,
        period_start=period.start,
        period_end=period.end,
        source=RunSource.COMPUTED,
        definition=record.definition,
        inputs=inputs,
        digest=digest_of(inputs),
        created_by=actor if getattr(actor, "pk", None) else None,
        note=note,
    )
    _store_results(run, results)
    return run


def _store_results(run: AssessmentRun, results: list[dict]) -> None:
    RunResult.objects.bulk_create(
        RunResult(
            run=run,
            unit_id=r.get("unit_id"),
            unit_name=r["unit"],
            group=r["group"],
            order=index,
            rank=r["rank"],
            score=Decimal(r["score"]),
            grade=r["grade"],
            vetoed=bool(r.get("vetoes")),
            detail=r,
        )
        for index, r in enumerate(results)
    )


def rescore(run: AssessmentRun) -> list[dict]:
    """Score a run's frozen inputs again with its frozen scheme (the results must not change)."""
    scheme = parse_scheme(run.definition, f"考核批次 #{run.pk}")
    return score_inputs(scheme, run.inputs)


@transaction.atomic
def import_scores(
    *,
    entries: list[ScoreEntry],
    year: int,
    quarter: int | None = None,
    title: str = "导入的考核得分",
    grades=None,
    ranking: str = "sequential",
    actor=None,
    source_name: str = "",
) -> AssessmentRun:
    """A run from a score table scored elsewhere: ranked and graded here, units matched if known."""
    grades = grades or DEFAULT_GRADES
    index = unit_name_index()
    results = []
    for group, members in by_group(entries).items():
        for ranked in rank(members, ranking, grades):
            results.append(
                {
                    "unit_id": index.find(ranked.entry.name),
                    "unit": ranked.entry.name,
                    "group": group,
                    "rank": ranked.rank,
                    "score": number_text(ranked.entry.score),
                    "grade": ranked.grade,
                    "vetoes": [],
                    "lines": [],
                }
            )
    inputs = {
        "scores": [
            {"unit": e.name, "score": str(e.score), "group": e.group, "order": e.order}
            for e in entries
        ],
        "file": source_name,
    }
    period = _period(year, quarter)
    run = AssessmentRun.objects.create(
        scheme="",
        title=title,
        year=year,
        quarter=quarter,
        period_start=period.start,
        period_end=period.end,
        source=RunSource.IMPORTED,
        inputs=inputs,
        digest=digest_of(inputs),
        created_by=actor if getattr(actor, "pk", None) else None,
        note=source_name,
    )
    _store_results(run, results)
    return run


@transaction.atomic
def set_manual_score(
    *,
    scheme_name: str,
    year: int,
    quarter: int | None,
    unit: Unit,
    code: str,
    value: Decimal,
    evidence: str,
    reviewer: str,
    actor=None,
) -> ManualScore:
    """Enter or change a manual value; checked against the scheme (history keeps every change)."""
    check_office(actor)
    _, scheme = scheme_version(scheme_name, year)
    leaf = scheme.leaf(code)
    if code not in scheme.manual_codes():
        raise SchemeError(
            f"指标 {code} 不是人工评分项（人工项：{'、'.join(sorted(scheme.manual_codes()))}）"
        )
    if leaf is not None and not Decimal(0) <= value <= leaf.points:
        raise SchemeError(
            f"指标 {code}「{leaf.name}」得分应在 0 到 {number_text(leaf.points)} 之间"
        )
    if value < 0:
        raise SchemeError(f"{code} 的数值不能为负数")
    if not evidence.strip() or not reviewer.strip():
        raise SchemeError("人工评分须填写依据和评分人")
    score, _ = ManualScore.objects.update_or_create(
        scheme=scheme_name,
        year=year,
        quarter=quarter or 0,
        unit=unit,
        code=code,
        defaults={"value": value, "evidence": evidence.strip(), "reviewer": reviewer.strip()},
    )
    return score


@transaction.atomic
def set_exemption(
    *,
    scheme_name: str,
    year: int,
    quarter: int | None,
    unit: Unit,
    code: str,
    reason: str,
    approved_by: str,
) -> Exemption:
    _, scheme = scheme_version(scheme_name, year)
    if scheme.leaf(code) is None:
        raise SchemeError(f"方案中没有指标 {code}")
    if not reason.strip() or not approved_by.strip():
        raise SchemeError("免于考核须填写理由和批准人")
    exemption, _ = Exemption.objects.update_or_create(
        scheme=scheme_name,
        year=year,
        quarter=quarter or 0,
        unit=unit,
        code=code,
        defaults={"reason": reason.strip(), "approved_by": approved_by.strip()},
    )
    return exemption


APPEAL_TEXT_MAX = 5000  # an appeal or its answer: a few paragraphs (TextField)


@transaction.atomic
def file_appeal(*, result: RunResult, code: str, text: str, actor=None) -> Appeal:
    """A unit contests a line of its result; the read-only roles cannot."""
    check_unit_write(actor, result.unit_id)
    if not text.strip() or code not in {line["code"] for line in result.detail.get("lines", [])}:
        raise SchemeError("请选择指标并填写申诉理由")
    text = clean_text(text, label="申诉理由", max_length=APPEAL_TEXT_MAX, error=SchemeError)
    return Appeal.objects.create(
        result=result,
        code=code,
        text=text,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def answer_appeal(*, appeal: Appeal, status: str, answer: str, actor=None) -> Appeal:
    """The office accepts or rejects an appeal, with its answer (history keeps who and when)."""
    check_office(actor)
    if status not in (Appeal.Status.ACCEPTED, Appeal.Status.REJECTED) or not answer.strip():
        raise SchemeError("请选择采纳或不予采纳，并填写答复")
    appeal.status = status
    appeal.answer = clean_text(answer, label="答复", max_length=APPEAL_TEXT_MAX, error=SchemeError)
    appeal.save(update_fields=["status", "answer"])
    return appeal
