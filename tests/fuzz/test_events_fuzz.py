"""FOI event files (JSON): changed lists are read or refused in Chinese naming the file."""

import json
import tempfile
from pathlib import Path

from hypothesis import given

from gongkai.errors import UserError
from gongkai.foi.management.commands.foi import read_events
from tests.fuzz.mutations import FUZZ, mutated

BASE = [
    {"type": "correction_requested", "date": "2025-03-03", "note": "补正"},
    {"type": "correction_received", "date": "2025-03-10"},
    {"type": "extension", "date": "2025-04-01", "days": 20},
]


@FUZZ
@given(mutated(BASE))
def test_changed_events_are_read_or_refused(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.json"
        path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        try:
            events = read_events(path)
        except UserError as exc:
            assert str(exc).startswith(str(path))
            return
        assert all(1949 <= e.day.year <= 2100 for e in events)
