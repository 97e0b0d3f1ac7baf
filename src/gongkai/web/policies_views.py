"""Policy register pages: documents with their interpretations side by side, element coverage
marked in the interpretation text. A unit's login sees only the documents it issued or drafted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.calendar.core import CalendarGapError
from gongkai.calendar.selectors import work_calendar
from gongkai.errors import UserError
from gongkai.orgs.selectors import can_manage_imports
from gongkai.policies import checks as core
from gongkai.policies.highlight import highlighted_html
from gongkai.policies.rules import ELEMENTS
from gongkai.policies.selectors import (
    as_document,
    as_interpretation,
    documents_for_user,
    get_document_for_user,
    proposed_interpretations,
    rule_set,
    years_of,
)
from gongkai.web.permissions import is_office, require_office


def _check(row, calendar):
    interpretations = [as_interpretation(i) for i in row.interpretations.all()]
    year = row.published_on.year if row.published_on else None
    return core.check_document(as_document(row), interpretations, rule_set(year), calendar)


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = years_of(today)
    try:
        year = int(request.GET.get("year") or years[0])
    except ValueError:
        year = years[0]
    calendar = work_calendar()
    rows, error = [], ""
    for row in documents_for_user(request.user, year)[:1000]:
        try:
            result = _check(row, calendar)
        except CalendarGapError as exc:
            error = str(exc)
            result = None
        interp = next(
            (
                i
                for i in row.interpretations.all()
                if result and result.interpretation and i.pk == result.interpretation.id
            ),
            None,
        )
        present = len(result.elements) - len(result.elements_missing) if result else 0
        rows.append({"document": row, "result": result, "interp": interp, "present": present})
    return render(
        request,
        "web/policy_list.html",
        {
            "rows": rows,
            "year": year,
            "years": years,
            "error": error,
            "elements": len(ELEMENTS),
            "proposals": proposed_interpretations() if can_manage_imports(request.user) else [],
        },
    )


@login_required
@require_POST
def confirm_interpretation(request: HttpRequest, interpretation_id: int) -> HttpResponse:
    """The office confirms (or rejects) the document an interpretation was matched to."""
    from gongkai.policies.models import Interpretation
    from gongkai.policies.services import confirm_interpretation as confirm

    require_office(request.user)
    interp = get_object_or_404(proposed_interpretations(), pk=interpretation_id)
    if request.POST.get("decision") == "confirm":
        document = interp.proposed_document
        confirm(interpretation=interp, document=document)
        messages.success(request, f"已确认：{interp.title} → {document.title}")
    else:
        Interpretation.objects.filter(pk=interp.pk).update(proposed_document=None)
        messages.info(request, f"已驳回匹配：{interp.title}")
    return redirect("policy_list")


@login_required
def policy_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    row = get_document_for_user(request.user, document_id)
    error, result = "", None
    try:
        result = _check(row, work_calendar())
    except CalendarGapError as exc:
        error = str(exc)
    rules = rule_set(row.published_on.year if row.published_on else None)
    from gongkai.policies.elements import detect_elements

    interpretations = []
    for interp in row.interpretations.select_related("unit").order_by("published_on", "id"):
        hits = detect_elements(interp.text, rules)
        effective = core.reviewed_elements(hits, as_interpretation(interp))
        interpretations.append(
            {
                "interpretation": interp,
                # highlighted_html escapes every piece of the text itself.
                "html": mark_safe(highlighted_html(interp.text, hits)),  # noqa: S308
                "hits": [(e, effective[e], hits[e]) for e in ELEMENTS],
                "reviewed": bool(interp.elements_reviewed),
            }
        )
    return render(
        request,
        "web/policy_detail.html",
        {
            "document": row,
            "result": result,
            "error": error,
            "interpretations": interpretations,
            "can_review": is_office(request.user),
            "min_present": rules.elements_min_present,
            "pending_present": (
                len(result.elements) - len(result.elements_missing) if result else 0
            ),
        },
    )


@login_required
@require_POST
def review_elements(request: HttpRequest, interpretation_id: int) -> HttpResponse:
    """The office marks which of the nine elements an interpretation has; its reading wins."""
    from gongkai.policies.models import Interpretation
    from gongkai.policies.services import record_interpretation_findings
    from gongkai.policies.services import review_elements as review

    require_office(request.user)
    interp = get_object_or_404(
        Interpretation.objects.exclude(document=None).select_related("document"),
        pk=interpretation_id,
    )
    try:
        present = review(
            interpretation=interp,
            present=None if request.POST.get("reset") else request.POST.getlist("present"),
        )
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("policy_detail", document_id=interp.document_id)
    if present:
        messages.success(request, f"已核定要素：{interp.title}（具备 {sum(present.values())} 项）")
    else:
        messages.info(request, f"已恢复自动识别：{interp.title}")
    published = interp.document.published_on
    if published:  # the year's Findings follow the office's reading at once
        try:
            record_interpretation_findings(year=published.year, calendar=work_calendar())
        except CalendarGapError as exc:
            messages.error(request, f"问题清单未更新：{exc}")
    return redirect("policy_detail", document_id=interp.document_id)
