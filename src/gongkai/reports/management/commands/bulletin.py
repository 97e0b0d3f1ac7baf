from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from gongkai.assessment.selectors import get_run, provisional_note
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError
from gongkai.exports import gongwen
from gongkai.exports.pdf import PdfError, docx_to_pdf
from gongkai.reports.bulletin_services import bulletin_for, prints_ranking, run_for_period


class Command(GongkaiCommand):
    help = (
        "通报：gongkai bulletin quarterly --year Y --quarter Q -o FILE.docx；"
        "gongkai bulletin annual --year Y -o FILE.docx（可加 --run ID、--date、--pdf）；"
        "gongkai bulletin check FILE…（核对通报的数字与名单）"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        check = sub.add_parser("check", help="核对通报（.docx、.pdf、.html、.txt）中的数字与名单")
        check.add_argument("files", type=Path, nargs="+")
        check.add_argument("--json", action="store_true")
        for kind, help_text in (
            ("annual", "年度考核情况通报"),
            ("quarterly", "季度政务公开工作通报"),
        ):
            command = sub.add_parser(kind, help=help_text)
            command.add_argument("--year", type=int, required=True)
            if kind == "quarterly":
                command.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], required=True)
            command.add_argument(
                "--run", type=int, help="考核批次；默认取该期间最新批次，没有则新建"
            )
            command.add_argument("--date", help="成文日期 YYYY-MM-DD，默认今天")
            command.add_argument("-o", "--output", type=Path, required=True)
            command.add_argument(
                "--pdf", action="store_true", help="同时生成 PDF（需要 LibreOffice）"
            )
            command.add_argument(
                "--allow-provisional",
                action="store_true",
                help="考核批次仍有未评分的人工指标时也生成（排名为暂定结果）",
            )

    def handle(self, *args, **options):
        if options["kind"] == "check":
            self._check(options)
            return
        kind, year = options["kind"], options["year"]
        quarter = options.get("quarter")
        output: Path = options["output"]
        if output.suffix.lower() != ".docx":
            raise UserError(f"-o {output}：通报输出为 .docx 文件")
        today = timezone.localdate()
        dated = parse_day(options["date"], "--date") if options["date"] else today
        if options["run"]:
            run = get_run(options["run"])
            if (run.year, run.quarter) != (year, quarter):
                raise UserError(f"考核批次 #{run.pk} 是{run.period_label}的，与所给期间不符")
        else:
            run = run_for_period(year=year, quarter=quarter, today=today)
        note = provisional_note(run) if prints_ranking(kind) else ""
        if note and not options["allow_provisional"]:
            raise UserError(
                f"考核批次 #{run.pk} 的排名不是正式结果。{note}"
                "确需印发暂定排名时加 --allow-provisional"
            )
        bulletin = bulletin_for(run, kind=kind, dated=dated)
        gongwen.write_bulletin(output, bulletin)
        self.stdout.write(f"{bulletin.title}：{output}（考核批次 #{run.pk}）")
        if note:
            self.stdout.write(note)
        if bulletin.placeholders():
            self.stdout.write(
                f"待办公室填写 {len(bulletin.placeholders())} 处："
                + "；".join(bulletin.placeholders())
            )
        if options["pdf"]:
            try:
                pdf = docx_to_pdf(output, output.with_suffix(".pdf"))
            except PdfError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"PDF：{pdf}")

    def _check(self, options) -> None:
        import json

        from gongkai.adapters.documents import read_document_text
        from gongkai.reports.bulletin_check import check_bulletin

        results = [(path, check_bulletin(read_document_text(path))) for path in options["files"]]
        if options["json"]:
            payload = [
                {
                    "source": path.name,
                    "findings": [
                        {
                            "rule": f.rule,
                            "severity": f.severity,
                            "message": f.message,
                            "text": f.text,
                        }
                        for f in findings
                    ],
                }
                for path, findings in results
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for path, findings in results:
            self.stdout.write(f"{path.name}：发现 {len(findings)} 个问题")
            for finding in findings:
                quoted = f"「{finding.text}」" if finding.text else ""
                self.stdout.write(f"  [错误] {finding.rule}：{finding.message}{quoted}")
