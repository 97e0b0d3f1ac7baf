"""Chart specs for web/charts.js: plain data the page embeds, with the rows its table shows."""

from collections.abc import Sequence


def series_chart(
    kind: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float]]],
    targets: Sequence[tuple[str, int | float | None]] = (),
) -> dict:
    """A bar or line chart; `targets` (one per series, optional) draw the standard as a line."""
    return {
        "type": kind,
        "title": title,
        "categories": list(categories),
        "series": [{"name": name, "data": list(values)} for name, values in series],
        "targets": [{"name": name, "value": value} for name, value in targets],
        "rows": [
            {"label": label, "values": [values[i] for _, values in series]}
            for i, label in enumerate(categories)
        ],
    }


def pie_chart(title: str, parts: Sequence[tuple[str, int]]) -> dict:
    return {
        "type": "pie",
        "title": title,
        "series": [{"name": title, "data": [{"name": n, "value": v} for n, v in parts]}],
    }
