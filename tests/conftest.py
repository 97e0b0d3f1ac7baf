import io
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import pytest
from django.db import connection, connections, transaction

from gongkai.orgs.services import load_registry
from gongkai.publishing.services import import_publications
from gongkai.sample.generator import SAMPLE_DIR
from gongkai.standards.services import load_bundled_standards

GOLDEN_DIR = Path(__file__).parent / "golden"


def load_sample_county(directory: Path) -> None:
    """Registry, bundled standards and the generated publication files, imported as an office would."""
    from gongkai.web.management.commands.sample import write_sample_files

    load_registry(path=SAMPLE_DIR / "registry.yaml")
    load_bundled_standards()
    for path in write_sample_files(directory):
        import_publications(path=path, rejects_path=directory / f"{path.stem}.rejects.csv")


@pytest.fixture
def registry(db):
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    load_bundled_standards()


@pytest.fixture(scope="module")
def sample_county_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run a function against the whole sample county, then roll the database back.

    Modules using it must be marked `django_db`, so that pytest-django creates the test database.
    Returns a callable: snapshot(fn) → fn's result (plain data, usable after the rollback).
    """

    def run(fn):
        with django_db_blocker.unblock(), transaction.atomic():
            name = str(connection.settings_dict["NAME"])
            assert "memory" in name or "test" in name, f"not a test database: {name}"
            load_sample_county(tmp_path_factory.mktemp("sample"))
            result = fn()
            transaction.set_rollback(True)
        return result

    return run


@dataclass
class Completed:
    """What a `gongkai` command printed and returned, as subprocess.run reports it."""

    returncode: int
    stdout: str
    stderr: str


def run_gongkai(*args, cwd: Path | None = None) -> Completed:
    """The `gongkai` entry point run in this process (on the test database): the same argument
    parsing, error handling and exit codes as a real process, without ~1.3 s of start-up."""
    from gongkai.cli import main

    out, err, code = io.StringIO(), io.StringIO(), 0
    before = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        # A command closes every connection when it ends (run_from_argv): harmless in a process
        # of its own, but here it would drop the test database and the module's transaction.
        with (
            redirect_stdout(out),
            redirect_stderr(err),
            patch.object(connections, "close_all", lambda: None),
        ):
            main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        os.chdir(before)
    return Completed(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def cli_database(django_db_setup, django_db_blocker):
    """One database state for a whole module of command-line tests, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Real hashers take ~0.3 s a password by design; tests need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _touches_the_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`GONGKAI_TEST_DATABASE_ONLY=1` (the PostgreSQL pass of `make test`): run only the tests that
    reach a database; the others ran in the SQLite pass and cannot behave differently here, nor can
    those marked `one_database` (a browser, LibreOffice, a file's streaming)."""
    if os.environ.get("GONGKAI_TEST_DATABASE_ONLY") != "1":
        return

    def wanted(item: pytest.Item) -> bool:
        return _touches_the_database(item) and item.get_closest_marker("one_database") is None

    keep = [item for item in items if wanted(item)]
    dropped = [item for item in items if not wanted(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
