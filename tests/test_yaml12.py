"""The YAML loader: libyaml's scanner where there is one, read exactly as the pure-Python one reads."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from noteforge import yaml12

DOCUMENTS = [
    "title: Huawei\naliases: [Huawei, 华为]\ntags:\n  - china\n  - chips\n",
    "status: no\nsince: 2026-02-30\nwhen: 2026-03-01\nn: 0x1F\nf: 1.5e3\nt: 1:20\nb: True\n",
    "date: {{date}}\nother: é {{x}} y\n",
    'escaped: "\\udc80 and \\u00e9"\n',
    "a: &anchor [1, 2]\nb: *anchor\nset: !!set {b, a}\n",
    "- a\n- b\n",
    "",
    "nested:\n  deeper:\n    - {x: 1}\n    - [2, 3]\n",
]


def _read(document: yaml12.YamlDocument) -> tuple[Any, ...]:
    return document.data, document.replaced, document.key_positions(), document.item_lines("tags")


@pytest.mark.skipif(yaml12._FAST_LOADER is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("text", DOCUMENTS)
def test_libyaml_reads_as_the_pure_python_loader(text: str) -> None:
    assert _read(yaml12.parse_yaml(text)) == _read(yaml12._parse_with(yaml12.Yaml12Loader, text))


@pytest.mark.skipif(yaml12._FAST_LOADER is None, reason="PyYAML without libyaml")
def test_parse_yaml_uses_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = yaml12._FAST_LOADER
    assert fast is not None
    made: list[str] = []

    def counted(stream: str) -> yaml12.Yaml12Loader:
        made.append(stream)
        return fast(stream)

    monkeypatch.setattr(yaml12, "_FAST_LOADER", counted)
    assert yaml12.parse_yaml("a: 1\n").data == {"a": 1}
    assert made == ["a: 1\n"]


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [("a: b: c\n", "mapping values are not allowed here", 0), ("a: [\n", None, 1)],
)
def test_an_error_is_the_pure_python_loaders(text: str, problem: str | None, line: int) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as fast:
        yaml12.parse_yaml(text)
    with pytest.raises(yaml.MarkedYAMLError) as slow:
        yaml12._parse_with(yaml12.Yaml12Loader, text)
    assert str(fast.value) == str(slow.value)
    assert fast.value.problem_mark is not None and fast.value.problem_mark.line == line
    if problem:
        assert fast.value.problem == problem


@pytest.mark.parametrize("text", ["[" * 60, "a: &a [1]\n" + "".join(f"b{n}: *a\n" for n in range(101))])
def test_limits_hold_with_libyaml(text: str) -> None:
    with pytest.raises(yaml12.YamlTooComplex):
        yaml12.parse_yaml(text)
