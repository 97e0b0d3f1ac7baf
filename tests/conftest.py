from pathlib import Path

import pytest
from django.db import connection, transaction

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


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Real hashers take ~0.3 s a password by design; tests need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
