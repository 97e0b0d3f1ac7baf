"""Benchmark: an assessment run and an annual bulletin with all attachments for 1,000 units.

Targets (issue "Assessment and bulletins"): the run under 5 s, the .docx under 10 s.

    .venv/bin/python bench/bulletin.py [--units 1000] [--rows 60000] [--repeat 3]

The run includes what `gongkai assess run` does: refreshing the Findings of the period (statistics,
overdue replies, mailbox), scoring every unit with the bundled scheme, freezing inputs and results.
The bulletin is composed from the frozen run and written in 公文 layout with its four 附件 tables.
"""

import argparse
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from stats import DATA, fresh_database, load_registry, unit_names, write_csv  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    fresh_database("bulletin.sqlite3")
    from django.core.management import call_command

    from gongkai.assessment.services import load_bundled_schemes, run_assessment
    from gongkai.exports import gongwen
    from gongkai.publishing.services import import_publications
    from gongkai.reports.bulletin_services import bulletin_for
    from gongkai.standards.services import load_bundled_standards

    units = unit_names(args.units)
    csv_path = DATA / f"publications-{args.units}u-{args.rows}r.csv"
    if not csv_path.exists():
        write_csv(csv_path, units, args.rows, 2023)
    call_command("migrate", verbosity=0)
    load_registry(units)
    load_bundled_standards()
    load_bundled_schemes()
    import_publications(path=csv_path)

    run_times, docx_times, runs = [], [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        run = run_assessment(scheme_name="xinxiang-county", year=2023, today=date(2026, 11, 22))
        run_times.append(time.perf_counter() - started)
        runs.append(run)
        started = time.perf_counter()
        bulletin = bulletin_for(run, kind="annual", dated=date(2024, 3, 4))
        path = gongwen.write_bulletin(DATA / "bulletin.docx", bulletin)
        docx_times.append(time.perf_counter() - started)
    rows = sum(len(t.rows) for t in bulletin.tables)
    findings = len(runs[-1].inputs["findings"])
    assert len({r.digest for r in runs}) == 1, "same inputs must give the same digest"
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"units: {args.units}, publications: {args.rows}, Findings in the run: {findings}")
    print(
        f"assessment run: median {statistics.median(run_times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in run_times)}) — target < 5 s"
    )
    print(
        f"annual bulletin .docx: median {statistics.median(docx_times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in docx_times)}), {len(bulletin.tables)} attachments, "
        f"{rows} table rows, {path.stat().st_size / 1e6:.1f} MB — target < 10 s"
    )


if __name__ == "__main__":
    main()
