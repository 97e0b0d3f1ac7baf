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


def svg_bars(
    series: Sequence[tuple[object, int]], *, height: int, bar_width: int, gap: int, floor: int = 1
) -> dict:
    """Bars of a small inline SVG (no script): one per (key, value), scaled to the largest value
    (at least `floor`). Each bar: x, y, height, value, key; plus the picture's size and scale."""
    top = max([value for _, value in series] + [floor, 1])
    bars = []
    for index, (key, value) in enumerate(series):
        bar_height = round(height * value / top)
        bars.append(
            {
                "x": index * (bar_width + gap),
                "y": height - bar_height,
                "height": bar_height,
                "value": value,
                "key": key,
            }
        )
    return {
        "bars": bars,
        "width": max(len(series) * (bar_width + gap), 1),
        "height": height,
        "bar_width": bar_width,
        "top": top,
    }
