"""The nine elements of a policy interpretation, found by headings and cue phrases (pure).

Each element found is reported with the heading or sentence that satisfied it, so a person can see
why; an element is missing when neither a heading nor a cue of it occurs.
"""

import re
from dataclasses import dataclass

from gongkai.policies.rules import ELEMENTS, RuleSet

_ENUMERATOR = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|\d+[、.．]"
    r"|第[一二三四五六七八九十]+(?:部分|条|章|、)?|[【\[])\s*"
)
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
# 问答体：“问：……？”是一个小标题，“答：”后是正文。
_QUESTION = re.compile(
    r"^\s*(?:问[：:]|Q[：:]|[0-9一二三四五六七八九十]+[、.．]\s*)?(?P<q>[^。；]{2,40}[？?])\s*$"
)
_ANSWER = re.compile(r"^\s*(?:答[：:]|A[：:])\s*")
HEADING_MAX = 30


@dataclass(frozen=True)
class ElementHit:
    element: str
    how: str  # "heading" or "cue"
    text: str  # the heading or sentence


def _headings_and_sentences(text: str) -> tuple[list[str], list[str]]:
    headings, sentences = [], []
    for raw_line in (text or "").splitlines():
        line = _ANSWER.sub("", raw_line.strip())
        if not line:
            continue
        question = _QUESTION.match(line)
        if question:
            headings.append(question.group("q"))
            continue
        enumerated = _ENUMERATOR.match(line)
        head = line
        rest = ""
        if enumerated:
            body = line[enumerated.end() :]
            cut = re.search(r"[：:。】\]]", body)
            head, rest = (body[: cut.start()], body[cut.end() :]) if cut else (body, "")
            if len(head) <= HEADING_MAX:
                headings.append(head.strip("【】[] "))
            else:
                rest = body
        elif len(line) <= 20 and not re.search(r"[。，,；;！？]", line):
            headings.append(line.strip("【】[] "))
            continue
        else:
            rest = line
        sentences.extend(s.strip() for s in _SENTENCE_END.split(rest) if s.strip())
    return headings, sentences


def detect_elements(text: str, rules: RuleSet) -> dict[str, ElementHit | None]:
    """For each of the nine elements, the first heading that names it, else the first sentence
    with one of its cues, else None."""
    headings, sentences = _headings_and_sentences(text)
    found: dict[str, ElementHit | None] = {}
    for element in ELEMENTS:
        heading_re, cue_re, exclude_re = rules.element_patterns[element]
        hit = None
        if heading_re is not None:
            hit = next(
                (ElementHit(element, "heading", h) for h in headings if heading_re.search(h)),
                None,
            )
        if hit is None and cue_re is not None:
            hit = next(
                (
                    ElementHit(element, "cue", s)
                    for s in sentences
                    if cue_re.search(s) and not (exclude_re and exclude_re.search(s))
                ),
                None,
            )
        found[element] = hit
    return found


def missing_elements(found: dict[str, ElementHit | None]) -> list[str]:
    return [e for e in ELEMENTS if found.get(e) is None]
