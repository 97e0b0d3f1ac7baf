"""`gongkai crawl [--site S] [--once] [--queue N]`: fetch what is due; without --once keep watching;
with --queue hand the crawl to N task-queue workers (`gongkai run_huey`, Redis for several machines)."""

import time

from django.utils import timezone

from gongkai.commands import GongkaiCommand
from gongkai.sitecheck import selectors, services
from gongkai.sitecheck.models import Site


class Command(GongkaiCommand):
    help = "抓取到期的网站页面（--once 抓完到期页面即退出）"

    def add_arguments(self, parser):
        parser.add_argument("--site", default="")
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--batch", type=int, default=50)
        parser.add_argument(
            "--queue", type=int, default=0, help="交给任务队列中的 N 个抓取进程（gongkai run_huey）"
        )

    def handle(self, *args, **options):
        site = selectors.get_site(options["site"]) if options["site"] else None
        if options["queue"]:
            from gongkai.sitecheck.tasks import queue_crawl

            queued = queue_crawl(workers=options["queue"], site=site, batch=options["batch"])
            self.stdout.write(f"已提交 {queued} 个抓取任务，由任务队列中的抓取进程执行")
            return
        while True:
            total = services.CrawlStats()
            while True:
                stats = services.crawl(site=site, batch=options["batch"], max_batches=1)
                if not stats.claimed:
                    break
                for name in vars(total):
                    setattr(total, name, getattr(total, name) + getattr(stats, name))
                self.stdout.write(
                    f"\r已抓取 {total.fetched} 页（未变化 {total.not_modified}，"
                    f"失败 {total.failed}，新发现 {total.new_pages}）",
                    ending="",
                )
                self.stdout.flush()
            self.stdout.write("")
            sites = [site] if site else list(Site.objects.all())
            today = timezone.localdate()
            added = sum(services.finish_sweep(site=each, day=today) for each in sites)
            self.stdout.write(f"新增信息 {added} 条（已对应到单位栏目的文章）")
            if options["once"]:
                return
            time.sleep(30)
