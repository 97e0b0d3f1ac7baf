from pathlib import Path

import pytest

from gongkai.orgs.models import Column, Unit, UnitAlias
from gongkai.orgs.registry import RegistryError, parse_registry, read_registry
from gongkai.orgs.services import load_registry
from gongkai.sample.generator import SAMPLE_DIR

MINIMAL = """
region: 测试县
groups:
  - {code: township, name: 乡镇, default_columns: [{name: 乡镇动态, category: news}]}
units:
  - {name: 甲镇, kind: 乡镇/街道, group: 乡镇}
"""


def test_sample_registry_has_the_seeds_units():
    spec = read_registry(SAMPLE_DIR / "registry.yaml")
    groups = {g.name: [u.name for u in spec.units if u.group == g.name] for g in spec.groups}
    assert len(groups["乡镇"]) == 8 and "开发区" in groups["乡镇"]
    assert len(groups["部门"]) == 36


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    before = (Unit.objects.count(), Column.objects.count(), UnitAlias.objects.count())
    load_registry(path=SAMPLE_DIR / "registry.yaml")
    assert (Unit.objects.count(), Column.objects.count(), UnitAlias.objects.count()) == before
    assert Unit.objects.get(name="卫健委").aliases.filter(alias="卫生健康委员会").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            MINIMAL.replace("kind: 乡镇/街道", "kind: 村"),
            r"units\[0\]\.kind 应为 乡镇/街道、.*而不是「村」",
        ),
        (MINIMAL.replace("group: 乡镇}", "group: 街道}"), "分组「街道」未在 groups 中定义"),
        (
            MINIMAL.replace("category: news", "category: blog"),
            r"default_columns\[0\]\.category 应为 news.*而不是「blog」",
        ),
        (MINIMAL + "  - {name: 甲镇, kind: 乡镇/街道, group: 乡镇}\n", "名称或别名「甲镇」重复"),
        ("region: x\n", "缺少 groups"),
        ("- a\n- b\n", "应为包含 region"),
        (MINIMAL.replace("group: 乡镇}", "group: 乡镇, active_from: 2023-13-01}"), "YYYY-MM-DD"),
    ],
)
def test_bad_registry_names_file_and_entry(text, message):
    with pytest.raises(RegistryError, match=message) as caught:
        parse_registry(text, "县.yaml")
    assert str(caught.value).startswith("县.yaml")


def test_missing_file():
    with pytest.raises(RegistryError, match="文件不存在"):
        read_registry(Path("/nonexistent/registry.yaml"))


def test_names_longer_than_the_database_allows_are_refused():
    text = MINIMAL.replace("name: 甲镇", "name: " + "长" * 65)
    with pytest.raises(RegistryError, match="超过 64 个字"):
        parse_registry(text, "县.yaml")
