"""The form of an interpretation (文字, 图解, 视频, 动漫/H5, 专家解读, 领导解读, 新闻发布会) from its
page's HTML (pure): tags (video, embedded players) and keywords in the title and text."""

import re
from html.parser import HTMLParser

from gongkai.policies.rules import FORMS, RuleSet

TEXT_MIN_CHARS = 200  # a page with at least this much body text is also a 文字 interpretation
_SELECTOR = re.compile(r"^(?P<tag>[a-z0-9]+)(?:\[(?P<attr>[a-z-]+)\*=(?P<value>[^\]]+)\])?$")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: (v or "") for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _matches(selector: str, tags: list[tuple[str, dict[str, str]]]) -> bool:
    match = _SELECTOR.match(selector.strip().lower())
    if not match:
        return False
    for tag, attrs in tags:
        if tag != match["tag"]:
            continue
        if match["attr"] is None or match["value"].strip("'\"") in attrs.get(match["attr"], ""):
            return True
    return False


def detect_forms(html: str, rules: RuleSet) -> list[str]:
    """The forms a page shows, in the rule set's order; 文字 when it has body text."""
    page = _Page()
    page.feed(html or "")
    text = "".join(page.text)
    alt = " ".join(a.get("alt", "") + a.get("title", "") for _, a in page.tags)
    words = text + " " + alt
    found = []
    if len(re.sub(r"\s+", "", text)) >= TEXT_MIN_CHARS:
        found.append("文字")
    for form in FORMS:
        cues = rules.forms.get(form)
        if cues is None or form in found:
            continue
        if any(_matches(s, page.tags) for s in cues.tags) or any(k in words for k in cues.keywords):
            found.append(form)
    return found
