"""Annual reports built from Gongkai's records.

Section 二 comes from `section2_figures`: the policy register and the imported yearly figures
(`policies.selectors`), or the office's override with a reason; sections 三 and 四 from the
application records (`foi.selectors.annual_tables`); the build checks the format's identities
before anything is written.
"""

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.adapters.definitions import read_json
from gongkai.annualreport.builder import (
    BuildError,
    ReportData,
    parse_section2,
    render_docx,
    render_html,
)
from gongkai.annualreport.models import ManualEntry
from gongkai.errors import UserError
from gongkai.foi.selectors import annual_tables
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import unit_name_index
from gongkai.policies import selectors as policies_selectors


@transaction.atomic
def save_section2(
    *, unit: Unit, year: int, section2: dict, source: str = "第二部分填报"
) -> ManualEntry:
    """A hand-entered section 二, checked before it is saved (a bad entry stored would break every
    later build); where the records already give it, only as an override with a reason
    ({"reason": "…"} in the entry, kept in its history)."""
    figures = (
        {k: v for k, v in section2.items() if k != "reason"}
        if isinstance(section2, dict)
        else section2
    )
    parse_section2(figures, source)
    reason = str(section2.get("reason", "")).strip()
    if not reason and policies_selectors.section2_figures(unit.pk, year).complete:
        raise UserError(
            f"{unit.name} {year} 年第二部分可由登记簿和导入数据生成；手工填报将替代这些记录，"
            '须说明理由（在填报中加 "reason": "…"）'
        )
    entry = ManualEntry.objects.filter(unit=unit, year=year).first() or ManualEntry(
        unit=unit, year=year
    )
    entry.section2 = section2
    try:
        entry.save()
    except ValidationError as exc:
        raise UserError("第二部分填报有误：" + "；".join(exc.messages)) from exc
    return entry


def section2_figures(*, unit: Unit, year: int) -> tuple[dict[str, list[Decimal]], dict[str, str]]:
    """Section 二 of a unit's report (row key → values) and the narrative the office wrote: the
    office's override when there is one, else the policy register and the imported figures."""
    entry = ManualEntry.objects.filter(unit=unit, year=year).first()
    if entry is not None:  # the office's override
        figures = {k: v for k, v in entry.section2.items() if k != "reason"}
        section2 = parse_section2(figures, f"{unit.name} {year} 年已保存的第二部分")
        return section2, entry.narrative or {}
    figures = policies_selectors.section2_figures(unit.pk, year)
    if not figures.complete:
        raise UserError(
            f"{unit.name} {year} 年第二部分尚未填报，缺少记录：{'、'.join(figures.missing)}"
            "（gongkai policy import-figures 导入，或用 --section2 FILE.json 手工填报）；"
            "未填报的数字不按零处理"
        )
    return figures.section2, {}


def report_data(*, unit: Unit, year: int) -> ReportData:
    section2, narrative = section2_figures(unit=unit, year=year)
    table3, table4 = annual_tables(unit_id=unit.pk, year=year)
    return ReportData(
        unit=unit.full_name or unit.name,
        year=year,
        section2=section2,
        section3=table3,
        section4=table4,
        narrative=narrative,
    )


def build_annual_report(
    *, unit_name: str, year: int, section2_file: Path | None, output: Path
) -> Path:
    unit_id = unit_name_index().find(unit_name)
    if unit_id is None:
        raise UserError(f"单位「{unit_name}」未登记")
    unit = Unit.objects.get(pk=unit_id)
    if section2_file is not None:
        section2 = read_json(section2_file, error=UserError)
        save_section2(unit=unit, year=year, section2=section2, source=str(section2_file))
    data = report_data(unit=unit, year=year)
    try:
        if output.suffix.lower() in (".html", ".htm"):
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(render_html(data), encoding="utf-8")
            return output
        return render_docx(data, output)
    except BuildError as exc:
        raise UserError(f"数据不符合年度报告格式的勾稽关系：{exc}") from exc
