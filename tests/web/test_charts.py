"""Chart specs: the numbers drawn are the numbers in the table beside them."""

from datetime import date

from gongkai.web.charts import pie_chart, received_and_overdue_chart, series_chart


def test_series_chart_rows_are_the_series_transposed():
    spec = series_chart(
        "bar",
        "发布数量",
        ["卫健委", "人社局"],
        [("动态", [3, 0]), ("信息公开", [1, 2])],
        [("标准", 8)],
    )
    assert spec["rows"] == [
        {"label": "卫健委", "values": [3, 1]},
        {"label": "人社局", "values": [0, 2]},
    ]
    assert spec["targets"] == [{"name": "标准", "value": 8}]
    assert [s["data"] for s in spec["series"]] == [[3, 0], [1, 2]]


def test_pie_chart_parts():
    spec = pie_chart("等次", [("优秀", 3), ("合格", 40)])
    assert spec["series"][0]["data"] == [
        {"name": "优秀", "value": 3},
        {"name": "合格", "value": 40},
    ]


def test_received_and_overdue_by_month_keeps_the_empty_months():
    spec = received_and_overdue_chart(
        "申请",
        [
            (date(2024, 11, 3), False),
            (date(2024, 11, 20), True),
            (date(2025, 2, 1), True),
        ],
    )
    assert spec["categories"] == ["2024年11月", "2024年12月", "2025年1月", "2025年2月"]
    assert [s["data"] for s in spec["series"]] == [[2, 0, 0, 1], [1, 0, 0, 1]]
    assert received_and_overdue_chart("申请", [])["categories"] == []
