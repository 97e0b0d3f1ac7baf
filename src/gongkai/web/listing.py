"""Lists that scale: one page of rows at a time, with the filters kept in the page links."""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

PER_PAGE = 50


def page_of(request: HttpRequest, items: Sequence, per_page: int = PER_PAGE) -> Page:
    """The requested page (1 for a missing or bad number, the last for one beyond the end)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the links to other pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def text_filter(request: HttpRequest) -> str:
    return (request.GET.get("q") or "").strip()[:100]


def unit_options(units, selected: int | None) -> str:
    """A unit filter's <option>s, built in one pass (a province lists 5,000 units: a template
    loop or a form widget takes ~0.3 s to render them)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (pk, mark_safe(" selected") if pk == selected else "", name)
            for pk, name in units.order_by("group__order", "order").values_list("pk", "name")
        ),
    )
