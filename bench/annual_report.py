"""Benchmark: parse and check 1,000 annual reports, HTML and text mixed. Target ≥ 100 reports/s.

    .venv/bin/python bench/annual_report.py [--count 1000] [--pdf-count 30]

Reports are variants of the 新乡县 2023 report (tests/golden) with varied numbers, and every fourth
one a 2020 report in the 2019 trial format (tests/annualreport/trial_fixtures.py); half are
published as HTML tables (cells in <td>), half as the plain text a PDF or page gives. Then the
rate per input form in the same run: HTML, text, and PDF (the Word-, WPS- and LibreOffice-like
fixture PDFs read from disk through the word-position reader), startup excluded.
"""

import argparse
import html
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.annualreport import trial_fixtures  # noqa: E402

from gongkai.adapters.documents import read_document_text, text_from_html  # noqa: E402
from gongkai.annualreport.checks import check  # noqa: E402
from gongkai.annualreport.parser import parse_text  # noqa: E402

SEED = ROOT / "tests" / "golden" / "xinxiang_2023_annual_report.txt"


def variant(text: str, rng: random.Random) -> str:
    """Replace every table zero with a small random number (identities will mostly fail: more work)."""
    lines = []
    for line in text.splitlines():
        if "\t" in line:
            line = "\t".join(
                str(rng.randint(0, 9)) if cell == "0" else cell for cell in line.split("\t")
            )
        lines.append(line)
    return "\n".join(lines)


def as_html(text: str) -> str:
    rows = []
    for line in text.splitlines():
        if "\t" in line:
            rows.append(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>"
            )
        else:
            rows.append(f"<p>{html.escape(line)}</p>")
    return "<html><body><table>" + "\n".join(rows) + "</table></body></html>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pdf-count", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(3)
    seed = SEED.read_text(encoding="utf-8")
    trial = trial_fixtures.render_text(trial_fixtures.values())
    documents = []
    for index in range(args.count):
        text = variant(trial if index % 4 == 3 else seed, rng)
        documents.append(("html", as_html(text)) if index % 2 else ("text", text))
    started = time.perf_counter()
    findings = complete = trial_format = 0
    for kind, document in documents:
        text = text_from_html(document) if kind == "html" else document
        report = parse_text(text, kind)
        complete += report.complete
        trial_format += report.edition.key == "2019"
        findings += len(check(report))
    elapsed = time.perf_counter() - started
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores (one used), Python {platform.python_version()}"
    )
    print(
        f"{args.count} reports ({args.count // 2} HTML, {args.count - args.count // 2} text) in {elapsed:.2f} s = "
        f"{args.count / elapsed:,.0f} reports/s (target ≥ 100)"
    )
    print(f"complete tables: {complete} ({trial_format} in the trial format), findings: {findings}")
    rates = {}
    for form in ("html", "text"):
        chosen = [d for d in documents if d[0] == form]
        started, cpu = time.perf_counter(), time.process_time()
        for kind, document in chosen:
            check(parse_text(text_from_html(document) if kind == "html" else document, kind))
        rates[form] = (len(chosen), time.perf_counter() - started, time.process_time() - cpu)
    pdfs = sorted((ROOT / "tests" / "annualreport" / "pdf").glob("*.pdf"))
    started, cpu = time.perf_counter(), time.process_time()
    read_complete = 0
    for index in range(args.pdf_count):
        path = pdfs[index % len(pdfs)]
        report = parse_text(read_document_text(path), path.name)
        read_complete += report.complete
        check(report)
    rates["pdf"] = (args.pdf_count, time.perf_counter() - started, time.process_time() - cpu)
    for form, (count, seconds, cpu_seconds) in rates.items():
        target = " (target ≥ 100)" if form != "pdf" else f" ({read_complete} complete)"
        print(
            f"{form}: {count} reports in {seconds:.2f} s = {count / seconds:,.1f} reports/s{target}; "
            f"CPU {cpu_seconds:.2f} s = {count / cpu_seconds:,.1f} reports/s of one core's CPU time"
        )


if __name__ == "__main__":
    main()
