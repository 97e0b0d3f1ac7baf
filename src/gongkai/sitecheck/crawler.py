"""Polite async fetching: per-host concurrency and pacing, conditional requests, a failure taxonomy.

No Django here: the service layer claims page rows, hands `FetchRequest`s to `fetch_all`, and
stores the `FetchResult`s. Redirects are never followed by the client: the service decides
(same configured host → a new page row; another host → recorded, not fetched).
"""

import asyncio
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urljoin

import aiohttp

from gongkai.adapters.urls import normalize_url, url_host
from gongkai.env import env_str
from gongkai.errors import UserError

USER_AGENT = "Gongkai-SiteCheck/1.0 (government transparency monitor)"
MAX_BODY = 5 * 1024 * 1024

# Outcomes that may pass by themselves (worth a retry, and never enough alone to accuse a unit).
TRANSIENT = {"dns", "timeout", "refused", "5xx", "network"}


class FetchRequest(NamedTuple):
    """A NamedTuple, not a frozen dataclass: a crawl makes one a page, and a frozen dataclass
    costs ~20 µs to build (a recrawl's 10,000 requests: 0.2 s of the crawling thread)."""

    url: str
    head_only: bool = False  # attachments: HEAD (then a one-byte Range GET if HEAD is refused)
    etag: str = ""
    last_modified: str = ""


@dataclass
class FetchResult:
    url: str
    outcome: str  # '200', '304', '404', 'redirect', 'dns', 'timeout', 'tls', 'refused'…
    http_status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    redirect_to: str = ""
    seconds: float = 0.0
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.outcome in ("200", "304")

    @property
    def transient(self) -> bool:
        return self.outcome in TRANSIENT


def classify_status(status: int) -> str:
    if status == 304 or 200 <= status < 300:
        return "304" if status == 304 else "200"
    if 300 <= status < 400:
        return "redirect"
    if status >= 500:
        return "5xx"
    return str(status)


def classify_error(error: BaseException) -> str:
    """The taxonomy name of a transport error (DNS, timeout, TLS, refused, other network)."""
    if isinstance(error, (TimeoutError, aiohttp.ServerTimeoutError)):
        return "timeout"
    if isinstance(error, (aiohttp.ClientSSLError, ssl.SSLError)):
        return "tls"
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return "dns"
        if isinstance(cause, ssl.SSLError):
            return "tls"
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        os_error = getattr(cause, "os_error", None)  # aiohttp's connector errors carry it
        cause = os_error or cause.__cause__ or cause.__context__
    text = str(error).lower()
    if "name or service" in text or "nodename" in text or "temporary failure in name" in text:
        return "dns"
    if "ssl" in text or "certificate" in text:
        return "tls"
    if "refused" in text:
        return "refused"
    return "network"


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}


def decode_html(body: bytes, content_type: str = "") -> str:
    """Text of an HTML page: charset from the header, then the meta tag, then UTF-8, then GB18030.

    GB2312 and GBK are read as GB18030 (their superset), so a page labelled gb2312 that uses a
    GBK-only character is still read exactly.
    """
    declared = ""
    match = re.search(r"charset=([A-Za-z0-9_-]+)", content_type or "", re.IGNORECASE)
    if match:
        declared = match.group(1)
    else:
        meta = _META_CHARSET.search(body[:4096])
        if meta:
            declared = meta.group(1).decode("ascii")
    declared = declared.lower()
    if declared in _GB_FAMILY:
        declared = "gb18030"
    for encoding in filter(None, (declared, "utf-8", "gb18030")):
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def check_public_host(host: str, *, allow_private: bool, resolve=socket.getaddrinfo) -> None:
    """Refuse hosts that resolve to private, loopback or link-local addresses (unless allowed)."""
    if allow_private:
        return
    try:
        infos = resolve(host, None)
    except (socket.gaierror, UnicodeError) as error:
        raise UserError(f"网站主机 {host} 无法解析（{error}）") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_unspecified
        ):
            raise UserError(
                f"网站主机 {host} 解析到内网或本机地址 {address}，为安全起见不予抓取；"
                "如确需监测本机或内网网站（测试、演示），添加网站时请加 --allow-private"
            )


def resolve_aaaa(host: str) -> list[str]:
    """The host's IPv6 addresses (its AAAA records); [] when it has none."""
    try:
        infos = socket.getaddrinfo(host, None, socket.AF_INET6, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return sorted({info[4][0].split("%", 1)[0] for info in infos})


def ipv6_answers(address: str, port: int, *, allow_private: bool, timeout: float = 5.0) -> bool:
    """Whether a TCP connection to the site's port opens on this IPv6 address. Private and
    loopback addresses count only for sites added with --allow-private (as for crawling)."""
    ip = ipaddress.ip_address(address)
    if not ip.is_global and not allow_private:
        return False
    try:
        with socket.create_connection((address, port), timeout=timeout):
            return True
    except OSError:
        return False


HostLimits = Callable[[str], tuple[int, float]]  # host → (concurrency, requests per second)


class HostPacer:
    """At most `concurrency` requests at a time and `rate` request starts a second, per host."""

    def __init__(self, concurrency: int, rate: float) -> None:
        self.concurrency = max(1, concurrency)
        self.rate = rate
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._intervals: dict[str, float] = {}
        self._next_start: dict[str, float] = {}

    def semaphore(self, host: str) -> asyncio.Semaphore:
        if host not in self._semaphores:
            self._semaphores[host] = asyncio.Semaphore(self.concurrency)
            self._intervals[host] = 1.0 / self.rate if self.rate > 0 else 0.0
            self._locks[host] = asyncio.Lock()
        return self._semaphores[host]

    async def wait_turn(self, host: str) -> None:
        interval = self._intervals[host]
        if not interval:
            return
        async with self._locks[host]:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + interval
        if start > now:
            await asyncio.sleep(start - now)


async def _fetch_one(
    session: aiohttp.ClientSession, pacer: HostPacer, request: FetchRequest, retries: int
) -> FetchResult:
    host = url_host(request.url)
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    result = FetchResult(request.url, "network")
    for attempt in range(1, retries + 2):
        async with pacer.semaphore(host):
            await pacer.wait_turn(host)
            started = time.monotonic()
            try:
                result = await _send(session, request, headers)
            except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as error:
                result = FetchResult(request.url, classify_error(error))
            result.seconds = time.monotonic() - started
            result.attempts = attempt
        if not result.transient:
            break
        if attempt <= retries:
            await asyncio.sleep(min(0.2 * attempt, 2.0))
    return result


async def _read_capped(response: aiohttp.ClientResponse) -> bytes:
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_BODY:
            break
    return b"".join(chunks)


async def _send(
    session: aiohttp.ClientSession, request: FetchRequest, headers: dict
) -> FetchResult:
    if request.head_only:
        async with session.head(request.url, headers=headers, allow_redirects=False) as response:
            status, response_headers = response.status, response.headers
        if status in (405, 501):
            ranged = headers | {"Range": "bytes=0-0"}
            async with session.get(request.url, headers=ranged, allow_redirects=False) as response:
                await _read_capped(response)
                status, response_headers = response.status, response.headers
        body = b""
    else:
        async with session.get(request.url, headers=headers, allow_redirects=False) as response:
            body = await _read_capped(response)
            status, response_headers = response.status, response.headers
    outcome = "200" if status == 206 else classify_status(status)
    redirect_to = ""
    if outcome == "redirect" and response_headers.get("location"):
        redirect_to = normalize_url(urljoin(request.url, response_headers["location"]))
    return FetchResult(
        request.url,
        outcome,
        status,
        body,
        {k.lower(): v for k, v in response_headers.items()},
        redirect_to,
    )


def _tls() -> ssl.SSLContext | bool:
    """Certificates are checked against the system's authorities, plus the file named by
    GONGKAI_CRAWL_CA_FILE when set (an intranet's own authority, or a test's)."""
    ca_file = env_str("GONGKAI_CRAWL_CA_FILE")
    if not ca_file:
        return True
    context = ssl.create_default_context()
    try:
        context.load_verify_locations(cafile=ca_file)
    except (OSError, ssl.SSLError):
        raise UserError(f"GONGKAI_CRAWL_CA_FILE：无法读取证书文件 {ca_file}") from None
    return context


def _session(timeout: float) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=100, limit_per_host=0, ttl_dns_cache=300, ssl=_tls()),
        timeout=aiohttp.ClientTimeout(total=timeout),
        headers={"User-Agent": USER_AGENT},
        trust_env=False,
    )


async def fetch_all(
    requests: Iterable[FetchRequest],
    *,
    concurrency: int = 2,
    rate: float = 2.0,
    timeout: float = 15.0,
    retries: int = 1,
) -> list[FetchResult]:
    """Fetch every request politely; results in the order of the requests."""
    pacer = HostPacer(concurrency, rate)
    async with _session(timeout) as session:
        return await asyncio.gather(
            *(_fetch_one(session, pacer, request, retries) for request in requests)
        )
