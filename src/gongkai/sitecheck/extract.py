"""What a page of a government portal says: article fields, list items, pagination, links.

Pure: HTML text and the page's URL in, plain dataclasses out; no network, no Django.

Article pages of the common CMSs (TRS, 大汉, 博思…) carry standard meta tags (`ArticleTitle`,
`PubDate`, `ContentSource`, `ColumnName`, `SiteIDCode`): they come first. Without them the title
is the page's first heading (or <title>), the date the first date written near it, and last the
date in a `…/t20240904_93371.htm` link. List pages are read in the layouts those CMSs use: an item
link in a `li`, `dd` or table row with its date in the same element or the next sibling; a site
may name its own CSS selector for item links instead.
"""

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from gongkai.adapters.urls import normalize_url

_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_LINK_DATE = re.compile(r"/t(20\d{6})_\d+\.s?html?$")
_PAGINATION = re.compile(r"(?:/index_\d+\.s?html?$)|(?:[?&]page=\d+)")
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']"
)
_REFRESH = re.compile(r"\d*\s*;?\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)

ATTACHMENT_SUFFIXES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".zip", ".rar", ".7z", ".ofd", ".ppt",
    ".pptx", ".txt", ".csv",
)  # fmt: skip
_ITEM_CONTAINERS = ("li", "dd", "dt", "tr", "p")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")


@dataclass(frozen=True)
class Article:
    title: str
    published: date | None
    source: str  # 信息来源 (ContentSource)
    column: str  # 栏目 (ColumnName)
    site_id_code: str
    body_text: str
    date_from: str  # where the date came from: meta, text, link, ''


@dataclass(frozen=True)
class ListItem:
    url: str
    title: str
    published: date | None


@dataclass(frozen=True)
class ListPage:
    items: list[ListItem]
    next_pages: list[str] = field(default_factory=list)


def parse_date(text: str) -> date | None:
    """The first YYYY-MM-DD-like date written in `text` (年月日, slashes, dots), or None."""
    for match in _DATE.finditer(text):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def date_from_link(url: str) -> date | None:
    """The date in a CMS article link such as `…/202409/t20240904_93371.htm`."""
    match = _LINK_DATE.search(url.split("?", 1)[0])
    if not match:
        return None
    digits = match.group(1)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _meta(tree: HTMLParser, name: str) -> str:
    for node in tree.css("meta[name]"):
        if (node.attributes.get("name") or "").lower() == name.lower():
            return (node.attributes.get("content") or "").strip()
    return ""


def _text(node: Node | None) -> str:
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def _body_text(tree: HTMLParser) -> str:
    for selector in (".TRS_Editor", "#zoom", ".article-content", ".content", "article", "body"):
        node = tree.css_first(selector)
        if node is not None:
            for junk in node.css("script, style"):
                junk.decompose()
            text = node.text(separator="\n")
            return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return ""


def page_text(html: str) -> str:
    """All visible text of a page on one line (for patterns such as 公开主体：…)."""
    tree = HTMLParser(html)
    for junk in tree.css("script, style"):
        junk.decompose()
    return _text(tree.body)


def extract_article(html: str, url: str) -> Article:
    """The fields of an article page: meta tags first, then headings, nearby dates, the link."""
    tree = HTMLParser(html)
    title = _meta(tree, "ArticleTitle")
    if not title:
        heading = tree.css_first("h1") or tree.css_first("h2")
        title = _text(heading) or _text(tree.css_first("title"))
    published, date_from = None, ""
    meta_date = _meta(tree, "PubDate")
    if meta_date:
        published, date_from = parse_date(meta_date), "meta"
    if published is None:
        heading = tree.css_first("h1") or tree.css_first("h2")
        nearby = []
        if heading is not None:
            sibling = heading.next
            while sibling is not None and len(nearby) < 4:
                if sibling.tag != "-text":
                    nearby.append(_text(sibling))
                sibling = sibling.next
        published = parse_date(" ".join(nearby))
        date_from = "text" if published else ""
    if published is None:
        published = date_from_link(url)
        date_from = "link" if published else ""
    return Article(
        title=title,
        published=published,
        source=_meta(tree, "ContentSource"),
        column=_meta(tree, "ColumnName"),
        site_id_code=_meta(tree, "SiteIDCode"),
        body_text=_body_text(tree),
        date_from=date_from,
    )


def _resolve(href: str | None, base: str) -> str | None:
    href = (href or "").strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    # Navigation repeats the same root-relative and absolute links on every page of a site:
    # those resolve the same whatever the page, so they are resolved once (bounded cache).
    if href.startswith(("http://", "https://")):
        return _joined("", href)
    if href.startswith("/") and not href.startswith("//"):
        slash = base.find("/", base.find("//") + 2)
        return _joined((base if slash < 0 else base[:slash]) + "/", href)
    return _normalised_http(urljoin(base, href))


@functools.lru_cache(maxsize=4096)
def _joined(origin: str, href: str) -> str | None:
    return _normalised_http(urljoin(origin, href))


def _normalised_http(absolute: str) -> str | None:
    if not absolute.startswith(("http://", "https://")):
        return None
    return normalize_url(absolute)


def _item_date(anchor: Node) -> date | None:
    node = anchor.parent
    for _ in range(3):
        if node is None:
            return None
        if node.tag in _ITEM_CONTAINERS:
            break
        node = node.parent
    else:
        return None
    found = parse_date(_text(node))
    if found is None:
        sibling = node.next
        while sibling is not None and sibling.tag == "-text":
            sibling = sibling.next
        if sibling is not None and sibling.tag in ("dd", "dt", "span", "td"):
            found = parse_date(_text(sibling))
    return found


def pagination_links(html: str, url: str) -> list[str]:
    """Further pages of a list: `index_N.html` / `?page=N` links and TRS `createPageHTML` calls."""
    tree = HTMLParser(html)
    found: list[str] = []
    for anchor in tree.css("a[href]"):
        target = _resolve(anchor.attributes.get("href"), url)
        if target and _PAGINATION.search(target) and target not in found:
            found.append(target)
    for match in _CREATE_PAGE.finditer(html):
        total, _current = int(match.group(1)), int(match.group(2))
        stem, suffix = match.group(3), match.group(4)
        for number in range(1, total):
            target = normalize_url(urljoin(url, f"{stem}_{number}.{suffix}"))
            if target not in found:
                found.append(target)
    return [link for link in found if link != normalize_url(url)]


def extract_list(html: str, url: str, item_selector: str = "") -> ListPage:
    """The item links of a list page with their dates, and the further pages of the list.

    `item_selector` (a site's override) names the item anchors; by default every link inside
    a `li`/`dd`/`dt`/table row that is not navigation to another list page counts as an item.
    """
    tree = HTMLParser(html)
    if item_selector:
        anchors = tree.css(item_selector)
    else:
        anchors = [
            anchor
            for container in ("li a[href]", "dd a[href]", "dt a[href]", "tr a[href]")
            for anchor in tree.css(container)
        ]
    items: list[ListItem] = []
    seen: set[str] = set()
    for anchor in anchors:
        target = _resolve(anchor.attributes.get("href"), url)
        if target is None or target in seen or _PAGINATION.search(target):
            continue
        title = (anchor.attributes.get("title") or _text(anchor)).strip()
        published = _item_date(anchor) or date_from_link(target)
        if published is None and not item_selector:
            continue  # a navigation link, not a dated item
        seen.add(target)
        items.append(ListItem(url=target, title=title, published=published))
    return ListPage(items=items, next_pages=pagination_links(html, url))


MIN_DISCOVERED_ITEMS = 3  # a page listing at least this many dated items is taken for a column


def is_column_page(html: str, url: str) -> bool:
    """Whether a page is a column's list: enough dated items, and not itself a later page."""
    if _PAGINATION.search(url):
        return False
    return len(extract_list(html, url).items) >= MIN_DISCOVERED_ITEMS


def anchor_text(html: str, base: str, target: str) -> str:
    """The text of the first link on a page to `target` (a column's name as the navigation says it)."""
    tree = HTMLParser(html)
    for anchor in tree.css("a[href]"):
        if _resolve(anchor.attributes.get("href"), base) == target:
            text = (anchor.attributes.get("title") or _text(anchor)).strip()
            if text:
                return text[:128]
    return ""


def heading(html: str) -> str:
    """A page's own name: its first h1/h2, else its <title>."""
    tree = HTMLParser(html)
    for selector in ("h1", "h2", "title"):
        text = _text(tree.css_first(selector))
        if text:
            return text[:128]
    return ""


def page_links(html: str, url: str) -> list[str]:
    """Every distinct http(s) link of a page, normalised, in page order."""
    tree = HTMLParser(html)
    found: dict[str, None] = {}
    for node in tree.css("a[href], iframe[src]"):
        target = _resolve(node.attributes.get("href") or node.attributes.get("src"), url)
        if target:
            found.setdefault(target)
    return list(found)


def is_attachment(url: str) -> bool:
    return url.split("?", 1)[0].lower().endswith(ATTACHMENT_SUFFIXES)


def meta_refresh(html: str, url: str) -> str | None:
    """The target of a `<meta http-equiv="refresh">`, normalised, or None."""
    tree = HTMLParser(html)
    for node in tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH.search(node.attributes.get("content") or "")
            if match:
                return _resolve(match.group(1), url)
    return None


@dataclass(frozen=True)
class HomepageMarks:
    site_id_code: str  # 网站标识码, from the meta tag or the footer text
    icp: str  # ICP备案号
    conac: bool  # 党政机关标识 (the CONAC "red" badge)


_SITE_ID_TEXT = re.compile(r"网站标识码[：:\s]*([0-9A-Za-z]{6,})")
_ICP = re.compile(r"[\u4e00-\u9fa5]{1,2}ICP备\s*\d+号(?:-\d+)?")


def homepage_marks(html: str) -> HomepageMarks:
    """The identifications a government portal must show on its homepage (国办秘函〔2019〕19号)."""
    tree = HTMLParser(html)
    text = _text(tree.body)
    site_id = _meta(tree, "SiteIDCode")
    if not site_id:
        match = _SITE_ID_TEXT.search(text)
        site_id = match.group(1) if match else ""
    icp = _ICP.search(text)
    conac = any(
        "conac.cn" in (node.attributes.get("href") or node.attributes.get("src") or "")
        for node in tree.css("a[href], script[src], img[src]")
    )
    return HomepageMarks(site_id_code=site_id, icp=icp.group(0) if icp else "", conac=conac)
