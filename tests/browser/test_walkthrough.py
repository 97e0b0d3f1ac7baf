"""The clerk's walk-through in a real browser, from an export to the bulletin, no command line:
upload the sample county's 2024 Q2 export, check the preview, confirm; read the dashboard and
download its 统计表; run the quarterly assessment; download the bulletin (.docx, and the PDF built
in the background); issue all reminder letters; mark a Finding rectified in the ledger.

Each download is opened (openpyxl, python-docx, zipfile) to check it is the document expected.
With GONGKAI_SCREENSHOTS=DIR set, each step is saved as an image (the README's walk-through).
"""

import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from huey.contrib.djhuey import HUEY
from openpyxl import load_workbook

from gongkai.assessment.services import load_bundled_schemes
from gongkai.findings.models import Finding, FindingStatus
from gongkai.orgs.models import Role
from gongkai.orgs.services import load_registry
from gongkai.sample.generator import SAMPLE_DIR
from gongkai.standards.services import load_bundled_standards
from gongkai.web.management.commands.sample import write_sample_files
from tests.browser.test_pages import browser, logged_in_page, persona  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.one_database,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="Chromium 未安装（scripts/install-browser）"
    ),
]


@pytest.fixture
def office_world(tmp_path):
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    load_bundled_standards()
    load_bundled_schemes()
    HUEY.immediate = True  # the worker `make serve` starts, in this process
    yield write_sample_files(tmp_path)[1]  # the 2024 Q2 export (.xlsx)
    HUEY.immediate = False


class Shots:
    """Numbered screenshots of the walk-through, when asked for."""

    def __init__(self, page) -> None:
        self.page = page
        self.folder = os.environ.get("GONGKAI_SCREENSHOTS")

    def take(self, name: str) -> None:
        if self.folder:
            if self.page.locator("[data-chart] canvas").count():
                self.page.wait_for_timeout(1500)  # the charts' drawing animation
            self.page.screenshot(path=str(Path(self.folder) / f"walkthrough-{name}.png"))


def download(page, click: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.click(click)
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_a_clerk_goes_from_the_export_to_the_bulletin(browser, live_server, office_world, tmp_path):  # noqa: F811
    page, problems = logged_in_page(browser, live_server, persona("office", Role.OFFICE))
    shots = Shots(page)
    url = live_server.url

    # 1. The export: upload, read the preview, confirm.
    page.goto(f"{url}/imports/new/")
    page.set_input_files("input[type=file]", str(office_world))
    page.click("button:has-text('上传并预检')")
    page.wait_for_selector("text=预检结果")
    shots.take("1-import-preview")
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=已完成")
    assert "导入" in page.inner_text("main")

    # 2. The dashboard on the period just imported; its 统计表 as Excel.
    page.goto(f"{url}/")
    assert "2024年第二季度" in page.inner_text("h1")  # the latest period with data
    shots.take("2-dashboard")
    workbook = load_workbook(download(page, "a:has-text('Excel（.xlsx）')", tmp_path))
    cells = {str(c) for s in workbook.worksheets for r in s.iter_rows(values_only=True) for c in r}
    assert {"卫健委", "人社局"} <= cells and any("第二季度" in c for c in cells)

    # 3. The quarterly assessment, computed and frozen.
    page.goto(f"{url}/assessment/")
    page.fill("input[name=year]", "2024")
    page.select_option("select[name=quarter]", "2")
    page.click("button:has-text('按考核方案计算并冻结')")
    page.wait_for_selector("text=已生成考核批次")
    shots.take("3-run")
    run_url = page.url

    # 4. The bulletin: preview, .docx, and the PDF built in the background.
    page.click("a:has-text('通报预览')")
    page.wait_for_selector("article.gongwen")
    shots.take("4-bulletin")
    bulletin = Document(download(page, "a:has-text('下载 .docx')", tmp_path))
    text = "\n".join(p.text for p in bulletin.paragraphs)
    assert "2024年第二季度" in text and "政务公开工作通报" in text
    page.click("button:has-text('生成 PDF')")
    page.wait_for_selector("a:has-text('下载')", timeout=120_000)
    shots.take("5-pdf-job")
    assert download(page, "main a:has-text('下载')", tmp_path).read_bytes().startswith(b"%PDF")

    # 5. All reminder letters, with the ledger, as one .zip.
    page.goto(run_url)
    page.fill("input[name=date]", "2024-07-10")
    page.click("button:has-text('生成全部工作提醒函')")
    page.wait_for_selector("main a:has-text('下载')")
    names = zipfile.ZipFile(download(page, "main a:has-text('下载')", tmp_path)).namelist()
    assert any(n.startswith("工作提醒函-") for n in names)
    assert any(n.endswith("整改台账.xlsx") for n in names)

    # 6. The ledger: one Finding marked rectified.
    page.goto(f"{url}/ledger/")
    page.click("a:has-text('处理')")
    page.select_option("select[name=status]", FindingStatus.RECTIFIED)
    page.fill("input[name=rectified_on]", "2024-07-20")
    shots.take("6-ledger")
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert Finding.objects.filter(status=FindingStatus.RECTIFIED).count() == 1
    assert problems == []


def test_an_application_is_registered_answered_and_its_letter_issued(
    browser,  # noqa: F811
    live_server,
    office_world,
    tmp_path,
):
    """依申请公开 in the browser: register, record the reply, issue the letter, download both
    versions; the public one names the applicant 周某某 and hides the ID number."""
    page, problems = logged_in_page(browser, live_server, persona("office", Role.OFFICE))
    url = live_server.url
    page.goto(f"{url}/foi/new/")
    page.fill("input[name=reference]", "2024-101")
    page.select_option("select[name=unit]", label="卫健委")
    page.fill("input[name=received_on]", "2024-05-06")
    page.select_option("select[name=channel]", "当面")
    page.select_option("select[name=applicant_type]", "自然人")
    page.fill("input[name=applicant_name]", "周小明")
    page.fill("input[name=applicant_id_number]", "410721199001011234")
    page.fill("input[name=contact]", "13900000000")
    page.fill("textarea[name=request_text]", "2023年度义诊活动经费使用情况")
    page.click("button[type=submit]:has-text('登记')")
    page.wait_for_selector("text=答复期限")
    page.select_option("select[name=kind]", "replied")
    page.fill("input[name=day]", "2024-05-20")
    page.select_option("select[name=outcome]", "public")
    page.click("button:has-text('追加')")
    page.click("button:has-text('出具答复书')")
    page.wait_for_selector("a:has-text('下载答复书')")
    letter = Document(download(page, "a:has-text('下载答复书')", tmp_path))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "周小明" in text and "依公" in text
    public = Document(download(page, "a:has-text('下载公开版')", tmp_path))
    public_text = "\n".join(p.text for p in public.paragraphs)
    assert "周某某" in public_text and "周小明" not in public_text
    assert "410721199001011234" not in public_text
    assert problems == []
