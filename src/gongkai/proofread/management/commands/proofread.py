"""gongkai proofread FILE…|--text T [--unit U] [--json] [--record]
gongkai proofread run --year Y [--quarter Q] [--today D] [--images]
gongkai proofread lexicon load FILE.yaml | lexicon export [-o FILE.yaml]
gongkai proofread roster load FILE.yaml"""

import json
import sys
from pathlib import Path

import yaml
from django.utils import timezone

from gongkai.adapters.readers import ImportFileError
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError
from gongkai.orgs.selectors import unit_name_index
from gongkai.periods import Period
from gongkai.proofread import selectors, services

ACTIONS = ("run", "lexicon", "roster")
SEVERITY = {"high": "严重", "medium": "一般", "low": "提示"}
CATEGORY = {
    "place": "地名",
    "leader": "领导职务",
    "expression": "规范表述",
    "typo": "错别字",
    "format": "格式",
    "personal": "个人信息",
    "image": "图片",
}


class Command(GongkaiCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "args",
            nargs="*",
            help="文件（.txt .html .docx .pdf，图片 .png .jpg；图片需 OCR 扩展），或 run / lexicon / roster",
        )
        parser.add_argument("--text", help="直接审校这段文字")
        parser.add_argument("--unit", help="文字所属单位（名称或别名）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument(
            "--record", action="store_true", help="保存为审校批次，问题进入审核队列"
        )
        parser.add_argument(
            "--today", help="审校基准日（领导任职、过时表述按此日期判断），默认今天"
        )
        parser.add_argument("--no-typos", action="store_true", help="不做错别字检查（更快）")
        parser.add_argument(
            "--images",
            action="store_true",
            help="run：同时识别抓取文章中的图片，查水印（需 OCR 扩展）",
        )
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args, **options):
        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        if args and args[0] in ACTIONS:
            return getattr(self, f"_{args[0]}")(list(args[1:]), options, today)
        return self._check(list(args), options, today)

    def _unit_id(self, raw: str | None) -> int | None:
        if not raw:
            return None
        index = unit_name_index()
        unit_id = index.find(raw)
        if unit_id is None:
            hint = "、".join(index.suggest(raw))
            raise UserError(f"--unit {raw}：没有这个单位" + (f"（是否指：{hint}）" if hint else ""))
        return unit_id

    def _check(self, files: list[str], options, today):
        if not files and options["text"] is None:
            raise UserError("请给出要审校的文件，或用 --text 给出文字")
        unit_id = self._unit_id(options["unit"])
        texts = []
        if options["text"] is not None:
            texts.append(services.TextToCheck("--text", options["text"], unit_id, today))
        for name in files:
            try:
                found, note = services.texts_of_file(Path(name), unit_id=unit_id, dated=today)
            except ImportFileError as exc:
                raise UserError(str(exc)) from None
            texts += found
            if note:
                self.stderr.write(note)
        ctx = services.build_context(today=today, typos=not options["no_typos"])
        if options["record"]:
            run = services.record_check(texts=texts, today=today, source="cli", ctx=ctx)
            self.stderr.write(f"已保存审校批次 {run.pk}，问题进入审核队列")
        results = services.proofread_texts(texts=texts, ctx=ctx)
        if options["json"]:
            out = [
                {"source": item.label, "hits": [h.as_dict() for h in hits]}
                for item, hits in results
            ]
            self.stdout.write(
                json.dumps(out if len(out) > 1 else out[0]["hits"], ensure_ascii=False, indent=1)
            )
            return
        total = 0
        for item, hits in results:
            total += len(hits)
            for h in hits:
                line = item.text.count("\n", 0, h.start) + 1
                self.stdout.write(
                    f"{item.label}:{line}\t[{CATEGORY[h.category]}·{SEVERITY[h.severity]}]\t"
                    f"“{h.text}”\t{h.reason}" + (f"\t建议：{h.suggestion}" if h.suggestion else "")
                )
        self.stdout.write(f"共 {total} 处疑似问题" if total else "未发现问题")

    def _run(self, rest, options, today):
        if not options["year"]:
            raise UserError("run 需要 --year")
        period = (
            Period.quarter(options["year"], options["quarter"])
            if options["quarter"]
            else Period.year(options["year"])
        )
        texts, note = services.texts_of_period(
            start=period.start, end=period.end, images=options["images"]
        )
        if note:
            self.stderr.write(note)
        ctx = services.build_context(today=today, typos=not options["no_typos"])
        run = services.record_check(texts=texts, today=today, source="publications", ctx=ctx)
        hits = sum(t.hits.count() for t in run.texts.all())
        pictures = sum(1 for t in texts if t.from_image)
        bodies = sum(1 for t in texts if t.reference.startswith("http") and not t.from_image)
        titles = len(texts) - pictures - bodies
        self.stdout.write(
            f"{period.label}：审校信息标题 {titles} 条、抓取的文章正文 {bodies} 篇"
            + (f"、图片 {pictures} 张" if options["images"] else "")
            + f"，疑似问题 {hits} 处（批次 {run.pk}），请在审核队列中确认或排除"
        )

    def _lexicon(self, rest, options, today):
        if rest[:1] == ["load"] and len(rest) == 2:
            count = services.load_lexicon(data=_read_yaml(Path(rest[1])), source_name=rest[1])
            self.stdout.write(f"已载入词条 {count} 条")
            return
        if rest == ["export"]:
            text = yaml.safe_dump(selectors.lexicon_export(), allow_unicode=True, sort_keys=False)
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
                self.stdout.write(f"已导出到 {options['output']}")
            else:
                sys.stdout.write(text)
            return
        raise UserError("用法：gongkai proofread lexicon load FILE.yaml | lexicon export [-o FILE]")

    def _roster(self, rest, options, today):
        if rest[:1] == ["load"] and len(rest) == 2:
            count = services.load_roster(data=_read_yaml(Path(rest[1])), source_name=rest[1])
            self.stdout.write(f"已载入领导任职 {count} 条")
            return
        raise UserError("用法：gongkai proofread roster load FILE.yaml")


def _read_yaml(path: Path) -> dict:
    if not path.exists():
        raise UserError(f"{path.name}: 文件不存在")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserError(f"{path.name}: 不是有效的 YAML 文件（{exc}）") from None
    if not isinstance(data, dict):
        raise UserError(f"{path.name}: 顶层应为映射（version、entries 或 leaders）")
    return data
