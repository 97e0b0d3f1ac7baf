"""Bulletins (通报) and reminder letters composed from a frozen assessment run and a template.

Everything a bulletin states comes from the run's frozen inputs and results, so regenerating it
gives the same document. The wording is the office's template (Django template syntax in YAML).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated, Literal

from django.template import Context, Engine, TemplateSyntaxError
from pydantic import Field, StringConstraints, model_validator

from gongkai.adapters.definitions import Strict, Text, load_yaml, read_text, validate
from gongkai.assessment.ranking import (
    band_counts,
    band_sentence,
    excellent_sentence,
    ranked_by_group,
)
from gongkai.assessment.scoring import number_text
from gongkai.calendar.core import chinese_date
from gongkai.errors import UserError
from gongkai.exports.tables import DocumentTable

TEMPLATES = Path(__file__).resolve().parent / "bundled" / "bulletins.yaml"
QUARTER_NAMES = "一二三四"
PLACEHOLDER = re.compile(r"【[^】]*】")
# Folded YAML joins lines with a space; between Chinese characters that space is not wanted.
_WIDE = r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’、（）《》【】]"
_SPACE_NEAR_WIDE = re.compile(rf"\s+(?={_WIDE})|(?<={_WIDE})\s+")

_ENGINE = Engine(autoescape=False)


class BulletinTemplateError(UserError):
    """A template the office edited that cannot be rendered; names the place."""


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" (黑体 一、) or "paragraph" (仿宋, with an optional 楷体 lead)
    text: str
    lead: str = ""


@dataclass
class Bulletin:
    kind: str  # annual | quarterly
    masthead: str
    issue: str
    issuer: str
    dated: date
    title: str
    opening: str
    blocks: list[Block]
    tables: list[DocumentTable]
    copy_to: str = ""
    distribute_to: str = ""
    printer: str = ""
    host_line: str = ""

    @property
    def date_text(self) -> str:
        return chinese_date(self.dated)

    @property
    def attachment_titles(self) -> list[str]:
        return [t.title for t in self.tables]

    def placeholders(self) -> list[str]:
        """Text the office still has to fill in (【…】), in reading order."""
        texts = [self.issue, self.title, self.opening] + [b.lead + b.text for b in self.blocks]
        return [m.group(0) for text in texts for m in PLACEHOLDER.finditer(text)]

    def text(self) -> str:
        lines = [self.masthead, self.issue, f"{self.issuer} {self.date_text}", self.title]
        lines.append(self.opening)
        lines += [b.lead + b.text for b in self.blocks]
        for table in self.tables:
            lines += [table.attachment, table.title, "\t".join(table.headers)]
            lines += ["\t".join(row) for row in table.rows]
        return "\n".join(lines)


_Words = Annotated[Text, StringConstraints(max_length=5000)]
_Number = Annotated[Decimal, Field(allow_inf_nan=False)]


class _CommonModel(Strict):
    issuer: _Words | None = None
    masthead: _Words | None = None
    printer: _Words | None = None
    copy_to: _Words | None = None
    distribute_to: _Words | None = None
    host_line: _Words | None = None


class _SelectModel(Strict):
    metric: _Words | None = None
    findings: _Words | None = None
    equals: _Number | None = None
    below: _Number | None = None
    at_least: _Number | None = None
    top: Annotated[int, Field(ge=1, le=1000)] | None = None
    by_value: bool = False
    groups: list[_Words] | None = None


class _ProblemModel(Strict):
    select: _SelectModel | None = None
    clause: _Words | None = None


class _ParagraphModel(Strict):
    lead: _Words | None = None
    text: _Words | None = None
    each: _Words | None = None


class _SectionModel(Strict):
    heading: _Words
    paragraphs: list[_Words | _ParagraphModel] | None = None


class _AttachmentModel(Strict):
    """ranking/statistics: a group's table; activity_table: a table a capability stores in the
    run's activity (`source: newmedia.table`)."""

    kind: Literal["ranking", "statistics", "activity_table"]
    group: _Words | None = None
    source: _Words | None = None
    unit_header: _Words | None = None
    title: _Words | None = None

    @model_validator(mode="after")
    def _what_it_shows(self):
        needed = "source" if self.kind == "activity_table" else "group"
        if getattr(self, needed) is None:
            raise ValueError(f"{self.kind} 附件需要 {needed}")
        return self


class _BulletinModel(Strict):
    issue: _Words | None = None
    title: _Words
    opening: _Words | None = None
    sections: list[_SectionModel] | None = None
    attachments: list[_AttachmentModel] | None = None


class _ReminderModel(Strict):
    title: _Words | None = None
    salutation: _Words | None = None
    before: _Words | None = None
    item: _Words | None = None
    after: _Words | None = None
    signature: _Words | None = None


class _TemplatesModel(Strict):
    common: _CommonModel
    problems: dict[_Words, dict[_Words, _ProblemModel] | None]
    annual: _BulletinModel
    quarterly: _BulletinModel
    reminder: _ReminderModel


def load_templates(text: str | None = None, source: str = "通报模板") -> dict:
    """The office's templates (YAML text; `source` names it in messages) or the bundled ones."""
    source = source if text is not None else str(TEMPLATES)
    if text is None:
        text = read_text(TEMPLATES, error=BulletinTemplateError)
    data = load_yaml(text, source, error=BulletinTemplateError)
    for key in ("common", "problems", "annual", "quarterly", "reminder"):
        if not isinstance(data, dict) or key not in data:
            raise BulletinTemplateError(f"{source}: 缺少「{key}」部分")
    validate(_TemplatesModel, data, source, BulletinTemplateError)
    return data


def render(text: str, context: Mapping, where: str) -> str:
    """A template string rendered, with the spaces of folded lines removed around Chinese text."""
    try:
        rendered = _ENGINE.from_string(str(text)).render(Context(dict(context), autoescape=False))
    except TemplateSyntaxError as exc:
        raise BulletinTemplateError(f"通报模板 {where}: {exc}") from None
    return _SPACE_NEAR_WIDE.sub("", rendered).strip()


# ---- selecting units for the problem lists ----------------------------------------------------


@dataclass
class Selection:
    names: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    by_value: dict[str, list[str]] = field(default_factory=dict)

    @property
    def units(self) -> str:
        return "、".join(self.names)

    @property
    def text(self) -> str:
        return "；".join(self.clauses)


def _metric(inputs: Mapping, unit_id: int, name: str) -> Decimal | None:
    value = inputs["metrics"].get(str(unit_id), {}).get(name, {}).get("value")
    return None if value is None else Decimal(value)


def _compare(value: Decimal | None, select: Mapping) -> bool:
    if value is None:
        return False
    if "equals" in select and value != Decimal(str(select["equals"])):
        return False
    if "below" in select and not value < Decimal(str(select["below"])):
        return False
    return not ("at_least" in select and value < Decimal(str(select["at_least"])))


def _label(inputs: Mapping, groups: Sequence[str], category: str) -> str:
    """ "乡镇动态", "部门动态", or "（乡镇）部门动态" when a list mixes both, as the bulletin words it."""
    labels = {
        t["group"]: t.get("labels", {}).get(category, "") for t in inputs["statistics"]["tables"]
    }
    found = [labels[g] for g in dict.fromkeys(groups) if labels.get(g)]
    if len(found) <= 1:
        return found[0] if found else ""
    suffix = found[-1][-2:]
    heads = [label.removesuffix(suffix) for label in found[:-1]]
    return f"（{'、'.join(heads)}）{found[-1]}"


def select_units(inputs: Mapping, select: Mapping) -> list[tuple[dict, Decimal | None]]:
    """Units (in the statistics tables' order) that a problem's `select` picks, with the value."""
    groups = select.get("groups")
    units = [u for u in inputs["units"] if not groups or u["group"] in groups]
    picked: list[tuple[dict, Decimal | None]] = []
    if "findings" in select:
        pattern = str(select["findings"])
        with_finding = {f["unit_id"] for f in inputs["findings"] if fnmatchcase(f["kind"], pattern)}
        picked = [(u, None) for u in units if u["id"] in with_finding]
    elif "metric" in select:
        values = [(u, _metric(inputs, u["id"], select["metric"])) for u in units]
        if "top" in select:
            ranked = sorted(
                (pair for pair in values if pair[1] is not None),
                key=lambda pair: (-pair[1], pair[0]["order"]),
            )
            return ranked[: int(select["top"])]
        picked = [(u, v) for u, v in values if _compare(v, select)]
    return picked


def problem_selection(inputs: Mapping, spec: Mapping, where: str) -> Selection:
    select = spec.get("select") or {}
    picked = select_units(inputs, select)
    selection = Selection(names=[u["name"] for u, _ in picked])
    if not picked:
        return selection
    category = str(select.get("metric", "publishing.news.")).split(".")[1]
    if select.get("by_value"):
        values = sorted({v for _, v in picked if v is not None}, reverse=True)
        for value in values:
            members = [u for u, v in picked if v == value]
            names = [u["name"] for u in members]
            selection.by_value[number_text(value)] = names
            context = {
                "units": "、".join(names),
                "many": len(names) > 1,
                "value": number_text(value),
                "label": _label(inputs, [u["group"] for u in members], category),
            }
            selection.clauses.append(render(spec.get("clause", ""), context, where))
    else:
        context = {
            "units": selection.units,
            "many": len(picked) > 1,
            "label": _label(inputs, [u["group"] for u, _ in picked], category),
        }
        selection.clauses.append(render(spec.get("clause", ""), context, where))
    return selection


# ---- composing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunData:
    """What a bulletin needs of a frozen run (plain data, so composing needs no database)."""

    year: int
    quarter: int | None
    period_label: str
    inputs: Mapping
    results: Sequence[Mapping]  # score_json rows in ranking order
    group_titles: Mapping[str, str]
    bands: Sequence[Decimal]


def _activity(run: RunData) -> dict:
    activity = run.inputs.get("activity", {})
    by_category = activity.get("publications", {}).get("by_category", {})
    publications = {
        "total": activity.get("publications", {}).get("total", 0),
        "news": by_category.get("news", 0),
        "disclosure": by_category.get("disclosure", 0),
        "others": sum(n for c, n in by_category.items() if c not in ("news", "disclosure")),
    }
    return {**activity, "publications": publications}


def context_for(run: RunData, templates: Mapping, kind: str) -> dict:
    groups = ranked_by_group(run.results)
    group_context = [
        {
            "group": group,
            "title": run.group_titles.get(group, group),
            "count": len(ranking),
            "excellent_sentence": excellent_sentence(
                f"{len(ranking)}个{run.group_titles.get(group, group)}", ranking
            ),
        }
        for group, ranking in groups.items()
    ]
    scores = [Decimal(r["score"]) for r in run.results]
    bands = band_counts(scores, list(run.bands)) if scores else []
    problems = {
        key: problem_selection(run.inputs, spec, f"problems.{kind}.{key}")
        for key, spec in (templates["problems"].get(kind) or {}).items()
    }
    return {
        "year": run.year,
        "next_year": run.year + 1,
        "quarter": run.quarter,
        "quarter_name": QUARTER_NAMES[run.quarter - 1] if run.quarter else "",
        "period": run.period_label,
        "groups": group_context,
        "band_sentence": band_sentence(bands) if bands else "",
        "band_sentence_full": f"全部{len(scores)}家单位中，{band_sentence(bands)}" if bands else "",
        "problems": problems,
        "activity": _activity(run),
        **templates["common"],
    }


def _ranking_table(run: RunData, spec: Mapping, title: str) -> DocumentTable:
    rows = [
        [str(r["rank"]), r["unit"], r["score"]] for r in run.results if r["group"] == spec["group"]
    ]
    header = spec.get("unit_header") or run.group_titles.get(spec["group"], spec["group"])
    return DocumentTable(
        title=title, headers=["排名", header, "分数"], rows=rows, widths=[8, 24, 10]
    )


def _statistics_table(run: RunData, spec: Mapping) -> DocumentTable | None:
    for table in run.inputs.get("statistics", {}).get("tables", []):
        if table["group"] == spec["group"]:
            return DocumentTable(**table["document"])
    return None


def _activity_table(run: RunData, spec: Mapping) -> DocumentTable | None:
    """A table (title, headers, rows[, widths]) a capability stores in the run's activity, found
    by a dotted `source` (e.g. `newmedia.table`); None when absent or without rows."""
    found: object = run.inputs.get("activity", {})
    for key in str(spec["source"]).split("."):
        found = found.get(key) if isinstance(found, Mapping) else None
    if not isinstance(found, Mapping) or not found.get("rows"):
        return None
    return DocumentTable(
        title=str(found.get("title", "")),
        headers=[str(h) for h in found["headers"]],
        rows=[[str(cell) for cell in row] for row in found["rows"]],
        widths=list(found.get("widths") or []),
    )


def compose(run: RunData, kind: str, *, dated: date, templates: Mapping | None = None) -> Bulletin:
    """The annual (000_… structure) or quarterly (001_… structure) bulletin of a frozen run."""
    templates = templates or load_templates()
    spec = templates[kind]
    context = context_for(run, templates, kind)
    blocks: list[Block] = []
    for s_index, section in enumerate(spec.get("sections") or []):
        blocks.append(Block("heading", render(section["heading"], context, f"{kind}.sections")))
        for p_index, paragraph in enumerate(section.get("paragraphs") or []):
            where = f"{kind}.sections[{s_index}].paragraphs[{p_index}]"
            if not isinstance(paragraph, dict):
                paragraph = {"text": paragraph}
            items = context.get(paragraph["each"], []) if "each" in paragraph else [None]
            for item in items:
                local = {**context, "item": item}
                lead = render(paragraph.get("lead", ""), local, where)
                text = render(paragraph.get("text", ""), local, where)
                if lead or text:
                    blocks.append(Block("paragraph", text, lead))
    tables: list[DocumentTable] = []
    for a_index, attachment in enumerate(spec.get("attachments") or []):
        label = f"附件{len(tables) + 1}"
        if attachment["kind"] == "ranking":
            title = render(attachment.get("title", ""), context, f"{kind}.attachments[{a_index}]")
            table = _ranking_table(run, attachment, title)
        elif attachment["kind"] == "activity_table":
            table = _activity_table(run, attachment)
            if table is None:
                continue
        else:
            table = _statistics_table(run, attachment)
            if table is None:
                continue
        table.attachment = label
        tables.append(table)
    common = templates["common"]
    return Bulletin(
        kind=kind,
        masthead=render(common.get("masthead", ""), context, "common.masthead"),
        issue=render(spec.get("issue", ""), context, f"{kind}.issue"),
        issuer=render(common.get("issuer", ""), context, "common.issuer"),
        dated=dated,
        title=render(spec["title"], context, f"{kind}.title"),
        opening=render(spec.get("opening", ""), context, f"{kind}.opening"),
        blocks=blocks,
        tables=tables,
        copy_to=render(common.get("copy_to", ""), context, "common.copy_to"),
        distribute_to=render(common.get("distribute_to", ""), context, "common.distribute_to"),
        printer=render(common.get("printer", ""), context, "common.printer"),
        host_line=render(common.get("host_line", ""), context, "common.host_line"),
    )


# ---- reminder letters -------------------------------------------------------------------------


@dataclass
class Reminder:
    unit: str
    title: str
    salutation: str
    paragraphs: list[str]
    signature: str
    dated: date
    finding_ids: list[int]


def reminders(
    run: RunData,
    *,
    dated: date,
    deadline: date,
    templates: Mapping | None = None,
    open_ids: set[int] | None = None,
) -> list[Reminder]:
    """One 工作提醒函 per unit with open Findings in the run (in the tables' order)."""
    templates = templates or load_templates()
    spec = templates["reminder"]
    by_unit: dict[int, list[Mapping]] = {}
    for finding in run.inputs.get("findings", []):
        if open_ids is None or finding["id"] in open_ids:
            by_unit.setdefault(finding["unit_id"], []).append(finding)
    letters = []
    for unit in run.inputs.get("units", []):
        findings = by_unit.get(unit["id"])
        if not findings:
            continue
        context = {
            "unit": unit["name"],
            "period": run.period_label,
            "deadline": chinese_date(deadline),
        }
        items = [
            render(
                spec["item"],
                {**context, "number": n, "message": f["message"], "how_to_fix": f["how_to_fix"]},
                "reminder.item",
            )
            for n, f in enumerate(findings, start=1)
        ]
        letters.append(
            Reminder(
                unit=unit["name"],
                title=render(spec["title"], context, "reminder.title"),
                salutation=render(spec["salutation"], context, "reminder.salutation"),
                paragraphs=[
                    render(spec["before"], context, "reminder.before"),
                    *items,
                    render(spec["after"], context, "reminder.after"),
                ],
                signature=render(spec["signature"], context, "reminder.signature"),
                dated=dated,
                finding_ids=[f["id"] for f in findings],
            )
        )
    return letters
