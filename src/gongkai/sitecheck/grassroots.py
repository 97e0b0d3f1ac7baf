"""基层政务公开标准目录: per catalogue area, is its column there, filled, kept up to date, and does
its catalogue name the 公开主体? And the bulletin's sentence in the seed's words.

Pure: the catalogue is data (bundled YAML, editable), the states describe what the crawl saw,
`today` is passed in. Issues use the same `Issue` shape as the other site-health rules.
"""

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from gongkai.errors import UserError
from gongkai.sitecheck.health import MAJOR, MINOR, Issue, months_before

BUNDLED_CATALOGUE = Path(__file__).parent / "bundled" / "grassroots-2019.yaml"
RULES = ("missing", "blank", "not_updated", "stale", "no_owner")


@dataclass(frozen=True)
class Catalogue:
    version: str
    areas: tuple[str, ...]
    stale_months: int
    owner_pattern: re.Pattern
    messages: dict[str, str]
    how_to_fix: dict[str, str]


def load_catalogue(path: Path = BUNDLED_CATALOGUE) -> Catalogue:
    """The catalogue of `path`, read once per version of the file."""
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = None  # _catalogue_of says so in Chinese
    return _catalogue_of(path, modified)


@functools.lru_cache(maxsize=8)
def _catalogue_of(path: Path, _modified: int | None) -> Catalogue:
    where = f"基层政务公开目录文件 {path.name}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UserError(f"{where} 无法读取：{type(error).__name__}") from error
    if not isinstance(data, dict):
        raise UserError(f"{where}：内容应为键值表")
    areas = data.get("areas")
    if not isinstance(areas, list) or not areas or not all(isinstance(a, str) for a in areas):
        raise UserError(f"{where}：areas 应为领域名称列表")
    stale_months = data.get("stale_months")
    if not isinstance(stale_months, int) or not 1 <= stale_months <= 36:
        raise UserError(f"{where}：stale_months 应为 1 到 36 之间的整数")
    try:
        owner_pattern = re.compile(str(data.get("owner_pattern", "")))
    except re.error as error:
        raise UserError(f"{where}：owner_pattern 不是有效的正则表达式（{error}）") from error
    messages, fixes = data.get("messages") or {}, data.get("how_to_fix") or {}
    lacking = [rule for rule in RULES if rule not in messages or rule not in fixes]
    if lacking:
        raise UserError(f"{where}：messages/how_to_fix 缺少 {'、'.join(lacking)}")
    return Catalogue(
        str(data.get("version", "")),
        tuple(dict.fromkeys(a.strip() for a in areas)),
        stale_months,
        owner_pattern,
        {k: str(v) for k, v in messages.items()},
        {k: str(v) for k, v in fixes.items()},
    )


@dataclass(frozen=True)
class AreaColumn:
    """A site column declared for a catalogue area, as the crawl saw it."""

    area: str
    unit_id: int | None
    url: str
    latest: date | None  # newest dated item; None: no dated item
    items: int
    page_text: str  # the column's (catalogue) page text, for the 公开主体 check; '' if not fetched


def names_owner(catalogue: Catalogue, page_text: str) -> bool:
    return bool(catalogue.owner_pattern.search(page_text))


def area_issues(
    catalogue: Catalogue,
    columns: Iterable[AreaColumn],
    today: date,
    *,
    owner_unit_id: int | None = None,
) -> list[Issue]:
    """Per area: missing column (owned by `owner_unit_id`, the catalogue's site), blank, not updated
    for `stale_months` (across years, or within the year), 公开主体 not named."""
    by_area: dict[str, list[AreaColumn]] = {}
    for column in columns:
        by_area.setdefault(column.area, []).append(column)
    if not by_area:  # the site does not host the catalogue
        return []
    deadline = months_before(today, catalogue.stale_months)
    issues: list[Issue] = []
    for area in catalogue.areas:
        if area not in by_area:
            issues.append(_issue(catalogue, "missing", owner_unit_id, "", area=area))
    for area_columns in by_area.values():
        for column in area_columns:
            issues += _column_issues(catalogue, column, deadline, today)
    return issues


def _column_issues(
    catalogue: Catalogue, column: AreaColumn, deadline: date, today: date
) -> list[Issue]:
    issues = []
    if column.page_text and not names_owner(catalogue, column.page_text):
        issues.append(_issue(catalogue, "no_owner", column.unit_id, column.url, area=column.area))
    if column.items == 0 or column.latest is None:
        return [_issue(catalogue, "blank", column.unit_id, column.url, area=column.area), *issues]
    latest = column.latest
    if latest >= deadline:
        return issues
    if latest.year < today.year:
        first = latest.year + 1
        years = str(today.year) if first == today.year else f"{first}—{today.year}"
        issue = _issue(
            catalogue,
            "not_updated",
            column.unit_id,
            column.url,
            area=column.area,
            years=years,
            latest=latest.isoformat(),
        )
    else:
        issue = _issue(
            catalogue,
            "stale",
            column.unit_id,
            column.url,
            area=column.area,
            year=latest.year,
            month=latest.month,
            latest=latest.isoformat(),
        )
    return [issue, *issues]


def _issue(catalogue: Catalogue, rule: str, unit_id, url: str, **values) -> Issue:
    severity = MINOR if rule == "no_owner" else MAJOR
    evidence = {"area": values["area"], "url": url} | {
        k: v for k, v in values.items() if k in ("latest", "years")
    }
    if rule == "stale":
        evidence["until"] = f"{values['year']}年{values['month']}月"
    return Issue(
        f"grassroots.{rule}",
        severity,
        unit_id,
        catalogue.messages[rule].format(**values),
        catalogue.how_to_fix[rule],
        url,
        evidence,
    )


def _join(areas: Sequence[str]) -> str:
    names = list(dict.fromkeys(areas))
    return "、".join(names) + ("等栏目" if len(names) > 3 else "栏目")


def sentence(issues: Iterable[Issue]) -> str:
    """The 三是 paragraph's example in the seed's words (001_…):
    基层政务公开中的公共资源交易、税收管理栏目2023—2024年仍未更新；…栏目仅更新至2024年1月；
    …栏目中基层政务公开标准目录仍未明确公开主体名称. '' when nothing is wrong."""
    groups: dict[tuple[int, str, str], list[str]] = {}
    for issue in issues:
        if not issue.rule.startswith("grassroots."):
            continue
        rule, evidence = issue.rule.split(".", 1)[1], issue.evidence
        if rule == "not_updated":
            key = (0, evidence["years"], f"{evidence['years']}年仍未更新")
        elif rule == "stale":
            key = (1, evidence["latest"][:7], f"仅更新至{evidence['until']}")
        elif rule == "blank":
            key = (2, "", "为空白栏目")
        elif rule == "missing":
            key = (3, "", "未设置栏目")
        else:
            key = (4, "", "中基层政务公开标准目录仍未明确公开主体名称")
        groups.setdefault(key, []).append(evidence["area"])
    clauses = []
    for (order, _, words), areas in sorted(groups.items()):
        if order == 3:
            names = list(dict.fromkeys(areas))
            clauses.append("、".join(names) + ("等领域" if len(names) > 3 else "领域") + words)
        else:
            clauses.append(_join(areas) + words)
    if not clauses:
        return ""
    return "基层政务公开中的" + "；".join(clauses)
