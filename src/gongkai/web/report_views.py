"""Annual report checking in the browser: upload reports, see each one's tables beside its findings."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.adapters.documents import read_document_text
from gongkai.adapters.readers import ImportFileError
from gongkai.annualreport.aggregate import summary_table
from gongkai.annualreport.builder import BuildError, render_docx, render_html
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import parse_text
from gongkai.annualreport.services import report_data
from gongkai.errors import UserError
from gongkai.exports import xlsx
from gongkai.national_format import (
    APPLICANT_COLUMNS,
    EDITIONS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
)
from gongkai.web.download_views import attachment
from gongkai.web.permissions import get_unit_for_user, units_for_user

MAX_FILES = 50
KEYS_BY_LABEL = {label: key for e in EDITIONS.values() for key, label in e.labels.items()}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; an empty file is kept so that its own message can say so."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ReportUploadForm(forms.Form):
    files = MultipleFileField(label="年度报告（.txt、.html、.docx、.pdf，可多选）")


def _marked(findings) -> set[tuple[str, str, int | None]]:
    """(section, row key, column index or None for the whole row) named by the findings."""
    marks = set()
    for finding in findings:
        for ref in finding.cells:
            parts = ref.split("/")
            if len(parts) < 2 or parts[1] not in KEYS_BY_LABEL:
                continue
            column = (
                APPLICANT_COLUMNS.index(parts[2])
                if len(parts) > 2 and parts[2] in APPLICANT_COLUMNS
                else None
            )
            marks.add((parts[0], KEYS_BY_LABEL[parts[1]], column))
    return marks


def _grid(report, findings) -> dict:
    marks = _marked(findings)
    section4_marked = {
        ref.split("/")[1]
        for f in findings
        for ref in f.cells
        if ref.startswith("四/") and "/" in ref
    }

    def cells(section, key, values):
        return [
            {
                "value": f"{v.normalize():f}",
                "marked": (section, key, None) in marks or (section, key, i) in marks,
            }
            for i, v in enumerate(values)
        ]

    return {
        "section2": [
            {
                "label": row.label,
                "cells": [
                    {**cell, "column": column}
                    for cell, column in zip(
                        cells("二", row.key, report.section2[row.key]), row.columns, strict=True
                    )
                ],
            }
            for row in report.edition.section2
            if row.key in report.section2
        ],
        "section3": [
            {"label": row.label, "cells": cells("三", row.key, report.section3[row.key])}
            for row in report.edition.section3
            if row.key in report.section3
        ],
        "section4": [
            {
                "label": block,
                "marked": block in section4_marked,
                "cells": [f"{v.normalize():f}" for v in report.section4[i * 5 : i * 5 + 5]],
            }
            for i, block in enumerate(REVIEW_BLOCKS)
        ]
        if report.section4 is not None
        else [],
    }


class BuildForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=None)
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)
    fmt = forms.ChoiceField(
        label="格式", choices=[("docx", "Word（.docx）"), ("html", "网页（.html）")]
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


@login_required
@require_GET
def annual_report_build(request: HttpRequest) -> HttpResponse:
    """A unit's annual report in the national format, from Gongkai's own records (the units this
    login may see: a clerk builds its own unit's); as `gongkai annual-report build` writes it."""
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        get_unit_for_user(request.user, int(unit_id))  # 404 for a unit this login may not see
    form = BuildForm(request.GET, units=units_for_user(request.user))
    if not form.is_valid():
        return HttpResponse("请选择单位和年度：" + form.errors.as_text(), status=400)
    unit, year, fmt = (form.cleaned_data[k] for k in ("unit", "year", "fmt"))
    name = f"{unit.full_name or unit.name}{year}年度政府信息公开工作年度报告.{fmt}"
    try:
        data = report_data(unit=unit, year=year)
        if fmt == "html":
            content = render_html(data).encode("utf-8")
        else:
            with tempfile.TemporaryDirectory(prefix="gongkai-report-") as folder:
                content = render_docx(data, Path(folder) / "report.docx").read_bytes()
    except BuildError as exc:
        return _refused(f"数据不符合年度报告格式的勾稽关系：{exc}")
    except UserError as exc:  # section 二 not entered yet: never printed as zeros
        return _refused(str(exc))
    return attachment(content, name)


def _refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")


@login_required
def report_check(request: HttpRequest) -> HttpResponse:
    """Check uploaded reports and show them; with `summary`, answer the checks' 汇总表 (.xlsx) as
    `gongkai annual-report check --summary` writes it (nothing is stored either way)."""
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    results = []
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["files"][:MAX_FILES]
        with tempfile.TemporaryDirectory() as folder:
            for upload in uploads:
                path = Path(folder) / Path(upload.name).name
                with path.open("wb") as handle:
                    for piece in upload.chunks():
                        handle.write(piece)
                try:
                    report = parse_text(read_document_text(path), upload.name)
                except ImportFileError as exc:
                    results.append({"name": upload.name, "error": str(exc)})
                    continue
                findings = check(report)
                results.append(
                    {
                        "name": upload.name,
                        "report": report,
                        "findings": findings,
                        "grid": _grid(report, findings),
                    }
                )
    checked = [(r["report"], r["findings"]) for r in results if "report" in r]
    if request.POST.get("summary") and checked:
        with tempfile.TemporaryDirectory(prefix="gongkai-summary-") as folder:
            path = xlsx.write_tables(Path(folder) / "summary.xlsx", [summary_table(checked)])
            return attachment(path.read_bytes(), "年度报告检查汇总.xlsx")
    return render(
        request,
        "web/report_check.html",
        {
            "build_form": BuildForm(units=units_for_user(request.user)),
            "form": form,
            "results": results,
            "columns": APPLICANT_COLUMNS,
            "review_columns": REVIEW_COLUMNS,
        },
    )
