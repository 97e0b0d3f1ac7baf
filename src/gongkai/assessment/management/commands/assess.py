import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils import timezone

from gongkai.assessment import selectors
from gongkai.assessment.compare import compare_results
from gongkai.assessment.ranking import (
    COMPETITION,
    SEQUENTIAL,
    GradeBand,
    Ranked,
    ScoreEntry,
    band_counts,
    band_sentence,
    by_group,
    excellent_sentence,
    rank,
)
from gongkai.assessment.scores import read_scores
from gongkai.assessment.services import (
    import_scores,
    load_scheme,
    run_assessment,
    set_exemption,
    set_manual_score,
)
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import unit_name_index

HELP = """考核：
  gongkai assess run --scheme NAME --year Y [--quarter Q]        计算并冻结一个考核批次
  gongkai assess import-scores FILE… [--group G]… --year Y      导入在别处计算的得分表
  gongkai assess summary (--run ID | --scores FILE…) [--bands 90,80,60] [--json]
  gongkai assess show --run ID [--unit U] [--json]               得分明细（每一处扣分及依据）
  gongkai assess compare ID1 ID2 [--json]                        两个批次的变化及原因
  gongkai assess score --unit U --code C --value V --evidence E --reviewer R --year Y
  gongkai assess exempt --unit U --code C --reason R --approved-by P --year Y
  gongkai assess load-scheme FILE"""


def _decimals(text: str, option: str) -> list[Decimal]:
    try:
        values = [Decimal(part) for part in text.split(",") if part.strip()]
    except InvalidOperation:
        raise UserError(f"{option} {text}：应为逗号分隔的分数，如 90,80,60") from None
    if not all(v.is_finite() and 0 <= v <= 1000 for v in values):
        raise UserError(f"{option} {text}：分数应为 0 至 1000 之间的有限数字")
    if not values:
        raise UserError(f"{option} 不能为空")
    return values


def _period_args(parser, *, required_year: bool = True) -> None:
    parser.add_argument("--year", type=int, required=required_year)
    parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])


class Command(GongkaiCommand):
    help = HELP

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="计算并冻结一个考核批次")
        run.add_argument("--scheme", default="xinxiang-county")
        _period_args(run)
        run.add_argument("--today", help="计算逾期的日期（YYYY-MM-DD），默认今天")
        run.add_argument("--note", default="")
        run.add_argument("--json", action="store_true")

        imported = sub.add_parser("import-scores", help="导入得分表（单位、得分[、分组]）")
        imported.add_argument("files", type=Path, nargs="+")
        imported.add_argument("--group", action="append", help="与文件一一对应的分组名称")
        _period_args(imported)
        imported.add_argument("--excellent", default="95", help="优秀的最低分，默认 95")
        imported.add_argument("--ranking", choices=[SEQUENTIAL, COMPETITION], default=SEQUENTIAL)
        imported.add_argument("--title", default="考核得分（导入）")

        summary = sub.add_parser("summary", help="排名、优秀名单与分数段统计")
        source = summary.add_mutually_exclusive_group(required=True)
        source.add_argument("--run", type=int)
        source.add_argument("--scores", type=Path, action="append", help="得分表；可给多个")
        summary.add_argument("--group", action="append", help="与 --scores 一一对应的分组名称")
        summary.add_argument("--bands", help="分数段下限，默认取方案设置或 90,80,60")
        summary.add_argument("--excellent", default="95", help="（--scores）优秀的最低分")
        summary.add_argument("--ranking", choices=[SEQUENTIAL, COMPETITION], default=SEQUENTIAL)
        summary.add_argument("--json", action="store_true")

        show = sub.add_parser("show", help="得分明细")
        show.add_argument("--run", type=int, required=True)
        show.add_argument("--unit")
        show.add_argument("--json", action="store_true")

        compare = sub.add_parser("compare", help="比较两个批次")
        compare.add_argument("before", type=int)
        compare.add_argument("after", type=int)
        compare.add_argument("--json", action="store_true")

        for name, help_text in (("score", "录入人工评分"), ("exempt", "免于考核")):
            entry = sub.add_parser(name, help=help_text)
            entry.add_argument("--scheme", default="xinxiang-county")
            _period_args(entry)
            entry.add_argument("--unit", required=True)
            entry.add_argument("--code", required=True)
            if name == "score":
                entry.add_argument("--value", required=True)
                entry.add_argument("--evidence", required=True)
                entry.add_argument("--reviewer", required=True)
            else:
                entry.add_argument("--reason", required=True)
                entry.add_argument("--approved-by", required=True)

        load = sub.add_parser("load-scheme", help="载入或更新考核方案（YAML）")
        load.add_argument("file", type=Path)

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _run(self, options):
        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        run = run_assessment(
            scheme_name=options["scheme"],
            year=options["year"],
            quarter=options["quarter"],
            today=today,
            note=options["note"],
        )
        results = selectors.run_results(run)
        if options["json"]:
            self.stdout.write(json.dumps(selectors.run_payload(run), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"考核批次 #{run.pk}：{run.period_label}{run.title}，{len(results)} 个单位；"
            f"输入摘要 {run.digest[:12]}"
        )
        note = selectors.provisional_note(run)
        if note:
            self.stdout.write(note)
        self._print_ranking(selectors.ranked_groups(run), selectors.bands_for(run, None))

    def _import_scores(self, options):
        entries = self._entries(options["files"], options["group"])
        grades = (GradeBand("优秀", _decimals(options["excellent"], "--excellent")[0]),)
        run = import_scores(
            entries=entries,
            year=options["year"],
            quarter=options["quarter"],
            title=options["title"],
            grades=grades,
            ranking=options["ranking"],
            source_name="、".join(p.name for p in options["files"]),
        )
        unknown = run.results.filter(unit__isnull=True).count()
        self.stdout.write(
            f"考核批次 #{run.pk}：导入 {len(entries)} 个单位的得分"
            + (f"（{unknown} 个名称未在单位登记中找到，已按原名保留）" if unknown else "")
        )

    def _entries(self, files, names) -> list[ScoreEntry]:
        names = names or []
        if names and len(names) != len(files):
            raise UserError("--group 的个数应与文件个数相同")
        entries: list[ScoreEntry] = []
        for index, path in enumerate(files):
            for entry in read_scores(path, group=names[index] if names else None):
                entries.append(ScoreEntry(entry.name, entry.score, entry.group, len(entries)))
        return entries

    def _summary(self, options):
        if options["run"]:
            run = selectors.get_run(options["run"])
            groups = selectors.ranked_groups(run)
            cuts = _decimals(options["bands"], "--bands") if options["bands"] else None
            bands = selectors.bands_for(run, cuts)
            total = sum(len(g["ranking"]) for g in groups)
        else:
            entries = self._entries(options["scores"], options["group"])
            grades = (GradeBand("优秀", _decimals(options["excellent"], "--excellent")[0]),)
            groups = [
                {
                    "group": group,
                    "title": f"{group}单位",
                    "ranking": rank(members, options["ranking"], grades),
                }
                for group, members in by_group(entries).items()
            ]
            cuts = _decimals(options["bands"] or "90,80,60", "--bands")
            bands = band_counts([e.score for e in entries], cuts)
            total = len(entries)
        if options["json"]:
            self.stdout.write(
                json.dumps(_payload(groups, bands, total), ensure_ascii=False, indent=2)
            )
            return
        self._print_ranking(groups, bands)

    def _print_ranking(self, groups, bands) -> None:
        total = 0
        for group in groups:
            ranking: list[Ranked] = group["ranking"]
            total += len(ranking)
            self.stdout.write(f"{group['title']}（{len(ranking)}个）")
            for row in ranking:
                grade = f"  {row.grade}" if row.grade else ""
                self.stdout.write(f"{row.rank}\t{row.entry.name}\t{row.entry.score}{grade}")
            self.stdout.write(excellent_sentence(f"{len(ranking)}个{group['title']}", ranking))
            self.stdout.write("")
        self.stdout.write(f"共{total}家：{band_sentence(bands)}")

    def _show(self, options):
        run = selectors.get_run(options["run"])
        results = selectors.run_results(run)
        if options["unit"]:
            wanted = self._unit(options["unit"]).name
            results = [r for r in results if r["unit"] == wanted]
            if not results:
                raise UserError(f"批次 #{run.pk} 中没有单位「{options['unit']}」")
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for result in results:
            self.stdout.write(
                f"{result['group']} 第{result['rank']}名 {result['unit']} {result['score']}分"
                + (f"（{result['grade']}）" if result["grade"] else "")
            )
            for veto in result.get("vetoes", []):
                self.stdout.write(f"  单项否决 {veto['code']} {veto['name']}：{veto['reason']}")
            for line in result.get("lines", []):
                if line["lost"] != "0" or line["source"] == "pending":
                    self.stdout.write(
                        f"  {line['code']} {line['name']}：{line['earned']}/{line['max']}"
                        f"  {line['reason']}"
                    )
                    if line["how_to_fix"]:
                        self.stdout.write(f"      整改：{line['how_to_fix']}")
            for line in result.get("bonus_lines", []):
                self.stdout.write(f"  加分 {line['code']} {line['name']}：+{line['earned']}")

    def _compare(self, options):
        before = selectors.get_run(options["before"])
        after = selectors.get_run(options["after"])
        movements = compare_results(selectors.run_results(before), selectors.run_results(after))
        if options["json"]:
            payload = [
                {
                    "unit": m.unit,
                    "group": m.group,
                    "score_before": m.score_before,
                    "score_after": m.score_after,
                    "rank_before": m.rank_before,
                    "rank_after": m.rank_after,
                    "grade_before": m.grade_before,
                    "grade_after": m.grade_after,
                    "summary": m.summary,
                    "changes": [c.__dict__ for c in m.changes],
                }
                for m in movements
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not movements:
            self.stdout.write(f"批次 #{before.pk} 与 #{after.pk} 的得分、名次、等次完全相同")
            return
        for movement in movements:
            self.stdout.write(f"{movement.group} {movement.unit}：{movement.summary}")
            for change in movement.changes:
                self.stdout.write(
                    f"  {change.code} {change.name}：{change.before}→{change.after}"
                    f"  {change.reason_after or change.reason_before}"
                )

    def _unit(self, name: str):
        index = unit_name_index()
        unit_id = index.find(name)
        if unit_id is None:
            hint = "、".join(index.suggest(name))
            raise UserError(f"未登记的单位「{name}」" + (f"，是否指：{hint}" if hint else ""))
        return Unit.objects.get(pk=unit_id)

    def _score(self, options):
        try:
            value = Decimal(options["value"])
        except InvalidOperation:
            raise UserError(f"--value {options['value']}：应为数字") from None
        record = set_manual_score(
            scheme_name=options["scheme"],
            year=options["year"],
            quarter=options["quarter"],
            unit=self._unit(options["unit"]),
            code=options["code"],
            value=value,
            evidence=options["evidence"],
            reviewer=options["reviewer"],
        )
        self.stdout.write(f"已录入：{record.unit.name} {record.code} = {record.value}")

    def _exempt(self, options):
        record = set_exemption(
            scheme_name=options["scheme"],
            year=options["year"],
            quarter=options["quarter"],
            unit=self._unit(options["unit"]),
            code=options["code"],
            reason=options["reason"],
            approved_by=options["approved_by"],
        )
        self.stdout.write(f"已登记免于考核：{record.unit.name} {record.code}")

    def _load_scheme(self, options):
        record = load_scheme(path=options["file"])
        self.stdout.write(f"考核方案：{record.name}（{record.year}）{record.title}")


def _payload(groups, bands, total) -> dict:
    return {
        "total": total,
        "groups": [
            {
                "group": g["group"],
                "ranking": [
                    {
                        "rank": r.rank,
                        "unit": r.entry.name,
                        "score": str(r.entry.score),
                        "grade": r.grade,
                    }
                    for r in g["ranking"]
                ],
                "excellent": [r.entry.name for r in g["ranking"] if r.grade == "优秀"],
                "excellent_sentence": excellent_sentence(
                    f"{len(g['ranking'])}个{g['title']}", g["ranking"]
                ),
            }
            for g in groups
        ],
        "bands": [
            {
                "label": b.label,
                "count": b.count,
                "share": b.share_text,
                "low": str(b.low) if b.low is not None else None,
                "high": str(b.high) if b.high is not None else None,
            }
            for b in bands
        ],
        "band_sentence": band_sentence(bands),
    }
