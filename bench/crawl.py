"""Benchmark: the site monitor crawling copies of the sample portal on loopback.

Serves `--copies` copies of the generated sample county portal (≈4,900 pages each, planted dead
links and attachments), each on its own port and process, adds them as sites, and prints:
- the floor: plain aiohttp GETs of every page at the same concurrency, no parsing, no database;
- Gongkai's first crawl (fetch, extraction, storage in SQLite) in pages/s, then the two further
  nights that confirm dead links, and the recall of the planted dead links and attachments;
- the recrawl of every page with conditional requests (answered 304) as a share of the first crawl;
- the peak RSS of this process.

    .venv/bin/python bench/crawl.py [--copies 4] [--concurrency 16]

Data and the database go to bench/data/ (git-ignored). Scrapy and LinkChecker are not run here.
"""

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
NIGHT = datetime(2024, 6, 28, 21, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="portal copies (≈4,900 pages each)")
    parser.add_argument("--concurrency", type=int, default=16)
    return parser.parse_args()


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["GONGKAI_HOME"] = str(DATA)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(HERE.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


async def floor_fetch(urls: list[str], concurrency: int) -> float:
    import aiohttp

    started = time.perf_counter()
    semaphore = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as session:

        async def one(url: str) -> None:
            async with semaphore, session.get(url, allow_redirects=False) as response:
                await response.read()

        await asyncio.gather(*(one(url) for url in urls))
    return time.perf_counter() - started


def main() -> None:
    options = parse_args()
    DATA.mkdir(exist_ok=True)
    db_path = DATA / "crawl.sqlite3"
    db_path.unlink(missing_ok=True)
    setup_django(db_path)

    from gongkai.orgs.models import Unit
    from gongkai.orgs.services import load_registry
    from gongkai.sample.generator import SAMPLE_DIR
    from gongkai.sample.portal_crawl import write_sample_portal
    from gongkai.sample.portal_server import start_portal_process
    from gongkai.sitecheck import services
    from gongkai.sitecheck.models import Page
    from gongkai.sitecheck.selectors import site_issues

    load_registry(path=SAMPLE_DIR / "registry.yaml")
    portal = DATA / "portal"
    shutil.rmtree(portal, ignore_errors=True)
    planted = write_sample_portal(portal)
    paths = page_paths(portal)
    servers = [start_portal_process(portal) for _ in range(options.copies)]
    try:
        urls = [server.main_url.rstrip("/") + path for server in servers for path in paths]
        floor = asyncio.run(floor_fetch(urls, options.concurrency))
        sites = []
        for server in servers:
            site = services.add_site(
                root_url=server.main_url,
                unit=Unit.objects.get(name="政府办"),
                allow_private=True,
                obey_robots=False,
                now=NIGHT,
            )
            site.requests_per_second, site.max_concurrency = 0, options.concurrency
            site.recheck_hours = 24 * 7
            site.save()
            services.load_columns(site=site, path=portal / "columns.yaml", now=NIGHT)
            sites.append(site)
        started = time.perf_counter()
        first = services.crawl(now=lambda: NIGHT, batch=200)
        first_seconds = time.perf_counter() - started
        for night in (1, 2):
            services.crawl(now=lambda night=night: NIGHT + timedelta(days=night), batch=200)
        planted_dead = {
            site.root_url.rstrip("/") + path
            for site in sites
            for path in planted.dead_links + planted.dead_attachments
        }
        found_dead = {
            issue.url
            for site in sites
            for issue in site_issues(site, NIGHT.date() + timedelta(days=2))
            if issue.rule in ("link.dead", "attachment.dead")
        }
        Page.objects.update(next_check_at=NIGHT)
        later = NIGHT + timedelta(days=8)
        started = time.perf_counter()
        again = services.crawl(now=lambda: later, batch=200)
        recrawl_seconds = time.perf_counter() - started
    finally:
        for server in servers:
            server.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPU, Python {platform.python_version()}",
        "pages": len(urls),
        "floor_pages_per_s": round(len(urls) / floor),
        "first_crawl_pages": first.fetched,
        "first_crawl_seconds": round(first_seconds, 1),
        "first_crawl_pages_per_s": round(first.fetched / first_seconds),
        "dead_planted": len(planted_dead),
        "dead_found": len(found_dead & planted_dead),
        "false_dead": len(found_dead - planted_dead),
        "recrawl_pages": again.fetched,
        "recrawl_not_modified": again.not_modified,
        "recrawl_seconds": round(recrawl_seconds, 1),
        "recrawl_share": round(recrawl_seconds / first_seconds, 2),
        "peak_rss_mb": round(peak_mb),
    }
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    print(
        f"Gongkai {figures['first_crawl_pages_per_s']} pages/s with extraction and storage; "
        f"floor (plain GET) {figures['floor_pages_per_s']} pages/s; "
        f"recall {figures['dead_found']}/{figures['dead_planted']}; "
        f"recrawl {figures['recrawl_share']:.0%} of the first crawl; peak RSS {figures['peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
