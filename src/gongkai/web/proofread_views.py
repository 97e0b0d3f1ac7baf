"""Proofreading pages: check pasted or uploaded text (hits highlighted in place), the review queue."""

import tempfile
from dataclasses import replace
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.adapters.readers import ImportFileError
from gongkai.errors import UserError
from gongkai.orgs.selectors import can_manage_imports, get_unit_for_user, units_for_user
from gongkai.proofread import selectors, services
from gongkai.proofread.checkers.lexicon import LEXICON_CATEGORIES
from gongkai.proofread.models import HitStatus
from gongkai.web.listing import page_of, query_without_page, text_filter
from gongkai.web.permissions import is_office, require_office

CATEGORY_LABELS = {
    "place": "地名",
    "leader": "领导职务",
    "expression": "规范表述",
    "typo": "错别字",
    "format": "格式",
    "personal": "个人信息",
    "image": "图片",
}
SEVERITY_LABELS = {"high": "严重", "medium": "一般", "low": "提示"}
MAX_CHARS = 200_000


class CheckForm(forms.Form):
    text = forms.CharField(
        label="粘贴文字", widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    file = forms.FileField(
        label="或上传文件（.docx、.pdf、.html、.txt；图片 .png、.jpg 查水印，需 OCR 扩展）",
        required=False,
    )
    unit = forms.ModelChoiceField(label="所属单位", queryset=None, required=False)
    record = forms.BooleanField(label="保存并送审核队列", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_user(user)


def can_review(user) -> bool:
    """Confirming or dismissing is the office's decision (the same people who import data)."""
    return can_manage_imports(user)


def _segments(text: str, hits) -> list[dict]:
    """The text cut into plain and marked pieces (the template escapes every piece)."""
    pieces, pos = [], 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start < pos:
            continue  # overlapping hits: the first one is marked, all are listed
        if hit.start > pos:
            pieces.append({"text": text[pos : hit.start]})
        pieces.append({"text": text[hit.start : hit.end], "hit": hit})
        pos = hit.end
    if pos < len(text):
        pieces.append({"text": text[pos:]})
    return pieces


def _labelled(hits) -> list[dict]:
    return [
        {
            **h.as_dict(),
            "category_label": CATEGORY_LABELS[h.category],
            "severity_label": SEVERITY_LABELS[h.severity],
        }
        for h in hits
    ]


@login_required
def proofread_page(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        text, label = form.cleaned_data["text"], "粘贴的文字"
        upload = form.cleaned_data["file"]
        pictures, note, from_image = [], "", False
        try:
            if upload is not None:
                (first, *pictures), note = _read_upload(upload)
                text, label, from_image = first.text, first.label, first.from_image
            if not text.strip() and not from_image:
                raise UserError("请粘贴文字或上传文件")
            if len(text) > MAX_CHARS:
                raise UserError(
                    f"文字过长（{len(text)} 字），请分段审校（每次不超过 {MAX_CHARS} 字）"
                )
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            unit = form.cleaned_data["unit"]
            today = timezone.localdate()
            unit_id = unit.pk if unit else None
            item = services.TextToCheck(label, text, unit_id, today, from_image=from_image)
            pictures = [replace(p, unit_id=unit_id, dated=today) for p in pictures]
            ctx = services.build_context(today=today)
            if form.cleaned_data["record"]:
                if unit is None:
                    form.add_error("unit", "保存到审核队列需要选择所属单位")
                else:
                    run = services.record_check(
                        texts=[item, *pictures],
                        today=today,
                        source="web",
                        actor=request.user,
                        ctx=ctx,
                    )
                    messages.info(request, f"已保存（审校批次 {run.pk}），问题已送审核队列")
            (_, hits), *seen = services.proofread_texts(texts=[item, *pictures], ctx=ctx)
            result = {
                "label": label,
                "segments": _segments(text, hits),
                "hits": _labelled(hits),
                "note": note or ("图片中未识别到文字" if from_image and not text.strip() else ""),
                "pictures": [
                    {"label": p.label, "text": p.text, "hits": _labelled(h)} for p, h in seen
                ],
            }
    return render(request, "web/proofread.html", {"form": form, "result": result})


def _read_upload(upload) -> tuple[list, str]:
    """The upload's text first (an image's: what OCR read), then its pictures', and a note."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        with path.open("wb") as handle:
            for piece in upload.chunks():
                handle.write(piece)
        try:
            texts, note = services.texts_of_file(path, unit_id=None, dated=None)
        except ImportFileError as exc:
            raise UserError(str(exc)) from None
    return texts, note


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", HitStatus.PENDING)
    category = request.GET.get("category", "")
    unit_id = request.GET.get("unit", "")
    unit = get_unit_for_user(request.user, int(unit_id)) if unit_id.isdigit() else None
    hits = selectors.hits_for_user(
        request.user,
        status=status if status in HitStatus.values else "",
        category=category if category in CATEGORY_LABELS else "",
        unit_id=unit.pk if unit else None,
    )
    page = Paginator(hits, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "hit": hit,
            "category_label": CATEGORY_LABELS.get(hit.category, hit.category),
            "severity_label": SEVERITY_LABELS.get(hit.severity, hit.severity),
            "before": hit.checked.text[max(0, hit.start - 20) : hit.start],
            "after": hit.checked.text[hit.end : hit.end + 20],
            "marked": hit.text
            if hit.category == "personal"
            else hit.checked.text[hit.start : hit.end],
        }
        for hit in page
    ]
    return render(
        request,
        "web/proofread_queue.html",
        {
            "rows": rows,
            "page": page,
            "status": status,
            "category": category,
            "unit": unit,
            "units": units_for_user(request.user),
            "statuses": HitStatus.choices,
            "categories": CATEGORY_LABELS.items(),
            "can_review": can_review(request.user),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, hit_id: int) -> HttpResponse:
    hit = selectors.get_hit_for_user(request.user, hit_id)  # 404 for outsiders
    if not can_review(request.user):
        raise PermissionDenied("只有政务公开办可以确认或排除审校问题")
    action = request.POST.get("action")
    try:
        if action == "confirm":
            services.confirm_hit(hit=hit, actor=request.user, note=request.POST.get("note", ""))
            messages.info(request, f"已确认：“{hit.text}”，记为问题（整改台账）")
        elif action == "dismiss":
            services.dismiss_hit(
                hit=hit,
                actor=request.user,
                reason=request.POST.get("note", ""),
                allowlist=request.POST.get("allowlist", ""),
            )
            messages.info(request, f"已排除：“{hit.text}”")
        else:
            raise UserError("未知操作")
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("next") or "proofread_queue")


# The lexicon (规范表述、过时表述、慎用词、办公室用语): read by every login, kept by the office ----------


class LexiconForm(forms.Form):
    term = forms.CharField(label="词条", max_length=200)
    category = forms.ChoiceField(label="类别", choices=[(c, c) for c in LEXICON_CATEGORIES])
    variants = forms.CharField(
        label="常见误写（每行一个）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    replacement = forms.CharField(label="建议写法", max_length=200, required=False)
    outdated_from = forms.DateField(
        label="过时起始日期（过时表述必填）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    source = forms.CharField(label="出处", max_length=300, required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    @classmethod
    def of(cls, entry) -> "LexiconForm":
        return cls(
            initial={
                "term": entry.term,
                "category": entry.category,
                "variants": "\n".join(entry.variants),
                "replacement": entry.replacement,
                "outdated_from": entry.outdated_from,
                "note": entry.note,
                "source": entry.source,
                "active": entry.active,
            }
        )

    def fields_to_save(self) -> services.LexiconFields:
        data = self.cleaned_data
        return services.LexiconFields(
            term=data["term"],
            category=data["category"],
            variants=tuple(line.strip() for line in data["variants"].splitlines()),
            replacement=data["replacement"],
            outdated_from=data["outdated_from"],
            note=data["note"],
            source=data["source"],
            active=data["active"],
        )


def _save_lexicon(request: HttpRequest, form: LexiconForm, entry=None):
    """The entry saved (and a message), or None with the reason on the form."""
    require_office(request.user)
    if not form.is_valid():
        return None
    try:
        saved = services.save_lexicon_entry(
            fields=form.fields_to_save(), entry=entry, actor=request.user
        )
    except UserError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, f"已保存词条「{saved.term}」")
    return saved


@login_required
def lexicon_list(request: HttpRequest) -> HttpResponse:
    """The lexicon with search, category filter and pages; the office adds entries here."""
    form = LexiconForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and _save_lexicon(request, form):
        return redirect("proofread_lexicon")
    query = text_filter(request)
    category = request.GET.get("category", "")
    rows = selectors.lexicon_rows(
        text=query, category=category if category in LEXICON_CATEGORIES else ""
    )
    return render(
        request,
        "web/lexicon_list.html",
        {
            "page": page_of(request, rows),
            "query": query_without_page(request),
            "q": query,
            "category": category,
            "categories": LEXICON_CATEGORIES,
            "form": form,
            "can_edit": is_office(request.user),
            "bundled": not selectors.lexicon_rows().exists(),
        },
    )


@login_required
def lexicon_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    """One entry, its history (who changed what, when) and, for the office, its form."""
    entry = selectors.get_lexicon_entry(entry_id)
    form = LexiconForm(request.POST) if request.method == "POST" else LexiconForm.of(entry)
    if request.method == "POST" and _save_lexicon(request, form, entry):
        return redirect("proofread_lexicon_edit", entry_id=entry.pk)
    return render(
        request,
        "web/lexicon_edit.html",
        {
            "entry": entry,
            "form": form,
            "can_edit": is_office(request.user),
            "history": entry.history.select_related("history_user")[:50],
        },
    )
