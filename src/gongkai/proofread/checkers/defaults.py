"""Bundled data: the lexicon and the sample county's invented roster (YAML in ../bundled)."""

from pathlib import Path

import yaml

from gongkai.proofread.checkers.lexicon import Lexicon, lexicon_from_data
from gongkai.proofread.checkers.roster import Post, Roster

BUNDLED = Path(__file__).resolve().parent.parent / "bundled"


def bundled_lexicon() -> Lexicon:
    return lexicon_from_data(yaml.safe_load((BUNDLED / "lexicon.yaml").read_text(encoding="utf-8")))


def roster_from_data(data: dict) -> Roster:
    posts = [
        Post(
            name=str(x["name"]),
            title=str(x["title"]),
            unit=str(x.get("unit") or ""),
            start=x["from"],
            end=x.get("to"),
            order=int(x.get("order") or 99),
        )
        for x in data.get("leaders") or []
    ]
    return Roster(posts, version=str(data.get("version") or ""))


def sample_roster() -> Roster:
    return roster_from_data(
        yaml.safe_load((BUNDLED / "sample_roster.yaml").read_text(encoding="utf-8"))
    )
