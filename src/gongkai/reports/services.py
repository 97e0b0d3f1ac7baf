"""Annual reports built from Gongkai's records: 三/四 from applications, 二 from the office's entry."""

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
from gongkai.foi.services import annual_tables
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import unit_name_index


@transaction.atomic
def save_section2(
    *, unit: Unit, year: int, section2: dict, source: str = "第二部分填报"
) -> ManualEntry:
    # Checked before anything is saved: a bad entry stored would break every later build.
    parse_section2(section2, source)
    entry = ManualEntry.objects.filter(unit=unit, year=year).first() or ManualEntry(
        unit=unit, year=year
    )
    entry.section2 = section2
    try:
        entry.save()
    except ValidationError as exc:
        raise UserError("第二部分填报有误：" + "；".join(exc.messages)) from exc
    return entry


def report_data(*, unit: Unit, year: int) -> ReportData:
    entry = ManualEntry.objects.filter(unit=unit, year=year).first()
    if entry is None:
        raise UserError(
            f"{unit.name} {year} 年第二部分（规章、规范性文件、许可、处罚、强制、收费）尚未填报："
            "用 --section2 FILE.json 或在系统管理中填写；未填报的数字不按零处理"
        )
    table3, table4 = annual_tables(unit_id=unit.pk, year=year)
    return ReportData(
        unit=unit.full_name or unit.name,
        year=year,
        section2=parse_section2(entry.section2, f"{unit.name} {year} 年已保存的第二部分"),
        section3=table3,
        section4=table4,
        narrative=entry.narrative or {},
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
