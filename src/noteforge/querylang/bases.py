"""Obsidian ``.base`` files: YAML to a typed :class:`BaseSpec`, every expression parsed.

:func:`load_base` never raises. A YAML error, an unknown key, a value of the wrong type or
an expression that does not parse is a diagnostic at its line and column in the base
file, and the rest of the file is still read. Each :class:`Expression` keeps where its
text sits in the file, so that an error found while evaluating it (a position in the
expression) is reported at the right place of the base file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import yaml

from noteforge.diagnostics import diagnostic, sort_diagnostics
from noteforge.model import Diagnostic
from noteforge.querylang.expr import Expr, ExprError, parse_expression
from noteforge.yaml12 import parse_yaml


class ViewType(StrEnum):
    """The layouts noteforge renders; any other layout is shown as a table."""

    TABLE = "table"
    CARDS = "cards"
    LIST = "list"


class Direction(StrEnum):
    """A sort or group direction."""

    ASC = "ASC"
    DESC = "DESC"


class Conjunction(StrEnum):
    """How a filter group combines its filters: all, any, or none of them true."""

    AND = "and"
    OR = "or"
    NOT = "not"


class PropertyKind(StrEnum):
    """Where a property comes from: the note's properties, the file, or a formula."""

    NOTE = "note"
    FILE = "file"
    FORMULA = "formula"


@dataclass(frozen=True, slots=True)
class PropertyRef:
    """A property as a base names it: ``note.rating`` (or just ``rating``), ``file.name``,
    ``formula.Age``."""

    kind: PropertyKind
    name: str

    @classmethod
    def parse(cls, text: str) -> PropertyRef:
        """The property a name in ``order``, ``sort`` or ``properties`` stands for: a name
        without a known prefix is a note property."""
        prefix, dot, rest = text.partition(".")
        if dot and rest and prefix in PropertyKind.__members__.values():
            return cls(PropertyKind(prefix), rest)
        return cls(PropertyKind.NOTE, text)

    @property
    def id(self) -> str:
        """The full name, ``note.rating``."""
        return f"{self.kind}.{self.name}"


@dataclass(frozen=True, slots=True)
class Expression:
    """An expression of the base: its text, its syntax tree (``None`` when it does not
    parse; a diagnostic says why), and the 1-based ``(line, col)`` in the base file where
    each line of the text starts."""

    text: str
    tree: Expr | None
    starts: tuple[tuple[int, int], ...]

    @property
    def line(self) -> int:
        """The line of the base file where the expression starts."""
        return self.starts[0][0]

    @property
    def col(self) -> int:
        """The column of the base file where the expression starts."""
        return self.starts[0][1]

    def locate(self, line: int = 1, col: int = 1) -> tuple[int, int]:
        """The base file's ``(line, col)`` of a 1-based position in the expression's text."""
        start_line, start_col = self.starts[min(max(line, 1), len(self.starts)) - 1]
        return start_line, start_col + max(col, 1) - 1


@dataclass(frozen=True, slots=True)
class FilterGroup:
    """``and``/``or``/``not`` over filters, each an expression or another group."""

    conjunction: Conjunction
    children: tuple[Filter, ...]
    line: int
    col: int


Filter = Expression | FilterGroup


@dataclass(frozen=True, slots=True)
class SortKey:
    """A property to sort or group by, and in which direction."""

    property: PropertyRef
    direction: Direction


@dataclass(frozen=True, slots=True)
class SummarySpec:
    """A summary under a column: a default one (``Average``) or a formula of ``summaries``."""

    property: PropertyRef
    name: str
    line: int
    col: int


DEFAULT_ORDER = (PropertyRef(PropertyKind.FILE, "name"),)
"""The columns of a view that names none."""


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """One view of a base. ``written_type`` is the layout as written (``map``); ``type``
    the one shown. ``order`` is the columns (``file.name`` when the view names none)."""

    type: ViewType
    written_type: str
    name: str
    line: int
    col: int
    filters: Filter | None = None
    order: tuple[PropertyRef, ...] = DEFAULT_ORDER
    sort: tuple[SortKey, ...] = ()
    group_by: SortKey | None = None
    limit: int | None = None
    summaries: tuple[SummarySpec, ...] = ()
    image: PropertyRef | None = None


@dataclass(frozen=True, slots=True)
class BaseSpec:
    """A whole ``.base`` file (or ```` ```base ```` block) at ``path``."""

    path: str
    filters: Filter | None = None
    formulas: tuple[tuple[str, Expression], ...] = ()
    display_names: tuple[tuple[PropertyRef, str], ...] = ()
    summaries: tuple[tuple[str, Expression], ...] = ()
    views: tuple[ViewSpec, ...] = ()

    def label(self, ref: PropertyRef) -> str:
        """A column's heading: its ``displayName``, else its name as written."""
        names = dict(self.display_names)
        if ref in names:
            return names[ref]
        return ref.name if ref.kind is PropertyKind.NOTE else ref.id

    def formula(self, name: str) -> Expression | None:
        """The formula ``name``, if the base defines it."""
        return dict(self.formulas).get(name)

    def summary_formula(self, name: str) -> Expression | None:
        """The custom summary ``name``, if the base defines it."""
        return dict(self.summaries).get(name)


_TOP_KEYS = ("filters", "formulas", "properties", "summaries", "views", "display")
_VIEW_KEYS = ("type", "name", "filters", "order", "sort", "groupBy", "limit", "summaries", "image")
# Layout settings that change only how Obsidian draws a view, not which rows it holds.
_PRESENTATION_KEYS = (
    "columnSize",
    "rowHeight",
    "cardSize",
    "imageFit",
    "imageAspectRatio",
    "markers",
    "nestedProperties",
    "indentProperties",
    "separator",
)


def load_base(text: str, path: str, first_line: int = 1) -> tuple[BaseSpec, tuple[Diagnostic, ...]]:
    """Read a base file's text into a :class:`BaseSpec` and the diagnostics about it.

    ``first_line`` is the line of ``path`` where ``text`` starts (a ```` ```base ```` block's
    first line inside its note), so that every position, now and when the views run, is
    one of ``path``."""
    reader = _Reader(text, path, first_line)
    try:
        document = parse_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        reader.report("NF520", line, col, f"base file is not valid YAML: {error.problem or error}")
        return BaseSpec(path), reader.finish()
    except yaml.YAMLError as error:
        reader.report("NF520", first_line, 1, f"base file is not valid YAML: {error}")
        return BaseSpec(path), reader.finish()
    return reader.base(document.node), reader.finish()


class _Reader:
    """Walks the YAML node tree of one base file, collecting diagnostics."""

    def __init__(self, text: str, path: str, first_line: int) -> None:
        self.text = text
        self.path = path
        self.first_line = first_line
        self.diagnostics: list[Diagnostic] = []

    def finish(self) -> tuple[Diagnostic, ...]:
        return sort_diagnostics(self.diagnostics)

    def report(self, code: str, line: int, col: int, message: str) -> None:
        self.diagnostics.append(diagnostic(code, self.path, line, col, message))

    def position(self, node: yaml.Node) -> tuple[int, int]:
        """The 1-based ``(line, col)`` of a node in ``path``."""
        return node.start_mark.line + self.first_line, node.start_mark.column + 1

    def report_at(self, code: str, node: yaml.Node, message: str) -> None:
        self.report(code, *self.position(node), message)

    # -- the file and its sections ---------------------------------------------------

    def base(self, root: yaml.Node | None) -> BaseSpec:
        if root is None or _is_null(root):
            return BaseSpec(self.path)
        if not isinstance(root, yaml.MappingNode):
            self.report_at(
                "NF521", root, "a base file must be a mapping of filters, formulas, properties and views"
            )
            return BaseSpec(self.path)
        sections = dict(self.entries(root, _TOP_KEYS, "base file"))
        display_names = self.display_names(sections.get("properties"), sections.get("display"))
        return BaseSpec(
            path=self.path,
            filters=self.filter_section(sections.get("filters")),
            formulas=self.expressions(sections.get("formulas"), "formulas"),
            display_names=display_names,
            summaries=self.expressions(sections.get("summaries"), "summaries"),
            views=self.views(sections.get("views")),
        )

    def entries(
        self, node: yaml.MappingNode, known: tuple[str, ...], where: str
    ) -> Iterator[tuple[str, yaml.Node]]:
        """The entries of a mapping whose keys are known, each once; a diagnostic for the others."""
        seen: set[str] = set()
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in known or key is None:
                shown = key if key is not None else "a non-text key"
                self.report_at("NF522", key_node, f"unknown key '{shown}' in the {where}; it is ignored")
            elif key in seen:
                self.report_at(
                    "NF522", key_node, f"key '{key}' written twice in the {where}; the first is used"
                )
            else:
                seen.add(key)
                yield key, value

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """A mapping's ``(key, key node, value node)``s; a diagnostic and none when it is not one."""
        if _is_null(node):
            return []
        if not isinstance(node, yaml.MappingNode):
            self.report_at("NF523", node, f"{what} must be a mapping")
            return []
        items: list[tuple[str, yaml.Node, yaml.Node]] = []
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                items.append((key_node.value, key_node, value))
            else:
                self.report_at("NF523", key_node, f"a key of {what} must be a name")
        return items

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """A list's items; a diagnostic and none when it is not a list."""
        if _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.report_at("NF523", node, f"{what} must be a list")
            return []
        return list(node.value)

    def string(self, node: yaml.Node, what: str) -> str | None:
        """A scalar's text (numbers included, as written); a diagnostic when it is not a scalar."""
        if isinstance(node, yaml.ScalarNode) and not _is_null(node):
            return str(node.value)
        self.report_at("NF523", node, f"{what} must be a text")
        return None

    # -- expressions and filters -----------------------------------------------------

    def expression(self, node: yaml.ScalarNode) -> Expression:
        text = str(node.value)
        starts = _text_starts(self.text, node, text, self.position(node))
        try:
            tree: Expr | None = parse_expression(text)
        except ExprError as error:
            expression = Expression(text, None, starts)
            self.report(error.code, *expression.locate(error.line, error.col), error.message)
            tree = None
        return Expression(text, tree, starts)

    def expressions(self, node: yaml.Node | None, section: str) -> tuple[tuple[str, Expression], ...]:
        found: dict[str, Expression] = {}
        for name, key_node, value in self.mapping(node, f"'{section}'") if node is not None else []:
            if name in found:
                self.report_at("NF522", key_node, f"'{name}' written twice in '{section}'; the first is used")
            elif isinstance(value, yaml.ScalarNode) and not _is_null(value):
                found[name] = self.expression(value)
            else:
                self.report_at(
                    "NF523", value, f"'{section}' entry '{name}' must be an expression written as a text"
                )
        return tuple(found.items())

    def filter_section(self, node: yaml.Node | None) -> Filter | None:
        if node is None or _is_null(node):
            return None
        return self.filter(node)

    def filter(self, node: yaml.Node) -> Filter | None:
        """A filter statement (a text) or a group: a mapping with one of ``and``, ``or``, ``not``."""
        if isinstance(node, yaml.ScalarNode):
            if _is_null(node):
                self.report_at(
                    "NF523", node, "a filter must be an expression or an and/or/not group, not empty"
                )
                return None
            return self.expression(node)
        if isinstance(node, yaml.SequenceNode):
            self.report_at("NF524", node, "a list of filters must sit under 'and', 'or' or 'not'")
            return None
        if not isinstance(node, yaml.MappingNode):
            return None
        groups = [
            self.filter_group(key, key_node, value)
            for key, key_node, value in self.mapping(node, "a filter group")
        ]
        found = [group for group in groups if group is not None]
        if not groups:
            self.report_at("NF524", node, "a filter group needs one key: 'and', 'or' or 'not'")
        elif len(found) > 1:
            self.report_at("NF524", node, "a filter group has one key only; write two groups under 'and'")
        return found[0] if found else None

    def filter_group(self, key: str, key_node: yaml.Node, value: yaml.Node) -> FilterGroup | None:
        if key not in Conjunction.__members__.values():
            self.report_at("NF524", key_node, f"unknown filter group '{key}': use 'and', 'or' or 'not'")
            return None
        children = [self.filter(item) for item in self.sequence(value, f"'{key}'")]
        line, col = self.position(key_node)
        return FilterGroup(
            Conjunction(key), tuple(child for child in children if child is not None), line, col
        )

    # -- properties ------------------------------------------------------------------

    def display_names(
        self, properties: yaml.Node | None, display: yaml.Node | None
    ) -> tuple[tuple[PropertyRef, str], ...]:
        """``properties: {x: {displayName: X}}``, and the older ``display: {x: X}``."""
        names: dict[PropertyRef, str] = {}
        for key, _, value in self.mapping(display, "'display'") if display is not None else []:
            label = self.string(value, f"the display name of '{key}'")
            if label is not None:
                names[PropertyRef.parse(key)] = label
        for key, _, value in self.mapping(properties, "'properties'") if properties is not None else []:
            for setting, setting_node, setting_value in self.mapping(value, f"the settings of '{key}'"):
                if setting != "displayName":
                    self.report_at(
                        "NF522", setting_node, f"unknown property setting '{setting}'; it is ignored"
                    )
                    continue
                label = self.string(setting_value, f"the displayName of '{key}'")
                if label is not None:
                    names[PropertyRef.parse(key)] = label
        return tuple(names.items())

    def property_ref(self, node: yaml.Node, what: str) -> PropertyRef | None:
        text = self.string(node, what)
        return PropertyRef.parse(text) if text else None

    # -- views -----------------------------------------------------------------------

    def views(self, node: yaml.Node | None) -> tuple[ViewSpec, ...]:
        items = self.sequence(node, "'views'") if node is not None else []
        views = (self.view(item, index) for index, item in enumerate(items))
        return tuple(view for view in views if view is not None)

    def view(self, node: yaml.Node, index: int) -> ViewSpec | None:
        if not isinstance(node, yaml.MappingNode):
            self.report_at("NF523", node, "a view must be a mapping with a type and a name")
            return None
        raw = {key: value for key, _, value in self.mapping(node, "a view")}
        written = self.string(raw["type"], "a view's type") if "type" in raw else None
        view_type = self.view_type(written or "table", raw.get("type", node))
        known = _VIEW_KEYS + _PRESENTATION_KEYS
        # A layout noteforge does not draw (map, kanban…) has settings of its own; they are let be.
        fields = dict(self.entries(node, known, "view")) if view_type.value == (written or "table") else raw
        name = self.string(fields["name"], "a view's name") if "name" in fields else None
        line, col = self.position(node)
        return ViewSpec(
            type=view_type,
            written_type=written or "table",
            name=name or f"View {index + 1}",
            line=line,
            col=col,
            filters=self.filter_section(fields.get("filters")),
            order=self.order(fields["order"]) if "order" in fields else DEFAULT_ORDER,
            sort=self.sort(fields.get("sort")),
            group_by=self.sort_key(fields["groupBy"], "'groupBy'") if "groupBy" in fields else None,
            limit=self.limit(fields["limit"]) if "limit" in fields else None,
            summaries=self.view_summaries(fields.get("summaries")),
            image=self.property_ref(fields["image"], "a view's image") if "image" in fields else None,
        )

    def view_type(self, written: str, node: yaml.Node) -> ViewType:
        if written in ViewType.__members__.values():
            return ViewType(written)
        self.report_at("NF525", node, f"view type '{written}' is not supported; the view is shown as a table")
        return ViewType.TABLE

    def order(self, node: yaml.Node) -> tuple[PropertyRef, ...]:
        refs = (self.property_ref(item, "a column in 'order'") for item in self.sequence(node, "'order'"))
        return tuple(ref for ref in refs if ref is not None)

    def sort(self, node: yaml.Node | None) -> tuple[SortKey, ...]:
        items = self.sequence(node, "'sort'") if node is not None else []
        keys = (self.sort_key(item, "a sort") for item in items)
        return tuple(key for key in keys if key is not None)

    def sort_key(self, node: yaml.Node, what: str) -> SortKey | None:
        """``{property: x, direction: ASC}``; ``column`` is the older name of ``property``."""
        if not isinstance(node, yaml.MappingNode):
            self.report_at("NF523", node, f"{what} must be a mapping with a property and a direction")
            return None
        fields = dict(self.entries(node, ("property", "column", "direction"), what.strip("'")))
        target = fields.get("property", fields.get("column"))
        if target is None:
            self.report_at("NF523", node, f"{what} names no property")
            return None
        ref = self.property_ref(target, f"the property of {what}")
        direction = self.direction(fields["direction"]) if "direction" in fields else Direction.ASC
        return SortKey(ref, direction) if ref is not None else None

    def direction(self, node: yaml.Node) -> Direction:
        text = self.string(node, "a direction")
        if text is not None and text.upper() in Direction.__members__:
            return Direction(text.upper())
        if text is not None:
            self.report_at("NF523", node, f"direction '{text}' is neither ASC nor DESC; ASC is used")
        return Direction.ASC

    def limit(self, node: yaml.Node) -> int | None:
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag == "tag:yaml.org,2002:int"
            and int(node.value, 0) >= 0
        ):
            return int(node.value, 0)
        self.report_at("NF523", node, "'limit' must be a whole number of rows, 0 or more")
        return None

    def view_summaries(self, node: yaml.Node | None) -> tuple[SummarySpec, ...]:
        summaries: list[SummarySpec] = []
        for key, _, value in self.mapping(node, "a view's 'summaries'") if node is not None else []:
            name = self.string(value, f"the summary of '{key}'")
            if name is not None:
                summaries.append(SummarySpec(PropertyRef.parse(key), name, *self.position(value)))
        return tuple(summaries)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _text_starts(
    source: str, node: yaml.ScalarNode, text: str, position: tuple[int, int]
) -> tuple[tuple[int, int], ...]:
    """Where each line of a scalar's text starts in the file (1-based).

    Exact for a one-line scalar, plain or quoted (an escape inside the quotes shifts the
    columns after it), and for a literal block (``|``); otherwise each line of the text is
    placed on the scalar's own lines in turn, from its first."""
    line, col = position
    if node.style in ("|", ">"):
        body = source[node.start_mark.index : node.end_mark.index].split("\n")[1:]
        indent = next((len(row) - len(row.lstrip(" ")) for row in body if row.strip()), 0)
        return tuple((line + 1 + index, indent + 1) for index in range(max(1, text.count("\n"))))
    quoted = 1 if node.style in ("'", '"') else 0
    if node.start_mark.line == node.end_mark.line:
        return ((line, col + quoted),)
    rows = source[node.start_mark.index : node.end_mark.index].split("\n")
    starts = [(line, col + quoted)]
    for offset, row in enumerate(rows[1:], start=1):
        starts.append((line + offset, len(row) - len(row.lstrip(" ")) + 1))
    return tuple(starts)
