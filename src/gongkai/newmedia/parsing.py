"""Reading account registers and post exports (pure; no Django): headers, cells, row problems."""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import xxhash

from gongkai.adapters.dates import parse_date
from gongkai.newmedia.rules import PLATFORMS, week_number

ACCOUNT_HEADERS = {
    "name": ("账号名称", "政务新媒体名称", "名称", "政务新媒体", "公众号名称", "账号"),
    "platform": ("平台", "平台类型", "类型", "账号类型", "所在平台"),
    "handle": ("账号id", "微信号", "账号id或网址", "网址", "链接", "url", "主页地址", "原始id"),
    "unit": ("主办单位", "开办主体", "单位", "所属单位", "主管单位", "开办单位"),
    "supervised": ("受省级平台监管", "是否受监管", "省平台监管", "是否纳入省平台监管", "监管"),
    "registered": ("是否备案", "备案情况", "备案", "备案状态"),
    "registered_on": ("备案日期", "备案时间"),
    "opened_on": ("开通日期", "开通时间", "开办日期", "开设日期"),
    "closed_on": ("注销日期", "关停日期", "注销时间", "关停时间"),
    "operator": ("运维人员", "联系人", "运维联系人", "管理员"),
    "operator_phone": ("联系电话", "电话", "手机"),
    "feed_url": ("订阅源", "rss", "feed"),
}
ACCOUNT_LABELS = {
    "name": "账号名称",
    "platform": "平台",
    "unit": "主办单位",
    "registered_on": "备案日期",
    "opened_on": "开通日期",
    "closed_on": "注销日期",
    "supervised": "受省级平台监管",
    "registered": "是否备案",
}
POST_HEADERS = {
    "account": ("账号", "账号名称", "政务新媒体", "公众号", "公众号名称", "新媒体名称", "来源账号"),
    "platform": ("平台", "平台类型", "所在平台"),
    "title": ("标题", "文章标题", "信息标题", "作品标题", "题目", "内容标题"),
    "published": ("发布时间", "发布日期", "发表时间", "发表日期", "推送时间", "日期", "时间"),
    "url": ("链接", "原文链接", "文章链接", "url", "网址", "地址"),
    "reads": ("阅读数", "阅读量", "播放量", "浏览量"),
}
POST_LABELS = {
    "account": "账号",
    "platform": "平台",
    "title": "标题",
    "published": "发布时间",
    "url": "链接",
    "reads": "阅读数",
}
MAX_TITLE = 500
MAX_URL = 1000
YES = {"是", "已备案", "已", "y", "yes", "true", "1", "√", "受监管", "已纳入"}
NO = {"否", "未备案", "未", "n", "no", "false", "0", "×", "", "不受监管", "未纳入"}
_TIME = re.compile(r"(?:\s|T|日)(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?")
_SIGN = 1 << 63


def _key(cell: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split()).lower()


def map_header(cells: Sequence[object], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    lookup = {_key(a): f for f, names in aliases.items() for a in names}
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = lookup.get(_key(cell))
        if field and field not in mapping:
            mapping[field] = index
    return mapping


def find_header(
    rows: Sequence[Sequence[object]],
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    labels: dict[str, str],
) -> tuple[int, dict[str, int]]:
    """The first row naming every required field (title rows above it are skipped)."""
    best: tuple[int, dict[str, int]] = (0, {})
    for index, cells in enumerate(rows):
        mapping = map_header(cells, aliases)
        if all(f in mapping for f in required):
            return index, mapping
        if len(mapping) > len(best[1]):
            best = (index, mapping)
    if not best[1]:
        wanted = "、".join(labels[f] for f in required)
        raise ValueError(f"未找到表头：前 {len(rows)} 行中没有「{wanted}」等列名")
    missing = "、".join(labels[f] for f in required if f not in best[1])
    raise ValueError(f"第 {best[0] + 1} 行像是表头，但缺少必需的列：{missing}")


def digest64(text: str) -> int:
    """A signed 64-bit XXH3 digest, the width of a BIGINT column."""
    return (xxhash.xxh3_64_intdigest(text.encode()) ^ _SIGN) - _SIGN


def platform_of(text: str) -> str | None:
    """A platform name as offices write it (公众号, 微信, 头条号…) → one of PLATFORMS."""
    value = _key(text)
    if not value:
        return None
    for platform in PLATFORMS:
        if value == _key(platform):
            return platform
    synonyms = {
        "微信": "微信公众号",
        "公众号": "微信公众号",
        "微信号": "微信公众号",
        "新浪微博": "微博",
        "头条": "今日头条",
        "头条号": "今日头条",
        "微信视频号": "视频号",
    }
    return synonyms.get(value)


def yes_no(text: object) -> bool | None:
    value = _key(text)
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def parse_published(value: object) -> tuple[date, time | None]:
    """The day and (where given) time of a post; ValueError with a Chinese reason."""
    if isinstance(value, datetime):
        clock = value.time().replace(microsecond=0)
        return value.date(), (clock if clock != time(0) else None)
    day = parse_date(value)
    if isinstance(value, str) and (match := _TIME.search(value.strip())):
        hour, minute, second = (int(g or 0) for g in match.groups())
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError("不是有效的时间")
        return day, time(hour, minute, second)
    return day, None


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    value: str
    reason: str


PostRow = tuple[int, str, str, str | None, int, str, int | None, int | None, int]
AccountResolver = Callable[[str, str | None], int | None]


class PostValidator:
    """Cells of a post export → the values a Post row is stored with, or the row's problems."""

    def __init__(self, header: dict[str, int], find_account: AccountResolver) -> None:
        self._header = header
        self._find = find_account
        self._accounts: dict[tuple[object, object], int | None] = {}
        self._days: dict[str, date] = {}  # ISO day texts of rows that passed the full check
        self._at_account = header["account"]
        self._at_title = header["title"]
        self._at_published = header["published"]
        self._at_reads = header.get("reads")
        at_platform = header.get("platform")
        self._platform = (
            (lambda cells: "") if at_platform is None else (lambda cells: cells[at_platform])
        )

    def _cell(self, cells: Sequence[object], field: str) -> object:
        index = self._header.get(field)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def _text(self, cells: Sequence[object], field: str) -> str:
        value = self._cell(cells, field)
        return "" if value is None else str(value).strip()

    def validate(self, row: int, cells: Sequence[object]) -> PostRow | list[RowProblem]:
        """(account_id, title, iso date, iso time, week, url, reads, url_key, content_key);
        problems; or [] for a blank row.

        Exports are mostly clean and repeat accounts and days: a row of a known account with an
        ISO "YYYY-MM-DD HH:MM[:SS]" time takes a short path; anything else the full checks.
        """
        fast = self._fast(cells)
        if fast is not None:
            return fast
        return self._check(row, cells)

    def _fast(self, cells: Sequence[object]) -> PostRow | None:
        try:
            account_id = self._accounts.get((cells[self._at_account], self._platform(cells)))
            title, raw = cells[self._at_title], cells[self._at_published]
        except (IndexError, TypeError):
            return None
        if account_id is None or type(title) is not str or type(raw) is not str:
            return None
        title = title.strip()
        if not title or len(title) > MAX_TITLE or len(raw) not in (16, 19) or raw[10] != " ":
            return None
        day = self._days.get(raw[:10])
        if day is None or raw[13] != ":" or not raw[11:13].isdigit() or not raw[14:16].isdigit():
            return None
        hour, minute = int(raw[11:13]), int(raw[14:16])
        second = 0
        if len(raw) == 19:
            if raw[16] != ":" or not raw[17:19].isdigit():
                return None
            second = int(raw[17:19])
        if hour > 23 or minute > 59 or second > 59:
            return None
        url = self._text(cells, "url")
        if len(url) > MAX_URL or (url and not url.startswith(("http://", "https://"))):
            return None
        if self._at_reads is not None:
            return None  # reads need the full check (numbers written in several ways)
        return post_row(account_id, title, day, f"{hour:02d}:{minute:02d}:{second:02d}", url, None)

    def _check(self, row: int, cells: Sequence[object]) -> PostRow | list[RowProblem]:
        if all(c is None or str(c).strip() == "" for c in cells):
            return []
        problems = []
        account_text = self._text(cells, "account")
        platform_text = self._text(cells, "platform")
        pair = (account_text, platform_text)
        if pair not in self._accounts:
            platform = platform_of(platform_text) if platform_text else None
            self._accounts[pair] = self._find(account_text, platform) if account_text else None
        account_id = self._accounts[pair]
        if not account_text:
            problems.append(RowProblem(row, "account", "", "账号为空"))
        elif account_id is None:
            where = f"（{platform_text}）" if platform_text else ""
            problems.append(
                RowProblem(row, "account", account_text, f"账号「{account_text}」{where}未登记")
            )
        title = self._text(cells, "title")
        if not title:
            problems.append(RowProblem(row, "title", "", "标题为空"))
        elif len(title) > MAX_TITLE:
            problems.append(RowProblem(row, "title", title[:50], f"标题超过 {MAX_TITLE} 字"))
        raw = self._cell(cells, "published")
        day = clock = None
        if raw is None or str(raw).strip() == "":
            problems.append(RowProblem(row, "published", "", "发布时间为空"))
        else:
            try:
                day, clock = parse_published(raw)
            except ValueError as exc:
                problems.append(RowProblem(row, "published", str(raw), str(exc)))
        url = self._text(cells, "url")
        if len(url) > MAX_URL or (url and not url.startswith(("http://", "https://"))):
            problems.append(RowProblem(row, "url", url[:80], "链接应以 http:// 或 https:// 开头"))
        reads_cell = self._cell(cells, "reads")
        reads = None
        if reads_cell is not None and str(reads_cell).strip() != "":
            try:
                reads = int(float(str(reads_cell).replace(",", "")))
            except ValueError:
                reads = -1
            if reads < 0:
                problems.append(RowProblem(row, "reads", str(reads_cell), "阅读数应为非负整数"))
        if problems:
            return problems
        assert day is not None and account_id is not None
        if isinstance(raw, str) and raw.strip()[:10] == day.isoformat():
            self._days[day.isoformat()] = day
        iso_time = clock.isoformat() if clock else None
        return post_row(account_id, title, day, iso_time, url, reads)


def post_row(
    account_id: int, title: str, day: date, iso_time: str | None, url: str, reads: int | None
) -> PostRow:
    iso_day = day.isoformat()
    return (
        account_id,
        title,
        iso_day,
        iso_time,
        week_number(day),
        url,
        reads,
        digest64(f"{account_id}\x1f{url}") if url else None,
        digest64(f"{account_id}\x1f{title}\x1f{iso_day}\x1f{iso_time or ''}"),
    )
