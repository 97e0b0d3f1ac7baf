"""The rule set of the policy checks (pure): which kinds need an interpretation, time limits,
element cues, form cues, consultation windows. Bundled as versioned YAML; offices may load their own."""

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from gongkai.errors import UserError

BUNDLED = Path(__file__).resolve().parent / "bundled"
ELEMENTS = (
    "背景依据",
    "目标任务",
    "主要内容",
    "涉及范围",
    "执行标准",
    "注意事项",
    "关键词诠释",
    "惠民利民举措",
    "新旧政策差异",
)
FORMS = ("文字", "图解", "视频", "动漫/H5", "专家解读", "领导解读", "新闻发布会")


@dataclass(frozen=True)
class ElementCues:
    headings: tuple[str, ...]
    cues: tuple[str, ...]
    excludes: tuple[str, ...] = ()  # a sentence with one of these is not a cue sentence
    # Regular expressions for wordings a fixed phrase cannot catch ("按照……要求", "每户补助1.5万元").
    heading_patterns: tuple[str, ...] = ()
    cue_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormCues:
    keywords: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class RuleSet:
    name: str
    year: int
    version: int
    needs_interpretation: frozenset[str]
    max_working_days_after: int = 3
    elements_min_present: int = 6
    # Without the office's review, 要素不全 is reported only below this many elements found; an
    # interpretation between this and elements_min_present waits for the office (待核定).
    elements_unreviewed_flag_below: int = 4
    copy_shingle_size: int = 5
    copy_overlap_threshold: float = 0.6
    decision_min_days: int = 30
    normative_min_working_days: int = 7
    elements: dict[str, ElementCues] = field(default_factory=dict)
    forms: dict[str, FormCues] = field(default_factory=dict)
    # Crawled columns whose name contains one of these words hold interpretations / documents.
    crawl_interpretation_columns: tuple[str, ...] = ("政策解读",)
    crawl_document_columns: tuple[str, ...] = ("政策文件",)

    @cached_property
    def element_patterns(self) -> dict[str, tuple[re.Pattern | None, ...]]:
        """Per element: one compiled alternation each of its headings, cues and excludes."""

        def alternation(
            words: tuple[str, ...], patterns: tuple[str, ...] = ()
        ) -> re.Pattern | None:
            parts = [*map(re.escape, words), *(f"(?:{p})" for p in patterns)]
            return re.compile("|".join(parts)) if parts else None

        return {
            name: (
                alternation(c.headings, c.heading_patterns),
                alternation(c.cues, c.cue_patterns),
                alternation(c.excludes),
            )
            for name, c in self.elements.items()
        }


def rule_set_from_dict(data: dict, source: str = "规则") -> RuleSet:
    """A rule set from its YAML form; UserError naming what is wrong."""
    if not isinstance(data, dict):
        raise UserError(f"{source}: 应为 YAML 映射")
    try:
        elements = {
            name: ElementCues(
                tuple(spec.get("headings", ())),
                tuple(spec.get("cues", ())),
                tuple(spec.get("excludes", ())),
                _patterns(spec, "heading_patterns", f"{source}: 要素“{name}”"),
                _patterns(spec, "cue_patterns", f"{source}: 要素“{name}”"),
            )
            for name, spec in data["elements"].items()
        }
        forms = {
            name: FormCues(tuple(spec.get("keywords", ())), tuple(spec.get("tags", ())))
            for name, spec in data.get("forms", {}).items()
        }
        unknown = sorted(set(elements) - set(ELEMENTS)) + sorted(set(forms) - set(FORMS))
        if unknown:
            raise UserError(f"{source}: 未知的要素或形式：{'、'.join(unknown)}")
        missing = [e for e in ELEMENTS if e not in elements]
        if missing:
            raise UserError(f"{source}: 缺少要素的识别规则：{'、'.join(missing)}")
        return RuleSet(
            name=str(data["name"]),
            year=int(data["year"]),
            version=int(data.get("version", 1)),
            needs_interpretation=frozenset(data["needs_interpretation"]),
            max_working_days_after=int(data.get("max_working_days_after", 3)),
            elements_min_present=int(data.get("elements_min_present", 6)),
            elements_unreviewed_flag_below=int(data.get("elements_unreviewed_flag_below", 4)),
            copy_shingle_size=int(data.get("copy_shingle_size", 5)),
            copy_overlap_threshold=float(data.get("copy_overlap_threshold", 0.6)),
            decision_min_days=int(data.get("decision_min_days", 30)),
            normative_min_working_days=int(data.get("normative_min_working_days", 7)),
            elements=elements,
            forms=forms,
            crawl_interpretation_columns=tuple(
                str(w) for w in data.get("crawl_columns", {}).get("interpretations", ["政策解读"])
            ),
            crawl_document_columns=tuple(
                str(w) for w in data.get("crawl_columns", {}).get("documents", ["政策文件"])
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UserError(f"{source}: 规则格式有误（{exc}）") from exc


def _patterns(spec: dict, key: str, where: str) -> tuple[str, ...]:
    """The element's regular expressions, each checked to compile (a Chinese message if not)."""
    patterns = tuple(str(p) for p in spec.get(key, ()))
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UserError(
                f"{where}的 {key} 中“{pattern}”不是有效的正则表达式（位置 {exc.pos}）"
            ) from exc
    return patterns


def load_rule_set(path: Path) -> RuleSet:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(f"{path.name}: 无法读取规则文件（{exc}）") from exc
    return rule_set_from_dict(data, path.name)


def bundled_rule_set(year: int | None = None) -> RuleSet:
    """The newest bundled rule set whose year is not after `year` (or the newest of all)."""
    sets = sorted((load_rule_set(p) for p in BUNDLED.glob("policies-*.yaml")), key=lambda r: r.year)
    usable = [r for r in sets if year is None or r.year <= year] or sets[:1]
    return usable[-1]
