"""文号 (document numbers) parsed and normalised (pure).

The normal form is 新政办〔2023〕14号: issuer code, the year in 六角括号 〔〕, the serial number and 号.
Registers and pages write it in many ways — [2023], 【2023】, (2023), （2023）, ［2023］, 〈2023〉,
a stray 第 before the serial, spaces, full-width digits — and all of them mean the same document.
"""

import re
import unicodedata
from dataclasses import dataclass

# After NFKC folding: （）［］｛｝ become ()[]{}; 〔〕【】〈〉《》 stay as they are.
_OPEN, _CLOSE = r"[\[\(\{〔【〈《<]", r"[\]\)\}〕】〉》>]"
_NUMBER = re.compile(
    rf"^(?P<issuer>[^\d\[\](){{}}〔〕【】〈〉《》<>]+?)"
    rf"(?:{_OPEN}(?P<year>\d{{4}}){_CLOSE}|(?P<bare>\d{{4}})年?)"
    r"第?(?P<serial>\d{1,5})号?$"
)


@dataclass(frozen=True)
class DocumentNumber:
    issuer: str
    year: int
    serial: int

    @property
    def text(self) -> str:
        return f"{self.issuer}〔{self.year}〕{self.serial}号"

    def __str__(self) -> str:
        return self.text


def parse_number(raw: str) -> DocumentNumber | None:
    """The 文号 in `raw`, or None when it is not one (e.g. empty, or a title)."""
    folded = "".join(unicodedata.normalize("NFKC", raw or "").split())
    match = _NUMBER.match(folded)
    if not match:
        return None
    year = int(match.group("year") or match.group("bare"))
    if not 1949 <= year <= 2100:
        return None
    return DocumentNumber(match.group("issuer"), year, int(match.group("serial")))


def normalise_number(raw: str) -> str:
    """The normal form of a 文号, or the folded text itself when it cannot be parsed."""
    parsed = parse_number(raw)
    if parsed is not None:
        return parsed.text
    return "".join(unicodedata.normalize("NFKC", raw or "").split())


_IN_TEXT = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[\[\(\{〔【〈（［]\s*[0-9０-９]{4}\s*[\]\)\}〕】〉）］]\s*第?\s*[0-9０-９]{1,5}\s*号"
)


# Words that run into an issuer code in running text ("另见新政文…", "印发了新政办…").
_CONNECTORS = set("见发了的和及与据照即以在是为由经")


def _trim_issuer(raw: str) -> str:
    cut = raw.index(next(c for c in raw if c in "[(（{〔【〈［0123456789０１２３４５６７８９"))
    issuer = raw[:cut].strip()
    for index in range(len(issuer) - 3, -1, -1):
        if issuer[index] in _CONNECTORS:
            return raw[index + 1 :]
    return raw


def numbers_in_text(text: str) -> list[str]:
    """Normalised 文号 quoted in a text (e.g. an interpretation naming its document)."""
    found = []
    for match in _IN_TEXT.finditer(text or ""):
        parsed = parse_number(_trim_issuer(match.group(0)))
        if parsed is not None and parsed.text not in found:
            found.append(parsed.text)
    return found
