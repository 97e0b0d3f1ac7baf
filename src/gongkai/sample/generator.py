"""A deterministic generator of item-level publications for the sample county.

Pure: from the bulletins' totals (targets.yaml) and the registry it makes items with varied,
realistic titles, dates and CMS-style links, whose monthly counts reproduce the bulletins.
"""

import calendar
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from gongkai.orgs.registry import RegistrySpec

SAMPLE_DIR = Path(__file__).resolve().parent / "xinxiang"
PORTAL = "http://www.xinxiangxian.gov.cn"
SLOW_NEWS_MONTHLY = 8  # the 2023 standard's monthly share of 96

NEWS_TEMPLATES = (
    "{unit}召开{topic}工作推进会",
    "{unit}开展{topic}专项行动",
    "{unit}组织学习{study}",
    "{unit}召开{month}月份{topic}工作例会",
    "{unit}扎实推进{topic}工作",
    "{unit}赴{place}调研{topic}工作",
    "{unit}举办{topic}业务培训",
    "{unit}部署{season}{topic}工作",
    "{place}：{topic}见实效",
    "{unit}召开党组理论学习中心组（扩大）会议",
    "{unit}开展“{campaign}”主题党日活动",
    "{unit}全力做好{topic}保障工作",
)
DISCLOSURE_TEMPLATES = (
    "{unit}关于{topic}有关事项的公告",
    "{unit}{year}年{topic}工作实施方案",
    "{unit}关于印发《{topic}工作方案》的通知",
    "{unit}{year}年{month}月{topic}情况公示",
    "{unit}{year}年部门预算公开",
    "{unit}行政许可事项清单（{year}年版）",
    "{unit}关于{topic}的答复",
    "{unit}{year}年{topic}资金分配情况公示",
)
KEY_AREA_TEMPLATES = (
    "{unit}{year}年{topic}项目信息公开",
    "{unit}{topic}领域信息公开（{month}月）",
    "{unit}{topic}政策措施及落实情况",
    "{unit}{year}年{month}月{topic}专项资金使用情况",
    "关于{place}{topic}项目的公示",
)
TOPICS = (
    "安全生产",
    "乡村振兴",
    "人居环境整治",
    "防汛备汛",
    "秸秆禁烧",
    "营商环境优化",
    "疫情防控",
    "森林防火",
    "耕地保护",
    "高标准农田建设",
    "信访稳定",
    "食品安全",
    "校园安全",
    "医疗保障",
    "就业帮扶",
    "养老服务",
    "生态环境保护",
    "文明城市创建",
    "政务公开",
    "河长制",
    "扫黑除恶",
    "法治宣传",
    "消防安全",
    "燃气安全",
    "农村危房改造",
    "社会救助",
    "招商引资",
    "项目建设",
    "三夏生产",
    "冬季供暖",
    "交通安全",
    "统计调查",
    "审计整改",
    "市场主体培育",
    "退役军人服务",
)
STUDIES = (
    "党的二十大精神",
    "习近平新时代中国特色社会主义思想",
    "《政府信息公开条例》",
    "新修订的安全生产法",
)
PLACES = (
    "七里营镇",
    "翟坡镇",
    "小冀镇",
    "朗公庙镇",
    "古固寨镇",
    "大召营镇",
    "合河乡",
    "经开区",
    "刘庄村",
    "京华社区",
)
CAMPAIGNS = ("我为群众办实事", "学雷锋志愿服务", "清廉机关建设", "能力作风建设年", "万人助万企")
SEASONS = ("春季", "夏季", "秋季", "冬季", "节前", "汛期")
SECTIONS = {"news": "xwzx/bmdt", "disclosure": "zwgk/bmxxgk", "key_area": "zwgk/zdly"}


@dataclass(frozen=True)
class SampleItem:
    unit: str
    column: str
    title: str
    published_on: date
    url: str


def load_targets() -> dict:
    return yaml.safe_load((SAMPLE_DIR / "targets.yaml").read_text(encoding="utf-8"))


def _spread(rng: random.Random, total: int, months: list[int], floor: int) -> dict[int, int]:
    """Split `total` over `months`, each getting at least `floor` (and at least 1 when it must
    be non-empty)."""
    if total < floor * len(months):
        raise ValueError(f"{total} 条不足以让 {len(months)} 个月各有 {floor} 条")
    counts = dict.fromkeys(months, floor)
    for _ in range(total - floor * len(months)):
        counts[rng.choice(months)] += 1
    return counts


def monthly_plan_2023(
    rng: random.Random, news: int, empty: list[int], disclosure: int, steady: bool
):
    """Monthly counts for a 2023 unit: the empty months stay empty; a `steady` unit has every
    month at or above the monthly share; any other unit has at least one month below it."""
    active = [m for m in range(1, 13) if m not in empty]
    if steady:
        news_plan = _spread(rng, news, active, SLOW_NEWS_MONTHLY)
        disclosure_plan = _spread(rng, disclosure, list(range(1, 13)), 1)
        return news_plan, disclosure_plan
    news_plan = _spread(rng, news, active, 1)
    if all(news_plan[m] >= SLOW_NEWS_MONTHLY for m in active):
        # A unit the bulletin lists as 更新迟缓 needs one thin month: move items out of it.
        thin = rng.choice(active)
        surplus = news_plan[thin] - rng.randint(3, SLOW_NEWS_MONTHLY - 1)
        news_plan[thin] -= surplus
        others = [m for m in active if m != thin]
        for _ in range(surplus):
            news_plan[rng.choice(others)] += 1
    disclosure_plan = dict.fromkeys(range(1, 13), 0)
    for _ in range(disclosure):
        disclosure_plan[rng.randint(1, 12)] += 1
    return news_plan, disclosure_plan


class TitleMaker:
    """Varied titles; never the same title twice for a unit on one day."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[tuple[str, str, date]] = set()

    def make(self, unit: str, category: str, day: date) -> str:
        templates = {"news": NEWS_TEMPLATES, "disclosure": DISCLOSURE_TEMPLATES}.get(
            category, KEY_AREA_TEMPLATES
        )
        rng = self._rng
        for attempt in range(50):
            title = rng.choice(templates).format(
                unit=unit if attempt < 25 else f"新乡县{unit}",
                topic=rng.choice(TOPICS),
                study=rng.choice(STUDIES),
                place=rng.choice(PLACES),
                campaign=rng.choice(CAMPAIGNS),
                season=rng.choice(SEASONS),
                year=day.year,
                month=day.month,
            )
            if (unit, title, day) not in self._used:
                self._used.add((unit, title, day))
                return title
        title = f"{unit}{day.month}月{day.day}日工作动态（{len(self._used)}）"
        self._used.add((unit, title, day))
        return title


def _days(rng: random.Random, year: int, month: int, count: int) -> list[date]:
    last = calendar.monthrange(year, month)[1]
    workdays = [d for d in range(1, last + 1) if date(year, month, d).weekday() < 5]
    return sorted(date(year, month, rng.choice(workdays)) for _ in range(count))


def _columns(registry: RegistrySpec) -> dict[str, dict[str, str]]:
    """unit name → category → column name."""
    return {
        unit.name: {column.category: column.name for column in unit.columns}
        for unit in registry.units
    }


def generate(registry: RegistrySpec, *, seed: int = 20240304) -> Iterator[SampleItem]:
    """All sample items: 2023 from the annual bulletin, 2024 Q2 from the quarterly one."""
    rng = random.Random(seed)
    targets = load_targets()
    columns = _columns(registry)
    titles = TitleMaker(rng)
    next_id = iter(range(1_000_000, 10_000_000))

    def items(unit: str, category: str, year: int, month: int, count: int) -> Iterator[SampleItem]:
        for day in _days(rng, year, month, count):
            article = next(next_id)
            yield SampleItem(
                unit=unit,
                column=columns[unit][category],
                title=titles.make(unit, category, day),
                published_on=day,
                url=f"{PORTAL}/{SECTIONS[category]}/{day:%Y%m}/t{day:%Y%m%d}_{article}.html",
            )

    annual = targets[2023]
    for unit, (news, empty, disclosure) in annual["units"].items():
        news_plan, disclosure_plan = monthly_plan_2023(
            rng, news, empty, disclosure, unit in annual["steady"]
        )
        for month in range(1, 13):
            yield from items(unit, "news", 2023, month, news_plan.get(month, 0))
            yield from items(unit, "disclosure", 2023, month, disclosure_plan[month])
    for unit, counts in targets["2024Q2"]["units"].items():
        for category, total in zip(("news", "disclosure", "key_area"), counts, strict=True):
            if not total:
                continue
            plan = dict.fromkeys((4, 5, 6), 0)
            for _ in range(total):
                plan[rng.choice((4, 5, 6))] += 1
            for month, count in plan.items():
                yield from items(unit, category, 2024, month, count)
