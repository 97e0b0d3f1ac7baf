"""Assessment pages: frozen runs, each unit's score with the Findings behind every point lost,
manual scores, appeals, run comparison, the bulletin preview and the rectification ledger."""

from collections import Counter
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.assessment.compare import compare_results
from gongkai.assessment.models import AssessmentRun, ManualScore
from gongkai.assessment.scheme import SchemeError
from gongkai.assessment.selectors import provisional_note, results_for_user, run_results
from gongkai.assessment.services import (
    file_appeal,
    run_assessment,
    scheme_version,
    set_manual_score,
)
from gongkai.findings.models import Finding, FindingStatus
from gongkai.findings.services import set_finding_status
from gongkai.reports.bulletin_services import DEFAULT_SCHEME, bulletin_for
from gongkai.reports.bulletins import PLACEHOLDER, BulletinTemplateError
from gongkai.web.charts import pie_chart
from gongkai.web.listing import page_of, query_without_page, text_filter, unit_options
from gongkai.web.permissions import (
    can_write,
    get_finding_for_user,
    get_finding_for_user_write,
    get_result_for_user,
    get_result_for_user_write,
    get_run_for_user,
    is_office,
    require_office,
    sees_whole_run,
    units_for_user,
)


def _office_only(request: HttpRequest) -> None:
    require_office(request.user)


class RunForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="期间",
        choices=[
            ("", "全年"),
            ("1", "第一季度"),
            ("2", "第二季度"),
            ("3", "第三季度"),
            ("4", "第四季度"),
        ],
        required=False,
        coerce=int,
        empty_value=None,
    )


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        _office_only(request)
        if form.is_valid():
            try:
                run = run_assessment(
                    scheme_name=DEFAULT_SCHEME,
                    year=form.cleaned_data["year"],
                    quarter=form.cleaned_data["quarter"],
                    today=timezone.localdate(),
                    actor=request.user,
                )
            except SchemeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已生成考核批次 #{run.pk}（输入已冻结）")
                return redirect("run_detail", run_id=run.pk)
    runs = AssessmentRun.objects.select_related("created_by")
    years = sorted(set(runs.values_list("year", flat=True)), reverse=True)
    shown_year = request.GET.get("in_year", "")
    if shown_year.isdigit():
        runs = runs.filter(year=int(shown_year))
    return render(
        request,
        "web/run_list.html",
        {
            "page": page_of(request, runs),
            "query": query_without_page(request),
            "years": years,
            "shown_year": shown_year,
            "form": form,
            "can_run": is_office(request.user),
        },
    )


def _run_for_user(request: HttpRequest, run_id: int) -> AssessmentRun:
    return get_run_for_user(request.user, run_id)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_for_user(request, run_id)
    results = list(results_for_user(request.user, run))
    groups: dict[str, list] = {}
    for result in results:
        groups.setdefault(result.group, []).append(result)
    others = AssessmentRun.objects.exclude(pk=run.pk).filter(year=run.year)[:20]
    sees_all = len(results) == run.results.count()
    return render(
        request,
        "web/run_detail.html",
        {
            "run": run,
            "groups": groups,
            "others": others,
            "sees_all": sees_all,
            "grades": pie_chart(
                f"{run.period_label}考核等次分布",
                sorted(Counter(r.grade or "未定等次" for r in results).items(), key=_grade_order),
            )
            if sees_all
            else None,
            "provisional_note": provisional_note(run),
        },
    )


def _grade_order(item: tuple[str, int]) -> int:
    order = ("优秀", "良好", "合格", "不合格")
    return order.index(item[0]) if item[0] in order else len(order)


@login_required
def result_detail(request: HttpRequest, run_id: int, result_id: int) -> HttpResponse:
    run = _run_for_user(request, run_id)
    if request.method == "POST":
        result = get_result_for_user_write(request.user, run, result_id)
    else:
        result = get_result_for_user(request.user, run, result_id)
    findings = {f["id"]: f for f in run.inputs.get("findings", [])}
    statuses = dict(Finding.objects.filter(pk__in=list(findings)).values_list("pk", "status"))
    labels = dict(FindingStatus.choices)
    lines = []
    for line in result.detail.get("lines", []):
        lines.append(
            {
                **line,
                "findings": [
                    {**findings[i], "status": labels.get(statuses.get(i), "已删除")}
                    for i in line["finding_ids"]
                    if i in findings
                ],
            }
        )
    if request.method == "POST":
        try:
            file_appeal(
                result=result,
                code=request.POST.get("code", ""),
                text=request.POST.get("text", ""),
                actor=request.user,
            )
        except SchemeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "申诉已提交，政务公开办将答复")
            return redirect("result_detail", run_id=run.pk, result_id=result.pk)
    return render(
        request,
        "web/result_detail.html",
        {
            "run": run,
            "result": result,
            "lines": lines,
            "appeals": result.appeals.all(),
            "can_appeal": can_write(request.user, result.unit_id),
            "can_issue": is_office(request.user) and run.source == "computed",
        },
    )


@login_required
def run_compare(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_for_user(request, run_id)
    if not sees_whole_run(request.user, run):
        raise PermissionDenied("比较批次需要查看全部单位的权限")
    other = get_run_for_user(request.user, _int(request.GET.get("with"), 0))
    movements = compare_results(run_results(other), run_results(run))
    return render(
        request, "web/run_compare.html", {"run": run, "other": other, "movements": movements}
    )


@login_required
def bulletin_preview(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_for_user(request, run_id)
    if not sees_whole_run(request.user, run):
        raise PermissionDenied("通报预览需要查看全部单位的权限")
    kind = "quarterly" if run.quarter else "annual"
    try:
        bulletin = bulletin_for(run, kind=kind, dated=timezone.localdate())
    except BulletinTemplateError as exc:
        return render(request, "web/bulletin.html", {"run": run, "error": str(exc)})
    return render(
        request,
        "web/bulletin.html",
        {
            "run": run,
            "bulletin": bulletin,
            "placeholder": PLACEHOLDER.pattern,
            "provisional_note": provisional_note(run),
        },
    )


@login_required
def manual_scores(request: HttpRequest) -> HttpResponse:
    """Manual indicators of the scheme for a year: enter or change a value with its evidence."""
    year = _int(request.GET.get("year") or request.POST.get("year"), timezone.localdate().year - 1)
    try:
        _, scheme = scheme_version(DEFAULT_SCHEME, year)
    except SchemeError as exc:
        return render(request, "web/manual_scores.html", {"error": str(exc), "year": year})
    units = units_for_user(request.user)
    if request.method == "POST":
        _office_only(request)
        try:
            value = Decimal(request.POST.get("value", ""))
            set_manual_score(
                scheme_name=DEFAULT_SCHEME,
                year=year,
                quarter=None,
                unit=get_object_or_404(units, pk=_int(request.POST.get("unit"), 0)),
                code=request.POST.get("code", ""),
                value=value,
                evidence=request.POST.get("evidence", ""),
                reviewer=request.POST.get("reviewer", ""),
                actor=request.user,
            )
        except InvalidOperation:
            messages.error(request, "分值应为数字")
        except SchemeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已保存；重新生成考核批次后计入得分")
            return redirect(f"{request.path}?year={year}")
    manual_codes = scheme.manual_codes()
    items = [leaf for leaf in scheme.leaves() if leaf.code in manual_codes]
    items += [v for v in scheme.vetoes if v.code in manual_codes]
    items += list(scheme.bonus_items)
    entries = ManualScore.objects.filter(
        scheme=DEFAULT_SCHEME, year=year, quarter=0, unit__in=units
    ).select_related("unit")
    changes = ManualScore.history.filter(scheme=DEFAULT_SCHEME, year=year).order_by(
        "-history_date"
    )[:20]
    return render(
        request,
        "web/manual_scores.html",
        {
            "year": year,
            "items": items,
            "entries": entries,
            "units": units,
            "changes": changes if is_office(request.user) else [],
            "can_edit": is_office(request.user),
        },
    )


class LedgerForm(forms.Form):
    status = forms.ChoiceField(label="整改状态", choices=FindingStatus.choices)
    rectified_on = forms.DateField(
        label="完成日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status_note = forms.CharField(label="说明", required=False, max_length=500)


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    """整改台账: the Findings the user may see, filtered and one page at a time."""
    units = units_for_user(request.user)
    findings = Finding.objects.filter(unit__in=units).select_related("unit")
    status = request.GET.get("status", "")
    if status in FindingStatus.values:
        findings = findings.filter(status=status)
    unit_id = _int(request.GET.get("unit"), 0)
    if unit_id:
        findings = findings.filter(unit_id=unit_id)
    year = _int(request.GET.get("year"), 0)
    if year:
        findings = findings.filter(period_start__year=year)
    query = text_filter(request)
    if query:
        findings = findings.filter(message__icontains=query)
    ordered = findings.order_by("unit__group__order", "unit__order", "period_start", "kind", "id")
    # The years between the first and the last Finding: two index reads, not a per-row date
    # function over every Finding (50,000 Findings: 270 ms on SQLite).
    span = Finding.objects.filter(unit__in=units).aggregate(
        first=Min("period_start"), last=Max("period_start")
    )
    years = range(span["last"].year, span["first"].year - 1, -1) if span["last"] else []
    return render(
        request,
        "web/ledger.html",
        {
            "page": page_of(request, ordered),
            "query": query_without_page(request),
            "statuses": FindingStatus.choices,
            "status": status,
            "unit_options": unit_options(units, unit_id),
            "years": list(years),
            "year": year,
            "q": query,
            "can_edit": is_office(request.user),
        },
    )


@login_required
def ledger_update(request: HttpRequest, finding_id: int) -> HttpResponse:
    """One Finding of the ledger: its evidence and history; the office updates its status (POST)."""
    if request.method == "POST":
        finding = get_finding_for_user_write(request.user, finding_id)
    else:
        finding = get_finding_for_user(request.user, finding_id)
    form = LedgerForm(
        request.POST or None,
        initial={
            "status": finding.status,
            "rectified_on": finding.rectified_on,
            "status_note": finding.status_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["status"] == FindingStatus.RECTIFIED and not data["rectified_on"]:
            form.add_error("rectified_on", "已整改的问题须填写完成日期")
        else:
            set_finding_status(
                finding=finding,
                status=data["status"],
                rectified_on=data["rectified_on"],
                note=data["status_note"],
                actor=request.user,
            )
            messages.success(request, f"已更新：{finding.unit.name} {finding.message[:20]}…")
            return redirect(_back_to_ledger(request, request.POST.get("next")))
    return render(
        request,
        "web/ledger_detail.html",
        {
            "finding": finding,
            "form": form,
            "history": finding.history.order_by("-history_date")[:20],
            "can_edit": is_office(request.user),
            "next": _back_to_ledger(request, request.GET.get("next") or request.POST.get("next")),
        },
    )


def _back_to_ledger(request: HttpRequest, target: str | None) -> str:
    """The ledger page the clerk came from (its filters and page), never another site."""
    if (
        target
        and target.startswith("/ledger/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return reverse("ledger")


def _int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default
