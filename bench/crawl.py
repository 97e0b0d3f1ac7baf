"""Benchmark: the site monitor crawling copies of the sample portal on loopback, next to Scrapy and
LinkChecker crawling the same pages in the same run.

Serves `--copies` copies of the generated sample county portal (≈4,930 pages each, planted dead
links and attachments), each copy from its own process on its own loopback address (127.0.0.11,
127.0.0.12, …: many hosts, as per-host limits see them), and runs each crawler in a process of its
own (its peak RSS is that process's own):
- the floor: plain aiohttp GETs of every page at the same concurrency, no parsing, no database;
- Gongkai: sites added, columns loaded, first crawl with extraction and storage (SQLite), two more
  nights that confirm dead links (3 consecutive failures, the bundled rules), the recall of the
  planted dead links and attachments, then a recrawl of every page with conditional requests
  (answered 304), next to a floor of the same conditional GETs without Gongkai;
- Scrapy: a CrawlSpider following every link on the fleet, unthrottled, title and meta extracted,
  4xx/5xx answers kept (HTTPERROR_ALLOW_ALL);
- LinkChecker: the command line, unthrottled (maxrequestspersecond raised, same thread count);
- with `--scale N`: Gongkai's first crawl again on N times the copies, for its peak RSS.

Every crawler gets the same concurrency per host (`--concurrency`) and the same total
(concurrency × hosts; LinkChecker, which has no per-host limit, that many threads). Scrapy and LinkChecker are the optional extra
`bench` (`pip install -e '.[bench]'`; `make bench` installs it); a peer that is not installed is
reported as such, not skipped silently.

    .venv/bin/python bench/crawl.py [--copies 5] [--concurrency 16] [--scale 10]
        [--tools gongkai,scrapy,linkchecker] [--server python|nginx]

Targets (issue: the site monitor): Gongkai ≥ 2× Scrapy's pages/s with extraction and storage on;
recall 100 %; peak RSS at 10× the pages ≤ 1.25× that at 1×; recrawl ≤ 20 % of the first crawl.
Data and the databases go to bench/data/ (git-ignored).
"""

import argparse
import asyncio
import csv
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
NIGHT = datetime(2024, 6, 28, 21, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TOOLS = ("gongkai", "scrapy", "linkchecker")
FIRST_ADDRESS = 11  # the fleet's hosts: 127.0.0.11, 127.0.0.12, …


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="portal copies (≈4,930 pages each)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight per host")
    parser.add_argument("--batch", type=int, default=1000, help="pages Gongkai claims per batch")
    parser.add_argument("--scale", type=int, default=10, help="RSS run on N× the copies (0: none)")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument(
        "--server",
        choices=("python", "nginx"),
        default="nginx" if shutil.which("nginx") else "python",
        help="what serves the fleet: nginx (the default when installed: scripts/apt-install "
        "nginx-light), or the sample portal's own Python server",
    )
    parser.add_argument("--child", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--manifest", help=argparse.SUPPRESS)
    return parser.parse_args()


def rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


# --- the floor: plain GETs, no parsing, no storage ----------------------------------------------


async def plain_gets(urls: list[str], concurrency: int, headers: list[dict] | None = None) -> float:
    """Every URL fetched with `concurrency` requests in flight per host; seconds taken."""
    from urllib.parse import urlsplit

    import aiohttp

    started = time.perf_counter()
    semaphores: dict[str, asyncio.Semaphore] = {}
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(url: str, extra: dict) -> None:
            host = urlsplit(url).hostname
            semaphore = semaphores.setdefault(host, asyncio.Semaphore(concurrency))
            async with semaphore, session.get(url, headers=extra, allow_redirects=False) as answer:
                await answer.read()

        extra = headers or [{}] * len(urls)
        await asyncio.gather(*(one(url, h) for url, h in zip(urls, extra, strict=True)))
    return time.perf_counter() - started


# --- Gongkai ---------------------------------------------------------------------------------


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["GONGKAI_HOME"] = str(DATA)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(HERE.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_gongkai(manifest: dict) -> dict:
    db_path = DATA / f"crawl-{len(manifest['roots'])}.sqlite3"
    db_path.unlink(missing_ok=True)
    setup_django(db_path)
    from gongkai.orgs.models import Unit
    from gongkai.orgs.services import load_registry
    from gongkai.sample.generator import SAMPLE_DIR
    from gongkai.sitecheck import services
    from gongkai.sitecheck.models import Page
    from gongkai.sitecheck.selectors import site_issues

    load_registry(path=SAMPLE_DIR / "registry.yaml")
    sites = []
    for root in manifest["roots"]:
        site = services.add_site(
            root_url=root,
            unit=Unit.objects.get(name="政府办"),
            allow_private=True,
            obey_robots=False,
            now=NIGHT,
        )
        site.requests_per_second, site.max_concurrency = 0, manifest["concurrency"]
        site.recheck_hours = 24  # homepage and lists nightly; articles and attachments weekly
        site.save()
        services.load_columns(site=site, path=Path(manifest["portal"]) / "columns.yaml", now=NIGHT)
        sites.append(site)
    batch = manifest["batch"]
    started = time.perf_counter()
    first = services.crawl(now=lambda: NIGHT, batch=batch)
    seconds = time.perf_counter() - started
    figures = {
        "pages": first.fetched,
        "seconds": round(seconds, 1),
        "pages_per_s": round(first.fetched / seconds),
        "rss_after_first_mb": rss_mb(),
    }
    if manifest.get("first_only"):
        return figures
    # The next two nights are scheduled passes: what is due (homepage, lists, failures).
    nightly = []
    for night in (1, 2):
        started = time.perf_counter()
        passed = services.crawl(now=lambda night=night: NIGHT + timedelta(days=night), batch=batch)
        nightly.append((passed.fetched, time.perf_counter() - started))
    found = {
        issue.url
        for site in sites
        for issue in site_issues(site, NIGHT.date() + timedelta(days=2))
        if issue.rule in ("link.dead", "attachment.dead")
    }
    # The floor of a recrawl: the same conditional GETs, with nothing done with the answers.
    stored = list(Page.objects.exclude(etag="", last_modified="").values_list(
        "url", "etag", "last_modified"
    ))  # fmt: skip
    conditional = [
        {"If-None-Match": etag} if etag else {"If-Modified-Since": modified}
        for _, etag, modified in stored
    ]
    floor_304 = asyncio.run(
        plain_gets([url for url, _, _ in stored], manifest["concurrency"], conditional)
    )
    Page.objects.update(next_check_at=NIGHT)
    later = NIGHT + timedelta(days=8)
    started = time.perf_counter()
    again = services.crawl(now=lambda: later, batch=batch)
    recrawl = time.perf_counter() - started
    return figures | {
        "dead": sorted(found),
        "recrawl_pages": again.fetched,
        "recrawl_not_modified": again.not_modified,
        "recrawl_seconds": round(recrawl, 1),
        "recrawl_share": round(recrawl / seconds, 2),
        "floor_304_seconds": round(floor_304, 1),
        "floor_304_pages_per_s": round(len(stored) / floor_304),
        "nightly_pages": nightly[0][0],
        "nightly_seconds": round(nightly[0][1], 1),
        "nightly_share": round(nightly[0][1] / seconds, 2),
    }


# --- Scrapy ----------------------------------------------------------------------------------


def run_scrapy(manifest: dict) -> dict:
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import HtmlResponse
    from scrapy.linkextractors import LinkExtractor
    from scrapy.spiders import CrawlSpider, Rule

    seen: dict[str, int] = {}

    class FleetSpider(CrawlSpider):
        name = "fleet"
        start_urls = manifest["roots"]
        # Every link on the fleet's host, attachments included (Scrapy skips .pdf by default).
        rules = (
            Rule(
                # (allow_domains would compare "127.0.0.1" with "127.0.0.1:port" and miss)
                LinkExtractor(allow=[r"^http://127\.0\.0\.\d+:\d+/"], deny_extensions=[]),
                callback="parse_page",
                follow=True,
            ),
        )

        def parse_start_url(self, response):
            return self.parse_page(response)

        def parse_page(self, response):
            seen[response.url] = response.status
            if isinstance(response, HtmlResponse):  # the extraction Gongkai also does
                yield {
                    "title": response.css("meta[name=ArticleTitle]::attr(content)").get()
                    or response.css("title::text").get(),
                    "date": response.css("meta[name=PubDate]::attr(content)").get(),
                }

    concurrency = manifest["concurrency"]
    process = CrawlerProcess(
        settings={
            "ROBOTSTXT_OBEY": False,
            "CONCURRENT_REQUESTS": concurrency * len(manifest["roots"]),
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "HTTPERROR_ALLOW_ALL": True,
            "REDIRECT_ENABLED": False,  # as Gongkai: a redirect is recorded, not followed
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "ERROR",
        }
    )
    process.crawl(FleetSpider)
    started = time.perf_counter()
    process.start()
    seconds = time.perf_counter() - started
    return {
        "pages": len(seen),
        "seconds": round(seconds, 1),
        "pages_per_s": round(len(seen) / seconds),
        "dead": sorted(url for url, status in seen.items() if status >= 400),
        "rss_after_first_mb": rss_mb(),
    }


# --- LinkChecker -----------------------------------------------------------------------------


def run_linkchecker(manifest: dict) -> dict:
    executable = shutil.which("linkchecker", path=str(Path(sys.executable).parent))
    config = DATA / "linkcheckerrc"
    config.write_text(
        "[checking]\nmaxrequestspersecond=100000\n"
        f"threads={manifest['concurrency'] * len(manifest['roots'])}\ntimeout=15\n"
        "[output]\nstatus=0\n",
        encoding="utf-8",
    )
    config.chmod(0o644)  # LinkChecker started as root runs as nobody
    started = time.perf_counter()
    done = subprocess.run(
        [executable, "--config", str(config), "--verbose", "-o", "csv", *manifest["roots"]],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: broken links were found
        raise RuntimeError(f"linkchecker exit {done.returncode}: {done.stderr[-500:]}")
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    urls = {row["url"] for row in rows}
    dead = {row["url"] for row in rows if row["valid"] == "False"}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "pages": len(urls),
        "seconds": round(seconds, 1),
        "pages_per_s": round(len(urls) / seconds),
        "dead": sorted(dead),
        "rss_after_first_mb": round(peak),
    }


RUNNERS = {"gongkai": run_gongkai, "scrapy": run_scrapy, "linkchecker": run_linkchecker}


def missing(tool: str) -> str:
    """Why a peer cannot run here ('' when it can)."""
    if tool == "scrapy":
        try:
            import scrapy  # noqa: F401
        except ImportError:
            return "未安装 Scrapy（pip install -e '.[bench]'）"
    if tool == "linkchecker" and not shutil.which(
        "linkchecker", path=str(Path(sys.executable).parent)
    ):
        return "未安装 LinkChecker（pip install -e '.[bench]'）"
    return ""


def in_child(tool: str, manifest: dict) -> dict:
    """Run one crawler in a fresh process: its peak RSS is its own."""
    path = DATA / f"manifest-{tool}.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, __file__, "--child", tool, "--manifest", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run ---------------------------------------------------------------------------------


def serve(portal: Path, copies: int, server: str = "python") -> list:
    if server == "nginx":
        return [NginxFleet(portal, copies)]
    sys.path.insert(0, str(HERE.parent / "src"))
    from gongkai.sample.portal_server import start_portal_process

    return [
        start_portal_process(portal, address=f"127.0.0.{FIRST_ADDRESS + n}") for n in range(copies)
    ]


class NginxFleet:
    """The same copies served by one nginx (Debian's nginx-light: `scripts/apt-install
    nginx-light`), one server block per loopback address; stopped by its PID.

    Python's threaded http.server spends a millisecond of CPU on every answer, a 304 included, on
    the same two cores as the crawlers: it sets a floor under every figure. nginx is what many
    portals run, and answers 304 (ETag / Last-Modified) at almost no cost.
    """

    def __init__(self, portal: Path, copies: int) -> None:
        import socket

        self.dir = DATA / "nginx"
        shutil.rmtree(self.dir, ignore_errors=True)
        (self.dir / "tmp").mkdir(parents=True)
        with socket.socket() as probe:
            probe.bind((f"127.0.0.{FIRST_ADDRESS}", 0))
            port = probe.getsockname()[1]
        addresses = [f"127.0.0.{FIRST_ADDRESS + n}" for n in range(copies)]
        blocks = "".join(
            f"  server {{ listen {a}:{port} backlog=1024; root {portal / 'main'}; "
            "index index.html; add_header LinkChecker unthrottled always; }\n"
            for a in addresses
        )
        tmp = self.dir / "tmp"
        (self.dir / "nginx.conf").write_text(
            f"user root;\nworker_processes 1;\ndaemon off;\npid {self.dir / 'nginx.pid'};\n"
            f"error_log {self.dir / 'error.log'};\nevents {{ worker_connections 8192; }}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n"
            f"  keepalive_requests 100000;\n  client_body_temp_path {tmp};\n"
            f"  proxy_temp_path {tmp};\n  fastcgi_temp_path {tmp};\n  uwsgi_temp_path {tmp};\n"
            f"  scgi_temp_path {tmp};\n{blocks}}}\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(self.dir / "nginx.conf")],
            stderr=subprocess.PIPE,
        )
        self.urls = [f"http://{a}:{port}/" for a in addresses]
        _wait_for(self.urls[0], self.process)

    @property
    def roots(self) -> list[str]:
        return self.urls

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _wait_for(url: str, process: subprocess.Popen) -> None:
    import urllib.request

    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit(f"nginx did not start: {process.stderr.read().decode()[-500:]}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nginx did not answer on {url}")


def roots_of(servers: list) -> list[str]:
    return [r for s in servers for r in getattr(s, "roots", [getattr(s, "main_url", "")])]


def manifest_for(servers, portal: Path, options, **extra) -> dict:
    return {
        "roots": roots_of(servers),
        "portal": str(portal),
        "concurrency": options.concurrency,
        "batch": options.batch,
    } | extra


def recall(dead: list[str], planted: set[str]) -> tuple[int, int]:
    found = {url.rstrip("/") for url in dead}
    planted = {url.rstrip("/") for url in planted}
    return len(found & planted), len(found - planted)


def main() -> None:
    options = parse_args()
    if options.child:
        manifest = json.loads(Path(options.manifest).read_text(encoding="utf-8"))
        print(json.dumps(RUNNERS[options.child](manifest), ensure_ascii=False))
        return
    tools = [t for t in options.tools.split(",") if t]
    DATA.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE.parent / "src"))
    from gongkai.orgs.registry import read_registry
    from gongkai.sample.generator import SAMPLE_DIR, generate
    from gongkai.sample.portal import build_portal

    portal = DATA / "portal"
    shutil.rmtree(portal, ignore_errors=True)
    registry = read_registry(SAMPLE_DIR / "registry.yaml")
    planted = build_portal(portal, registry, list(generate(registry, seed=20240304)))
    runs: dict[str, dict] = {}
    servers = serve(portal, options.copies, options.server)
    try:
        roots = [root.rstrip("/") for root in roots_of(servers)]
        planted_dead = {
            root + path for root in roots for path in planted.dead_links + planted.dead_attachments
        }
        urls = [root + path for root in roots for path in page_paths(portal)]
        floor = asyncio.run(plain_gets(urls, options.concurrency))
        runs["floor"] = {"pages": len(urls), "seconds": round(floor, 1)}
        runs["floor"]["pages_per_s"] = round(len(urls) / floor)
        for tool in tools:
            reason = missing(tool)
            runs[tool] = (
                {"error": reason}
                if reason
                else in_child(tool, manifest_for(servers, portal, options))
            )
    finally:
        for server in servers:
            server.stop()
    if options.scale > 1 and "gongkai" in tools:
        servers = serve(portal, options.copies * options.scale, options.server)
        try:
            runs["gongkai_scaled"] = in_child(
                "gongkai", manifest_for(servers, portal, options, first_only=True)
            )
        finally:
            for server in servers:
                server.stop()
    report(runs, planted_dead, options)


def page_paths(portal: Path) -> list[str]:
    main = portal / "main"
    paths = []
    for path in main.rglob("*"):
        if path.is_file():
            relative = "/" + str(path.relative_to(main))
            paths.append(
                relative.removesuffix("index.html") if path.name == "index.html" else relative
            )
    return sorted(paths)


def report(runs: dict, planted_dead: set[str], options) -> None:
    print(
        f"{platform.node()} {platform.machine()} {os.cpu_count()} CPU, Python "
        f"{platform.python_version()}, {datetime.now():%Y-%m-%d %H:%M}; "
        f"{options.copies} copies on {options.copies} hosts, {options.concurrency} in flight per host, "
        f"served by {options.server}"
    )
    print(
        f"{'':12} {'pages':>7} {'s':>6} {'pages/s':>8} {'dead found':>11} {'false':>6} {'RSS MB':>7}"
    )
    for name, run in runs.items():
        if "error" in run:
            print(f"{name:12} {run['error']}")
            continue
        found, false = recall(run["dead"], planted_dead) if "dead" in run else ("", "")
        dead = f"{found}/{len(planted_dead)}" if found != "" else ""
        print(
            f"{name:12} {run['pages']:>7} {run['seconds']:>6} {run['pages_per_s']:>8} "
            f"{dead:>11} {false!s:>6} {run.get('rss_after_first_mb', ''):>7}"
        )
    for name, run in runs.items():
        missed = sorted(planted_dead - {u.rstrip("/") for u in run.get("dead", planted_dead)})
        if missed:
            print(f"{name} missed: {', '.join(missed[:5])}{' …' if len(missed) > 5 else ''}")
    gongkai, scrapy = runs.get("gongkai", {}), runs.get("scrapy", {})
    if "recrawl_seconds" in gongkai:
        print(
            f"Gongkai recrawl (conditional, {gongkai['recrawl_not_modified']} answered 304): "
            f"{gongkai['recrawl_seconds']} s = {gongkai['recrawl_share']:.0%} of the first crawl "
            f"(target ≤ 20 %); the same conditional GETs alone: {gongkai['floor_304_seconds']} s"
        )
    if "nightly_seconds" in gongkai:
        print(
            f"Gongkai's next scheduled night (homepage and lists daily, articles weekly): "
            f"{gongkai['nightly_pages']} pages in {gongkai['nightly_seconds']} s = "
            f"{gongkai['nightly_share']:.0%} of the first crawl"
        )
    if "pages_per_s" in gongkai and "pages_per_s" in scrapy:
        print(
            f"Gongkai / Scrapy pages/s: {gongkai['pages_per_s'] / scrapy['pages_per_s']:.2f}× (target ≥ 2×)"
        )
    scaled = runs.get("gongkai_scaled", {})
    if "rss_after_first_mb" in scaled and "rss_after_first_mb" in gongkai:
        ratio = scaled["rss_after_first_mb"] / gongkai["rss_after_first_mb"]
        print(
            f"Gongkai peak RSS after the first crawl: {gongkai['rss_after_first_mb']} MB at "
            f"{gongkai['pages']} pages, {scaled['rss_after_first_mb']} MB at {scaled['pages']} pages "
            f"({ratio:.2f}×, target ≤ 1.25×); {scaled['pages_per_s']} pages/s there"
        )
    print(json.dumps({k: {f: v for f, v in r.items() if f != "dead"} for k, r in runs.items()}))


if __name__ == "__main__":
    main()
