"""Images through the optional OCR extra (rapidocr-onnxruntime, models inside its wheel)."""

import json
import subprocess
import zipfile
from io import BytesIO

import pytest

from gongkai.adapters import ocr
from gongkai.orgs.services import load_registry
from gongkai.sample.generator import SAMPLE_DIR
from tests.proofread.test_command import run

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def county():
    load_registry(path=SAMPLE_DIR / "registry.yaml")


needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")


def _font_path() -> str:
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True
    ).stdout
    if not found or "CJK" not in found:
        pytest.skip("no CJK font to draw test images with")
    return found


def picture(lines: list[str]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_font_path(), 26)
    image = Image.new("RGB", (640, 80 + 50 * len(lines)), (205, 222, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle([30, 30, 610, 60], fill=(120, 160, 90))  # a photo's shapes
    for n, line in enumerate(lines):
        draw.text((40, 80 + 50 * n), line, font=font, fill=(20, 20, 20))
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@needs_ocr
def test_the_lines_of_an_image_are_read():
    assert ocr.image_lines(picture(["小麦收割现场", "微信公众号：新乡发布"]), "a.png") == [
        "小麦收割现场",
        "微信公众号：新乡发布",
    ]


@needs_ocr
def test_an_image_with_a_watermark_is_reported(tmp_path):
    path = tmp_path / "收割.png"
    path.write_bytes(picture(["小麦收割现场", "微信公众号：新乡发布"]))
    code, out, _ = run(str(path), "--json", "--today", "2024-07-01")
    assert code == 0
    (hit,) = json.loads(out)
    assert (hit["category"], hit["text"]) == ("image", "微信公众号：新乡发布")


@needs_ocr
def test_the_pictures_inside_a_docx_are_checked(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("我县召开秋季农业生产工作会议。")
    document.add_picture(BytesIO(picture(["头条号@新乡视界"])))
    path = tmp_path / "会议.docx"
    document.save(path)
    code, out, _ = run(str(path), "--json", "--today", "2024-07-01")
    assert code == 0
    sources = {item["source"]: item["hits"] for item in json.loads(out)}
    assert sources["会议.docx"] == []
    ((name, hits),) = [(k, v) for k, v in sources.items() if k != "会议.docx"]
    assert name.startswith("会议.docx#image") and [h["text"] for h in hits] == ["头条号@新乡视界"]


def test_without_the_extra_an_image_is_refused_clearly_and_a_docx_read_without_pictures(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(ocr, "available", lambda: False)
    image = tmp_path / "图.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    code, _, err = run(str(image), "--today", "2024-07-01")
    assert code == 2 and "图.png: 识别图片文字需要安装 OCR 扩展" in err
    from docx import Document

    document = Document()
    document.add_paragraph("河南省广州市")
    with_picture = tmp_path / "文.docx"
    document.save(with_picture)
    with zipfile.ZipFile(with_picture, "a") as archive:
        archive.writestr("word/media/image1.png", image.read_bytes())
    code, out, err = run(str(with_picture), "--json", "--no-typos", "--today", "2024-07-01")
    assert code == 0 and "1 张图片未检查" in err
    assert [h["category"] for h in json.loads(out)] == ["place"]


@pytest.fixture
def picture_server(tmp_path):
    """A loopback site serving one picture; stopped at the end."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(picture(["抢收现场", "头条号@新乡视界"]))
    (tmp_path / "img" / "qr.png").write_bytes(picture(["扫码关注", "微信公众号：新乡发布"]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@needs_ocr
def test_run_reads_crawled_article_text_and_with_images_its_pictures(picture_server):
    from datetime import date

    from gongkai.orgs.models import Unit
    from gongkai.proofread.models import Hit
    from gongkai.sitecheck.models import Link, Page, SiteColumn
    from gongkai.sitecheck.services import add_site

    unit = Unit.objects.get(name="朗公庙镇")
    site = add_site(root_url=picture_server, unit=unit, allow_private=True, obey_robots=False)
    column = SiteColumn.objects.create(
        site=site, url=picture_server + "xzdt/", name="乡镇动态", unit=unit
    )
    page = Page.objects.create(
        site=site,
        url=picture_server + "xzdt/t20240601_1.htm",
        kind="article",
        column=column,
        title="朗公庙镇开展夏粮抢收",
        published=date(2024, 6, 1),
        body_text="近日，孙家集街道组织群众抢收小麦。",
    )
    Link.objects.create(page=page, url=picture_server + "img/a.png", internal=True)
    Link.objects.create(page=page, url="http://elsewhere.example/img/b.png", internal=False)
    # the portal's own QR code on every page is furniture, not what an article published
    for n in range(3):
        other = Page.objects.create(
            site=site,
            url=picture_server + f"xzdt/t2024060{n + 2}_1.htm",
            kind="article",
            column=column,
            published=date(2024, 6, 2 + n),
        )
        Link.objects.create(page=other, url=picture_server + "img/qr.png", internal=True)
    code, out, _ = run("run", "--year", "2024", "--no-typos")
    assert code == 0 and "抓取的文章正文 1 篇" in out
    assert list(Hit.objects.values_list("text", flat=True)) == ["孙家集街道"]
    code, out, _ = run("run", "--year", "2024", "--no-typos", "--images")
    assert code == 0 and "图片 1 张" in out
    image_hit = Hit.objects.get(category="image")
    assert (image_hit.text, image_hit.checked.reference, image_hit.checked.unit) == (
        "头条号@新乡视界",
        picture_server + "img/a.png",
        unit,
    )
