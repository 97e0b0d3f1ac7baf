import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()


def recover_at_start() -> None:
    """What a crashed process left behind is cleared as the web server starts (a batch left
    "running" is marked failed, dead processes' scratch files go), not at the next import."""
    from django.db import DatabaseError

    from gongkai.publishing.services import recover_after_a_crash

    try:
        recover_after_a_crash()
    except DatabaseError as exc:  # not migrated yet: `gongkai migrate` first; nothing to recover
        logging.getLogger(__name__).warning("启动时未能检查中断的导入：%s", exc)


recover_at_start()
