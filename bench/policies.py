"""Benchmark: check 100,000 policy documents and their interpretations (the pure core).

    .venv/bin/python bench/policies.py [--count 100000]

Every document has a text of about 500 characters; nine in ten have an interpretation (a text of
about 400 characters built from interpretation headings and sentences, every tenth copied from its
document), published 0–8 days after it, one in twenty by another unit, with crawled links on both
pages (one in ten one way only). Timed: all checks of all documents — working days after the
document (the real holiday calendar), drafting unit, the nine elements, both-way links, copied
text — as `check_documents` runs them for `gongkai policy check`. Target: ≥ 1,000 documents/s.
"""

import argparse
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.calendar.core import library_calendar  # noqa: E402
from gongkai.policies.checks import Document, Interpretation, check_documents  # noqa: E402
from gongkai.policies.rules import bundled_rule_set  # noqa: E402

ARTICLES = [
    "为规范本县{topic}工作，根据有关法律法规，结合本县实际，制定本办法。",
    "本办法适用于本县行政区域内的{topic}及其监督管理活动。",
    "县{unit}负责全县{topic}工作的组织实施和监督检查，各乡镇人民政府负责本辖区内的具体工作。",
    "符合条件的申请人应当向所在乡镇提出申请，并提交身份证明、户籍证明等材料。",
    "乡镇人民政府应当自受理之日起十个工作日内完成审核，并将审核结果予以公示，公示期为五日。",
    "县财政部门按照每人每月{amount}元的标准安排资金，实行专账管理、专款专用。",
    "有关单位及其工作人员在{topic}工作中滥用职权、玩忽职守的，依法追究责任。",
    "本办法自印发之日起施行，有效期五年。",
]
SECTIONS = [
    ("一、出台背景", "为贯彻落实上级关于{topic}的决策部署，县{unit}起草了本办法。"),
    ("二、目标任务", "力争到2026年底，全县{topic}工作覆盖率达到95%以上。"),
    ("三、主要内容", "办法共分为六章二十条，包括总则、申请审核、资金管理和法律责任。"),
    ("四、适用范围", "本办法适用于全县各乡镇和有关部门。"),
    ("五、补助标准", "补助标准为每人每月{amount}元，按季度发放。"),
    ("六、注意事项", "申请人须如实提供材料，逾期不予受理。"),
    ("七、名词解释", "“{topic}”是指县政府组织实施的相关工作。"),
    ("八、惠民举措", "群众可在乡镇便民服务中心一次办结，资金直接发放到社保卡。"),
    ("九、新旧对比", "与原办法相比，补助标准由每人每月{low}元提高到{amount}元。"),
]
TOPICS = ["临时救助", "就业见习", "高龄津贴", "耕地保护", "农机补贴", "学前资助", "危房改造"]
UNITS = ["民政局", "人社局", "自然资源局", "农业农村局", "教体局", "住建局"]


def build(count: int, seed: int = 7):
    rng = random.Random(seed)
    start = date(2025, 1, 2)
    documents, interpretations = [], []
    for i in range(count):
        topic, unit = rng.choice(TOPICS), rng.choice(UNITS)
        amount = rng.randint(50, 900)
        text = "\n".join(
            f"第{n + 1}条 " + a.format(topic=topic, unit=unit, amount=amount)
            for n, a in enumerate(ARTICLES)
        )
        published = start + timedelta(days=rng.randint(0, 350))
        unit_id = rng.randint(1, 40)
        url = f"http://www.example.gov.cn/doc/{i}.html"
        iurl = f"http://www.example.gov.cn/jd/{i}.html"
        one_way = rng.random() < 0.1
        documents.append(
            Document(
                i,
                "行政规范性文件",
                f"新乡县{topic}管理办法{i}",
                f"新政〔2025〕{i}号",
                unit_id,
                unit_id,
                published,
                url,
                text,
                frozenset({iurl}),
            )
        )
        if rng.random() < 0.1:
            continue  # no interpretation
        if rng.random() < 0.1:
            itext = text  # copied
        else:
            chosen = rng.sample(SECTIONS, rng.randint(3, 9))
            itext = "\n".join(
                h + "\n" + s.format(topic=topic, unit=unit, amount=amount, low=amount - 20)
                for h, s in chosen
            )
        interpretations.append(
            Interpretation(
                i,
                i,
                unit_id if rng.random() > 0.05 else unit_id + 1,
                f"《新乡县{topic}管理办法{i}》政策解读",
                published + timedelta(days=rng.randint(0, 8)),
                iurl,
                itext,
                frozenset() if one_way else frozenset({url}),
                ("文字",),
            )
        )
    return documents, interpretations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    documents, interpretations = build(args.count)
    rules, calendar = bundled_rule_set(2025), library_calendar()
    started = time.perf_counter()
    results = check_documents(documents, interpretations, rules, calendar)
    elapsed = time.perf_counter() - started
    problems = {}
    for result in results:
        for p in result.problems:
            problems[p.rule] = problems.get(p.rule, 0) + 1
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
        f"python={platform.python_version()}"
    )
    print(f"documents: {len(documents):,}; interpretations: {len(interpretations):,}")
    print(f"problems: {dict(sorted(problems.items()))}")
    print(f"full check: {elapsed:.2f} s; {len(documents) / elapsed:,.0f} documents/s")


if __name__ == "__main__":
    main()
