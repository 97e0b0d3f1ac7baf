from pathlib import Path

from gongkai.commands import GongkaiCommand
from gongkai.orgs.registry import read_registry
from gongkai.sample.files import write_csv, write_xlsx
from gongkai.sample.generator import SAMPLE_DIR, generate


class Command(GongkaiCommand):
    help = "生成示例县（新乡县）的网站信息文件：gongkai sample write DIR [--seed N]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        write = sub.add_parser("write")
        write.add_argument("directory", type=Path)
        write.add_argument("--seed", type=int, default=20240304)

    def handle(self, *args, **options):
        for path in write_sample_files(options["directory"], seed=options["seed"]):
            self.stdout.write(f"已写入 {path}")


def write_sample_files(directory: Path, *, seed: int = 20240304) -> list[Path]:
    registry = read_registry(SAMPLE_DIR / "registry.yaml")
    items = list(generate(registry, seed=seed))
    year_2023 = [i for i in items if i.published_on.year == 2023]
    year_2024 = [i for i in items if i.published_on.year == 2024]
    csv_path = directory / "新乡县-网站信息-2023.csv"
    xlsx_path = directory / "新乡县-网站信息-2024年第二季度.xlsx"
    write_csv(csv_path, year_2023)
    write_xlsx(xlsx_path, year_2024, title="新乡县政府网站信息发布统计（2024年第二季度）")
    return [csv_path, xlsx_path]
