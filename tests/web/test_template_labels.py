"""Form controls written by hand in the templates carry a name a screen reader can say (the
browser audit in tests/browser checks the rendered pages it visits; this covers every template)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).parents[2] / "src" / "gongkai" / "web" / "templates"
CONTROL = re.compile(r"<(input|select|textarea)\b[^>]*>")


def unnamed_controls(text: str) -> list[str]:
    found = []
    for match in CONTROL.finditer(text):
        tag = match.group(0)
        if re.search(r'type="(hidden|submit|button)"', tag) or "aria-label" in tag:
            continue
        before = text[max(0, match.start() - 200) : match.start()]
        if before.rfind("<label") > before.rfind("</label>"):  # inside a <label>
            continue
        own_id = re.search(r'\bid="([^"]+)"', tag)
        if own_id and f'for="{own_id.group(1)}"' in text:
            continue
        found.append(tag)
    return found


def test_the_check_finds_an_unnamed_control():
    assert unnamed_controls('<form><input name="q" placeholder="搜索"></form>')
    assert not unnamed_controls('<label>搜索 <input name="q"></label><input type="hidden">')
    assert not unnamed_controls('<label for="f-q">搜索</label><input id="f-q" name="q">')
    assert unnamed_controls('<label for="f-x">别的</label><input id="f-q" name="q">')


def test_every_hand_written_control_is_named():
    missing = {
        str(path.relative_to(TEMPLATES)): unnamed_controls(path.read_text(encoding="utf-8"))
        for path in TEMPLATES.rglob("*.html")
    }
    assert {name: tags for name, tags in missing.items() if tags} == {}
