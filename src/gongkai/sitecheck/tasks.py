"""Crawling in the task queue: any number of workers (`gongkai run_huey`), on any number of machines
when the queue is on Redis (GONGKAI_REDIS_URL) and the database is PostgreSQL.

A task does not own pages: it claims due pages from the database batch by batch (a conditional
UPDATE only one worker wins) until none is due, so two workers never fetch the same page, and the
pages of a worker that stopped are claimed again once their lease has run out. The periodic
dispatcher keeps work flowing: each minute, while pages are due, it queues one task per worker.
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.sitecheck import services
from gongkai.sitecheck.models import Page, Site


@db_task()
def crawl_task(site_id: int | None = None, batch: int = 50) -> int:
    """Claim and fetch due pages until none is due; returns how many were fetched."""
    site = Site.objects.filter(pk=site_id).first() if site_id else None
    stats = services.crawl(site=site, batch=batch)
    for each in [site] if site else Site.objects.all():
        services.finish_sweep(site=each, day=timezone.localdate())
    return stats.fetched


def queue_crawl(*, workers: int, site: Site | None = None, batch: int = 50) -> int:
    """Queue one crawl task per worker that should take part; returns how many were queued."""
    for _ in range(max(1, workers)):
        crawl_task(site.pk if site else None, batch)
    return max(1, workers)


@db_periodic_task(crontab(minute="*"))
def dispatch_due_pages() -> int:
    """Each minute: if pages are due (new, rechecks, leases run out), queue a crawl task."""
    if Page.objects.filter(next_check_at__lte=timezone.now()).exists():
        return queue_crawl(workers=1)
    return 0
