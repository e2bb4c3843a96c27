"""YAML read safely and typed the YAML 1.2 way, for front matter and the config file.

PyYAML's SafeLoader follows YAML 1.1, where ``no``, ``off`` and ``y`` are booleans and
``1:20`` is a number. Note writers do not expect that (``status: no`` must stay the
text "no"), so this loader keeps SafeLoader's safety but resolves only ``true``/``false``
as booleans, plain decimal and hex integers, and decimal floats. Dates stay dates.
Template placeholders (``date: {{date}}``) are kept as text rather than rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

_REPLACED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema booleans and numbers."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_mapping(loader: Yaml12Loader, node: yaml.MappingNode) -> Any:
    """A mapping, except that a template placeholder such as ``{{date}}`` (a flow mapping
    keyed by a mapping, which YAML cannot hash) is read as its own text, as Obsidian does."""
    if any(not isinstance(key, yaml.ScalarNode) for key, _ in node.value):
        source = str(node.start_mark.buffer)
        return source[node.start_mark.index : node.end_mark.index]
    return loader.construct_mapping(node, deep=True)


Yaml12Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed YAML document: its value, and the node tree that knows where things are."""

    data: Any
    node: yaml.Node | None

    def key_positions(self) -> dict[str, tuple[int, int]]:
        """1-based ``(line, col)`` of each top-level key of a mapping, for messages."""
        if not isinstance(self.node, yaml.MappingNode):
            return {}
        return {
            str(key.value): (key.start_mark.line + 1, key.start_mark.column + 1)
            for key, _ in self.node.value
            if isinstance(key, yaml.ScalarNode)
        }

    def item_lines(self, key: str) -> list[int]:
        """1-based lines of the items of the sequence under a top-level key (``[]`` if none)."""
        if not isinstance(self.node, yaml.MappingNode):
            return []
        for key_node, value in self.node.value:
            if (
                isinstance(key_node, yaml.ScalarNode)
                and key_node.value == key
                and isinstance(value, yaml.SequenceNode)
            ):
                return [item.start_mark.line + 1 for item in value.value]
        return []


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document in a single pass; raises ``yaml.YAMLError`` (with marks) when invalid."""
    loader = Yaml12Loader(text)  # a SafeLoader: no arbitrary objects
    try:
        node = loader.get_single_node()
        return YamlDocument(loader.construct_document(node) if node is not None else None, node)
    finally:
        loader.dispose()
