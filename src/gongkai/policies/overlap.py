"""How much of an interpretation is the document's own text (pure): character n-gram shingles."""

import re

_KEEP = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")


def shingles(text: str, size: int) -> set[str]:
    """The set of `size`-character pieces of the text's letters and digits (punctuation and
    spaces removed, so re-punctuated copies still match)."""
    letters = "".join(_KEEP.findall(text or ""))
    if len(letters) < size:
        return {letters} if letters else set()
    return {letters[i : i + size] for i in range(len(letters) - size + 1)}


def copied_share(interpretation: str, document: str, size: int = 5) -> float:
    """The share of the interpretation's shingles that also occur in the document (0..1)."""
    own = shingles(interpretation, size)
    if not own:
        return 0.0
    return len(own & shingles(document, size)) / len(own)
