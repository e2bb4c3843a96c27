"""Run one view of an Obsidian base over the wiki: rows, columns, groups and summaries.

The rows of a view are the files that pass the base's filters and the view's (joined by
AND), sorted by the view's sort keys (ties keep the wiki's order: notes first, by path;
missing values last in either direction), grouped by ``groupBy`` (groups in its
direction, the group of files without the property last), then cut to ``limit`` in that
order. A filter that cannot be evaluated for a file (or does not parse) keeps the file
out. Each expression that fails is reported once, at its place in the base file.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cmp_to_key

from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic
from noteforge.query.evaluate import Scope, evaluate, unknown_functions
from noteforge.query.rows import Corpus, Row
from noteforge.query.values import (
    Duration,
    ObjectValue,
    QueryError,
    Value,
    as_datetime,
    compare,
    display,
    equal,
    truthy,
)
from noteforge.querylang.bases import (
    BaseSpec,
    Conjunction,
    Direction,
    Expression,
    Filter,
    PropertyKind,
    PropertyRef,
    SortKey,
    SummarySpec,
    ViewSpec,
    ViewType,
)
from noteforge.querylang.expr import Expr, Member, Name


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the view: its property and its heading."""

    property: PropertyRef
    label: str


@dataclass(frozen=True, slots=True)
class ResultRow:
    """A file in the view, with its value for each column (and its card image)."""

    row: Row
    cells: tuple[Value, ...]
    image: Value = None


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary under a column: ``name`` (``Average``, or a custom summary's) and its value."""

    column: int
    name: str
    value: Value


@dataclass(frozen=True, slots=True)
class Group:
    """Rows sharing one ``groupBy`` value (``key``; ``None`` for rows without it, or for
    the one group of a view that is not grouped), with the summaries over them."""

    key: Value
    label: str
    rows: tuple[ResultRow, ...]
    summaries: tuple[Summary, ...]


@dataclass(frozen=True, slots=True)
class ViewResult:
    """One view's result. ``grouped`` says whether ``groups`` come from ``groupBy``;
    ``summaries`` are over all shown rows; ``matched`` is how many files passed the
    filters (before ``limit``); ``unsupported`` says, for the page, what of the view is
    not shown as Obsidian would show it."""

    type: ViewType
    name: str
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    grouped: bool
    summaries: tuple[Summary, ...]
    matched: int
    diagnostics: tuple[Diagnostic, ...]
    unsupported: tuple[str, ...]

    @property
    def rows(self) -> tuple[ResultRow, ...]:
        """Every shown row, in order."""
        return tuple(row for group in self.groups for row in group.rows)


def select_view(spec: BaseSpec, view: int | str | None) -> tuple[ViewSpec, tuple[Diagnostic, ...]]:
    """The view an embed asks for (by name or index; the first when ``None``), or the
    first with a diagnostic when there is none such; a table of every file when the base
    has no views."""
    found = _find_view(spec.views, view)
    if found is not None:
        return found, ()
    fallback = spec.views[0] if spec.views else ViewSpec(ViewType.TABLE, "table", "Table", 1, 1)
    if view is None:
        return fallback, ()
    if spec.views:
        message = f"no view named '{view}' in {spec.path}; the first view, '{fallback.name}', is shown"
    else:
        message = f"no view named '{view}' in {spec.path}: it has no views; a table of every file is shown"
    return fallback, (diagnostic("NF526", spec.path, 1, 1, message),)


def _find_view(views: Sequence[ViewSpec], view: int | str | None) -> ViewSpec | None:
    if view is None:
        return views[0] if views else None
    if isinstance(view, int):
        return views[view] if 0 <= view < len(views) else None
    return next((candidate for candidate in views if candidate.name == view), None)


def run_view(spec: BaseSpec, view: int | str | None, corpus: Corpus, this: Row | None) -> ViewResult:
    """Run a view of ``spec`` over ``corpus``; ``this`` is the embedding note, or the base's own file."""
    chosen, selection_diagnostics = select_view(spec, view)
    run = _Run(spec, chosen, corpus, this)
    return run.result(selection_diagnostics)


class _Run:
    """One view being run: evaluates with one scope per file and reports each failing
    expression once."""

    def __init__(self, spec: BaseSpec, view: ViewSpec, corpus: Corpus, this: Row | None) -> None:
        self.spec = spec
        self.view = view
        self.corpus = corpus
        self.this = this
        self.formulas: Mapping[str, Expr] = {
            name: expression.tree for name, expression in spec.formulas if expression.tree is not None
        }
        self.reported: dict[tuple[int, int, str], Diagnostic] = {}
        self.unsupported: list[str] = []

    # -- evaluation ------------------------------------------------------------------

    def scope(self, row: Row) -> Scope:
        return Scope(row=row, corpus=self.corpus, this=self.this, formulas=self.formulas)

    def report(self, error: QueryError, place: Expression | None) -> None:
        if place is not None:
            line, col = place.locate(error.line or 1, error.col or 1)
        else:
            line, col = self.view.line, self.view.col
        key = (line, col, error.code)
        if key not in self.reported:
            self.reported[key] = diagnostic(error.code, self.spec.path, line, col, error.message)

    def value(self, ref: PropertyRef, row: Row) -> Value:
        """A property of a file; a formula that fails is reported at its place and is null."""
        expression = self.spec.formula(ref.name) if ref.kind is PropertyKind.FORMULA else None
        tree = expression.tree if expression is not None else _property_tree(ref)
        if tree is None:
            return None
        try:
            return evaluate(tree, self.scope(row))
        except QueryError as error:
            self.report(error, expression)
            return None

    def passes(self, node: Filter | None, row: Row) -> bool:
        """Whether the file passes a filter; one that cannot be evaluated keeps it out."""
        try:
            return node is None or self.holds(node, row)
        except _Unknown:
            return False

    def holds(self, node: Filter, row: Row) -> bool:
        if isinstance(node, Expression):
            if node.tree is None:
                raise _Unknown
            try:
                return truthy(evaluate(node.tree, self.scope(row)))
            except QueryError as error:
                self.report(error, node)
                raise _Unknown from error
        match node.conjunction:
            case Conjunction.AND:
                return all(self.holds(child, row) for child in node.children)
            case Conjunction.OR:
                return not node.children or any(self.holds(child, row) for child in node.children)
            case Conjunction.NOT:
                return not any(self.holds(child, row) for child in node.children)

    # -- the view --------------------------------------------------------------------

    def result(self, selection_diagnostics: tuple[Diagnostic, ...]) -> ViewResult:
        view = self.view
        if view.type.value != view.written_type:
            self.unsupported.append(f"the layout '{view.written_type}' is shown as a table")
        self.note_broken_filters(self.spec.filters)
        self.note_broken_filters(view.filters)
        for _, formula in self.spec.formulas:
            self.note_unknown_functions(formula)
        matched = [
            row
            for row in self.corpus.rows
            if self.passes(self.spec.filters, row) and self.passes(view.filters, row)
        ]
        columns = tuple(Column(ref, self.spec.label(ref)) for ref in view.order)
        ordered = self.sorted_rows(matched)
        grouped = self.grouped(ordered)
        limited = _limit(grouped, view.limit)
        result_groups = tuple(
            Group(key, display(key), tuple(self.result_row(row) for row in rows), ()) for key, rows in limited
        )
        summaries = self.summary_specs(columns)
        groups = tuple(
            Group(group.key, group.label, group.rows, self.summaries(summaries, group.rows))
            for group in result_groups
        )
        every_row = tuple(row for group in groups for row in group.rows)
        return ViewResult(
            type=view.type,
            name=view.name,
            columns=columns,
            groups=groups,
            grouped=view.group_by is not None,
            summaries=self.summaries(summaries, every_row),
            matched=len(matched),
            diagnostics=selection_diagnostics + tuple(self.reported.values()),
            unsupported=tuple(self.unsupported),
        )

    def note_broken_filters(self, node: Filter | None) -> None:
        if isinstance(node, Expression):
            if node.tree is None:
                self.unsupported.append(f"the filter {node.text!r} does not parse; it matches no file")
            else:
                self.note_unknown_functions(node)
        elif node is not None:
            for child in node.children:
                self.note_broken_filters(child)

    def note_unknown_functions(self, expression: Expression) -> None:
        """Report the functions an expression calls that do not exist, even where no file
        reaches the call."""
        if expression.tree is not None:
            for error in unknown_functions(expression.tree):
                self.report(error, expression)

    def result_row(self, row: Row) -> ResultRow:
        cells = tuple(self.value(ref, row) for ref in self.view.order)
        image = self.value(self.view.image, row) if self.view.image is not None else None
        return ResultRow(row, cells, image)

    def sorted_rows(self, rows: list[Row]) -> list[Row]:
        keys = self.view.sort
        values = {id(row): tuple(self.value(key.property, row) for key in keys) for row in rows}

        def order(a: Row, b: Row) -> int:
            for index, key in enumerate(keys):
                if result := _compare_in(key.direction, values[id(a)][index], values[id(b)][index]):
                    return result
            return 0

        return sorted(rows, key=cmp_to_key(order))

    def grouped(self, rows: list[Row]) -> list[tuple[Value, list[Row]]]:
        group_by = self.view.group_by
        if group_by is None:
            return [(None, rows)]
        groups: list[tuple[Value, list[Row]]] = []
        for row in rows:
            key = _group_key(self.value(group_by.property, row))
            found = next((members for value, members in groups if equal(value, key)), None)
            if found is None:
                groups.append((key, [row]))
            else:
                found.append(row)
        return sorted(groups, key=cmp_to_key(_group_order(group_by)))

    # -- summaries -------------------------------------------------------------------

    def summary_specs(self, columns: tuple[Column, ...]) -> list[tuple[int, SummarySpec]]:
        """The view's summaries that have a column to sit under and a known name."""
        found: list[tuple[int, SummarySpec]] = []
        for summary in self.view.summaries:
            index = next((i for i, column in enumerate(columns) if column.property == summary.property), None)
            known = summary.name in _DEFAULTS or self.spec.summary_formula(summary.name) is not None
            if not known:
                message = f"unknown summary '{summary.name}' for {summary.property.id}"
                self.reported[(summary.line, summary.col, "NF527")] = diagnostic(
                    "NF527", self.spec.path, summary.line, summary.col, message
                )
            elif index is None:
                self.unsupported.append(f"the summary of {summary.property.id}, which is not a column")
            else:
                found.append((index, summary))
        return found

    def summaries(
        self, specs: list[tuple[int, SummarySpec]], rows: tuple[ResultRow, ...]
    ) -> tuple[Summary, ...]:
        return tuple(
            Summary(index, spec.name, self.summary(spec.name, [row.cells[index] for row in rows]))
            for index, spec in specs
        )

    def summary(self, name: str, values: list[Value]) -> Value:
        builtin = _DEFAULTS.get(name)
        if builtin is not None:
            return builtin(values)
        expression = self.spec.summary_formula(name)
        if expression is None or expression.tree is None:
            return None
        row = self.this or (self.corpus.rows[0] if self.corpus.rows else None)
        if row is None:
            return None
        scope = Scope(
            row=row,
            corpus=self.corpus,
            this=self.this,
            formulas=self.formulas,
            variables=(("values", tuple(values)),),
        )
        try:
            return evaluate(expression.tree, scope)
        except QueryError as error:
            self.report(error, expression)
            return None


class _Unknown(Exception):
    """A filter that cannot be evaluated for a file."""


def _property_tree(ref: PropertyRef) -> Expr:
    """The expression ``note.x``, ``file.x`` or ``formula.x`` (the name may hold any character)."""
    return Member(Name(ref.kind.value, 1, 1), ref.name, 1, 1)


def _is_missing(value: Value) -> bool:
    return value is None or value == "" or value == () or value == ObjectValue(())


def _compare_in(direction: Direction, a: Value, b: Value) -> int:
    """The order of two sort values: missing ones last whatever the direction."""
    if _is_missing(a) or _is_missing(b):
        return _is_missing(a) - _is_missing(b)
    result = compare(a, b)
    return -result if direction is Direction.DESC else result


def _group_key(value: Value) -> Value:
    return None if _is_missing(value) else value


def _group_order(group_by: SortKey) -> Callable[[tuple[Value, list[Row]], tuple[Value, list[Row]]], int]:
    def order(a: tuple[Value, list[Row]], b: tuple[Value, list[Row]]) -> int:
        return _compare_in(group_by.direction, a[0], b[0])

    return order


def _limit(groups: list[tuple[Value, list[Row]]], limit: int | None) -> list[tuple[Value, list[Row]]]:
    """The first ``limit`` rows in the order shown, groups and all; empty groups dropped."""
    if limit is None:
        return groups
    kept: list[tuple[Value, list[Row]]] = []
    left = limit
    for key, rows in groups:
        if left <= 0:
            break
        kept.append((key, rows[:left]))
        left -= len(rows[:left])
    return kept


# -- the default summaries ---------------------------------------------------------------


def _numbers(values: list[Value]) -> list[float | int]:
    return [value for value in values if isinstance(value, int | float) and not isinstance(value, bool)]


def _dates(values: list[Value]) -> list[date]:
    return [value for value in values if isinstance(value, date)]


def _tidy(number: float) -> int | float:
    """A whole float as an int, so that a sum of whole numbers shows as one."""
    return int(number) if math.isfinite(number) and number == int(number) else number


def _average(values: list[Value]) -> Value:
    numbers = _numbers(values)
    return _tidy(statistics.fmean(numbers)) if numbers else None


def _minimum(values: list[Value]) -> Value:
    numbers = _numbers(values)
    return min(numbers) if numbers else None


def _maximum(values: list[Value]) -> Value:
    numbers = _numbers(values)
    return max(numbers) if numbers else None


def _sum(values: list[Value]) -> Value:
    return _tidy(math.fsum(_numbers(values)))


def _range(values: list[Value]) -> Value:
    """Largest minus smallest: a number for numbers, a duration for dates."""
    numbers = _numbers(values)
    if numbers:
        return _tidy(max(numbers) - min(numbers))
    dates = sorted(_dates(values), key=cmp_to_key(compare))
    if not dates:
        return None
    return Duration(milliseconds=_milliseconds_between(dates[0], dates[-1]))


def _milliseconds_between(first: date, last: date) -> int:
    return round((as_datetime(last) - as_datetime(first)).total_seconds() * 1000)


def _median(values: list[Value]) -> Value:
    numbers = _numbers(values)
    return _tidy(statistics.median(numbers)) if numbers else None


def _stddev(values: list[Value]) -> Value:
    """The population standard deviation (of every number shown, not of a sample)."""
    numbers = _numbers(values)
    return statistics.pstdev(numbers) if numbers else None


def _earliest(values: list[Value]) -> Value:
    dates = _dates(values)
    return min(dates, key=cmp_to_key(compare)) if dates else None


def _latest(values: list[Value]) -> Value:
    dates = _dates(values)
    return max(dates, key=cmp_to_key(compare)) if dates else None


def _checked(values: list[Value]) -> Value:
    return sum(1 for value in values if value is True)


def _unchecked(values: list[Value]) -> Value:
    return sum(1 for value in values if value is False)


def _empty(values: list[Value]) -> Value:
    return sum(1 for value in values if _is_missing(value))


def _filled(values: list[Value]) -> Value:
    return sum(1 for value in values if not _is_missing(value))


def _unique(values: list[Value]) -> Value:
    distinct: list[Value] = []
    for value in values:
        if not _is_missing(value) and not any(equal(value, seen) for seen in distinct):
            distinct.append(value)
    return len(distinct)


_DEFAULTS: dict[str, Callable[[list[Value]], Value]] = {
    "Average": _average,
    "Min": _minimum,
    "Max": _maximum,
    "Sum": _sum,
    "Range": _range,
    "Median": _median,
    "Stddev": _stddev,
    "Earliest": _earliest,
    "Latest": _latest,
    "Checked": _checked,
    "Unchecked": _unchecked,
    "Empty": _empty,
    "Filled": _filled,
    "Unique": _unique,
}
