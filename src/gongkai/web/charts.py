"""Chart specs for web/charts.js: plain data the page embeds, with the rows its table shows."""

from collections.abc import Iterable, Sequence
from datetime import date


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


def received_and_overdue_chart(title: str, items: Iterable[tuple[date, bool]]) -> dict:
    """Per month of receipt: how many came in and how many of those are (or were) overdue;
    every month from the first to the last, empty months included."""
    counts: dict[tuple[int, int], list[int]] = {}
    for received, overdue in items:
        month = counts.setdefault((received.year, received.month), [0, 0])
        month[0] += 1
        month[1] += int(overdue)
    if not counts:
        return series_chart("bar", title, [], [("收到", []), ("逾期", [])])
    (year, month), last = min(counts), max(counts)
    keys = []
    while (year, month) <= last:
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return series_chart(
        "bar",
        title,
        [f"{y}年{m}月" for y, m in keys],
        [
            ("收到", [counts.get(k, [0, 0])[0] for k in keys]),
            ("逾期", [counts.get(k, [0, 0])[1] for k in keys]),
        ],
    )
