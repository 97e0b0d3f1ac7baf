"""A deterministic year of on-request applications for the sample county, as an office's ledger."""

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from gongkai.calendar.core import WorkCalendar

UNITS = (
    "自然资源局",
    "住建局",
    "人社局",
    "卫健委",
    "公安局",
    "财政局",
    "农业农村局",
    "市场监管局",
    "交通局",
    "民政局",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "秀英", "伟", "芳", "强", "敏", "磊", "静", "军", "丽")
COMPANIES = ("河南某建设工程有限公司", "新乡某农业科技有限公司", "某某律师事务所", "某商贸有限公司")
REQUESTS = (
    "{unit}关于{place}征地补偿安置方案及批复文件",
    "{place}棚户区改造项目的审批文件",
    "{year}年度{unit}财政预算执行情况",
    "{place}某建设项目规划许可证及附图",
    "{unit}对{place}某企业的行政处罚决定书",
    "{place}农村低保对象名单及审核依据",
)
PLACES = ("七里营镇", "翟坡镇", "小冀镇", "朗公庙镇", "古固寨镇", "大召营镇", "合河乡")
OUTCOMES = (
    ("予以公开", 45),
    ("部分公开", 15),
    ("本机关不掌握相关政府信息", 15),
    ("没有现成信息需要另行制作", 5),
    ("保护第三方合法权益", 5),
    ("信访举报投诉类申请", 5),
    ("重复申请", 5),
    ("属于四类过程性信息", 5),
)
CHANNELS = (("当面", 40), ("邮寄签收", 30), ("网络", 30))
HEADER = (
    "受理编号",
    "承办单位",
    "提交日期",
    "收件渠道",
    "确认日期",
    "申请人类型",
    "申请人",
    "证件号码",
    "申请内容",
    "答复日期",
    "办理结果",
)


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def write_ledger(
    path: Path, calendar: WorkCalendar, *, year: int = 2025, count: int = 60, seed: int = 2025
) -> Path:
    """Applications received through the year; most answered in time, a few late (as the seeds report)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(1, count + 1):
            received = calendar.next_workday_on_or_after(
                date(year, 1, 6) + timedelta(days=rng.randrange(330))
            )
            channel = _pick(rng, CHANNELS)
            confirmed = calendar.add_workdays(received, 1) if channel == "网络" else None
            start = confirmed or received
            due = calendar.add_workdays(start, 20)
            late = rng.random() < 0.07
            replied = (
                calendar.add_workdays(due, rng.randint(1, 5))
                if late
                else calendar.add_workdays(start, rng.randint(3, 20))
            )
            company = rng.random() < 0.2
            unit = rng.choice(UNITS)
            writer.writerow(
                [
                    f"XXZF-{year}-{number:03d}",
                    unit,
                    received.isoformat(),
                    channel,
                    confirmed.isoformat() if confirmed else "",
                    "商业企业" if company else "自然人",
                    rng.choice(COMPANIES) if company else rng.choice(SURNAMES) + rng.choice(GIVEN),
                    ""
                    if company
                    else f"41072{rng.randint(1, 9)}19{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1000, 9999)}",
                    rng.choice(REQUESTS).format(unit=unit, place=rng.choice(PLACES), year=year - 1),
                    replied.isoformat(),
                    _pick(rng, OUTCOMES),
                ]
            )
    return path


MAILBOX_SUBJECTS = (
    "{place}路灯损坏多日无人维修",
    "{place}小区供暖不热",
    "关于{place}道路积水的反映",
    "{place}低保申请进度咨询",
    "咨询{place}农村危房改造补助政策",
    "{place}施工噪音扰民",
    "反映{place}垃圾清运不及时",
    "咨询医保异地就医备案办理",
)
MAILBOX_UNITS = ("城管局", "住建局", "民政局", "交通局", "医保局", "生态环境分局", "农业农村局")
MAILBOX_HEADER = (
    "编号",
    "来信日期",
    "来信人",
    "标题",
    "承办单位",
    "转办日期",
    "答复日期",
    "答复内容",
    "公开日期",
)


def write_mailbox(path: Path, calendar: WorkCalendar, *, seed: int = 39) -> Path:
    """2024 Q2 (39 letters, all answered, as the quarterly bulletin reports) and 2025 (a few late)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    batches = ((date(2024, 4, 1), 90, 39, 0.0), (date(2025, 1, 2), 360, 150, 0.03))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MAILBOX_HEADER)
        number = 0
        for first, span, count, late_share in batches:
            for _ in range(count):
                number += 1
                received = first + timedelta(days=rng.randrange(span))
                forwarded = calendar.next_workday_on_or_after(received + timedelta(days=1))
                due = calendar.add_workdays(forwarded, 15)
                if rng.random() < late_share:
                    replied = calendar.add_workdays(due, rng.randint(1, 8))
                else:
                    replied = calendar.add_workdays(forwarded, rng.randint(2, 15))
                last = date(first.year, 6, 30) if first.month == 4 else date(first.year, 12, 31)
                replied = min(replied, last)
                writer.writerow(
                    [
                        f"XZXX-{received.year}-{number:04d}",
                        received.isoformat(),
                        rng.choice(SURNAMES) + "某",
                        rng.choice(MAILBOX_SUBJECTS).format(place=rng.choice(PLACES)),
                        rng.choice(MAILBOX_UNITS),
                        forwarded.isoformat(),
                        replied.isoformat(),
                        "已核实并处理，感谢您的监督。",
                        calendar.add_workdays(replied, 1).isoformat(),
                    ]
                )
    return path
