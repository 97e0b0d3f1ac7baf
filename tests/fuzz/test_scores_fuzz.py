"""Score tables (assess import-scores/summary): any cells give entries or one Chinese error."""

import csv
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gongkai.assessment.scores import read_scores
from gongkai.errors import UserError
from tests.fuzz.mutations import FUZZ, NASTY_TEXT

CELLS = st.one_of(
    NASTY_TEXT,
    st.sampled_from(["NaN", "-inf", "Infinity", "sNaN", "1e999", "９５", "95.5", "101", "甲镇"]),
    st.text(max_size=12),
)


@FUZZ
@given(st.lists(st.tuples(CELLS, CELLS), max_size=6))
def test_score_tables_read_or_refused(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "得分.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["单位", "得分"])
            writer.writerows(rows)
        try:
            entries = read_scores(path, group="乡镇")
        except UserError:
            return
        assert all(e.score.is_finite() and 0 <= e.score <= 1000 for e in entries)
