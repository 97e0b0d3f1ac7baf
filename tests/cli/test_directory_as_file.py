"""A directory where a command expects a FILE: one Chinese line and exit 2, in every command."""

import io

import pytest
from django.core.management import call_command

from gongkai.orgs.services import load_registry
from gongkai.sample.generator import SAMPLE_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    (tmp_path / "d").mkdir()
    return tmp_path / "d"


COMMANDS = [
    ("registry", "load", "{d}"),
    ("standards", "load", "{d}"),
    ("assess", "load-scheme", "{d}"),
    ("assess", "import-scores", "{d}", "--year", "2023"),
    ("assess", "summary", "--scores", "{d}"),
    ("calendar", "import", "{d}"),
    ("foi", "import", "{d}"),
    ("foi", "due", "--received", "2025-03-03", "--events", "{d}", "--today", "2025-03-04"),
    ("letter", "check", "{d}"),
    ("mailbox", "import", "{d}"),
    ("import_data", "publications", "{d}"),
    ("annual_report", "check", "{d}"),
    ("annual_report", "aggregate", "{d}", "-o", "{d}/x.xlsx"),
    ("annual_report", "build", "--unit", "卫健委", "--year", "2025", "--section2", "{d}", "-o",
     "{d}/r.docx"),
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_directory_given_as_file(folder, args):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(*[a.format(d=folder) for a in args], stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 2, err.getvalue()
    message = err.getvalue()
    assert message.startswith("错误：") and "目录" in message, message
    assert "Traceback" not in message and "Errno" not in message
