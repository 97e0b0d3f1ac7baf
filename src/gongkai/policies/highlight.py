"""Element coverage shown in an interpretation's text (pure): every piece escaped, the heading or
sentence that satisfied an element wrapped in <mark> naming it."""

import html

from gongkai.policies.elements import ElementHit


def highlighted_html(text: str, hits: dict[str, ElementHit | None]) -> str:
    """HTML of `text` (escaped; line breaks kept as <br>) with each hit marked once."""
    spans: list[tuple[int, int, str]] = []
    for element, hit in hits.items():
        if hit is None or not hit.text:
            continue
        start = text.find(hit.text)
        while start >= 0 and any(s < start + len(hit.text) and start < e for s, e, _ in spans):
            start = text.find(hit.text, start + 1)
        if start >= 0:
            spans.append((start, start + len(hit.text), element))
    out, position = [], 0
    for start, end, element in sorted(spans):
        out.append(html.escape(text[position:start]))
        name = html.escape(element)
        out.append(
            f'<mark class="element" title="{name}">{html.escape(text[start:end])}'
            f"<sup>{name}</sup></mark>"
        )
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\n", "<br>")
