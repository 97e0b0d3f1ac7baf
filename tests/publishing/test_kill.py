"""SIGKILL an import at several points: after the next start no running batch, no scratch files,
no partial data."""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from gongkai.sample.generator import SAMPLE_DIR

pytestmark = pytest.mark.slow


def _query(db, sql):
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(sql).fetchall()


def test_killed_imports_leave_nothing_behind(tmp_path):
    home = tmp_path
    db = home / "db.sqlite3"
    env = {**os.environ, "GONGKAI_HOME": str(home), "DATABASE_URL": f"sqlite:///{db}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # A file large enough for the bulk path and the helper process (two readers).
    env["GONGKAI_IMPORT_BULK_BYTES"] = str(1024 * 1024)

    def gongkai(*args):
        return [sys.executable, "-m", "gongkai", *map(str, args)]

    for args in (("migrate", "-v", "0"), ("registry", "load", SAMPLE_DIR / "registry.yaml")):
        subprocess.run(gongkai(*args), env=env, cwd=home, check=True, capture_output=True)
    big = home / "big.csv"
    with big.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位", "栏目", "标题", "发布日期", "链接"])
        for n in range(150_000):
            unit = "卫健委" if n % 50 else "没有的单位"  # some rejects: the spool is in use
            writer.writerow(
                [unit, "部门动态", f"第{n}条信息", "2023-03-01", f"http://x.gov.cn/{n}"]
            )

    def batch_running():
        try:
            return _query(db, "select count(*) from publishing_importbatch where status='running'")[
                0
            ][0]
        except sqlite3.OperationalError:
            return 0

    # Points: during start-up, as soon as the batch is running, and well into the rows.
    for extra in (None, 0.0, 0.6):
        process = subprocess.Popen(
            gongkai("import", "publications", big, "--rejects", home / "rejects.csv"),
            env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        if extra is None:
            time.sleep(0.3)
        else:
            while not batch_running() and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(extra)
        assert process.poll() is None, "the import finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)  # the importer and its helper process
        process.wait()
    # The next start: a small import recovers what the killed ones left.
    small = home / "small.csv"
    small.write_text(
        "单位,栏目,标题,发布日期,链接\n卫健委,部门动态,新的一条,2023-04-01,\n", encoding="utf-8"
    )
    subprocess.run(gongkai("import", "publications", small), env=env, cwd=home, check=True,
                   capture_output=True)  # fmt: skip
    assert batch_running() == 0
    statuses = _query(db, "select status, message from publishing_importbatch order by id")
    assert statuses[-1][0] == "done"
    assert all(s == "failed" and "未写入" in m for s, m in statuses[:-1]), statuses
    assert _query(db, "select count(*) from publishing_publication")[0][0] == 1  # no partial data
    assert not list((home / "var" / "tmp").glob("import-*"))
