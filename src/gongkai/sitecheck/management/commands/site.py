"""`gongkai site add|columns|pages|check`: the monitored sites, their columns, pages and health."""

import json
from pathlib import Path

from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError
from gongkai.orgs.models import Unit
from gongkai.sitecheck import selectors, services


class Command(GongkaiCommand):
    help = "网站监测：添加网站、载入栏目、查看页面和健康检查结果"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="添加网站")
        add.add_argument("url")
        add.add_argument("--unit", default="", help="主办单位简称")
        add.add_argument("--allow-private", action="store_true", help="允许本机/内网地址")
        add.add_argument("--ignore-robots", action="store_true", help="不遵守 robots.txt")
        add.add_argument(
            "--recheck-hours", type=int, default=24, help="首页和列表页复查间隔（小时，默认 24）"
        )
        add.add_argument(
            "--article-recheck-days", type=int, default=7, help="文章和附件复查间隔（天，默认 7）"
        )
        columns = sub.add_parser("columns", help="栏目")
        columns.add_argument("what", choices=["load", "discover"])
        columns.add_argument(
            "file",
            nargs="?",
            default="",
            help="load：栏目文件；discover：写出待对应的栏目文件（可选）",
        )
        columns.add_argument("--site", required=True)
        pages = sub.add_parser("pages", help="已发现的页面")
        pages.add_argument("--site", required=True)
        pages.add_argument("--json", action="store_true")
        check = sub.add_parser("check", help="健康检查")
        check.add_argument("--site", required=True)
        check.add_argument("--today", default="")
        check.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _add(self, options):
        if options["recheck_hours"] < 1 or options["article_recheck_days"] < 1:
            raise UserError("--recheck-hours 和 --article-recheck-days 应为正整数")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(name=options["unit"]).first()
            if unit is None:
                raise UserError(f"单位“{options['unit']}”未登记")
        site = services.add_site(
            root_url=options["url"],
            unit=unit,
            allow_private=options["allow_private"],
            obey_robots=not options["ignore_robots"],
        )
        site.recheck_hours = options["recheck_hours"]
        site.article_recheck_days = options["article_recheck_days"]
        site.save(update_fields=["recheck_hours", "article_recheck_days"])
        self.stdout.write(f"已添加网站 {site.root_url}（编号 {site.pk}）")

    def _columns(self, options):
        site = selectors.get_site(options["site"])
        if options["what"] == "discover":
            self._discover(site, options["file"])
            return
        if not options["file"]:
            raise UserError("请给出栏目文件：gongkai site columns load 栏目.yaml --site S")
        count = services.load_columns(site=site, path=Path(options["file"]))
        self.stdout.write(f"已载入 {count} 个栏目")

    def _discover(self, site, file: str) -> None:
        """New columns found among the crawled pages; optionally written as a columns file whose
        `unit`/`category`/`rule` the office fills in and loads back."""
        import yaml

        found = services.discover_columns(site=site)
        for column in found:
            self.stdout.write(f"{column.name}（{column.items} 条）{column.url}")
        self.stdout.write(f"新发现栏目 {len(found)} 个，待对应到单位和类别")
        if file:
            rows = [
                {"name": c.name, "url": c.url, "unit": "", "category": "", "rule": "none"}
                for c in found
            ]
            text = yaml.safe_dump({"columns": rows}, allow_unicode=True, sort_keys=False)
            try:
                Path(file).write_text(text, encoding="utf-8")
            except OSError as error:
                raise UserError(f"栏目文件 {file} 无法写入：{error.strerror}") from error
            self.stdout.write(
                f"已写出 {file}：填写 unit、category、rule 后用 site columns load 载入"
            )

    def _pages(self, options):
        pages = selectors.site_pages(selectors.get_site(options["site"]))
        if options["json"]:
            self.stdout.write(json.dumps(pages, ensure_ascii=False, indent=1))
            return
        for page in pages:
            self.stdout.write(
                f"{page['status'] or '待抓取':6} {page['kind']:10} {page['published'] or '':10} "
                f"{page['title'][:30]} {page['url']}"
            )

    def _check(self, options):
        from django.utils import timezone

        today = parse_day(options["today"], "--today") if options["today"] else None
        today = today or timezone.localdate()
        issues = selectors.site_issues(selectors.get_site(options["site"]), today)
        if options["json"]:
            rows = [
                {
                    "rule": f"sitecheck.{issue.rule}",
                    "severity": issue.severity,
                    "message": issue.message,
                    "url": issue.url,
                    "evidence": issue.evidence,
                }
                for issue in issues
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for issue in issues:
            self.stdout.write(f"[{issue.severity}] {issue.message}")
        self.stdout.write(f"共 {len(issues)} 个问题")
