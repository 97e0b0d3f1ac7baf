"""Writes of the proofreading app: check runs and their hits, review decisions, word lists."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.adapters.readers import ImportFileError
from gongkai.errors import UserError, clean_text
from gongkai.findings.services import FindingDraft, replace_findings_by_day
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import check_office
from gongkai.periods import Period
from gongkai.proofread.checkers import engine
from gongkai.proofread.checkers.defaults import bundled_lexicon, roster_from_data
from gongkai.proofread.checkers.gazetteer import CITY, COUNTY, level_of, load_gazetteer
from gongkai.proofread.checkers.hits import Hit as CoreHit
from gongkai.proofread.checkers.lexicon import Lexicon, lexicon_from_data
from gongkai.proofread.checkers.places import Jurisdiction
from gongkai.proofread.checkers.roster import Post, Roster
from gongkai.proofread.checkers.typos import load_typo_model
from gongkai.proofread.models import (
    AllowedPhrase,
    CheckedText,
    CheckRun,
    Hit,
    HitStatus,
    LeaderPost,
    LexiconEntry,
)

FINDING_SOURCE = "proofread"
FURNITURE_PAGES = 2  # a picture on more of a period's articles than this is the site's own


@dataclass(frozen=True)
class TextToCheck:
    label: str
    text: str
    unit_id: int | None = None
    dated: date | None = None
    reference: str = ""
    from_image: bool = False  # text OCR read off a picture: watermarks and personal data only


def texts_of_file(
    path: Path, *, unit_id: int | None, dated: date | None
) -> tuple[list[TextToCheck], str]:
    """A file's text and the text of its pictures (when the OCR extra is installed), and a note
    for the person when pictures were left unread. ImportFileError for a file that cannot be read."""
    from gongkai.adapters import ocr
    from gongkai.adapters.documents import read_document_text

    texts = []
    is_image = path.suffix.lower() in ocr.IMAGE_SUFFIXES
    if not is_image:
        texts.append(TextToCheck(path.name, read_document_text(path), unit_id, dated))
    elif not path.exists():
        raise ImportFileError(f"{path.name}: 文件不存在")
    pictures = ocr.images_in(path)
    if pictures and not ocr.available():
        if is_image:
            raise ImportFileError(f"{path.name}: {ocr.EXTRA_MISSING}")
        return texts, f"{path.name} 中的 {len(pictures)} 张图片未检查（{ocr.EXTRA_MISSING}）"
    for label, data in pictures:
        lines = ocr.image_lines(data, label)
        texts.append(TextToCheck(label, "\n".join(lines), unit_id, dated, from_image=True))
    return texts, ""


def _digest(rows: list) -> str:
    return hashlib.sha1(json.dumps(rows, ensure_ascii=False, default=str).encode()).hexdigest()[:12]


def current_lexicon() -> Lexicon:
    """The office's lexicon from the database; the bundled one until anything is loaded."""
    rows = list(
        LexiconEntry.objects.filter(active=True).values(
            "term", "category", "variants", "replacement", "outdated_from", "note", "source"
        )
    )
    if not rows:
        return bundled_lexicon()
    lexicon = lexicon_from_data({"entries": rows})
    lexicon.version = f"db-{_digest(rows)}"
    return lexicon


def current_roster() -> Roster:
    rows = list(
        LeaderPost.objects.values_list("name", "title", "organisation", "start", "end", "order")
    )
    roster = Roster([Post(*row) for row in rows])
    roster.version = f"db-{_digest(rows)}" if rows else "empty"
    return roster


def home_jurisdiction() -> Jurisdiction | None:
    """The registry's region (e.g. 新乡县) as a county or city of the gazetteer, if unambiguous."""
    from gongkai.orgs.models import Region

    region = Region.objects.first()
    if region is None:
        return None
    codes = [c for c in load_gazetteer().find(region.name) if level_of(c) in (COUNTY, CITY)]
    if len(codes) != 1:
        return None
    names = frozenset(Unit.objects.values_list("name", flat=True))
    return Jurisdiction(codes[0], names)


def build_context(*, today: date, typos: bool = True) -> engine.Context:
    model = load_typo_model(settings.PROOFREAD_TYPOS)  # its word frequencies serve places too
    allow = frozenset(AllowedPhrase.objects.filter(unit=None).values_list("phrase", flat=True))
    unit_names = frozenset(Unit.objects.values_list("name", flat=True)) | frozenset(
        n for n in Unit.objects.values_list("full_name", flat=True) if n
    )
    return engine.Context(
        today=today,
        gazetteer=load_gazetteer(),
        home=home_jurisdiction(),
        roster=current_roster(),
        lexicon=current_lexicon(),
        typo_model=model if typos else None,
        words=model.freq,
        protected_names=unit_names,
        allowlist=allow,
    )


def context_versions(ctx: engine.Context) -> dict:
    return {
        "gazetteer": ctx.gazetteer.version if ctx.gazetteer else "",
        "lexicon": ctx.lexicon.version if ctx.lexicon else "",
        "roster": ctx.roster.version if ctx.roster else "",
        "home": ctx.home.code if ctx.home else "",
        "typos": _typo_version(ctx.typo_model) if ctx.typo_model else "off",
    }


def _typo_version(model) -> str:
    lm = f"+{model.lm.source}" if model.lm else ""
    return f"jieba+confusions{lm} {model.sensitivity}".strip()


def allowlist_for(unit_id: int | None, ctx: engine.Context) -> frozenset[str]:
    if unit_id is None:
        return ctx.allowlist
    own = AllowedPhrase.objects.filter(unit_id=unit_id).values_list("phrase", flat=True)
    return ctx.allowlist | frozenset(own)


def texts_of_period(
    *, start: date, end: date, images: bool = False
) -> tuple[list[TextToCheck], str]:
    """What units published in [start, end]: every publication's title, every crawled article's
    text and, with `images`, the pictures those articles show (read by OCR); and a note."""
    from gongkai.adapters import ocr
    from gongkai.publishing.selectors import publication_titles
    from gongkai.sitecheck.selectors import article_texts
    from gongkai.sitecheck.services import fetch_site_images

    texts = [
        TextToCheck(p.title, p.title, p.unit_id, p.published_on, f"publication:{p.id}")
        for p in publication_titles(start=start, end=end)
    ]
    articles = article_texts(start=start, end=end)
    texts += [
        TextToCheck(a["title"] or a["url"], a["body_text"], a["unit_id"], a["published"], a["url"])
        for a in articles
        if a["body_text"].strip()
    ]
    # A picture shown by many articles is the page's furniture (a logo, the portal's own
    # "关注公众号" QR code), not what an article published: left out.
    shown = Counter(url for a in articles for url in a["images"])
    pictures = [(a, url) for a in articles for url in a["images"] if shown[url] <= FURNITURE_PAGES]
    if not images or not pictures:
        return texts, ""
    if not ocr.available():
        return texts, f"文章中的 {len(pictures)} 张图片未检查（{ocr.EXTRA_MISSING}）"
    by_site: dict[int, list[tuple[dict, str]]] = {}
    for article, url in pictures:
        by_site.setdefault(article["site_id"], []).append((article, url))
    unread, read = 0, {}
    for site_id, wanted in by_site.items():
        fetched = dict(fetch_site_images(site_id=site_id, urls=[url for _, url in wanted]))
        for article, url in wanted:
            if url not in read:
                try:
                    read[url] = ocr.image_lines(fetched[url], url) if url in fetched else None
                except ImportFileError:
                    read[url] = None
            lines = read[url]
            if lines is None:
                unread += 1
                continue
            texts.append(
                TextToCheck(
                    f"{article['title'] or article['url']}（图片 {url.rsplit('/', 1)[-1]}）",
                    "\n".join(lines),
                    article["unit_id"],
                    article["published"],
                    url,
                    from_image=True,
                )
            )
    return texts, f"{unread} 张图片无法读取" if unread else ""


def proofread_texts(
    *, texts: list[TextToCheck], ctx: engine.Context
) -> list[tuple[TextToCheck, list[CoreHit]]]:
    """Check without storing anything (the CLI and the web page's preview)."""
    results = []
    for item in texts:
        item_ctx = engine.Context(**{**ctx.__dict__, "allowlist": allowlist_for(item.unit_id, ctx)})
        categories = engine.IMAGE_CHECKERS if item.from_image else None
        results.append((item, engine.proofread(item.text, item_ctx, categories=categories)))
    return results


@transaction.atomic
def record_check(
    *,
    texts: list[TextToCheck],
    today: date,
    source: str,
    actor=None,
    ctx: engine.Context | None = None,
) -> CheckRun:
    """Check texts and store the run, the texts and their hits as candidates for review."""
    ctx = ctx or build_context(today=today)
    run = CheckRun.objects.create(
        source=source, actor=actor, today=today, versions=context_versions(ctx)
    )
    for item, hits in proofread_texts(texts=texts, ctx=ctx):
        checked = CheckedText.objects.create(
            run=run,
            unit_id=item.unit_id,
            label=item.label[:500],
            reference=item.reference[:200],
            dated=item.dated or today,
            text=item.text,
        )
        Hit.objects.bulk_create(
            [
                Hit(
                    checked=checked,
                    unit_id=item.unit_id,
                    start=h.start,
                    end=h.end,
                    text=h.text[:200],
                    category=h.category,
                    rule=h.rule,
                    severity=h.severity,
                    suggestion=h.suggestion[:300],
                    reason=h.reason,
                )
                for h in hits
            ]
        )
    return run


@transaction.atomic
def confirm_hit(*, hit: Hit, actor, note: str = "") -> Hit:
    hit.status = HitStatus.CONFIRMED
    hit.decided_by, hit.decided_at, hit.decision_note = actor, timezone.now(), note
    hit.save()
    _refresh_year(hit)
    return hit


@transaction.atomic
def dismiss_hit(*, hit: Hit, actor, reason: str, allowlist: str = "") -> Hit:
    """Dismiss with a reason; allowlist "unit" or "everywhere" keeps the phrase from coming back."""
    if not reason.strip():
        raise UserError("排除审校问题需要写明理由")
    if allowlist not in ("", "unit", "everywhere"):
        raise UserError("白名单范围应为 unit（本单位）或 everywhere（全部单位）")
    if hit.category == "personal" and allowlist:
        raise UserError("个人信息不能加入白名单")
    hit.status = HitStatus.DISMISSED
    hit.decided_by, hit.decided_at, hit.decision_note = actor, timezone.now(), reason
    hit.save()
    if allowlist:
        phrase = hit.checked.text[hit.start : hit.end]
        unit_id = hit.unit_id if allowlist == "unit" else None
        AllowedPhrase.objects.get_or_create(
            phrase=phrase, unit_id=unit_id, defaults={"reason": reason, "created_by": actor}
        )
        twins = Hit.objects.filter(status=HitStatus.PENDING, category=hit.category, text=hit.text)
        if unit_id is not None:
            twins = twins.filter(unit_id=unit_id)
        for twin in twins:  # one by one, so each keeps its history row
            twin.status, twin.decided_by = HitStatus.DISMISSED, actor
            twin.decided_at, twin.decision_note = timezone.now(), f"白名单：{reason}"
            twin.save()
    _refresh_year(hit)
    return hit


def _refresh_year(hit: Hit) -> None:
    day = hit.checked.dated
    refresh_findings(period=Period(day, day, day.isoformat()))


def finding_message(unit_name: str, hit: Hit) -> str:
    if hit.category == "personal":
        return f"{unit_name}在上传信息时公开了个人信息（{hit.text}）"
    if hit.category == "format":
        return f"{unit_name}在上传信息时未按要求排版（{hit.reason}）"
    if hit.category == "image":
        return f"{unit_name}上传的图片带有“{hit.text}”水印"
    return f"{unit_name}在上传信息时出现“{hit.text}”等字样"


@transaction.atomic
def refresh_findings(*, period: Period, today: date | None = None) -> int:
    """Confirmed hits become Findings `proofread.<category>.<hit id>`, each dated on its text's day.

    A Finding's period is that single day, so it lies inside every quarter and year containing it
    and is counted once whatever period an assessment asks for.
    """
    confirmed = Hit.objects.filter(
        status=HitStatus.CONFIRMED,
        unit__isnull=False,
        checked__dated__range=(period.start, period.end),
    ).select_related("unit", "checked")
    by_day: dict[date, list[FindingDraft]] = {}
    for hit in confirmed:
        by_day.setdefault(hit.checked.dated, []).append(_draft(hit))
    return replace_findings_by_day(
        source=FINDING_SOURCE,
        start=period.start,
        end=period.end,
        unit_ids=list(Unit.objects.values_list("id", flat=True)),
        by_day=by_day,
    )


def _draft(hit: Hit) -> FindingDraft:
    return FindingDraft(
        unit_id=hit.unit_id,
        kind=f"proofread.{hit.category}.{hit.pk}",
        message=f"{finding_message(hit.unit.name, hit)}：{hit.reason}",
        how_to_fix=f"改为“{hit.suggestion}”" if hit.suggestion else "核实并更正",
        evidence={
            "text": hit.text,
            "rule": hit.rule,
            "document": hit.checked.label,
            "reference": hit.checked.reference,
            "start": hit.start,
            "end": hit.end,
        },
    )


@transaction.atomic
def load_lexicon(*, data: dict, source_name: str) -> int:
    """Replace the active lexicon with a YAML structure (entries not in it are deactivated)."""
    try:
        lexicon = lexicon_from_data(data)
    except ValueError as exc:
        raise UserError(f"{source_name}: {exc}") from None
    seen = set()
    for entry in lexicon.entries:
        LexiconEntry.objects.update_or_create(
            category=entry.category,
            term=entry.term,
            defaults={
                "variants": list(entry.variants),
                "replacement": entry.replacement,
                "outdated_from": entry.outdated_from,
                "note": entry.note,
                "source": entry.source,
                "active": True,
            },
        )
        seen.add((entry.category, entry.term))
    for row in LexiconEntry.objects.filter(active=True):
        if (row.category, row.term) not in seen:
            row.active = False
            row.save()
    return len(lexicon.entries)


@transaction.atomic
def load_roster(*, data: dict, source_name: str) -> int:
    """Replace the roster with a YAML structure {leaders: [{name, title, unit, from, to, order}]}."""
    try:
        roster = roster_from_data(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(f"{source_name}: 领导名单格式有误（{exc}）") from None
    LeaderPost.objects.all().delete()
    for p in roster.posts:
        LeaderPost.objects.create(
            name=p.name, title=p.title, organisation=p.unit, start=p.start, end=p.end, order=p.order
        )
    return len(roster.posts)


# One lexicon entry from the office's page ---------------------------------------------------


class LexiconEditError(UserError):
    """An entry that cannot be kept; the message names the field."""


@dataclass(frozen=True)
class LexiconFields:
    term: str
    category: str
    variants: tuple[str, ...] = ()
    replacement: str = ""
    outdated_from: date | None = None
    note: str = ""
    source: str = ""
    active: bool = True


@transaction.atomic
def save_lexicon_entry(
    *, fields: LexiconFields, entry: LexiconEntry | None = None, actor=None
) -> LexiconEntry:
    """Add or change one entry (the office's alone; history says who). The first edit copies the
    bundled lexicon in, so an added entry extends it instead of replacing it."""
    check_office(actor)
    if not LexiconEntry.objects.exists():
        _copy_bundled_lexicon()
    data = _checked(fields)
    same = LexiconEntry.objects.filter(category=data["category"], term=data["term"])
    if same.exclude(pk=entry.pk if entry else None).exists():
        raise LexiconEditError(f"「{data['category']}」中已有词条「{data['term']}」")
    record = entry or LexiconEntry()
    for name, value in data.items():
        setattr(record, name, value)
    record._change_reason = "网页编辑"
    record.save()
    return record


def _checked(fields: LexiconFields) -> dict:
    def text(value: str, label: str, limit: int) -> str:
        return clean_text(value, label=label, max_length=limit, error=LexiconEditError)

    data = {
        "term": text(fields.term, "词条", 200),
        "category": fields.category,
        "variants": [text(v, "常见误写", 200) for v in fields.variants if v.strip()],
        "replacement": text(fields.replacement, "建议写法", 200),
        "outdated_from": fields.outdated_from,
        "note": text(fields.note, "说明", 2000),
        "source": text(fields.source, "出处", 300),
        "active": fields.active,
    }
    try:  # the same rules as a loaded lexicon file
        lexicon_from_data({"entries": [data]})
    except ValueError as exc:
        raise LexiconEditError(str(exc).removeprefix("第 1 条：").removeprefix("第 1 条")) from None
    if data["term"] in data["variants"]:
        raise LexiconEditError("常见误写不能与词条本身相同")
    return data


def _copy_bundled_lexicon() -> None:
    for item in bundled_lexicon().entries:
        record = LexiconEntry(
            term=item.term,
            category=item.category,
            variants=list(item.variants),
            replacement=item.replacement,
            outdated_from=item.outdated_from,
            note=item.note,
            source=item.source,
        )
        record._change_reason = "随附词库"
        record.save()
