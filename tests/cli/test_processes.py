"""A few commands as real processes: the console entry point, a fresh database, exit codes."""

import json
import os
import subprocess
import sys

import pytest

from gongkai.sample.generator import SAMPLE_DIR

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "GONGKAI_HOME": str(home), "DATABASE_URL": f"sqlite:///{home}/db.sqlite3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "gongkai", *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            cwd=home,
            timeout=300,
        )

    assert run("migrate", "-v", "0").returncode == 0
    return run


def test_a_fresh_database_loads_the_registry_and_lists_standards(run):
    loaded = run("registry", "load", SAMPLE_DIR / "registry.yaml")
    assert loaded.returncode == 0, loaded.stderr
    assert run("standards", "load").returncode == 0
    listed = run("standards", "list")
    assert "xinxiang-2023-annual" in listed.stdout


def test_bad_input_is_one_chinese_line_and_exit_2(run):
    done = run("stats", "--year", "2023", "--from", "2023-01-01", "--to", "2023-02-30")
    assert done.returncode == 2
    assert done.stderr.startswith("错误：") and "Traceback" not in done.stderr


def test_json_output_and_django_commands(run):
    checked = run("annual-report", "check", SAMPLE_DIR.parent.parent / "nonexistent.html", "--json")
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    assert run("check").returncode == 0
    listed = run("stats", "--year", "2023", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 43 and {row["total"] for row in rows} == {0}  # nothing imported here
