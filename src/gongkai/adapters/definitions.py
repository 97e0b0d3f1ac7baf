"""One loader for every definition file (YAML or JSON): registry, standards, schemes, templates.

Reading: a size cap, UTF-8 only, a directory or unreadable path refused in Chinese.
Parsing: PyYAML's safe loader, with the composed node graph measured before anything is built:
aliases that would expand past a limit (a "billion laughs" file), recursive aliases and deep
nesting are refused. Validation: a pydantic model per kind of file; its errors are translated into
one Chinese line that names the file and the key path (`units[3].columns[0].name`).

Pure: no Django. Limits are arguments with defaults; commands pass the configured ones.
"""

import json
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from gongkai.env import env_int
from gongkai.errors import UserError

# Definitions are hand-written files of a few KB; 2 MB leaves room for a whole county's registry.
MAX_DEFINITION_BYTES = 2 * 1024 * 1024
# Nodes after alias expansion, and nesting depth: far above any real file, far below a bomb.
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 40
# Dates anywhere in Gongkai's inputs: the People's Republic's records to a sane planning horizon.
MIN_YEAR, MAX_YEAR = 1949, 2100


def definition_size_cap() -> int:
    """GONGKAI_MAX_DEFINITION_KB, read when a file is read (tests and commands may change it)."""
    return env_int("GONGKAI_MAX_DEFINITION_KB", MAX_DEFINITION_BYTES // 1024) * 1024


class DefinitionError(UserError):
    """A definition file that cannot be used; the message names the file and the key path."""


def read_text(
    path: Path,
    *,
    max_bytes: int | None = None,
    what: str = "文件",
    error: type[UserError] = DefinitionError,
) -> str:
    """A text file's content (UTF-8, an optional BOM), or a Chinese UserError naming it."""
    try:
        return _read_text(path, max_bytes or definition_size_cap(), what)
    except DefinitionError as exc:
        raise error(str(exc)) from None


def _read_text(path: Path, max_bytes: int, what: str) -> str:
    try:
        if path.is_dir():
            raise DefinitionError(f"{path}: 是一个目录，请给出{what}的路径")
        size = path.stat().st_size
        if size > max_bytes:
            raise DefinitionError(f"{path}: 文件过大（{size:,} 字节，上限 {max_bytes:,} 字节）")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DefinitionError(f"{path}: 文件不存在") from None
    except PermissionError:
        raise DefinitionError(f"{path}: 没有读取权限") from None
    except OSError as exc:
        raise DefinitionError(f"{path}: 无法读取（{exc.strerror or '读取失败'}）") from None
    return decode_utf8(data, str(path))


def decode_utf8(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DefinitionError(
            f"{source}: 不是 UTF-8 编码（第 {exc.start + 1} 个字节起无法识别），请另存为 UTF-8"
        ) from None
    if "\x00" in text:
        raise DefinitionError(f"{source}: 含有空字符（NUL），不是文本文件")
    return text


class _BoundedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's when PyYAML has it: ~5× faster on the registry's 700 lines);
    `load_yaml` measures the composed graph before constructing it."""


def _measure(root: yaml.Node, source: str, max_nodes: int, max_depth: int) -> None:
    """Refuse a node graph whose expansion is too large or too deep, or that refers to itself."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    active: set[int] = set()

    def visit(node: yaml.Node, level: int) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key], depths[key]
        if level > max_depth:
            raise DefinitionError(f"{source}: 嵌套超过 {max_depth} 层")
        if key in active:
            raise DefinitionError(f"{source}: 别名引用了自身（循环引用）")
        size, depth = 1, 1
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
            active.add(key)
            children = (
                node.value
                if isinstance(node, yaml.SequenceNode)
                else [part for pair in node.value for part in pair]
            )
            for child in children:
                child_size, child_depth = visit(child, level + 1)
                size += child_size
                depth = max(depth, child_depth + 1)
                if size > max_nodes:
                    raise DefinitionError(
                        f"{source}: 展开后内容过大（超过 {max_nodes:,} 项，可能是别名嵌套）"
                    )
            active.discard(key)
        sizes[key], depths[key] = size, depth
        return size, depth

    visit(root, 0)


def _check_flow_depth(text: str, source: str, max_depth: int) -> None:
    """Refuse deeply nested brackets before PyYAML sees them: its scanner takes quadratic time
    in the nesting depth (5,000 brackets: seconds), long before the depth check after composing."""
    if text.count("[") + text.count("{") <= max_depth:
        return
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise DefinitionError(f"{source}: 嵌套超过 {max_depth} 层")
        elif char in "]}":
            depth = max(depth - 1, 0)


def load_yaml(
    text: str,
    source: str,
    *,
    max_nodes: int = MAX_EXPANDED_NODES,
    max_depth: int = MAX_DEPTH,
    error: type[UserError] = DefinitionError,
) -> Any:
    """Parse YAML safely; every failure is `error` (a UserError) naming `source`."""
    try:
        return _load_yaml(text, source, max_nodes, max_depth)
    except DefinitionError as exc:
        raise error(str(exc)) from None


def _load_yaml(text: str, source: str, max_nodes: int, max_depth: int) -> Any:
    if "\x00" in text:
        raise DefinitionError(f"{source}: 含有空字符（NUL），不是文本文件")
    _check_flow_depth(text, source, max_depth)
    loader = None
    try:
        loader = _BoundedLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        _measure(node, source, max_nodes, max_depth)
        return loader.construct_document(node)
    except DefinitionError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        raise DefinitionError(f"{source}: 不是有效的 YAML（{where}格式错误）") from None
    except yaml.YAMLError:
        raise DefinitionError(f"{source}: 不是有效的 YAML") from None
    except RecursionError:
        raise DefinitionError(f"{source}: 嵌套层数过多") from None
    except (ValueError, OverflowError, TypeError):
        # PyYAML builds dates itself: 2023-13-01 raises ValueError while constructing.
        raise DefinitionError(f"{source}: 含有无效的日期或数值，日期应写成 YYYY-MM-DD") from None
    finally:
        if loader is not None:
            loader.dispose()


def load_json(
    text: str,
    source: str,
    *,
    max_depth: int = MAX_DEPTH,
    error: type[UserError] = DefinitionError,
) -> Any:
    """Parse JSON; NaN and Infinity are refused (they are not JSON, and not numbers we can use)."""
    try:
        return _load_json(text, source, max_depth)
    except DefinitionError as exc:
        raise error(str(exc)) from None


def _load_json(text: str, source: str, max_depth: int) -> Any:

    def refuse_constant(name: str):
        raise DefinitionError(f"{source}: 不接受 {name}，数值应为有限的数字")

    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except DefinitionError:
        raise
    except RecursionError:
        raise DefinitionError(f"{source}: 嵌套层数过多") from None
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            f"{source}: 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）"
        ) from None
    if _depth(data) > max_depth:
        raise DefinitionError(f"{source}: 嵌套超过 {max_depth} 层")
    return data


def _depth(value: Any) -> int:
    stack, deepest = [(value, 1)], 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def read_yaml(
    path: Path, *, max_bytes: int | None = None, error: type[UserError] = DefinitionError
) -> Any:
    return load_yaml(read_text(path, max_bytes=max_bytes, error=error), str(path), error=error)


def read_json(
    path: Path, *, max_bytes: int | None = None, error: type[UserError] = DefinitionError
) -> Any:
    return load_json(read_text(path, max_bytes=max_bytes, error=error), str(path), error=error)


# ---------------------------------------------------------------------------------------------
# Field types shared by the definition models


def _scalar_text(value: Any) -> Any:
    """Codes such as `code: 1` are text to us; lists, maps and booleans stay wrong."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not (
        isinstance(value, float) and not math.isfinite(value)
    ):
        return str(value)
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不能含有空字符（NUL）")
    return value


def _bounded_date(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"日期应在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间")
    return value


Text = Annotated[str, BeforeValidator(_scalar_text), AfterValidator(_no_nul)]
Day = Annotated[date, AfterValidator(_bounded_date)]


def bounded_day(value: date, where: str) -> date:
    """The same 1949–2100 bound for dates that enter through CSV rows and CLI options."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise UserError(f"{where}: 日期 {value.isoformat()} 超出 {MIN_YEAR}–{MAX_YEAR} 年的范围")
    return value


class Strict(BaseModel):
    """Base of every definition model: unknown keys are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Open(BaseModel):
    """For the few mappings whose keys are the user's own (labels, headers)."""

    model_config = ConfigDict(extra="allow", frozen=True)


# ---------------------------------------------------------------------------------------------
# pydantic's errors in Chinese

_MESSAGES: dict[str, str | Callable[[dict], str]] = {
    "missing": "缺少此项",
    "extra_forbidden": "是未知的键（请检查拼写）",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_too_long": lambda c: f"不能超过 {c.get('max_length')} 个字",
    "too_short": "不能为空",
    "too_long": lambda c: f"不能超过 {c.get('max_length')} 项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "finite_number": "不能为 NaN 或无穷大",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为键值结构（映射）",
    "model_type": "应为键值结构（映射）",
    "model_attributes_type": "应为键值结构（映射）",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD（不含时间）",
    "literal_error": lambda c: f"应为 {_choices(c)} 之一",
    "enum": lambda c: f"应为 {_choices(c)} 之一",
    "greater_than_equal": lambda c: f"不能小于 {c.get('ge')}",
    "greater_than": lambda c: f"应大于 {c.get('gt')}",
    "less_than_equal": lambda c: f"不能大于 {c.get('le')}",
    "less_than": lambda c: f"应小于 {c.get('lt')}",
    "hashable_type": "不能作为键",
    "recursion_loop": "含有循环引用",
}


def _choices(context: dict) -> str:
    expected = str(context.get("expected", ""))
    return expected.replace("'", "").replace(" or ", "、").replace(", ", "、")


# Errors where the wrong value helps the reader (never for long or structured values).
_SHOW_VALUE = {
    "literal_error",
    "enum",
    "date_parsing",
    "date_from_datetime_parsing",
    "int_parsing",
    "decimal_parsing",
}


def key_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "（整个文件）"


def _chinese(error: dict) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        cause = context.get("error")
        text = str(cause) if cause else ""
        # Our own validators raise ValueError with Chinese text; anything else is summarised.
        return text if text and not text.isascii() else "取值无效"
    if kind in ("too_long", "too_short") and isinstance(error.get("input"), str):
        kind = "string_" + kind
    message = _MESSAGES.get(kind)
    if message is None:
        return "取值无效"
    return message(context) if callable(message) else message


def chinese_errors(exc: ValidationError, source: str, limit: int = 3) -> str:
    """One Chinese line for a ValidationError: the file, then up to `limit` key paths and why."""
    parts = []
    # Union members each report an error at the same place: keep the first per key path.
    seen: set[str] = set()
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        path = key_path(loc)
        if path in seen:
            continue
        seen.add(path)
        value = error.get("input")
        shown = ""
        if isinstance(value, str | int | float) and error["type"] in _SHOW_VALUE:
            text = str(value)
            shown = f"，而不是「{text[:20]}{'…' if len(text) > 20 else ''}」"
        parts.append(f"{path} {_chinese(error)}{shown}")
    shown = "；".join(parts[:limit])
    more = f"（另有 {len(parts) - limit} 处错误）" if len(parts) > limit else ""
    return f"{source}: {shown}{more}"


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Any, source: str, error: type[UserError] = DefinitionError) -> M:
    """`data` checked against `model`; a failure is `error` with a Chinese message."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(chinese_errors(exc, source)) from None
    except RecursionError:
        raise error(f"{source}: 嵌套层数过多") from None
