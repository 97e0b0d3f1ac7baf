"""Reading frozen runs: results, rankings per group, bands, and who may see what."""

from decimal import Decimal

from django.http import Http404

from gongkai.assessment.models import AssessmentRun, RunResult
from gongkai.assessment.ranking import (
    BandCount,
    band_counts,
    band_sentence,
    excellent_sentence,
    ranked_by_group,
)
from gongkai.assessment.scheme import PENDING_LABELS, SchemeError, parse_scheme
from gongkai.orgs.selectors import ALL_UNIT_ROLES, account_for

DEFAULT_BANDS = (Decimal(90), Decimal(80), Decimal(60))


def get_run(run_id: int) -> AssessmentRun:
    run = AssessmentRun.objects.filter(pk=run_id).first()
    if run is None:
        raise SchemeError(f"没有考核批次 #{run_id}（gongkai assess run 可新建）")
    return run


def latest_run(*, year: int, quarter: int | None) -> AssessmentRun | None:
    return AssessmentRun.objects.filter(year=year, quarter=quarter).order_by("-id").first()


def run_results(run: AssessmentRun) -> list[dict]:
    return [r.detail for r in run.results.order_by("order")]


def group_titles(run: AssessmentRun) -> dict[str, str]:
    if not run.definition:
        return {}
    return dict(parse_scheme(run.definition).group_titles)


def ranked_groups(run: AssessmentRun) -> list[dict]:
    """Per group, in the run's order: a title ("县直单位") and the ranked rows as `Ranked`."""
    titles = group_titles(run)
    groups = ranked_by_group(run_results(run))
    return [
        {"group": group, "title": titles.get(group, group), "ranking": ranking}
        for group, ranking in groups.items()
    ]


def bands_for(run: AssessmentRun, cuts: list[Decimal] | None) -> list[BandCount]:
    if cuts is None:
        cuts = list(parse_scheme(run.definition).bands) if run.definition else list(DEFAULT_BANDS)
    return band_counts([r.score for r in run.results.all()], cuts)


def pending_rule(run: AssessmentRun) -> str:
    """How the run's scheme counts unscored manual indicators (scheme.PENDING_CHOICES)."""
    return parse_scheme(run.definition).pending if run.definition else ""


def provisional_note(run: AssessmentRun) -> str:
    """ "" for a final run; for a run with unscored manual indicators, one sentence saying so."""
    results = run_results(run)
    pending = sum(r.get("pending", 0) for r in results)
    if not pending:
        return ""
    units = sum(1 for r in results if r.get("pending"))
    rule = PENDING_LABELS.get(pending_rule(run), "")
    return (
        f"暂定结果：{units} 个单位共 {pending} 项人工指标尚未评分"
        + (f"，按方案{rule}" if rule else "")
        + "；评分录齐后重新生成考核批次即为正式结果。"
    )


def run_payload(run: AssessmentRun) -> dict:
    groups = ranked_groups(run)
    bands = bands_for(run, None)
    note = provisional_note(run)
    return {
        "run": run.pk,
        "scheme": run.scheme,
        "title": run.title,
        "period": run.period_label,
        "digest": run.digest,
        "source": run.source,
        "provisional": bool(note),
        "provisional_note": note,
        "pending_rule": pending_rule(run),
        "groups": [
            {
                "group": g["group"],
                "title": g["title"],
                "excellent_sentence": excellent_sentence(
                    f"{len(g['ranking'])}个{g['title']}", g["ranking"]
                ),
            }
            for g in groups
        ],
        "results": run_results(run),
        "bands": [{"label": b.label, "count": b.count, "share": b.share_text} for b in bands],
        "band_sentence": band_sentence(bands),
    }


def results_for_user(user, run: AssessmentRun):
    """Office, leaders and evaluators see every unit; a unit's staff see their own unit only."""
    results = run.results.order_by("order")
    if not user.is_authenticated:
        return results.none()
    if user.is_superuser:
        return results
    account = account_for(user)
    if account is None:
        return results.none()
    if account.role in ALL_UNIT_ROLES:
        return results
    return results.filter(unit_id=account.unit_id) if account.unit_id else results.none()


def get_result_for_user(user, run: AssessmentRun, result_id: int) -> RunResult:
    result = results_for_user(user, run).filter(pk=result_id).first()
    if result is None:
        raise Http404
    return result
