"""The suite builds its test databases from the models (`--no-migrations`, faster); this keeps the
migrations true to the models, and tests/cli/test_processes.py runs `migrate` on a fresh file."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_describe_the_models(settings):
    settings.MIGRATION_MODULES = {}  # the real migrations, which --no-migrations hides
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exit 1 if they do not
