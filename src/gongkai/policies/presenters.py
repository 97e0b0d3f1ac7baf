"""The year's policy checks as JSON and as lines for the terminal."""

from gongkai.policies.checks import DocumentCheck
from gongkai.policies.models import PolicyDocument


def document_json(row: PolicyDocument, result: DocumentCheck, names: dict[int, str]) -> dict:
    interp = result.interpretation
    return {
        "id": row.pk,
        "number": row.number,
        "title": row.title,
        "kind": row.kind,
        "unit": row.unit.name,
        "drafting_unit": row.drafting_unit.name if row.drafting_unit else None,
        "published_on": row.published_on.isoformat() if row.published_on else None,
        "interpretation": None
        if interp is None
        else {
            "id": interp.id,
            "title": interp.title,
            "unit": names.get(interp.unit_id, ""),
            "published_on": interp.published_on.isoformat() if interp.published_on else None,
            "url": interp.url,
            "forms": list(interp.forms),
        },
        "working_days_after": result.working_days_after,
        "days_late": result.days_late,
        "elements": {
            element: None if hit is None else {"how": hit.how, "text": hit.text}
            for element, hit in result.elements.items()
        },
        "elements_missing": result.elements_missing,
        "elements_pending": result.elements_pending,
        "linked_both_ways": result.linked_both_ways,
        "copied_share": result.copied_share,
        "findings": [
            {"kind": p.kind, "rule": p.rule, "unit": names.get(p.unit_id, ""), "message": p.message}
            for p in result.problems
        ],
    }


def document_line(row: PolicyDocument, result: DocumentCheck) -> str:
    state = "；".join(p.message for p in result.problems) or "未发现问题"
    return f"{row.number or '（无文号）'}\t{row.title}\t{row.unit.name}\t{state}"
