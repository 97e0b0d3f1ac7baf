"""Demo data for the sample county: the invented roster and two texts whose errors the office
confirmed, as in the seeds (朗公庙镇's "孙家集街道"; 教体局's layout)."""

from datetime import date

import yaml

from gongkai.orgs.models import Unit
from gongkai.proofread import services
from gongkai.proofread.checkers.defaults import BUNDLED
from gongkai.proofread.models import HitStatus

DEMO_TEXTS = (
    (
        "朗公庙镇",
        date(2023, 6, 12),
        "朗公庙镇开展人居环境集中整治行动",
        "近日，孙家集街道组织机关干部深入各村开展人居环境集中整治行动，清理垃圾杂物20余吨。",
        "jurisdiction",
    ),
    (
        "教体局",
        date(2023, 9, 5),
        "县教体局部署秋季开学工作",
        "会议要求：一是压实安全责任；三是做好疫情防控；三是加强师德师风建设。",
        "enumeration",
    ),
    (
        "朗公庙镇",
        date(2024, 5, 20),
        "朗公庙镇召开三夏生产工作推进会",
        "会上，孙家集街道负责同志通报了夏粮收购进展。",
        "jurisdiction",
    ),
)


def load_demo(*, today: date) -> str:
    services.load_roster(
        data=yaml.safe_load((BUNDLED / "sample_roster.yaml").read_text(encoding="utf-8")),
        source_name="sample_roster.yaml",
    )
    units = dict(Unit.objects.values_list("name", "id"))
    texts = [
        services.TextToCheck(label=title, text=body, unit_id=units[unit], dated=day)
        for unit, day, title, body, _ in DEMO_TEXTS
    ]
    run = services.record_check(texts=texts, today=today, source="demo")
    confirmed = 0
    for checked, (*_, rule) in zip(run.texts.order_by("id"), DEMO_TEXTS, strict=True):
        for hit in checked.hits.filter(rule=rule, status=HitStatus.PENDING)[:1]:
            services.confirm_hit(hit=hit, actor=None, note="示例：政务公开办审核确认")
            confirmed += 1
    return f"内容审校：示例领导名单已载入，审校 {len(texts)} 篇示例信息，确认问题 {confirmed} 处"
