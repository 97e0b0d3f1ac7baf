"""The crawl's fetcher on libcurl's multi interface (pycurl): the same requests, results, limits
and failure taxonomy as crawler.fetch_all (aiohttp), at a quarter of its cost per request.

Why a second client: a recrawl is mostly conditional requests answered 304, and there the
client's own cost is the whole cost. aiohttp spends ~130 µs of Python a request; libcurl does the
HTTP in C (24,665 conditional GETs on loopback: 3.2 s with aiohttp, 0.8 s with pycurl, same
machine, docs/benchmarks.md). aiohttp stays for the one-off fetches (robots.txt, probes, pictures).

One thread runs the multi handle for the whole crawl: batches are submitted from the crawling
thread and each comes back as a future; per host at most `concurrency` transfers run at once and
starts are spaced by 1 / `rate` seconds, across the batches in flight. Redirects are never
followed. No Django here.
"""

import concurrent.futures
import errno
import heapq
import os
import ssl
import tempfile
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urljoin

import pycurl

from gongkai.adapters.urls import normalize_url, url_host
from gongkai.env import env_str
from gongkai.errors import UserError
from gongkai.sitecheck.crawler import (
    MAX_BODY,
    USER_AGENT,
    FetchRequest,
    FetchResult,
    HostLimits,
    classify_status,
)

# libcurl's error codes by the crawl's taxonomy (anything else: "network")
_DNS = {pycurl.E_COULDNT_RESOLVE_HOST, pycurl.E_COULDNT_RESOLVE_PROXY}
_TIMEOUT = {pycurl.E_OPERATION_TIMEDOUT}
_TLS = {
    pycurl.E_SSL_CONNECT_ERROR, pycurl.E_PEER_FAILED_VERIFICATION, pycurl.E_SSL_CERTPROBLEM,
    pycurl.E_SSL_CIPHER, pycurl.E_SSL_ENGINE_NOTFOUND, pycurl.E_SSL_ENGINE_SETFAILED,
    pycurl.E_SSL_CACERT_BADFILE, pycurl.E_SSL_SHUTDOWN_FAILED, pycurl.E_SSL_CRL_BADFILE,
    pycurl.E_SSL_ISSUER_ERROR,
}  # fmt: skip
_CAPPED = pycurl.E_WRITE_ERROR  # our write callback stopped the body at MAX_BODY
TICK = 0.01  # longest wait for sockets when nothing else is due (s)


def classify_curl_error(code: int, os_errno: int = 0) -> str:
    if code in _DNS:
        return "dns"
    if code in _TIMEOUT:
        return "timeout"
    if code in _TLS:
        return "tls"
    if code == pycurl.E_COULDNT_CONNECT and os_errno == errno.ECONNREFUSED:
        return "refused"
    return "network"


@dataclass
class _Job:
    future: concurrent.futures.Future
    results: list
    remaining: int


@dataclass
class _Transfer:
    """One request on its way: which job and slot it answers, its attempt, and what came back."""

    job: _Job
    slot: int
    request: FetchRequest
    host: str
    attempt: int = 1
    ranged: bool = False  # an attachment whose HEAD was refused: the one-byte GET
    started: float = 0.0
    body: list[bytes] = field(default_factory=list)
    size: int = 0

    def write(self, chunk: bytes) -> int | None:
        self.body.append(chunk)
        self.size += len(chunk)
        return 0 if self.size >= MAX_BODY else None  # 0: stop here (E_WRITE_ERROR)


def split_response(data: bytes) -> tuple[dict[str, str], bytes]:
    """Headers (lower-case names) and body of what libcurl wrote with CURLOPT_HEADER: the last
    header block wins (a 100 Continue comes first)."""
    headers: dict[str, str] = {}
    while data.startswith(b"HTTP/"):
        end = data.find(b"\r\n\r\n")
        block, data = (data, b"") if end < 0 else (data[:end], data[end + 4 :])
        headers = {}
        for line in block.decode("iso-8859-1").split("\r\n")[1:]:
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
    return headers, data


def _ca_bundle() -> str | None:
    """The system's authorities, plus GONGKAI_CRAWL_CA_FILE's when set (as the aiohttp client
    trusts them), in one file for libcurl; None: libcurl's own default."""
    system = ssl.get_default_verify_paths().cafile
    extra = env_str("GONGKAI_CRAWL_CA_FILE")
    if not extra:
        return system if system and os.path.exists(system) else None
    try:
        pem = open(extra, "rb").read()  # noqa: SIM115 - read whole, closed by the GC at once
    except OSError:
        raise UserError(f"GONGKAI_CRAWL_CA_FILE：无法读取证书文件 {extra}") from None
    base = open(system, "rb").read() if system and os.path.exists(system) else b""  # noqa: SIM115
    bundle = tempfile.NamedTemporaryFile(prefix="gongkai-ca-", suffix=".pem", delete=False)  # noqa: SIM115
    with bundle:
        bundle.write(base + b"\n" + pem)
    return bundle.name


class CurlFetcher:
    """One fetcher for a whole crawl: `submit(requests)` → a future of the results in order;
    `close()` cancels what is still waiting; a context manager."""

    def __init__(self, limits: HostLimits, *, timeout: float = 15.0, retries: int = 1) -> None:
        self._limits, self._timeout, self._retries = limits, timeout, retries
        self._ca = _ca_bundle()
        self._multi = pycurl.CurlMulti()
        self._spare: list[pycurl.Curl] = []
        self._incoming: deque[_Transfer] = deque()
        self._waiting: dict[str, deque[_Transfer]] = {}
        self._retry_at: list[tuple[float, int, _Transfer]] = []
        self._active: Counter[str] = Counter()
        self._in_flight: set[pycurl.Curl] = set()
        self._next_start: dict[str, float] = {}
        self._host_limits: dict[str, tuple[int, float]] = {}
        self._hosts: dict[str, str] = {}
        self._jobs: list[_Job] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="gongkai-curl", daemon=True)
        self._thread.start()

    # --- the crawling thread's side -------------------------------------------------------

    def submit(self, requests: list[FetchRequest]) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        if not requests:
            future.set_result([])
            return future
        job = _Job(future, [None] * len(requests), len(requests))
        transfers = [_Transfer(job, n, r, self._host(r.url)) for n, r in enumerate(requests)]
        with self._lock:
            self._jobs.append(job)
            self._incoming.extend(transfers)
        self._wake.set()
        return future

    def _host(self, url: str) -> str:
        """The pacing key of a URL (its host), remembered by authority: one urlsplit a host."""
        authority = url.split("/", 3)[2] if "://" in url else url
        host = self._hosts.get(authority)
        if host is None:
            host = self._hosts[authority] = url_host(url)
        return host

    def close(self) -> None:
        self._closing.set()
        self._wake.set()
        self._thread.join()
        with self._lock:
            for job in self._jobs:
                job.future.cancel()
        for handle in self._spare:
            handle.close()
        self._multi.close()
        if self._ca and os.path.basename(self._ca).startswith("gongkai-ca-"):
            os.unlink(self._ca)

    def __enter__(self) -> "CurlFetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- the fetching thread ----------------------------------------------------------------

    def _loop(self) -> None:
        while not self._closing.is_set():
            self._take_incoming()
            wait = self._start_due(time.monotonic())
            while self._multi.perform()[0] == pycurl.E_CALL_MULTI_PERFORM:
                pass
            if self._collect():
                continue  # answers came: start the next requests at once
            if self._in_flight:
                self._multi.select(min(wait, TICK))
            else:  # nothing running: sleep until a batch is submitted or a start is due
                self._wake.wait(min(wait, TICK))
                self._wake.clear()
        self._abandon()

    def _take_incoming(self) -> None:
        with self._lock:
            while self._incoming:
                transfer = self._incoming.popleft()
                self._waiting.setdefault(transfer.host, deque()).append(transfer)

    def _limits_of(self, host: str) -> tuple[int, float]:
        if host not in self._host_limits:
            concurrency, rate = self._limits(host)
            self._host_limits[host] = (max(1, concurrency), 1.0 / rate if rate > 0 else 0.0)
        return self._host_limits[host]

    def _start_due(self, now: float) -> float:
        """Start what each host's limits allow; how long until the next paced start is due."""
        while self._retry_at and self._retry_at[0][0] <= now:
            _, _, transfer = heapq.heappop(self._retry_at)
            self._waiting.setdefault(transfer.host, deque()).append(transfer)
        wait = self._retry_at[0][0] - now if self._retry_at else TICK
        for host, queue in self._waiting.items():
            concurrency, interval = self._limits_of(host)
            while queue and self._active[host] < concurrency:
                start = self._next_start.get(host, 0.0)
                if start > now:
                    wait = min(wait, start - now)
                    break
                self._next_start[host] = max(now, start) + interval
                self._start(queue.popleft(), now)
        return max(wait, 0.0)

    def _handle(self) -> pycurl.Curl:
        if self._spare:
            return self._spare.pop()
        handle = pycurl.Curl()
        handle.setopt(pycurl.NOSIGNAL, 1)
        handle.setopt(pycurl.FOLLOWLOCATION, 0)
        handle.setopt(pycurl.USERAGENT, USER_AGENT)
        handle.setopt(pycurl.ACCEPT_ENCODING, "")
        handle.setopt(pycurl.TIMEOUT_MS, int(self._timeout * 1000))
        handle.setopt(pycurl.PROTOCOLS, pycurl.PROTO_HTTP | pycurl.PROTO_HTTPS)
        # headers arrive with the body through the one write callback: a 304 costs one call into
        # Python (and one wait for the interpreter lock) instead of one a header line
        handle.setopt(pycurl.HEADER, 1)
        if self._ca:
            handle.setopt(pycurl.CAINFO, self._ca)
        return handle

    def _start(self, transfer: _Transfer, now: float) -> None:
        request, handle = transfer.request, self._handle()
        transfer.body, transfer.size = [], 0
        transfer.started = now
        headers = []
        if request.etag:
            headers.append(f"If-None-Match: {request.etag}")
        if request.last_modified:
            headers.append(f"If-Modified-Since: {request.last_modified}")
        handle.setopt(pycurl.URL, request.url)
        handle.setopt(pycurl.HTTPHEADER, headers)
        head = request.head_only and not transfer.ranged
        handle.setopt(pycurl.NOBODY, 1 if head else 0)
        if not head:
            handle.setopt(pycurl.HTTPGET, 1)
        handle.setopt(pycurl.RANGE, "0-0" if transfer.ranged else None)
        handle.setopt(pycurl.WRITEFUNCTION, transfer.write)
        handle.transfer = transfer
        self._multi.add_handle(handle)
        self._in_flight.add(handle)
        self._active[transfer.host] += 1

    def _collect(self) -> int:
        """Finish the transfers libcurl has done; how many."""
        finished = 0
        while True:
            queued, done, failed = self._multi.info_read()
            for handle in done:
                self._finish(handle, 0)
            for handle, code, _message in failed:
                self._finish(handle, code)
            finished += len(done) + len(failed)
            if not queued:
                return finished

    def _finish(self, handle: pycurl.Curl, code: int) -> None:
        transfer: _Transfer = handle.transfer
        status = handle.getinfo(pycurl.RESPONSE_CODE)
        os_errno = handle.getinfo(pycurl.OS_ERRNO) if code else 0
        self._multi.remove_handle(handle)
        self._in_flight.discard(handle)
        handle.transfer = None
        self._spare.append(handle)
        self._active[transfer.host] -= 1
        now = time.monotonic()
        if code and not (code == _CAPPED and status):
            result = FetchResult(transfer.request.url, classify_curl_error(code, os_errno))
        elif transfer.request.head_only and not transfer.ranged and status in (405, 501):
            transfer.ranged = True  # HEAD refused: ask for one byte instead
            self._waiting.setdefault(transfer.host, deque()).appendleft(transfer)
            return
        else:
            result = self._result(transfer, status)
        result.seconds, result.attempts = now - transfer.started, transfer.attempt
        if result.transient and transfer.attempt <= self._retries:
            delay = min(0.2 * transfer.attempt, 2.0)  # as the aiohttp client waits
            transfer.attempt += 1
            transfer.ranged = False
            heapq.heappush(self._retry_at, (now + delay, id(transfer), transfer))
            return
        self._deliver(transfer, result)

    @staticmethod
    def _result(transfer: _Transfer, status: int) -> FetchResult:
        outcome = "200" if status == 206 else classify_status(status)
        headers, body = split_response(b"".join(transfer.body))
        redirect_to = ""
        if outcome == "redirect" and headers.get("location"):
            redirect_to = normalize_url(urljoin(transfer.request.url, headers["location"]))
        body = b"" if transfer.request.head_only else body[:MAX_BODY]
        return FetchResult(transfer.request.url, outcome, status, body, headers, redirect_to)

    def _deliver(self, transfer: _Transfer, result: FetchResult) -> None:
        job = transfer.job
        job.results[transfer.slot] = result
        job.remaining -= 1
        if job.remaining == 0:
            with self._lock:
                self._jobs.remove(job)
            if not job.future.cancelled():
                job.future.set_result(job.results)

    def _abandon(self) -> None:
        """Closing: the transfers still running are dropped (their jobs are cancelled)."""
        for handle in self._in_flight:
            self._multi.remove_handle(handle)
            handle.close()
        self._in_flight.clear()
