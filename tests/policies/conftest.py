from datetime import date

import pytest
from django.db import connection, transaction

from gongkai.orgs.services import load_registry
from gongkai.policies.demo import load_demo
from gongkai.sample.generator import SAMPLE_DIR


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run a function against the registry and the policies demo, then roll the database back.

    Modules using it must be marked `django_db`. Returns snapshot(fn) → fn's result (plain data)."""

    def run(fn):
        with django_db_blocker.unblock(), transaction.atomic():
            name = str(connection.settings_dict["NAME"])
            assert "memory" in name or "test" in name, f"not a test database: {name}"
            load_registry(path=SAMPLE_DIR / "registry.yaml")
            directory = tmp_path_factory.mktemp("policies")
            load_demo(directory=directory, today=date(2025, 12, 31))
            result = fn(directory)
            transaction.set_rollback(True)
        return result

    return run
