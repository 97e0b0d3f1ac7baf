"""Reads of publications for other apps (they never query the publishing tables themselves)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from gongkai.publishing.models import Publication


@dataclass(frozen=True)
class PublicationTitle:
    id: int
    unit_id: int
    title: str
    published_on: date


def publication_titles(
    *, start: date, end: date, unit_id: int | None = None
) -> Iterator[PublicationTitle]:
    """Titles published between start and end (inclusive), in date order."""
    rows = Publication.objects.filter(published_on__range=(start, end))
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    for pk, unit, title, day in (
        rows.order_by("published_on", "id")
        .values_list("id", "unit_id", "title", "published_on")
        .iterator(chunk_size=2000)
    ):
        yield PublicationTitle(pk, unit, title, day)
