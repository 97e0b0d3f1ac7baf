"""The sample county's government portal as static files, with planted faults.

Deterministic: the same units, columns and items as the sample export files (`generator.py`), laid
out as a CMS would publish them: a homepage with navigation, one paginated list per unit column (in
the ul/li, dl/dd and table layouts CMSs use), article pages carrying the standard meta tags, some
encoded in GBK, attachments. Planted for the site monitor to find (and written to `planted.json`):
dead links and dead attachments, blank and stale columns, a homepage whose newest item is old, a
基层政务公开 catalogue with an area lacking its 公开主体, a blank area and stale areas, and a township
site that answers made-up addresses with 200 (soft 404) and lacks the homepage identifications.

The extra columns are not registry columns, so their items never become publications: the
statistics are the same whether the items arrive by export, by crawl, or both.
"""

import html
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from gongkai.orgs.registry import RegistrySpec
from gongkai.sample.generator import SampleItem

PAGE_SIZE = 20
SITE_ID_CODE = "4107210001"
ICP = "豫ICP备05012345号"
HOMEPAGE_NEWEST = date(2024, 5, 15)  # the homepage's "最新信息" stopped here (planted)
CATEGORY_RULES = {"news": "news", "disclosure": "none", "key_area": "none"}

# Extra columns of the portal (not in the registry): (unit, name, rule, newest item or None).
EXTRA_COLUMNS = (
    ("民政局", "通知公告", "notice", None),  # blank
    ("交通局", "通知公告", "notice", None),  # blank
    ("住建局", "通知公告", "notice", date(2023, 11, 20)),  # stale: over 6 months by 2024-06-30
    ("水利局", "政策文件", "notice", date(2022, 12, 1)),  # long stale: over 12 months
    ("卫健委", "通知公告", "notice", date(2024, 6, 20)),  # fine
)
# 基层政务公开 areas (the bundled catalogue's 26): (area, owning unit, 公开主体 named on the page,
# newest item or None). Planted: four faults; the other areas are kept up to date.
GRASSROOTS_AREAS = (
    ("重大建设项目", "发改委", True, date(2022, 10, 18)),  # 2023—2024 年仍未更新
    ("公共资源交易", "发改委", True, date(2024, 6, 21)),
    ("财政预决算", "财政局", True, date(2024, 6, 12)),
    ("安全生产", "应急管理局", False, date(2024, 6, 3)),  # 公开主体 not named
    ("税收管理", "税务局", True, date(2024, 6, 14)),
    ("征地补偿", "自然资源局", True, date(2024, 5, 28)),
    ("国有土地上房屋征收与补偿", "住建局", True, date(2024, 5, 20)),
    ("农村危房改造", "住建局", True, date(2024, 6, 7)),
    ("城乡规划", "自然资源局", True, date(2024, 6, 18)),
    ("扶贫", "乡村振兴局", True, date(2024, 6, 25)),
    ("救灾", "应急管理局", True, date(2024, 4, 30)),
    ("食品药品监管", "市场监管局", True, date(2024, 6, 19)),
    ("城市综合执法", "城管局", True, date(2024, 6, 11)),
    ("就业", "人社局", True, date(2024, 6, 24)),
    ("社会保险", "人社局", True, date(2024, 6, 17)),
    ("社会救助", "民政局", True, None),  # blank
    ("养老服务", "民政局", True, date(2024, 6, 6)),
    ("户籍管理", "公安局", True, date(2024, 6, 13)),
    ("涉农补贴", "农业农村局", True, date(2024, 5, 31)),
    ("义务教育", "教体局", True, date(2024, 1, 22)),  # 仅更新至 2024 年 1 月
    ("卫生健康", "卫健委", True, date(2024, 6, 18)),
    ("生态环境", "生态环境分局", True, date(2024, 6, 20)),
    ("公共文化服务", "文旅局", True, date(2024, 6, 4)),
    ("公共法律服务", "司法局", True, date(2024, 6, 10)),
    ("市政服务", "城管局", True, date(2024, 5, 27)),
    ("保障性住房", "住建局", True, date(2024, 6, 26)),
)
DEAD_LINK_EVERY = 1500  # one news article in this many links to a removed page
ATTACHMENT_EVERY = 60  # one disclosure article in this many has an attachment …
DEAD_ATTACHMENT_EVERY = 4  # … and one attachment in this many was never uploaded
GBK_EVERY = 11  # one article in this many is published in GBK


@dataclass
class Planted:
    """What a crawl of the portal must find: paths relative to each site's root."""

    dead_links: list[str] = field(default_factory=list)
    dead_attachments: list[str] = field(default_factory=list)
    blank_columns: list[str] = field(default_factory=list)
    stale_columns: list[str] = field(default_factory=list)
    long_stale_columns: list[str] = field(default_factory=list)
    homepage_newest: str = HOMEPAGE_NEWEST.isoformat()
    grassroots_without_owner: list[str] = field(default_factory=list)
    grassroots_blank: list[str] = field(default_factory=list)
    grassroots_latest: dict[str, str | None] = field(default_factory=dict)
    township_soft_404: bool = True
    township_missing_marks: list[str] = field(default_factory=lambda: ["icp", "conac"])
    gbk_articles: list[str] = field(default_factory=list)
    # Every column's list page → its label, update rule and newest item (None: blank).
    columns: dict[str, dict] = field(default_factory=dict)
    articles: int = 0
    pages: int = 0


@dataclass(frozen=True)
class _Column:
    unit: str
    name: str
    path: str  # list page directory, e.g. /lm/u07/1/
    category: str
    rule: str
    registry_column: str = ""  # the registry column its items count under ('' for extras)
    area: str = ""
    owner_named: bool = True


def _page(title: str, body: str, meta: dict[str, str] | None = None, charset: str = "utf-8") -> str:
    tags = "".join(
        f'<meta name="{name}" content="{html.escape(value)}">'
        for name, value in (meta or {}).items()
    )
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}">{tags}'
        f"<title>{html.escape(title)}</title></head><body>"
        f'<div class="header"><a href="/">新乡县人民政府</a></div>{body}</body></html>'
    )


def _footer(marks: bool = True) -> str:
    if not marks:
        return "<div class='footer'>主办：新乡县翟坡镇人民政府</div>"
    return (
        "<div class='footer'>主办：新乡县人民政府办公室 "
        f"网站标识码：{SITE_ID_CODE} {ICP} "
        '<a href="https://bszs.conac.cn/sitename?method=show&amp;id=1">党政机关</a></div>'
    )


def _list_markup(layout: int, entries: list[tuple[str, str, date]]) -> str:
    """One list page's items in one of the three layouts the extractor must read."""
    if layout == 0:
        rows = "".join(
            f'<li><a href="{url}" title="{html.escape(t)}">{html.escape(t)}</a>'
            f"<span>{d.isoformat()}</span></li>"
            for url, t, d in entries
        )
        return f"<ul class='list'>{rows}</ul>"
    if layout == 1:
        rows = "".join(
            f'<dd><a href="{url}">{html.escape(t)}</a><span class="date">{d:%Y-%m-%d}</span></dd>'
            for url, t, d in entries
        )
        return f"<dl class='list'>{rows}</dl>"
    rows = "".join(
        f'<tr><td><a href="{url}">{html.escape(t)}</a></td><td>{d:%Y年%m月%d日}</td></tr>'
        for url, t, d in entries
    )
    return f"<table class='list'>{rows}</table>"


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def write(self, path: str, text: str, encoding: str = "utf-8") -> None:
        target = self.root / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode(encoding))
        self.count += 1

    def write_bytes(self, path: str, data: bytes) -> None:
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.count += 1


def _write_list(
    writer: _Writer, column: _Column, entries, layout: int, planted: Planted, intro: str = ""
) -> None:
    """A paginated list: index.html, index_1.html, … newest first; "暂无信息" when blank."""
    entries = sorted(entries, key=lambda e: (e[2], e[0]), reverse=True)
    planted.columns[column.path] = {
        "label": column.unit + column.name,
        "unit": column.unit,
        "category": column.category,
        "rule": column.rule,
        "newest": entries[0][2].isoformat() if entries else None,
        "area": column.area,
    }
    chunks = [entries[i : i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    for number, chunk in enumerate(chunks):
        name = "index.html" if number == 0 else f"index_{number}.html"
        body = f"<h2>{html.escape(column.unit + column.name)}</h2>{intro}"
        body += _list_markup(layout, chunk) if chunk else "<p class='empty'>暂无信息</p>"
        if number + 1 < len(chunks):
            body += f'<div class="page"><a href="index_{number + 1}.html">下一页</a></div>'
        writer.write(column.path + name, _page(column.unit + column.name, body + _footer()))


def _article(item: SampleItem, column: _Column, full_name: str, extra: str = "") -> str:
    meta = {
        "SiteName": "新乡县人民政府",
        "SiteIDCode": SITE_ID_CODE,
        "ColumnName": column.registry_column or column.name,
        "ArticleTitle": item.title,
        "PubDate": f"{item.published_on.isoformat()} 09:30",
        "ContentSource": full_name,
    }
    body = (
        f"<h1>{html.escape(item.title)}</h1>"
        f"<div class='info'>发布时间：{item.published_on.isoformat()} 来源：{html.escape(full_name)}</div>"
        f"<div class='content'><p>{html.escape(item.title)}。{html.escape(full_name)}"
        f"按照工作安排认真组织实施，取得了阶段性成效。</p>{extra}</div>"
    )
    return body, meta


def _path(url: str) -> str:
    return urlsplit(url).path


def build_portal(directory: Path, registry: RegistrySpec, items: list[SampleItem]) -> Planted:
    """Write the portal under `directory` (main/, township/, columns.yaml, planted.json)."""
    main = _Writer(directory / "main")
    planted = Planted()
    full_names = {u.name: u.full_name or u.name for u in registry.units}
    columns: dict[tuple[str, str], _Column] = {}
    for index, unit in enumerate(registry.units):
        for number, column in enumerate(unit.columns):
            columns[(unit.name, column.name)] = _Column(
                unit.name,
                column.name,
                f"/lm/u{index:02d}/{number}/",
                column.category,
                CATEGORY_RULES.get(column.category, "none"),
                registry_column=column.name,
            )
    by_column: dict[tuple[str, str], list[tuple[str, str, date]]] = defaultdict(list)
    for serial, item in enumerate(items):
        column = columns[(item.unit, item.column)]
        path = _path(item.url)
        extra = ""
        if column.category == "news" and serial % DEAD_LINK_EVERY == 7:
            dead = f"/xwzx/tzgg/201901/t20190110_{900000 + serial}.html"
            extra = f'<p>相关阅读：<a href="{dead}">往期通知</a></p>'
            planted.dead_links.append(dead)
        elif column.category == "disclosure" and serial % ATTACHMENT_EVERY == 3:
            attachment = f"/fj/{item.published_on:%Y%m}/P0{serial}.pdf"
            extra = f'<p>附件：<a href="{attachment}">{html.escape(item.title)}.pdf</a></p>'
            if (serial // ATTACHMENT_EVERY) % DEAD_ATTACHMENT_EVERY == 1:
                planted.dead_attachments.append(attachment)
            else:
                main.write_bytes(attachment, b"%PDF-1.4\n% sample attachment\n%%EOF\n")
        body, meta = _article(item, column, full_names[item.unit], extra)
        encoding = "utf-8"
        if serial % GBK_EVERY == 5:
            try:
                item.title.encode("gbk")
                full_names[item.unit].encode("gbk")
                encoding = "gbk"
                planted.gbk_articles.append(path)
            except UnicodeEncodeError:
                pass
        main.write(path, _page(item.title, body + _footer(), meta, encoding), encoding)
        by_column[(item.unit, item.column)].append((path, item.title, item.published_on))
    for number, column in enumerate(columns.values()):
        _write_list(
            main, column, by_column.get((column.unit, column.name), []), number % 3, planted
        )
    planted.articles = len(items)
    extras = _extra_columns(main, full_names, planted)
    areas = _grassroots(main, full_names, planted)
    _homepage(main, list(columns.values()) + extras + areas, items)
    _township(_Writer(directory / "township"))
    planted.pages = main.count
    _write_columns_yaml(directory / "columns.yaml", list(columns.values()) + extras + areas)
    (directory / "planted.json").write_text(
        json.dumps(asdict(planted), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return planted


def _extra_article(main: _Writer, path: str, title: str, day: date, source: str, column: str):
    meta = {
        "SiteIDCode": SITE_ID_CODE,
        "ColumnName": column,
        "ArticleTitle": title,
        "PubDate": day.isoformat(),
        "ContentSource": source,
    }
    body = f"<h1>{html.escape(title)}</h1><div class='content'><p>{html.escape(title)}。</p></div>"
    main.write(path, _page(title, body + _footer(), meta))


def _extra_columns(main: _Writer, full_names: dict, planted: Planted) -> list[_Column]:
    made = []
    for number, (unit, name, rule, newest) in enumerate(EXTRA_COLUMNS):
        column = _Column(unit, name, f"/qt/{number}/", "other", rule)
        entries = []
        for step, (path, day) in enumerate(_serial_items(f"/qt/{number}/", newest)):
            title = f"{unit}关于{day.year}年第{step + 1}批工作事项的通知"
            _extra_article(main, path, title, day, full_names[unit], name)
            entries.append((path, title, day))
        _write_list(main, column, entries, number % 3, planted)
        label = unit + name
        if newest is None:
            planted.blank_columns.append(label)
        elif newest < date(2023, 6, 30):
            planted.long_stale_columns.append(label)
        elif newest < date(2023, 12, 30):
            planted.stale_columns.append(label)
        made.append(column)
    return made


def _serial_items(prefix: str, newest: date | None, count: int = 6) -> list[tuple[str, date]]:
    if newest is None:
        return []
    days = [newest - timedelta(days=30 * step) for step in range(count)]
    return [
        (f"{prefix}{day:%Y%m}/t{day:%Y%m%d}_{80000 + step}.html", day)
        for step, day in enumerate(days)
    ]


def _grassroots(main: _Writer, full_names: dict, planted: Planted) -> list[_Column]:
    made = []
    catalogue = []
    for number, (area, unit, owner_named, newest) in enumerate(GRASSROOTS_AREAS):
        column = _Column(
            unit, area, f"/jcgk/{number}/", "key_area", "none", area=area, owner_named=owner_named
        )
        owner = (
            f"<p class='owner'>公开主体：{html.escape(full_names[unit])}</p>" if owner_named else ""
        )
        intro = f"<p>公开事项：{area}领域基层政务公开标准目录事项</p>{owner}"
        entries = []
        for step, (path, day) in enumerate(_serial_items(f"/jcgk/{number}/", newest)):
            title = f"{full_names[unit]}{area}信息公开（{day.year}年第{step + 1}期）"
            _extra_article(main, path, title, day, full_names[unit], area)
            entries.append((path, title, day))
        _write_list(main, column, entries, 0, planted, intro)
        catalogue.append(f'<li><a href="{column.path}">{area}</a></li>')
        planted.grassroots_latest[area] = newest.isoformat() if newest else None
        if not owner_named:
            planted.grassroots_without_owner.append(area)
        if newest is None:
            planted.grassroots_blank.append(area)
        made.append(column)
    body = f"<h2>基层政务公开标准目录</h2><ul>{''.join(catalogue)}</ul>"
    main.write("/jcgk/", _page("基层政务公开", body + _footer()))
    return made


def _homepage(main: _Writer, columns: list[_Column], items: list[SampleItem]) -> None:
    nav = "".join(
        f'<li><a href="{c.path}">{html.escape(c.unit + c.name)}</a></li>' for c in columns
    )
    shown = sorted(
        (i for i in items if i.published_on <= HOMEPAGE_NEWEST),
        key=lambda i: (i.published_on, i.url),
        reverse=True,
    )[:8]
    latest = _list_markup(0, [(_path(i.url), i.title, i.published_on) for i in shown])
    body = (
        f"<div class='nav'><ul>{nav}</ul><a href='/jcgk/'>基层政务公开</a></div>"
        f"<h2>最新信息</h2>{latest}{_footer()}"
    )
    main.write("/", _page("新乡县人民政府", body, {"SiteIDCode": SITE_ID_CODE}))


def _township(writer: _Writer) -> None:
    """A township site: made-up addresses answered with its homepage; no ICP, no 党政机关 mark."""
    body = "<h2>翟坡镇人民政府</h2><p>欢迎访问</p>" + _footer(marks=False)
    writer.write("/", _page("翟坡镇人民政府", body, {"SiteIDCode": "4107210011"}))


def _write_columns_yaml(path: Path, columns: list[_Column]) -> None:
    specs = []
    for column in columns:
        spec = {
            "name": column.name,
            "url": column.path,
            "unit": column.unit,
            "category": column.category,
            "rule": column.rule,
        }
        if column.registry_column:
            spec["column"] = column.registry_column
        if column.area:
            spec["area"] = column.area
        specs.append(spec)
    path.write_text(
        yaml.safe_dump({"columns": specs}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
