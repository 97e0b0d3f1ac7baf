"""Reads of the proofreading app, and the permission choke point for hits."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.orgs.selectors import units_for_user
from gongkai.proofread.models import (
    AllowedPhrase,
    CheckedText,
    Hit,
    HitStatus,
    LeaderPost,
    LexiconEntry,
)


def hits_for_user(
    user, *, status: str = "", category: str = "", unit_id: int | None = None
) -> QuerySet[Hit]:
    """Hits of the units this login may see, filtered; newest texts first."""
    hits = Hit.objects.filter(unit__in=units_for_user(user)).select_related("unit", "checked")
    if status:
        hits = hits.filter(status=status)
    if category:
        hits = hits.filter(category=category)
    if unit_id:
        hits = hits.filter(unit_id=unit_id)
    return hits.order_by("-checked__dated", "checked_id", "start")


def get_hit_for_user(user, hit_id: int) -> Hit:
    hit = hits_for_user(user).filter(pk=hit_id).first()
    if hit is None:
        raise Http404("审校问题不存在或无权查看")
    return hit


def texts_checked_per_unit(*, start, end) -> dict[int, int]:
    """How many of each unit's texts dated in [start, end] were proofread."""
    rows = (
        CheckedText.objects.filter(unit__isnull=False, dated__range=(start, end))
        .values("unit")
        .annotate(texts=Count("id"))
    )
    return {row["unit"]: row["texts"] for row in rows}


def confirmed_hits(*, start, end) -> QuerySet[Hit]:
    return (
        Hit.objects.filter(
            status=HitStatus.CONFIRMED, unit__isnull=False, checked__dated__range=(start, end)
        )
        .select_related("unit", "checked")
        .order_by("unit__group__order", "unit__order", "checked__dated", "start")
    )


def lexicon_export() -> dict:
    """The lexicon in use (the bundled one until the office loads its own) as loadable YAML data."""
    from gongkai.proofread.services import current_lexicon

    lexicon = current_lexicon()
    entries = []
    for e in lexicon.entries:
        entry: dict = {"term": e.term, "category": e.category}
        if e.variants:
            entry["variants"] = list(e.variants)
        for key in ("replacement", "outdated_from", "note", "source"):
            if getattr(e, key):
                entry[key] = getattr(e, key)
        entries.append(entry)
    return {"version": lexicon.version, "entries": entries}


def roster_rows() -> QuerySet[LeaderPost]:
    return LeaderPost.objects.all()


def allowlist_rows() -> QuerySet[AllowedPhrase]:
    return AllowedPhrase.objects.select_related("unit")


def lexicon_rows(*, text: str = "", category: str = "") -> QuerySet[LexiconEntry]:
    """Stored entries, active first, matching a term or variant text and a category."""
    rows = LexiconEntry.objects.all()
    if text:
        rows = rows.filter(Q(term__icontains=text) | Q(variants__icontains=text))
    if category:
        rows = rows.filter(category=category)
    return rows.order_by("-active", "category", "term")


def get_lexicon_entry(entry_id: int) -> LexiconEntry:
    """Any login reads the lexicon (it is the county's, not a unit's)."""
    return get_object_or_404(LexiconEntry, pk=entry_id)
