"""Machine-readable feeds of an account (RSS 2.0, Atom, JSON Feed) → feed items.

Only feeds an account publishes for machines are read; platforms that forbid scraping are not
scraped. `read_feed` takes a local path or an http(s) URL (a short timeout, size cap).
"""

import json
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from gongkai.errors import UserError

LOCAL = ZoneInfo("Asia/Shanghai")
MAX_BYTES = 20 * 1024 * 1024
ATOM = "{http://www.w3.org/2005/Atom}"


class FeedError(UserError):
    """A feed that cannot be read; names the source."""


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    published: datetime  # local (Asia/Shanghai), naive


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL).replace(tzinfo=None)
    return moment


def _when(text: str | None, source: str) -> datetime:
    text = (text or "").strip()
    if not text:
        raise FeedError(f"{source}: 条目缺少发布时间")
    try:
        return _local(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _local(parsedate_to_datetime(text))
    except (TypeError, ValueError):
        raise FeedError(f"{source}: 无法识别的发布时间「{text}」") from None


def read_feed(source: str, *, timeout: float = 10.0) -> bytes:
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": "gongkai-feed/1"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                data = response.read(MAX_BYTES + 1)
        except OSError as exc:
            raise FeedError(f"{source}: 无法读取订阅源（{exc}）") from None
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise FeedError(f"{source}: 无法读取订阅源（{exc.strerror}）") from None
    if len(data) > MAX_BYTES:
        raise FeedError(f"{source}: 订阅源超过 {MAX_BYTES // 1024 // 1024} MB")
    return data


def parse_feed(data: bytes, source: str) -> list[FeedItem]:
    """Items of an RSS 2.0, Atom or JSON Feed document."""
    text = data.lstrip()
    if text.startswith(b"{"):
        return _json_feed(text, source)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise FeedError(f"{source}: 不是有效的 RSS/Atom/JSON 订阅源（{exc}）") from None
    if root.tag == f"{ATOM}feed":
        items = []
        for entry in root.iter(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link[@rel='alternate']")
            if link is None:
                link = entry.find(f"{ATOM}link")
            when = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")
            items.append(
                FeedItem(
                    (entry.findtext(f"{ATOM}title") or "").strip(),
                    link.get("href", "") if link is not None else "",
                    _when(when, source),
                )
            )
        return items
    if root.tag == "rss":
        return [
            FeedItem(
                (item.findtext("title") or "").strip(),
                (item.findtext("link") or "").strip(),
                _when(item.findtext("pubDate"), source),
            )
            for item in root.iter("item")
        ]
    raise FeedError(f"{source}: 不是 RSS 2.0、Atom 或 JSON Feed")


def _json_feed(data: bytes, source: str) -> list[FeedItem]:
    try:
        document = json.loads(data)
        entries = document["items"]
    except (ValueError, KeyError, TypeError):
        raise FeedError(f"{source}: 不是有效的 JSON Feed（缺少 items）") from None
    return [
        FeedItem(
            str(item.get("title") or "").strip(),
            str(item.get("url") or ""),
            _when(item.get("date_published"), source),
        )
        for item in entries
    ]
