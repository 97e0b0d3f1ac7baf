"""Every main page in a real browser (Debian's Chromium driven by Playwright), as each persona.

Fails on a console error, a server error or a page slower than the budget. With
GONGKAI_SCREENSHOTS=DIR set, the pages are also saved as images (docs/images/ for the README).
"""

import json
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
    ("policies", "/policies/", "政策文件与解读"),
    ("newmedia", "/newmedia/", "政务新媒体"),
    ("proofread", "/proofread/", "内容审校"),
    ("proofread-queue", "/proofread/queue/", "审校审核队列"),
    ("manual-scores", "/assessment/manual/", "人工评分"),
    ("downloads", "/jobs/", "我的下载"),
    ("publications", "/publications/", "信息检索"),
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
    # Restored afterwards: processes the suite starts later inherit the environment, and Django's
    # deployment check rightly refuses the variable.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
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
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


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


# Every form control has a name a screen reader can say, and text meets WCAG AA contrast (4.5:1;
# 3:1 for large text), measured on the rendered page against the first opaque background behind it.
AUDIT_JS = """
() => {
  const problems = [];
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button"].includes(control.type)) continue;
    const named = (control.id && document.querySelector(`label[for="${control.id}"]`))
      || control.closest("label") || control.getAttribute("aria-label")
      || control.getAttribute("aria-labelledby") || control.title;
    if (!named) problems.push(`unlabelled ${control.tagName} name=${control.name}`);
  }
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    const fg = rgb(style.color).slice(0, 3);
    const [a, b] = [luminance(fg), luminance(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      problems.push(`contrast ${ratio.toFixed(2)} ${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 20)}`);
    }
  }
  return problems;
}
"""
FORM_PAGES = [
    "/imports/",
    "/imports/new/",
    "/office/appeals/",
    "/office/audit/",
    "/foi/new/",
    "/office/calendar/",
    "/office/units/",
    "/office/accounts/",
    "/office/templates/letters/",
    "/newmedia/new/",
    "/proofread/lexicon/",
    "/password/",
]


def test_every_control_is_labelled_and_text_has_contrast(browser, live_server, county):
    page, problems = logged_in_page(browser, live_server, persona("office", Role.OFFICE))
    found = {}
    for url in [url for _, url, _ in PAGES] + FORM_PAGES:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        issues = page.evaluate(AUDIT_JS)
        if issues:
            found[url] = issues
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    assert problems == []
