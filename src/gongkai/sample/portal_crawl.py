"""The demo's site monitoring: serve the sample portal on loopback, add its sites, crawl it on three
nights (so dead links count as confirmed), probe it, and turn what was found into publications.

The crawl runs at fixed times at the end of 2024 Q2, so what it finds is the same on every run
and belongs to the period the quarterly bulletin describes."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from gongkai.adapters.urls import normalize_url
from gongkai.orgs.models import Unit
from gongkai.orgs.registry import read_registry
from gongkai.sample.generator import SAMPLE_DIR, generate
from gongkai.sample.portal import build_portal
from gongkai.sample.portal_server import PortalProcess, start_portal_process
from gongkai.sitecheck import services as sitecheck
from gongkai.sitecheck.models import Site

FIRST_NIGHT = datetime(2024, 6, 28, 21, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NIGHTS = 3  # the bundled rules confirm a dead link after 3 consecutive failed checks
WEEK_HOURS = 24 * 7  # pages that answered are checked again weekly; failures every night


def write_sample_portal(directory: Path, *, seed: int = 20240304):
    registry = read_registry(SAMPLE_DIR / "registry.yaml")
    return build_portal(directory, registry, list(generate(registry, seed=seed)))


def _add(url: str, name: str, unit_name: str, now: datetime) -> Site:
    """The demo's site, added once: a second `gongkai demo` on the same port finds it again."""
    site = Site.objects.filter(root_url=normalize_url(url)).first() or sitecheck.add_site(
        root_url=url,
        unit=Unit.objects.get(name=unit_name),
        allow_private=True,
        obey_robots=False,
        now=now,
    )
    site.name = name
    site.requests_per_second = 0  # our own loopback server: no pacing
    site.max_concurrency = 16
    site.recheck_hours = WEEK_HOURS
    site.save()
    return site


def crawl_sample_portal(directory: Path, *, port: int = 0) -> tuple[list[str], PortalProcess]:
    """Write, serve and crawl the sample portal; the server is returned still running."""
    planted = write_sample_portal(directory)
    server = start_portal_process(directory, port=port)
    portal = _add(server.main_url, "示例县人民政府门户网站", "政府办", FIRST_NIGHT)
    township = _add(server.township_url, "翟坡镇人民政府网站", "翟坡镇", FIRST_NIGHT)
    columns = sitecheck.load_columns(site=portal, path=directory / "columns.yaml", now=FIRST_NIGHT)
    fetched = added = 0
    for night in range(NIGHTS):
        at = FIRST_NIGHT + timedelta(days=night)
        fetched += sitecheck.crawl(now=lambda at=at: at, batch=200).fetched
        for site in (portal, township):
            sitecheck.probe_site(site=site, now=at, timeout=5.0)
            added += sitecheck.finish_sweep(site=site, day=at.date())
    lines = [
        f"示例网站：{server.main_url}（{planted.pages} 个页面，栏目 {columns} 个）、"
        f"{server.township_url}（乡镇网站）",
        f"网站监测：连续 {NIGHTS} 晚抓取共 {fetched} 次，抓取到的信息新增 {added} 条"
        "（其余与导出文件中的信息为同一条）",
    ]
    return lines, server
