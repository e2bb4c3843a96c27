"""YAML read safely and typed the YAML 1.2 way, for front matter and the config file.

PyYAML's SafeLoader follows YAML 1.1, where ``no``, ``off`` and ``y`` are booleans and
``1:20`` is a number. Note writers do not expect that (``status: no`` must stay the
text "no"), so this loader keeps SafeLoader's safety but resolves only ``true``/``false``
as booleans, plain decimal and hex integers, and decimal floats. Dates stay dates.
Template placeholders (``date: {{date}}``) are kept as text rather than rejected.

Untrusted YAML gets bounded work: nesting deeper than :data:`MAX_DEPTH`, more than
:data:`MAX_ALIASES` aliases, or aliases that expand the document by more than
:data:`MAX_ALIAS_EXPANSION` values (a "billion laughs") raise :class:`YamlTooComplex`
while loading. An impossible date (``2026-02-30``) stays text for the caller to report,
a set (``!!set``) becomes a sorted list so it always shows in one order, and a lone
surrogate written as an escape (``"\udc80"``) becomes U+FFFD and is listed in
:attr:`YamlDocument.replaced`.

Where PyYAML has libyaml, a document is scanned by libyaml's C parser (a note's front
matter then costs a fraction of what the pure-Python scanner takes), and composed and
constructed in Python by the same code, with the same limits. A document libyaml refuses
is read again by the pure-Python loader, so an error and its position are reported as
they always were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

_REPLACED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_SURROGATE = re.compile("[\ud800-\udfff]")

MAX_DEPTH = 50
MAX_ALIASES = 100
MAX_ALIAS_EXPANSION = 10_000


class YamlTooComplex(yaml.MarkedYAMLError):
    """YAML nested too deep, or with too many aliases or too large an alias expansion."""


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema booleans and numbers, and bounded work."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.source = stream
        self.depth = 0
        self.aliases = 0
        self.replaced: list[tuple[int, int]] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise YamlTooComplex(problem=f"holds more than {MAX_ALIASES} aliases", problem_mark=mark)
        if self.depth >= MAX_DEPTH:
            raise YamlTooComplex(problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_scalar(self, node: yaml.ScalarNode | yaml.MappingNode) -> Any:
        value = super().construct_scalar(node)
        if isinstance(value, str) and _SURROGATE.search(value):
            self.replaced.append((node.start_mark.line, node.start_mark.column))
            return _SURROGATE.sub("\ufffd", value)
        return value


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
        return loader.source[node.start_mark.index : node.end_mark.index]
    return loader.construct_mapping(node, deep=True)


def _construct_timestamp(loader: Yaml12Loader, node: yaml.ScalarNode) -> Any:
    """A date or time, or its text when it names none (``2026-02-30``), for the caller to report."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _construct_set(loader: Yaml12Loader, node: yaml.MappingNode) -> list[Any]:
    """A set as a list in sorted order: Python sets iterate in an order that changes per run."""
    items = loader.construct_mapping(node, deep=True)
    return sorted(items, key=lambda item: (type(item).__name__, str(item)))


Yaml12Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
Yaml12Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
Yaml12Loader.add_constructor("tag:yaml.org,2002:set", _construct_set)


def _fast_loader() -> type[Yaml12Loader] | None:
    """:class:`Yaml12Loader` reading libyaml's events (``None`` without libyaml).

    The C parser's ``get_event``, ``peek_event`` and ``check_event`` take the place of the
    pure-Python reader, scanner and parser; composing (with the limits) and constructing
    stay :class:`Yaml12Loader`'s. Its marks count characters, as the pure-Python ones do.
    """
    if not yaml.__with_libyaml__:
        return None
    from yaml._yaml import CParser

    class FastYaml12Loader(Yaml12Loader, CParser):
        get_event = CParser.get_event
        peek_event = CParser.peek_event
        check_event = CParser.check_event

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.source = stream
            self.depth = 0
            self.aliases = 0
            self.replaced = []

    return FastYaml12Loader


_FAST_LOADER = _fast_loader()


def _check_alias_expansion(root: yaml.Node) -> None:
    """Raise when aliases make the document, written out in full, more than
    ``MAX_ALIAS_EXPANSION`` values larger than it is (each node is sized once)."""
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []
    stack = [root]
    while stack:  # the distinct nodes, each after everything under it
        node = stack.pop()
        if id(node) in sizes:
            continue
        sizes[id(node)] = 0
        order.append(node)
        stack.extend(_children(node))
    for node in reversed(order):
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
        if sizes[id(node)] > len(order) + MAX_ALIAS_EXPANSION:  # points at the smallest such node
            problem = f"expands through aliases to more than {MAX_ALIAS_EXPANSION:,} extra values"
            raise YamlTooComplex(problem=problem, problem_mark=node.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed YAML document: its value, and the node tree that knows where things are."""

    data: Any
    node: yaml.Node | None
    # 0-based (line, column) of each text whose lone surrogates were replaced by U+FFFD
    replaced: tuple[tuple[int, int], ...] = ()

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
    if _FAST_LOADER is not None:
        try:
            return _parse_with(_FAST_LOADER, text)
        except YamlTooComplex:
            raise
        except (yaml.YAMLError, UnicodeEncodeError):
            pass  # the pure-Python loader says what is wrong, as it always has
    return _parse_with(Yaml12Loader, text)


def _parse_with(loader_class: type[Yaml12Loader], text: str) -> YamlDocument:
    loader = loader_class(text)  # a SafeLoader: no arbitrary objects
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, None)
        _check_alias_expansion(node)
        return YamlDocument(loader.construct_document(node), node, tuple(loader.replaced))
    finally:
        loader.dispose()
