"""The fetcher's failure taxonomy and request shapes against real loopback sockets."""

import asyncio
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.sitecheck.crawler import FetchRequest, HostPacer, classify_status, fetch_all
from gongkai.sitecheck.curl import CurlFetcher


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, str]] = []
    lock = threading.Lock()
    in_flight = max_in_flight = 0

    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _slow(self) -> None:
        """Answers after 0.1 s, counting how many requests are being answered at once."""
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.max_in_flight = max(cls.max_in_flight, cls.in_flight)
        time.sleep(0.1)
        with cls.lock:
            cls.in_flight -= 1
        self._answer(200, b"ok")

    def do_HEAD(self):  # noqa: N802 - http.server's naming
        self.seen.append(("HEAD", self.path, self.headers.get("Range", "")))
        if self.path == "/no-head.pdf":
            self._answer(405)
        else:
            self._answer(200)

    def do_GET(self):  # noqa: N802
        self.seen.append(("GET", self.path, self.headers.get("Range", "")))
        if self.path.startswith("/slow"):
            self._slow()
        elif self.path == "/broken":
            self._answer(503)
        elif self.path == "/moved":
            self._answer(301, headers={"Location": "https://elsewhere.example/x"})
        elif self.path == "/no-head.pdf":
            self._answer(206, b"%")
        elif self.headers.get("If-None-Match") == '"v1"':
            self._answer(304)
        else:
            self._answer(200, "正文".encode(), {"ETag": '"v1"'})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(params=["aiohttp", "curl"])
def client(request):
    """Both clients answer alike: aiohttp (one-off fetches) and libcurl (the crawl's fetcher)."""
    return request.param


def _fetch(*requests: FetchRequest, timeout: float = 5.0, client: str = "aiohttp"):
    if client == "curl":
        with CurlFetcher(lambda host: (4, 0), timeout=timeout, retries=0) as fetcher:
            return fetcher.submit(list(requests)).result()
    return asyncio.run(fetch_all(list(requests), concurrency=4, rate=0, timeout=timeout, retries=0))


def test_statuses_are_classified():
    assert [classify_status(s) for s in (200, 204, 206, 304, 301, 404, 410, 500, 503)] == [
        "200", "200", "200", "304", "redirect", "404", "410", "5xx", "5xx"
    ]  # fmt: skip


def test_answers_redirects_and_conditional_requests(server, client):
    ok, broken, moved, cached = _fetch(
        FetchRequest(server + "/a"),
        FetchRequest(server + "/broken"),
        FetchRequest(server + "/moved"),
        FetchRequest(server + "/a", etag='"v1"'),
        client=client,
    )
    assert (ok.outcome, ok.body.decode(), ok.headers["etag"]) == ("200", "正文", '"v1"')
    assert (broken.outcome, broken.transient) == ("5xx", True)
    assert (moved.outcome, moved.redirect_to) == ("redirect", "https://elsewhere.example/x")
    assert (cached.outcome, cached.body) == ("304", b"")


def test_attachments_are_checked_with_head_then_a_one_byte_range(server, client):
    Handler.seen.clear()
    plain, refused_head = _fetch(
        FetchRequest(server + "/f.pdf", head_only=True),
        FetchRequest(server + "/no-head.pdf", head_only=True),
        client=client,
    )
    assert (plain.outcome, refused_head.outcome) == ("200", "200")
    assert sorted(Handler.seen) == [
        ("GET", "/no-head.pdf", "bytes=0-0"),
        ("HEAD", "/f.pdf", ""),
        ("HEAD", "/no-head.pdf", ""),
    ]


def test_refused_connection(client):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (result,) = _fetch(FetchRequest(f"http://127.0.0.1:{port}/"), client=client)
    assert (result.outcome, result.transient) == ("refused", True)


def test_timeout_when_the_server_never_answers(client):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        started = time.monotonic()
        (result,) = _fetch(
            FetchRequest(f"http://127.0.0.1:{listener.getsockname()[1]}/"),
            timeout=0.3,
            client=client,
        )
        assert result.outcome == "timeout"
        assert time.monotonic() - started < 3
    finally:
        listener.close()


def test_tls_failure_against_a_plain_http_server(server, client):
    (result,) = _fetch(FetchRequest(server.replace("http://", "https://") + "/a"), client=client)
    assert result.outcome == "tls"


def test_unresolvable_host_is_a_dns_failure(client):
    (result,) = _fetch(FetchRequest("http://gongkai-test.invalid/"), client=client)
    assert result.outcome == "dns"


def test_pacer_spaces_request_starts_per_host():
    pacer = HostPacer(concurrency=4, rate=20)
    starts: list[float] = []

    async def one():
        async with pacer.semaphore("h"):
            await pacer.wait_turn("h")
            starts.append(time.monotonic())

    async def run():
        await asyncio.gather(*(one() for _ in range(5)))

    asyncio.run(run())
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.035  # 0.05 s apart; the event loop may wake a few ms early
    assert starts[-1] - starts[0] >= 0.18


def test_the_fetcher_keeps_each_hosts_limit_across_batches_in_flight(server):
    """Two batches submitted at once to one host limited to 2: never more than 2 at a time."""
    Handler.max_in_flight = 0
    with CurlFetcher(lambda h: (2, 0) if h == "127.0.0.1" else (99, 0), retries=0) as fetcher:
        first = fetcher.submit([FetchRequest(f"{server}/slow?{n}") for n in range(4)])
        second = fetcher.submit([FetchRequest(f"{server}/slow?{n}") for n in range(4, 8)])
        results = first.result() + second.result()
    assert [r.outcome for r in results] == ["200"] * 8
    assert Handler.max_in_flight == 2


def test_the_fetcher_cancels_what_is_in_flight_when_closed_early(server):
    fetcher = CurlFetcher(lambda h: (1, 0), retries=0)
    pending = fetcher.submit([FetchRequest(f"{server}/slow?{n}") for n in range(20)])
    started = time.monotonic()
    fetcher.close()  # does not wait for 20 answers of 0.1 s one at a time (2 s)
    assert time.monotonic() - started < 1.0
    assert pending.cancelled()


def test_the_fetcher_spaces_starts_per_host_and_retries_what_may_pass(server):
    Handler.seen.clear()
    with CurlFetcher(lambda h: (4, 20), retries=1) as fetcher:
        started = time.monotonic()
        results = fetcher.submit([FetchRequest(f"{server}/a?{n}") for n in range(5)]).result()
        spent = time.monotonic() - started
        (broken,) = fetcher.submit([FetchRequest(f"{server}/broken")]).result()
    assert [r.outcome for r in results] == ["200"] * 5 and spent >= 0.18  # 20 a second
    assert (broken.outcome, broken.attempts) == ("5xx", 2)
    assert [p for m, p, _ in Handler.seen].count("/broken") == 2
