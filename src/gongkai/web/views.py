"""Thin views: each one asks the permission choke point, calls selectors/services, renders."""

import re
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.adapters.readers import ImportFileError
from gongkai.calendar.selectors import schedule_reminder
from gongkai.orgs.models import ColumnCategory, UnitGroup
from gongkai.orgs.selectors import sees_every_unit
from gongkai.periods import Period
from gongkai.publishing.models import ImportBatch, ImportStatus
from gongkai.publishing.recovery import recover_stale_imports
from gongkai.publishing.selectors import (
    latest_period_with_data,
    latest_publication_day,
    search_publications,
    unit_items,
)
from gongkai.publishing.services import import_publications
from gongkai.publishing.tasks import read_progress, run_import, run_import_task
from gongkai.standards.presenters import table_title
from gongkai.standards.rules import StandardError
from gongkai.standards.services import compute_statistics, statistics_page
from gongkai.standards.statistics import PeriodPlan, display_cells, header_labels
from gongkai.web.charts import series_chart
from gongkai.web.forms import PeriodForm, PublicationSearchForm, UploadForm
from gongkai.web.listing import page_of, query_without_page, unit_options
from gongkai.web.permissions import (
    get_batch_for_user,
    get_unit_for_user,
    is_office,
    require_office,
    units_for_user,
)

PREVIEW_ROWS = 2000
# Rows of the statistics tables per dashboard page (a province has thousands of units).
UNITS_PER_PAGE = 100


def _default_period() -> dict:
    """The dashboard opens on the latest period that has data, not on a half-empty year."""
    latest = latest_period_with_data()
    if latest is None:
        return {"year": timezone.localdate().year, "kind": "year"}
    year, quarter = latest
    return (
        {"year": year, "kind": "quarter", "quarter": quarter}
        if quarter
        else {"year": year, "kind": "year"}
    )


def _period(form: PeriodForm) -> tuple[Period, str]:
    data = form.cleaned_data
    kind = data["kind"]
    if kind == "quarter":
        return Period.quarter(data["year"], data["quarter"]), kind
    if kind == "month":
        return Period.month(data["year"], data["month"]), kind
    if kind == "range":
        return Period.between(data["date_from"], data["date_to"]), kind
    return Period.year(data["year"]), kind


def _heat_class(count: int, threshold: int | None) -> str:
    if count == 0:
        return "zero"
    if threshold is not None and count < threshold:
        return "low"
    return "ok"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    groups = list(UnitGroup.objects.values_list("name", flat=True))
    data = request.GET.copy() if request.GET else _default_period()
    form = PeriodForm(data, groups=groups)
    context: dict = {
        "form": form,
        "tables": [],
        # Entering the schedule is the office's task: nobody else is told about it.
        "reminder": schedule_reminder(timezone.localdate()) if is_office(request.user) else None,
        "download_query": urlencode(data),
    }
    if form.is_valid():
        period, kind = _period(form)
        try:
            result = statistics_page(
                period=period,
                period_kind=kind,
                group=form.cleaned_data["group"] or None,
                unit_ids=_unit_scope(request.user, units_for_user(request.user)),
                page=request.GET.get("page"),
                per_page=UNITS_PER_PAGE,
            )
        except StandardError as exc:
            context["error"] = str(exc)
        else:
            context.update(_tables_context(result, period))
            context["page"] = result.page
            context["query"] = query_without_page(request)
    return render(request, "web/dashboard.html", context)


def statistics_for_user(user, form: PeriodForm):
    """The statistics tables of the form's period and group, for the units this user may see
    (the dashboard and its downloads show the same numbers)."""
    period, kind = _period(form)
    visible = _unit_scope(user, units_for_user(user))
    result = compute_statistics(
        period=period,
        period_kind=kind,
        group=form.cleaned_data["group"] or None,
        unit_ids=visible,
        record_findings=False,
    )
    return result, period


def _tables_context(result, period: Period) -> dict:
    standard = result.standard
    plan = PeriodPlan.make(standard, period)
    heat_category = next(
        (r.category for r in standard.categories if r.shows_months_not_updated),
        standard.categories[0].category,
    )
    tables = []
    pages = result.page.paginator.num_pages
    paged = f"（第{result.page.number}/{pages}页）" if pages > 1 else ""
    for table in result.tables:
        prefix = standard.wording.prefix(table.rows[0].unit.kind) if table.rows else ""
        headers = header_labels(standard, prefix)
        rows = []
        for row in table.rows:
            cells = display_cells(row, standard)
            series = row.monthly.get(heat_category, ())
            heat = [
                {"count": n, "css": _heat_class(n, t)}
                for n, t in zip(series, plan.thresholds[heat_category], strict=False)
            ]
            rows.append(
                {
                    "unit": row.unit,
                    "cells": [
                        {"text": cells[k], "multiline": "\n" in cells[k]} for k, _ in headers
                    ],
                    "heat": heat,
                }
            )
        title = table_title(standard, period, table.group)
        tables.append(
            {
                "title": title,
                "headers": [label for _, label in headers],
                "rows": rows,
                "heat_label": standard.label(heat_category, prefix),
                "notes": standard.notes.get(table.group, ()),
                "chart": _group_chart(table, standard, plan, prefix, title + paged),
                "chart_id": f"chart-group-{len(tables)}",
            }
        )
    months = [f"{m.month}月" for m in plan.months]
    return {
        "tables": tables,
        "months": months,
        "period": period,
        "standard": standard,
        "trend": _county_trend(result.monthly_totals, period, months),
    }


def _group_chart(table, standard, plan, prefix: str, title: str) -> dict:
    """Items per unit and category, each against the standard's minimum for the period."""
    categories = [r.category for r in standard.categories]
    return series_chart(
        "bar",
        f"{title}：各单位发布数量",
        [row.unit.name for row in table.rows],
        [
            (standard.label(c, prefix), [row.counts.get(c) or 0 for row in table.rows])
            for c in categories
        ],
        [(f"{standard.label(c, prefix)}标准", plan.minimums.get(c)) for c in categories],
    )


def _county_trend(totals: dict[str, tuple[int, ...]], period: Period, months: list[str]) -> dict:
    return series_chart(
        "line",
        f"{period.label}全县逐月发布数量",
        months,
        [(dict(ColumnCategory.choices).get(c, c), list(values)) for c, values in totals.items()],
    )


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    year = _int(request.GET.get("year"), None)
    if year is None:  # the latest period's year, looked up only when none was asked for
        year = _default_period()["year"]
    month = _int(request.GET.get("month"), None)
    if month is not None and not 1 <= month <= 12:
        month = None
    period = Period.year(year)
    counts: dict[int, dict[str, int]] = {m: {} for m in range(1, 13)}
    items = unit_items(unit.pk, period.start, period.end)
    for published_on, category in items.values_list("published_on", "category"):
        bucket = counts[published_on.month]
        bucket[category] = bucket.get(category, 0) + 1
    categories = list(unit.columns.values_list("category", flat=True).distinct())
    listing = []
    if month:
        within = Period.month(year, month)
        listing = (
            unit_items(unit.pk, within.start, within.end)
            .select_related("column")
            .order_by("-published_on", "-id")[:500]
        )
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "year": year,
            "month": month,
            "months": [
                {"month": m, "counts": [counts[m].get(c, 0) for c in categories]}
                for m in range(1, 13)
            ],
            "category_labels": [dict(ColumnCategory.choices).get(c, c) for c in categories],
            "listing": listing,
            "trend": series_chart(
                "line",
                f"{unit.name}{year}年逐月发布数量",
                [f"{m}月" for m in range(1, 13)],
                [
                    (
                        dict(ColumnCategory.choices).get(c, c),
                        [counts[m].get(c, 0) for m in range(1, 13)],
                    )
                    for c in categories
                ],
            ),
        },
    )


def _int(raw: str | None, default):
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def _require_import_rights(request: HttpRequest) -> None:
    require_office(request.user)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    _require_import_rights(request)
    recover_stale_imports()
    return render(
        request,
        "web/import_list.html",
        {"batches": ImportBatch.objects.select_related("actor")[:100]},
    )


def _safe_name(name: str) -> str:
    name = Path(name).name
    return re.sub(r"[^\w.\-\u4e00-\u9fff（）()]", "_", name)[:120] or "upload"


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_import_rights(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.IMPORT_DIR) / "uploads" / uuid.uuid4().hex
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / _safe_name(upload.name)
        with stored.open("wb") as handle:
            for piece in upload.chunks():
                handle.write(piece)
        batch = ImportBatch.objects.create(
            file_name=upload.name[:255],
            stored_path=str(stored),
            sheet=form.cleaned_data["sheet"],
            strict=form.cleaned_data["strict"],
            actor=request.user,
            status=ImportStatus.PREVIEWED,
        )
        return redirect("import_detail", batch_id=batch.pk)
    return render(request, "web/import_upload.html", {"form": form})


@login_required
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, batch_id)
    context: dict = {"batch": batch}
    if batch.status == ImportStatus.PREVIEWED:
        try:
            context["preview"] = import_publications(
                actor=request.user,
                path=Path(batch.stored_path),
                display_name=batch.file_name,
                sheet=batch.sheet or None,
                dry_run=True,
                row_limit=PREVIEW_ROWS,
                rejects_path=Path(settings.IMPORT_DIR) / str(batch.pk) / "预检问题行.csv",
            )
        except ImportFileError as exc:
            context["file_error"] = str(exc)
        context["preview_rows"] = PREVIEW_ROWS
        context["background"] = (
            Path(batch.stored_path).stat().st_size > settings.IMPORT_BACKGROUND_BYTES
        )
    elif batch.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        progress = read_progress(batch.pk)
        context["progress"] = {"percent": round(progress["share"] * 100), "rows": progress["rows"]}
    return render(request, "web/import_detail.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    get_batch_for_user(request.user, batch_id)
    updated = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED
    )
    if not updated:  # confirmed twice, or not a preview: nothing to do
        return redirect("import_detail", batch_id=batch_id)
    batch = ImportBatch.objects.get(pk=batch_id)
    if Path(batch.stored_path).stat().st_size > settings.IMPORT_BACKGROUND_BYTES:
        run_import_task(batch.pk)
        messages.info(request, "文件较大，已在后台导入，本页显示进度。")
    else:
        run_import(batch.pk)
        batch.refresh_from_db()
        messages.success(request, batch.message)
    return redirect("import_detail", batch_id=batch_id)


@login_required
def import_rejects(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, batch_id)
    path = Path(batch.rejects_path) if batch.rejects_path else None
    if path is None or not path.exists():
        raise Http404("没有问题行报告")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{Path(batch.file_name).stem}-问题行{path.suffix}",
    )


@login_required
def publication_list(request: HttpRequest) -> HttpResponse:
    """信息检索: the items of a period, filtered by unit, category and title, 50 a page; a unit's
    staff see their own unit's. Opens on the latest month with items."""
    visible = units_for_user(request.user)
    data = request.GET if "date_from" in request.GET else _latest_month()
    form = PublicationSearchForm(data, categories=ColumnCategory.choices)
    unit_id = _int(request.GET.get("unit"), None)
    rows = []
    if form.is_valid():
        if unit_id is not None:  # one unit, if this login may see it (else nothing)
            scope = [unit_id] if visible.filter(pk=unit_id).exists() else []
        else:
            scope = _unit_scope(request.user, visible)
        rows = search_publications(
            start=form.cleaned_data["date_from"],
            end=form.cleaned_data["date_to"],
            unit_ids=scope,
            category=form.cleaned_data["category"],
            text=form.cleaned_data["q"].strip(),
        )
    return render(
        request,
        "web/publication_list.html",
        {
            "form": form,
            "unit_options": unit_options(visible, unit_id),
            "page": page_of(request, rows),
            "query": query_without_page(request),
        },
    )


def _latest_month() -> dict:
    latest = latest_publication_day() or timezone.localdate()
    return {"date_from": latest.replace(day=1).isoformat(), "date_to": latest.isoformat()}


def _unit_scope(user, visible) -> list[int] | None:
    """None (every unit) for those who see the whole county: no IN list of thousands of ids."""
    return None if sees_every_unit(user) else list(visible.values_list("id", flat=True))
