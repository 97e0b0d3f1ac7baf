import json
from pathlib import Path

from django.utils import timezone

from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError
from gongkai.newmedia import services
from gongkai.newmedia.feeds import parse_feed, read_feed
from gongkai.newmedia.models import NewMediaAccount
from gongkai.newmedia.parsing import POST_LABELS
from gongkai.newmedia.rules import load_rule_set
from gongkai.periods import Period


class Command(GongkaiCommand):
    help = (
        "政务新媒体：accounts load FILE | import FILE [--strict] | feed ACCOUNT [SOURCE] | "
        "check --year Y [--quarter Q] [--today D] [--json]"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        accounts = sub.add_parser("accounts", help="账号登记")
        accounts_sub = accounts.add_subparsers(dest="accounts_action", required=True)
        load = accounts_sub.add_parser("load", help="从登记表（CSV/XLSX）载入或更新账号")
        load.add_argument("file", type=Path)
        imp = sub.add_parser("import", help="导入文章（省监管平台导出、后台导出或单位清单）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--strict", action="store_true", help="有问题行则全部不写入")
        imp.add_argument("--sheet")
        imp.add_argument("--rejects", type=Path, help="问题行报告（.csv 或 .xlsx）")
        feed = sub.add_parser("feed", help="从账号的 RSS/Atom/JSON 订阅源导入文章")
        feed.add_argument("account", help="账号名称")
        feed.add_argument("source", nargs="?", help="订阅源网址或文件（默认取账号登记的订阅源）")
        check = sub.add_parser("check", help="检查更新情况并记为问题（Findings）")
        check.add_argument("--year", type=int, required=True)
        check.add_argument("--quarter", type=int)
        check.add_argument("--today", help="检查日（默认今天；过去的期间按其最后一天检查）")
        check.add_argument("--rules", type=Path, help="规则文件（默认内置规则）")
        check.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "accounts":
            result = services.load_accounts(path=options["file"])
            self.stdout.write(result.summary())
        elif action == "import":
            self._import(options)
        elif action == "feed":
            self._feed(options)
        else:
            self._check(options)

    def _import(self, options) -> None:
        result = services.import_posts(
            path=options["file"],
            strict=options["strict"],
            sheet=options["sheet"],
            rejects_path=options["rejects"],
        )
        self.stdout.write(result.summary())
        for problem in result.problems[:20]:
            value = f"「{problem.value}」" if problem.value else ""
            label = POST_LABELS.get(problem.field, problem.field)
            self.stderr.write(f"  第 {problem.row} 行 {label}{value}：{problem.reason}")
        if not result.written:
            raise SystemExit(2)

    def _feed(self, options) -> None:
        matches = list(NewMediaAccount.objects.filter(name=options["account"]))
        if len(matches) != 1:
            raise UserError(f"账号「{options['account']}」未登记或不唯一")
        account = matches[0]
        source = options["source"] or account.feed_url
        if not source:
            raise UserError(f"账号「{account.name}」没有登记订阅源，请指定 SOURCE")
        items = parse_feed(read_feed(source), source)
        new, duplicates = services.import_feed_items(account=account, items=items)
        self.stdout.write(
            f"{account.name}：订阅源 {len(items)} 条，新增 {new} 条，重复跳过 {duplicates} 条。"
        )

    def _check(self, options) -> None:
        year, quarter = options["year"], options["quarter"]
        period = Period.quarter(year, quarter) if quarter else Period.year(year)
        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        rules = load_rule_set(options["rules"]) if options["rules"] else None
        report = services.record_findings(period=period, today=today, rules=rules)
        if options["json"]:
            self.stdout.write(json.dumps(report.json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{period.label}政务新媒体检查（检查日 {report.check_date}，规则 {report.rules.name}@{report.rules.version}）"
        )
        for check in report.accounts:
            data = check.json()
            verdict = "合格" if data["passes"] else "不合格"
            self.stdout.write(
                f"{data['account']}（{data['platform']}，{data['unit'] or '无主办单位'}）："
                f"{data['posts']} 条，不达标 {data['weeks_short']} 周，"
                f"最后更新 {data['last_post'] or '无'}，{verdict}"
            )
            for finding in data["findings"]:
                self.stdout.write(f"  - {finding['message']}")
        for duplicate in report.json()["duplicates"]:
            self.stdout.write(
                f"同一单位在{duplicate['platform']}有多个账号：{'、'.join(duplicate['accounts'])}"
            )
