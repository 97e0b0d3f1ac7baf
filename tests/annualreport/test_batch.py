"""`annual-report check` over a folder and a URL list, in every form; a false-alarm run over
consistent reports in all forms gives no error-level finding."""

import functools
import http.server
import json
import shutil
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.annualreport.fixtures import render_html, render_text, values
from tests.annualreport.test_text_tables import one_cell_per_line, pipe, spaces

PDFS = Path(__file__).resolve().parent / "pdf"


def consistent_folder(folder: Path) -> Path:
    v = values()
    (folder / "a.html").write_text(render_html(v), encoding="utf-8")
    (folder / "b.txt").write_text(render_text(v), encoding="utf-8")
    (folder / "c-pipe.txt").write_text(pipe(render_text(v)), encoding="utf-8")
    (folder / "d-cells.txt").write_text(one_cell_per_line(render_text(v)), encoding="utf-8")
    (folder / "e-spaces.txt").write_text(spaces(render_text(v)), encoding="utf-8")
    for layout in ("word", "wps", "libreoffice"):
        shutil.copy(PDFS / f"{layout}.pdf", folder / f"f-{layout}.pdf")
    (folder / "notes.csv").write_text("not a report", encoding="utf-8")
    return folder


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def run_check(*args) -> list[dict]:
    out = StringIO()
    call_command("annual_report", "check", *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())["reports"]


@pytest.mark.django_db
def test_a_folder_of_consistent_reports_in_every_form_has_no_error(tmp_path):
    reports = run_check(consistent_folder(tmp_path))
    assert len(reports) == 8  # the .csv is not a report
    for report in reports:
        assert report["complete"], report["source"]
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        assert errors == [], report["source"]


@pytest.mark.django_db
def test_a_url_list(tmp_path):
    (tmp_path / "site").mkdir()
    site = consistent_folder(tmp_path / "site")
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# 年报\n{base}/a.html\n{base}/f-wps.pdf\n", encoding="utf-8")
        reports = run_check("--urls", urls)
    finally:
        server.shutdown()
        server.server_close()
    assert [r["source"] for r in reports] == [f"{base}/a.html", f"{base}/f-wps.pdf"]
    assert all(r["complete"] and r["findings"] == [] for r in reports)
