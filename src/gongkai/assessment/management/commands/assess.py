import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from gongkai.assessment.ranking import (
    COMPETITION,
    SEQUENTIAL,
    GradeBand,
    band_counts,
    band_sentence,
    by_group,
    excellent_sentence,
    rank,
)
from gongkai.assessment.scores import read_scores
from gongkai.commands import GongkaiCommand, UserInputError


def _decimals(text: str, option: str) -> list[Decimal]:
    try:
        values = [Decimal(part) for part in text.split(",") if part.strip()]
    except InvalidOperation:
        raise UserInputError(f"{option} {text}：应为逗号分隔的分数，如 90,80,60") from None
    if not values:
        raise UserInputError(f"{option} 不能为空")
    return values


class Command(GongkaiCommand):
    help = "考核：gongkai assess summary --scores FILE [--scores FILE…] [--bands 90,80,60] [--json]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        summary = sub.add_parser("summary", help="排名、优秀名单与分数段统计")
        summary.add_argument(
            "--scores",
            type=Path,
            action="append",
            required=True,
            help="得分表（CSV/XLSX：单位、得分[、分组]）；可给多个，每个文件一组",
        )
        summary.add_argument("--group", action="append", help="与 --scores 一一对应的分组名称")
        summary.add_argument("--bands", default="90,80,60", help="分数段下限，默认 90,80,60")
        summary.add_argument("--excellent", default="95", help="优秀的最低分，默认 95")
        summary.add_argument("--ranking", choices=[SEQUENTIAL, COMPETITION], default=SEQUENTIAL)
        summary.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        files, names = options["scores"], options["group"] or []
        if names and len(names) != len(files):
            raise UserInputError("--group 的个数应与 --scores 相同")
        entries = []
        for index, path in enumerate(files):
            for entry in read_scores(path, group=names[index] if names else None):
                entries.append(entry.__class__(entry.name, entry.score, entry.group, len(entries)))
        grades = (GradeBand("优秀", _decimals(options["excellent"], "--excellent")[0]),)
        groups = [
            {"group": group, "ranking": rank(members, options["ranking"], grades)}
            for group, members in by_group(entries).items()
        ]
        bands = band_counts([e.score for e in entries], _decimals(options["bands"], "--bands"))
        if options["json"]:
            self.stdout.write(
                json.dumps(_payload(groups, bands, len(entries)), ensure_ascii=False, indent=2)
            )
            return
        for group in groups:
            ranking = group["ranking"]
            self.stdout.write(f"{group['group']}（{len(ranking)}个）")
            for row in ranking:
                grade = f"  {row.grade}" if row.grade else ""
                self.stdout.write(f"{row.rank}\t{row.entry.name}\t{row.entry.score}{grade}")
            self.stdout.write(excellent_sentence(f"{len(ranking)}个{group['group']}单位", ranking))
            self.stdout.write("")
        self.stdout.write(f"共{len(entries)}家：{band_sentence(bands)}")


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
                    f"{len(g['ranking'])}个{g['group']}单位", g["ranking"]
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
