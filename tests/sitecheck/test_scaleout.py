"""Scale-out with real servers: crawl workers (`gongkai run_huey`) on a Redis queue and a PostgreSQL
database crawl one fleet of sites; every page is fetched exactly once, and a worker stopped mid-run
loses nothing. Runs in the PostgreSQL pass of `make test` (scripts/with-redis starts Redis)."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from django.db import connection

from gongkai.sitecheck.models import Page
from gongkai.sitecheck.services import add_site

REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis (scripts/with-redis)"),
]

HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")
LISTS, ARTICLES = 12, 25  # per host: a homepage, 12 lists of 25 articles → 313 pages


class Fleet(BaseHTTPRequestHandler):
    """Generated pages; every request counted by (host, path)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    hits: Counter = Counter()
    lock = threading.Lock()
    delay = 0.0

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        with self.lock:
            self.hits[(self.server.server_address[0], self.path)] += 1
        if self.delay:
            time.sleep(self.delay)
        if self.path == "/":
            links = "".join(f'<a href="/l{i}/">栏目{i}</a>' for i in range(LISTS))
        elif self.path.startswith("/l") and self.path.endswith("/"):
            number = self.path.strip("/")
            links = "".join(
                f'<li><a href="/{number}/t20240601_{j}.html">信息{j}</a><span>2024-06-01</span></li>'
                for j in range(ARTICLES)
            )
        else:
            links = "正文"
        body = f"<html><head><title>{quote(self.path)}</title></head><body>{links}</body></html>"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True


@pytest.fixture
def fleet():
    Fleet.hits = Counter()
    servers = [_Server((host, 0), Fleet) for host in HOSTS]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield [f"http://{host}:{s.server_address[1]}/" for host, s in zip(HOSTS, servers, strict=True)]
    for server in servers:
        server.shutdown()
        server.server_close()


def _environment() -> dict:
    """Worker processes use the test database and the test Redis."""
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        if db["ENGINE"].endswith("postgresql")
        else ""
    )
    return os.environ | {
        "DATABASE_URL": url,
        "GONGKAI_REDIS_URL": REDIS_URL,
        "GONGKAI_CRAWL_CLAIM_LEASE_SECONDS": "3",
    }


def _gongkai(*args: str) -> list[str]:
    return [sys.executable, "-m", "gongkai.cli", *args]


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        _gongkai("run_huey", "--workers", "1", "--no-periodic"),
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.kill(worker.pid, sig)
        worker.wait(timeout=20)


def _queue(workers: int) -> None:
    done = subprocess.run(
        _gongkai("crawl", "--queue", str(workers), "--batch", "20"),
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def _flush_queue() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def _add_fleet(roots: list[str]) -> None:
    for root in roots:
        site = add_site(root_url=root, allow_private=True, obey_robots=False)
        site.requests_per_second = 0
        site.max_concurrency = 4
        site.save()


def _wait_until_crawled(expected: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if Page.objects.filter(fetches__gt=0).count() == expected:
            return
        time.sleep(0.3)
    raise AssertionError(f"{Page.objects.filter(fetches__gt=0).count()} of {expected} crawled")


PAGES = len(HOSTS) * (1 + LISTS + LISTS * ARTICLES)


def _requires_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("scale-out runs on PostgreSQL")


def test_two_workers_fetch_every_page_exactly_once(fleet):
    _requires_postgres()
    _flush_queue()
    _add_fleet(fleet)
    workers = [_start_worker(), _start_worker()]
    try:
        _queue(2)
        _wait_until_crawled(PAGES)
    finally:
        for worker in workers:
            _stop(worker)
    assert Page.objects.count() == PAGES
    assert len(Fleet.hits) == PAGES
    assert set(Fleet.hits.values()) == {1}  # no page fetched twice, none skipped
    assert set(Page.objects.values_list("fetches", flat=True)) == {1}


def test_a_worker_stopped_mid_run_loses_nothing(fleet):
    _requires_postgres()
    _flush_queue()
    _add_fleet(fleet)
    Fleet.delay = 0.01  # slow enough to stop a worker halfway
    first, second = _start_worker(), _start_worker()
    try:
        _queue(2)
        deadline = time.monotonic() + 60
        while Page.objects.filter(fetches__gt=0).count() < PAGES // 4:
            assert time.monotonic() < deadline, "the crawl did not start"
            time.sleep(0.1)
        _stop(first, signal.SIGKILL)  # no goodbye: its claimed pages are leased, not lost
        time.sleep(3.5)  # the lease (3 s in this test) runs out
        _queue(1)  # what the periodic dispatcher does each minute
        _wait_until_crawled(PAGES)
    finally:
        Fleet.delay = 0.0
        _stop(first, signal.SIGKILL)
        _stop(second)
    assert len(Fleet.hits) == PAGES  # every page was fetched …
    assert Page.objects.filter(fetches=0).count() == 0  # … and stored
    twice = sum(1 for n in Fleet.hits.values() if n > 1)
    # At most the stopped worker's two batches in flight (one being stored, the next being
    # fetched: the crawl is pipelined) are fetched again.
    assert twice <= 2 * 20
