"""The shared YAML/JSON loader: any text or bytes give data or one Chinese DefinitionError."""

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gongkai.adapters.definitions import DefinitionError, load_json, load_yaml, read_text
from tests.fuzz.mutations import FUZZ

YAML_TOKENS = st.sampled_from(
    ["&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ": ", "- ", "\n", "  ", "x", "1", "2023-13-01",
     "!!binary ", "!!python/object:os.system ", "? ", ",", "'", '"', "\t", "\x00", "é", "甲", "<<: "]
)  # fmt: skip


def _is_chinese_error(exc: Exception) -> bool:
    return isinstance(exc, DefinitionError) and not str(exc).split(": ", 1)[-1].isascii()


@FUZZ
@given(st.lists(YAML_TOKENS, max_size=40).map("".join))
def test_yaml_made_of_tokens_loads_or_is_refused_in_chinese(text):
    try:
        load_yaml(text, "f.yaml")
    except Exception as exc:
        assert _is_chinese_error(exc), repr(exc)
        assert str(exc).startswith("f.yaml")


@FUZZ
@given(st.text(max_size=200))
def test_any_text_as_json(text):
    try:
        load_json(text, "f.json")
    except Exception as exc:
        assert _is_chinese_error(exc), repr(exc)


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_as_a_file(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yaml"
        path.write_bytes(data)
        try:
            load_yaml(read_text(path), str(path))
        except Exception as exc:
            assert _is_chinese_error(exc), repr(exc)


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    text = "\n".join(lines)
    assert len(text.encode()) < 5000
    try:
        load_yaml(text, "bomb.yaml")
    except DefinitionError as exc:
        assert "展开后内容过大" in str(exc)
    else:
        raise AssertionError("a billion-laughs file was loaded")


def test_deep_nesting_self_reference_and_size_are_refused(tmp_path, monkeypatch):
    for text, words in (
        ("[" * 60 + "]" * 60, "嵌套"),
        ("&a [*a]", "循环引用"),
        ("[" * 5000, "嵌套"),
    ):
        try:
            load_yaml(text, "x.yaml")
        except DefinitionError as exc:
            assert words in str(exc)
        else:
            raise AssertionError(text[:20])
    big = tmp_path / "big.yaml"
    big.write_text("a: 1\n" * 400, encoding="utf-8")
    monkeypatch.setenv("GONGKAI_MAX_DEFINITION_KB", "1")
    try:
        read_text(big)
    except DefinitionError as exc:
        assert "文件过大" in str(exc)
    else:
        raise AssertionError("the size cap was not applied")
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("名称: 甲镇".encode("gbk"))
    try:
        read_text(gbk)
    except DefinitionError as exc:
        assert "不是 UTF-8 编码" in str(exc)
    else:
        raise AssertionError("a GBK file was read as UTF-8")
