import json
from pathlib import Path

from gongkai.adapters.documents import read_document_text
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError
from gongkai.foi.letters import check_letter
from gongkai.foi.models import Application
from gongkai.foi.services import next_letter_number, record_letter_check, write_reply_letter


class Command(GongkaiCommand):
    help = "答复文书：gongkai letter check FILE [--json] | gongkai letter reply REF --number 文号 -o FILE.docx"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="检查答复书要素（.docx、.pdf、.txt）")
        check.add_argument("file", type=Path)
        check.add_argument("--date", help="答复日期（判断救济途径是否过时；默认按现行规定）")
        check.add_argument("--json", action="store_true")
        check.add_argument("--unit", help="答复书所属单位（与 --record 一起用）")
        check.add_argument(
            "--record",
            action="store_true",
            help="记入该单位的答复书检查（考核指标 4.3）；日期取 --date，默认今天",
        )
        reply = sub.add_parser("reply", help="按模板生成答复书")
        reply.add_argument("reference", help="受理编号")
        reply.add_argument("--number", help="文号（默认按单位和年度自动编号）")
        reply.add_argument("--date", help="答复日期（默认为答复事件日期）")
        reply.add_argument("--delivery", default="邮寄（EMS）")
        reply.add_argument("--reason", default="", help="理由或说明（部分模板需要）")
        reply.add_argument("--public", action="store_true", help="公开版本：申请人姓名与证件号脱敏")
        reply.add_argument(
            "--review-body", help="复议机关（默认 本县人民政府，适用于县政府工作部门）"
        )
        reply.add_argument("--court", help="行政诉讼的管辖法院（默认 本县人民法院）")
        reply.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, **options):
        if options["action"] == "check":
            text = read_document_text(options["file"])
            dated = parse_day(options["date"], "--date") if options["date"] else None
            missing = check_letter(text, letter_date=dated)
            if options["record"]:
                self._record(options, dated, missing)
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "file": options["file"].name,
                            "missing": [
                                {"element": m.element, "message": m.message} for m in missing
                            ],
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
                return
            if not missing:
                self.stdout.write(f"{options['file'].name}：要素齐全")
            for item in missing:
                self.stdout.write(f"{options['file'].name}：[{item.element}] {item.message}")
            return
        self._reply(options)

    def _record(self, options, dated, missing) -> None:
        from django.utils import timezone

        from gongkai.orgs.models import Unit
        from gongkai.orgs.selectors import unit_name_index

        if not options["unit"]:
            raise UserError("--record 需要用 --unit 指明答复书所属单位")
        unit_id = unit_name_index().find(options["unit"])
        if unit_id is None:
            raise UserError(f"单位“{options['unit']}”未登记")
        unit = Unit.objects.get(pk=unit_id)
        record_letter_check(
            unit=unit,
            dated=dated or timezone.localdate(),
            file_name=options["file"].name,
            missing=missing,
        )

    def _reply(self, options) -> None:
        application = (
            Application.objects.select_related("unit")
            .filter(reference=options["reference"])
            .first()
        )
        if application is None:
            raise UserError(f"没有受理编号为「{options['reference']}」的申请")
        replied = (
            application.events.filter(kind="replied", voided_at__isnull=True)
            .order_by("-day")
            .first()
        )
        if replied is None:
            raise UserError(
                f"申请「{application.reference}」尚无答复事件（办理结果），无法生成答复书"
            )
        dated = parse_day(options["date"], "--date") if options["date"] else replied.day
        number = options["number"] or next_letter_number(unit=application.unit, year=dated.year)
        write_reply_letter(
            application=application,
            path=options["output"],
            number=number,
            dated=dated,
            public=options["public"],
            delivery=options["delivery"],
            reason=options["reason"],
            review_body=options["review_body"],
            court=options["court"],
        )
        self.stdout.write(f"已写入 {options['output']}（文号：{number}）")
