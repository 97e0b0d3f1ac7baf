import json
import secrets
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.commands import GongkaiCommand
from gongkai.env import env_str
from gongkai.exports import docx as docx_writer
from gongkai.exports import xlsx as xlsx_writer
from gongkai.newmedia.sample import load_demo as load_newmedia_demo
from gongkai.orgs.models import Account, Role, Unit
from gongkai.orgs.services import load_registry
from gongkai.periods import Period
from gongkai.policies.demo import load_demo as load_policies_demo
from gongkai.proofread.demo import load_demo as load_proofread_demo
from gongkai.publishing.services import import_publications
from gongkai.sample.generator import SAMPLE_DIR
from gongkai.sample.portal_crawl import crawl_sample_portal
from gongkai.standards.presenters import document_table, row_json
from gongkai.standards.services import compute_statistics, load_bundled_standards
from gongkai.standards.statistics import header_labels
from gongkai.web.management.commands.sample import write_sample_files

# Demo logins besides the administrator: one per persona the permissions are built for.
PERSONAS = (
    ("office", Role.OFFICE, None, "政务公开办工作人员"),
    ("leader", Role.LEADER, None, "县领导（只读）"),
    ("weijianwei", Role.UNIT, "卫健委", "卫健委信息员（只看本单位）"),
)


class Command(GongkaiCommand):
    help = "载入示例县（新乡县）全部数据并生成统计表：gongkai demo [--out DIR]"

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=Path("out"))
        parser.add_argument(
            "--portal-port",
            type=int,
            default=0,
            help="示例网站的端口（乡镇网站用下一个端口；0 表示任选空闲端口）",
        )

    def handle(self, *args, **options):
        out: Path = options["out"]
        registry = load_registry(path=SAMPLE_DIR / "registry.yaml")
        self.stdout.write(
            f"单位登记：{registry.region} {registry.units} 个单位，{registry.columns} 个栏目"
        )
        for record in load_bundled_standards():
            self.stdout.write(f"更新标准：{record.name}")
        for path in write_sample_files(out / "sample"):
            result = import_publications(
                path=path, rejects_path=out / "sample" / f"{path.stem}-问题行.csv"
            )
            self.stdout.write(result.summary())
        self._sites(out / "portal", options["portal_port"])
        self.stdout.write(load_newmedia_demo(out=out / "sample"))
        for label, period, kind, stem in (
            ("2023年度", Period.year(2023), "year", "2023年度网站信息公开工作统计表"),
            (
                "2024年第二季度",
                Period.quarter(2024, 2),
                "quarter",
                "2024年第二季度网站信息公开统计表",
            ),
        ):
            paths = write_statistics(out / "统计表", stem, period, kind)
            self.stdout.write(f"{label}统计表：" + "、".join(str(p) for p in paths))
        self._applications(out)
        for line in load_policies_demo(directory=out / "sample", today=date(2025, 12, 31)):
            self.stdout.write(line)
        self._annual_report(out)
        self.stdout.write(load_proofread_demo(today=date(2024, 7, 1)))
        self._assessment(out)
        self._accounts()

    def _sites(self, directory: Path, port: int) -> None:
        """Serve the sample portal on loopback, crawl it as the monitor does, stop the server."""
        lines, server = crawl_sample_portal(directory, port=port)
        server.close()
        for line in lines:
            self.stdout.write(line)

    def _assessment(self, out: Path) -> None:
        """The 2023 assessment and the 2024 Q2 figures, frozen as runs; bulletins and letters."""
        import yaml
        from django.utils import timezone

        from gongkai.assessment.services import (
            load_bundled_schemes,
            run_assessment,
            set_manual_score,
        )
        from gongkai.exports import gongwen
        from gongkai.exports.pdf import PdfError, docx_to_pdf, soffice
        from gongkai.reports.bulletin_services import bulletin_for, write_letters

        for record in load_bundled_schemes():
            self.stdout.write(f"考核方案：{record.title}（{record.year}）")
        manual = yaml.safe_load((SAMPLE_DIR / "manual-scores.yaml").read_text(encoding="utf-8"))
        for entry in manual["scores"]:
            set_manual_score(
                scheme_name=manual["scheme"],
                year=manual["year"],
                quarter=None,
                unit=Unit.objects.get(name=entry["unit"]),
                code=str(entry["code"]),
                value=entry["value"],
                evidence=entry["evidence"],
                reviewer=manual["reviewer"],
            )
        today = timezone.localdate()
        folder = out / "通报"
        for kind, year, quarter, dated, name in (
            ("annual", 2023, None, date(2024, 3, 4), "2023年度政务公开工作考核情况通报"),
            ("quarterly", 2024, 2, date(2024, 7, 10), "2024年第二季度政务公开工作通报"),
        ):
            run = run_assessment(
                scheme_name="xinxiang-county", year=year, quarter=quarter, today=today
            )
            bulletin = bulletin_for(run, kind=kind, dated=dated)
            path = gongwen.write_bulletin(folder / f"{name}.docx", bulletin)
            written = [str(path)]
            if soffice():
                try:
                    written.append(str(docx_to_pdf(path, path.with_suffix(".pdf"))))
                except PdfError as exc:
                    self.stdout.write(f"PDF 未生成：{exc}")
            self.stdout.write(
                f"考核批次 #{run.pk}（{run.period_label}）通报：" + "、".join(written)
            )
            if kind == "annual":
                letters = write_letters(run, dated=dated, directory=out / "提醒函")
                self.stdout.write(f"工作提醒函 {len(letters) - 1} 份、整改台账：{out / '提醒函'}")

    def _annual_report(self, out: Path) -> None:
        """The 2025 report of a department, built from the demo's records, then checked as any other."""
        from gongkai.adapters.documents import read_document_text
        from gongkai.annualreport.checks import check
        from gongkai.annualreport.parser import parse_text
        from gongkai.annualreport.services import build_annual_report

        unit = Unit.objects.get(name="自然资源局")
        # Section 二 comes from the policy register and the imported figures (policies.load_demo).
        folder = out / "年度报告"
        html_path = build_annual_report(
            unit_name=unit.name,
            year=2025,
            section2_file=None,
            output=folder / "新乡县自然资源局2025年政府信息公开工作年度报告.html",
        )
        docx_path = build_annual_report(
            unit_name=unit.name,
            year=2025,
            section2_file=None,
            output=folder / "新乡县自然资源局2025年政府信息公开工作年度报告.docx",
        )
        report = parse_text(read_document_text(docx_path), docx_path.name)
        findings = check(report)
        state = "表格完整" if report.complete else "表格不完整"
        self.stdout.write(
            f"年度报告：{html_path}、{docx_path}；自查：{state}，发现 {len(findings)} 个问题"
        )

    def _applications(self, out: Path) -> None:
        from django.utils import timezone

        from gongkai.calendar.selectors import work_calendar
        from gongkai.foi.importer import import_applications
        from gongkai.foi.mailbox import count_sentence
        from gongkai.foi.mailbox_import import import_mailbox
        from gongkai.foi.models import MailboxLetter
        from gongkai.foi.services import record_mailbox_findings, record_overdue_findings
        from gongkai.sample.applications import write_ledger, write_mailbox

        calendar = work_calendar()
        ledger = write_ledger(out / "sample" / "新乡县-依申请公开台账-2025.csv", calendar)
        result = import_applications(path=ledger, calendar=calendar)
        overdue = record_overdue_findings(calendar=calendar, today=timezone.localdate())
        self.stdout.write(
            f"依申请公开：{ledger.name} 新增 {result.created} 件，已存在 {result.duplicates} 件，"
            f"问题行 {len(result.problems)} 行；逾期答复 {overdue} 件，已记为问题"
        )
        letters = write_mailbox(out / "sample" / "新乡县-县长信箱-2024-2025.csv", calendar)
        imported = import_mailbox(path=letters)
        late = record_mailbox_findings(calendar=calendar, today=timezone.localdate())
        pairs = MailboxLetter.objects.values_list("received_on", "replied_on")
        sentence = count_sentence(pairs, date(2024, 4, 1), date(2024, 6, 30))
        self.stdout.write(
            f"县长信箱：新增 {imported.created} 条，已存在 {imported.duplicates} 条；逾期答复 {late} 条，已记为问题；"
            f"2024年第二季度{sentence}"
        )

    @transaction.atomic
    def _accounts(self) -> None:
        users = get_user_model()
        password = env_str("GONGKAI_ADMIN_PASSWORD")
        admin = users.objects.filter(username="admin").first()
        if admin is not None and not password:
            self.stdout.write("账号已存在（设置 GONGKAI_ADMIN_PASSWORD 可重置演示账号密码）")
            return
        password = password or secrets.token_urlsafe(9)
        check_demo_password(password)
        if admin is None:
            admin = users.objects.create_superuser("admin", "", password)
        else:
            admin.set_password(password)
            admin.save()
        for username, role, unit_name, _ in PERSONAS:
            user = users.objects.filter(username=username).first() or users(username=username)
            user.set_password(password)
            user.save()
            unit = Unit.objects.get(name=unit_name) if unit_name else None
            Account.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
        names = "、".join(f"{u}（{d}）" for u, _, _, d in PERSONAS)
        self.stdout.write(f"登录账号：admin（管理员）、{names}；密码均为：{password}")


def write_statistics(directory: Path, stem: str, period: Period, kind: str) -> list[Path]:
    result = compute_statistics(period=period, period_kind=kind)
    offset = 3 if kind == "year" else 1  # the annual bulletin's tables are its 附件3 and 附件4
    tables = [
        document_table(t.rows, result.standard, period, t.group, attachment=f"附件{i}")
        for i, t in enumerate(result.tables, start=offset)
    ]
    rows = []
    for table in result.tables:
        headers = header_labels(
            result.standard, result.standard.wording.prefix(table.rows[0].unit.kind)
        )
        rows.extend(row_json(r, result.standard, headers) for r in table.rows)
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / f"{stem}.json"
    json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return [
        xlsx_writer.write_tables(directory / f"{stem}.xlsx", tables),
        docx_writer.write_tables(directory / f"{stem}.docx", tables, landscape=kind == "year"),
        json_path,
    ]


def check_demo_password(password: str) -> None:
    """The demo's password obeys the same rules as every other (GONGKAI_ADMIN_PASSWORD too)."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from gongkai.errors import UserError

    try:
        validate_password(password, get_user_model()(username="admin"))
    except ValidationError as exc:
        raise UserError("GONGKAI_ADMIN_PASSWORD 不符合密码规则：" + "".join(exc.messages)) from None
