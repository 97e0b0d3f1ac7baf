"""Every main page in a real browser (Debian's Chromium driven by Playwright), as each persona.

Fails on a console error, a server error or a page slower than the budget. With
GONGKAI_SCREENSHOTS=DIR set, the pages are also saved as images (docs/images/ for the README).
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from gongkai.orgs.models import Account, Role, Unit
from gongkai.orgs.services import load_registry
from gongkai.publishing.services import import_publications
from gongkai.sample.generator import SAMPLE_DIR
from gongkai.standards.services import load_bundled_standards

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGE_BUDGET_S = 3.0
PASSWORD = "browser-test-pw-2026"
PAGES = [
    ("dashboard", "/", "统计看板"),
    ("foi", "/foi/", "依申请公开"),
    ("mailbox", "/mailbox/", "县长信箱"),
    ("annual-reports", "/annual-reports/", "年度报告"),
    ("assessment", "/assessment/", "考核"),
    ("ledger", "/ledger/", "整改台账"),
    ("sites", "/sites/", "网站监测"),
]

pytestmark = [
    pytest.mark.one_database,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium 未安装（scripts/install-browser）"
    ),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make
    # around it are ordinary blocking calls, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def county(tmp_path):
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    load_bundled_standards()
    export = tmp_path / "export.csv"
    export.write_text(
        "单位,栏目,标题,发布日期,链接\n"
        "卫健委,部门动态,卫健委开展义诊活动,2024-04-01,\n"
        "人社局,部门动态,人社局召开就业工作会,2024-05-03,\n",
        encoding="utf-8",
    )
    import_publications(path=export, rejects_path=tmp_path / "rejects.csv")


def persona(username: str, role: str, unit: str | None = None) -> str:
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Account.objects.create(user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None)
    return username


def logged_in_page(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page, problems


@pytest.mark.parametrize(
    ("username", "role", "unit"),
    [("office", Role.OFFICE, None), ("wjw", Role.UNIT, "卫健委"), ("leader", Role.LEADER, None)],
)
def test_every_main_page_loads_clean(browser, live_server, county, username, role, unit):
    page, problems = logged_in_page(browser, live_server, persona(username, role, unit))
    shots = os.environ.get("GONGKAI_SCREENSHOTS")
    for name, url, heading in PAGES:
        started = time.perf_counter()
        response = page.goto(f"{live_server.url}{url}")
        elapsed = time.perf_counter() - started
        assert response is not None and response.status < 500, f"{url}: HTTP {response.status}"
        assert elapsed < PAGE_BUDGET_S, f"{url}: {elapsed:.2f} s"
        assert heading in page.content(), url
        if shots and username == "office":
            page.screenshot(path=str(Path(shots) / f"page-{name}.png"), full_page=True)
    assert problems == []


def test_narrow_screen_navigation_keeps_whole_words(browser, live_server, county):
    page, _ = logged_in_page(browser, live_server, persona("office", Role.OFFICE))
    page.set_viewport_size({"width": 768, "height": 900})
    page.goto(f"{live_server.url}/")
    heights = page.eval_on_selector_all(
        "header.top nav a", "links => links.map(a => a.getBoundingClientRect().height)"
    )
    line = page.eval_on_selector(
        "header.top nav a", "a => parseFloat(getComputedStyle(a).lineHeight)"
    )
    assert heights and max(heights) <= line * 1.2  # no link broken over two lines


def test_charts_draw_and_keep_their_numbers(browser, live_server, county):
    page, problems = logged_in_page(browser, live_server, persona("office", Role.OFFICE))
    page.goto(f"{live_server.url}/?year=2024&kind=quarter&quarter=2")
    page.wait_for_selector("[data-chart] canvas")
    assert page.locator("[data-chart] canvas").count() >= 2  # the county trend and a group
    assert "卫健委" in page.inner_text("details") or page.locator("details").count() >= 2
    assert problems == []
