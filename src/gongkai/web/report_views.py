"""Annual report checking in the browser: upload reports, see each one's tables beside its findings."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.adapters.documents import read_document_text
from gongkai.adapters.readers import ImportFileError
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import parse_text
from gongkai.national_format import (
    APPLICANT_COLUMNS,
    EDITIONS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
)

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


@login_required
def report_check(request: HttpRequest) -> HttpResponse:
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
    return render(
        request,
        "web/report_check.html",
        {
            "form": form,
            "results": results,
            "columns": APPLICANT_COLUMNS,
            "review_columns": REVIEW_COLUMNS,
        },
    )
