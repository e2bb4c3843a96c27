"""Run a Dataview query (:mod:`noteforge.querylang.dataview`) over the wiki's rows.

Dataview's semantics, statically: ``FROM`` picks the notes, each command then runs in the
order written over *records* (a page: its fields and ``file``; after ``GROUP BY``: ``key``
and ``rows``; for ``TASK``: each task with its page's fields). A field is looked up as
written, then by Dataview's sanitised name (lower case, spaces as ``-``). Arithmetic with
null gives null; a value of the wrong type is a problem reported once for the command
(the record is left out of a ``WHERE``, its cell is empty). Inline fields and tasks come
from the rows; :func:`inline_properties` turns a note's inline fields into properties.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from markdown_it import MarkdownIt

from noteforge.model import InlineField, Task
from noteforge.query.regex import Pattern, PatternError, compile_pattern, js_replacement
from noteforge.query.rows import Corpus, Row
from noteforge.query.values import (
    Duration,
    LinkValue,
    ObjectValue,
    Value,
    compare,
    display,
    equal,
    parse_date,
    parse_duration,
    truthy,
    type_name,
)
from noteforge.querylang.dataview import (
    And,
    Binary,
    Call,
    Command,
    DataviewQuery,
    DateLiteral,
    DurationLiteral,
    Expr,
    Field,
    Flatten,
    FolderSource,
    GroupBy,
    Index,
    Lambda,
    Limit,
    LinkLiteral,
    LinkSource,
    ListLiteral,
    Literal,
    Member,
    Not,
    ObjectLiteral,
    Or,
    OutgoingSource,
    QueryType,
    Sort,
    Source,
    TagSource,
    Unary,
    Where,
)
from noteforge.syntax.inline_fields import OPEN, inline_fields_plugin
from noteforge.syntax.tokens import every_token

__all__ = [
    "DataviewProblem",
    "DataviewResult",
    "ListItem",
    "TaskGroup",
    "field_value",
    "inline_properties",
    "run_query",
    "sanitized_key",
    "task_fields",
]

T = TypeVar("T")

EVALUATION_ERROR = "NF542"
UNKNOWN_FUNCTION = "NF543"
UNSUPPORTED = "NF541"


@dataclass(frozen=True, slots=True)
class DataviewProblem:
    """Something a query could not do: a message, its code, and where in the query's text
    (1-based) it is."""

    message: str
    code: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class ListItem:
    """A ``LIST`` entry: what it shows, in order (the note's link or group key, then the
    value; only the value under ``WITHOUT ID``)."""

    parts: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class TaskGroup:
    """The tasks of one note (or one group of a ``GROUP BY``), under its link or key."""

    key: Value
    tasks: tuple[Task, ...]


@dataclass(frozen=True, slots=True)
class DataviewResult:
    """What a query shows: a ``LIST``'s items, a ``TABLE``'s headers and rows (cells as
    values), or a ``TASK``'s groups; and the problems met."""

    type: QueryType
    items: tuple[ListItem, ...] = ()
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[Value, ...], ...] = ()
    task_groups: tuple[TaskGroup, ...] = ()
    problems: tuple[DataviewProblem, ...] = ()


class _Failure(Exception):
    """A value a query cannot compute."""

    def __init__(self, message: str, code: str = EVALUATION_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# -- inline fields as properties ------------------------------------------------

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_LINK = re.compile(r"^!?\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]$")


@functools.lru_cache(maxsize=4096)
def sanitized_key(key: str) -> str:
    """Dataview's simplified name of a key: lower case, spaces as ``-``, punctuation gone."""
    words = re.sub(r"[^\w\s-]", "", key.lower()).split()
    return "-".join(words)


def field_value(text: str, resolve: Callable[[str], str | None]) -> Value:
    """An inline field's value as Dataview types it: a number, ``true``/``false``, a date,
    a duration, a ``[[link]]``, a quoted text, else the text itself; empty is null."""
    text = text.strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    if text.lower() in {"true", "false"}:
        return text.lower() == "true"
    if (found := _LINK.match(text)) is not None:
        target = found.group(1).strip()
        return LinkValue(resolve(target), target, found.group(2))
    if len(text) > 1 and text[0] == text[-1] == '"':
        return text[1:-1]
    when = parse_date(text)
    if when is not None:
        return when
    return parse_duration(text) if re.search(r"[a-zA-Z]", text) and re.match(r"\s*\d", text) else text


def inline_properties(
    fields: Sequence[InlineField], resolve: Callable[[str], str | None]
) -> tuple[tuple[str, Value], ...]:
    """A note's inline fields as properties: each key once (a repeated key's values become a
    list), and its sanitised name too when that differs."""
    values: dict[str, list[Value]] = {}
    for found in fields:
        values.setdefault(found.key, []).append(field_value(found.value, resolve))
    pairs: list[tuple[str, Value]] = []
    for key, items in values.items():
        value: Value = items[0] if len(items) == 1 else tuple(items)
        pairs.append((key, value))
        if sanitized_key(key) not in (key, *values):
            pairs.append((sanitized_key(key), value))
    return tuple(pairs)


# -- running a query --------------------------------------------------------------


def run_query(query: DataviewQuery, corpus: Corpus, this: Row | None) -> DataviewResult:
    """Run ``query`` over the corpus for the note ``this`` (the one the query is on)."""
    run = _Run(corpus, this)
    if query.type is QueryType.CALENDAR:
        run.report("CALENDAR queries are not shown in a static site", UNSUPPORTED, 1, 1)
        return DataviewResult(query.type, problems=run.problems_found())
    pages = [row for row in corpus.rows if row.ext == "md" and run.selects(query.source, row)]
    if query.type is QueryType.TASK:
        records = [run.task_record(row, task) for row in pages for task in row.tasks]
    else:
        records = [run.page(row) for row in pages]
    grouped = False
    for command in query.commands:
        records = run.command(command, records)
        grouped = grouped or isinstance(command, GroupBy)
    return run.result(query, records, grouped)


@dataclass(slots=True)
class _Record:
    """One thing a query looks at: its fields, and for a task record the task."""

    fields: dict[str, Value]
    task: Task | None = None
    group_tasks: tuple[Task, ...] = ()


@dataclass(slots=True)
class _Run:
    corpus: Corpus
    this: Row | None
    problems: dict[tuple[str, int, int], DataviewProblem] = field(default_factory=dict)
    pages: dict[str, ObjectValue] = field(default_factory=dict)

    def report(self, message: str, code: str, line: int, col: int) -> None:
        self.problems.setdefault((code, line, col), DataviewProblem(message, code, line, col))

    def problems_found(self) -> tuple[DataviewProblem, ...]:
        return tuple(self.problems.values())

    # -- sources --

    def selects(self, source: Source | None, row: Row) -> bool:
        match source:
            case None:
                return True
            case TagSource(tag):
                wanted = tag.casefold()
                return any(t.casefold() == wanted or t.casefold().startswith(wanted + "/") for t in row.tags)
            case FolderSource(written):
                folder = written.strip("/")
                return not folder or row.path.startswith(folder + "/") or row.path in (folder, f"{folder}.md")
            case LinkSource(target):
                linked = self._target(target)
                return linked is not None and any(link.path == linked for link in row.links)
            case OutgoingSource(target):
                origin = self.corpus.row(self._target(target) or "")
                return origin is not None and any(link.path == row.path for link in origin.links)
            case And(left, right):
                return self.selects(left, row) and self.selects(right, row)
            case Or(left, right):
                return self.selects(left, row) or self.selects(right, row)
            case Not(inner):
                return not self.selects(inner, row)
        return False

    def _target(self, written: str) -> str | None:
        if not written:
            return self.this.path if self.this else None
        return self.corpus.resolve(written)

    # -- records --

    def page(self, row: Row) -> _Record:
        return _Record(dict(self.page_object(row).items))

    def page_object(self, row: Row) -> ObjectValue:
        """A page's fields: its properties (also under their sanitised names) and ``file``."""
        found = self.pages.get(row.path)
        if found is None:
            pairs: dict[str, Value] = {}
            for key, value in row.properties:
                pairs.setdefault(key, value)
                pairs.setdefault(sanitized_key(key), value)
            pairs["file"] = self._file(row)
            found = self.pages[row.path] = ObjectValue(tuple(pairs.items()))
        return found

    def _file(self, row: Row) -> ObjectValue:
        link = LinkValue(row.path, row.basename)
        explicit = tuple(f"#{tag}" for tag in row.tags)
        every = tuple(
            dict.fromkeys(
                f"#{'/'.join(t.split('/')[: n + 1])}" for t in row.tags for n in range(t.count("/") + 1)
            )
        )
        day = parse_date(row.basename[:10]) if re.match(r"\d{4}-\d\d-\d\d", row.basename) else None
        return ObjectValue(
            (
                ("name", row.basename),
                ("path", row.path),
                ("folder", row.folder),
                ("ext", row.ext),
                ("link", link),
                ("size", row.size),
                ("tags", every),
                ("etags", explicit),
                ("inlinks", row.backlinks),
                ("outlinks", row.links),
                ("ctime", row.ctime),
                ("mtime", row.mtime),
                ("cday", _day(row.ctime)),
                ("mday", _day(row.mtime)),
                ("day", day if isinstance(day, date) else row.property("date")),
                ("tasks", tuple(_task_object(task, link) for task in row.tasks)),
            )
        )

    def task_record(self, row: Row, task: Task) -> _Record:
        """A task's record: its page's fields, the task's own inline fields, its ``text``…"""
        fields = dict(self.page_object(row).items)
        written = [InlineField(key, value, task.line, 1) for key, value in task_fields(task.text)]
        fields.update(inline_properties(written, self.corpus.resolve))
        fields.update(_task_object(task, LinkValue(row.path, row.basename)).items)
        return _Record(fields, task)

    # -- commands --

    def command(self, command: Command, records: list[_Record]) -> list[_Record]:
        match command:
            case Where(condition, line, col):
                return [r for r in records if truthy(self.value(condition, r, line, col))]
            case Sort(keys, line, col):
                ordered = records
                for key in reversed(keys):
                    ordered = self._sorted_by(ordered, key.expr, key.descending, line, col)
                return ordered
            case GroupBy(expr, name, line, col):
                return self._group(records, expr, name or _name_of(expr) or "key", line, col)
            case Flatten(expr, name, line, col):
                label = name or _name_of(expr) or "value"
                return [
                    _Record({**r.fields, label: item}, r.task)
                    for r in records
                    for value in [self.value(expr, r, line, col)]
                    for item in (value if isinstance(value, tuple) else (value,))
                ]
            case Limit(count):
                return records[:count]
        return records

    def _sorted_by(
        self, records: list[_Record], expr: Expr, descending: bool, line: int, col: int
    ) -> list[_Record]:
        values = {id(record): self.value(expr, record, line, col) for record in records}
        return _sorted(records, lambda record: values[id(record)], descending)

    def _group(self, records: list[_Record], expr: Expr, name: str, line: int, col: int) -> list[_Record]:
        groups: list[tuple[Value, list[_Record]]] = []
        for record in records:
            key = self.value(expr, record, line, col)
            found = next((members for k, members in groups if equal(k, key)), None)
            if found is None:
                groups.append((key, [record]))
            else:
                found.append(record)
        groups = _sorted(groups, lambda group: group[0], False)
        return [
            _Record(
                {"key": key, name: key, "rows": tuple(ObjectValue(tuple(m.fields.items())) for m in members)},
                None,
                tuple(task for m in members for task in (m.task, *m.group_tasks) if task is not None),
            )
            for key, members in groups
        ]

    def value(self, expr: Expr, record: _Record, line: int, col: int) -> Value:
        """``expr`` for ``record``; a failure is reported (once) and gives null."""
        try:
            return self.evaluate(expr, record.fields, {})
        except _Failure as failure:
            self.report(failure.message, failure.code, getattr(expr, "line", line), getattr(expr, "col", col))
            return None

    # -- expressions --

    def evaluate(self, expr: Expr, fields: dict[str, Value], bound: dict[str, Value]) -> Value:
        match expr:
            case Literal(value):
                return value
            case DateLiteral(text):
                return self._date_literal(text)
            case DurationLiteral(text):
                return _duration(text)
            case LinkLiteral(target, shown, _):
                return LinkValue(
                    self._target(target), target or (self.this.basename if self.this else ""), shown
                )
            case ListLiteral(items):
                return tuple(self.evaluate(item, fields, bound) for item in items)
            case ObjectLiteral(items):
                return ObjectValue(tuple((key, self.evaluate(value, fields, bound)) for key, value in items))
            case Field(name):
                return self._field(name, fields, bound)
            case Member(target, name):
                return self.member(self.evaluate(target, fields, bound), name)
            case Index(target, index):
                return self._index(self.evaluate(target, fields, bound), self.evaluate(index, fields, bound))
            case Call(function, args):
                return self._call(function, args, fields, bound)
            case Lambda():
                raise _Failure("a lambda can only be given to a function such as map or filter")
            case Unary(op, operand):
                return _unary(op, self.evaluate(operand, fields, bound))
            case Binary("and", left, right):
                return truthy(self.evaluate(left, fields, bound)) and truthy(
                    self.evaluate(right, fields, bound)
                )
            case Binary("or", left, right):
                return truthy(self.evaluate(left, fields, bound)) or truthy(
                    self.evaluate(right, fields, bound)
                )
            case Binary(op, left, right):
                return _binary(op, self.evaluate(left, fields, bound), self.evaluate(right, fields, bound))
        raise _Failure(f"cannot evaluate {type(expr).__name__}")

    def _field(self, name: str, fields: dict[str, Value], bound: dict[str, Value]) -> Value:
        if name in bound:
            return bound[name]
        if name in fields:
            return fields[name]
        if name == "this":
            return self.page_object(self.this) if self.this else None
        if name == "row":
            return ObjectValue(tuple(fields.items()))
        return fields.get(sanitized_key(name))

    def member(self, target: Value, name: str) -> Value:
        """``target.name``: an object's field, each item's of a list, a linked page's, a
        date's or duration's part."""
        match target:
            case None:
                return None
            case ObjectValue(items):
                found = dict(items)
                return found.get(name, found.get(sanitized_key(name)))
            case tuple():
                values = [self.member(item, name) for item in target]
                return tuple(v for value in values for v in (value if isinstance(value, tuple) else (value,)))
            case LinkValue(path):
                row = self.corpus.row(path) if path else None
                return self.member(self.page_object(row), name) if row else None
            case datetime() | date():
                return _date_part(target, name)
            case Duration():
                return _duration_part(target, name)
        raise _Failure(f"cannot read .{name} of {display(target)!r}")

    def _index(self, target: Value, index: Value) -> Value:
        if isinstance(index, str):
            return self.member(target, index)
        if isinstance(target, tuple | str) and isinstance(index, int) and not isinstance(index, bool):
            return target[index] if -len(target) <= index < len(target) else None
        if target is None or index is None:
            return None
        raise _Failure(f"cannot index {display(target)!r} with {display(index)!r}")

    def _date_literal(self, text: str) -> Value:
        today = self.corpus.today
        named = {
            "today": today,
            "now": self.corpus.now,
            "tomorrow": today + timedelta(days=1),
            "yesterday": today - timedelta(days=1),
            "sow": today - timedelta(days=today.weekday()),
            "eow": today + timedelta(days=6 - today.weekday()),
            "som": today.replace(day=1),
            "eom": today.replace(day=calendar.monthrange(today.year, today.month)[1]),
            "soy": date(today.year, 1, 1),
            "eoy": date(today.year, 12, 31),
        }
        found = named.get(text.lower()) or parse_date(text)
        if found is None:
            raise _Failure(f"{text!r} is not a date")
        return found

    def _call(
        self, function: Expr, args: tuple[Expr, ...], fields: dict[str, Value], bound: dict[str, Value]
    ) -> Value:
        if not isinstance(function, Field):
            raise _Failure("only a function's name can be called")
        name = function.name.lower()
        if name in _LAMBDA_FUNCTIONS:
            return self._with_lambda(name, args, fields, bound)
        implementation = _FUNCTIONS.get(name)
        if implementation is None:
            raise _Failure(f"unknown function {function.name}()", UNKNOWN_FUNCTION)
        values = [self.evaluate(arg, fields, bound) for arg in args]
        if name == "link":
            return self._link(values)
        try:
            return implementation(*values)
        except TypeError as error:
            raise _Failure(f"{function.name}(): {error}") from None

    def _link(self, values: list[Value]) -> Value:
        if not values or values[0] is None:
            return None
        target = values[0].path or "" if isinstance(values[0], LinkValue) else display(values[0])
        shown = display(values[1]) if len(values) > 1 and values[1] is not None else None
        return LinkValue(self.corpus.resolve(target), target, shown)

    def _with_lambda(
        self, name: str, args: tuple[Expr, ...], fields: dict[str, Value], bound: dict[str, Value]
    ) -> Value:
        if len(args) < 2 or not isinstance(args[-1], Lambda):
            raise _Failure(f"{name}() needs a list and a lambda such as (x) => x")
        items = self.evaluate(args[0], fields, bound)
        if items is None:
            return None
        items = items if isinstance(items, tuple) else (items,)
        function = args[-1]

        def apply(*values: Value) -> Value:
            inner = {**bound, **dict(zip(function.params, values, strict=False))}
            return self.evaluate(function.body, fields, inner)

        match name:
            case "map":
                return tuple(apply(item) for item in items)
            case "filter":
                return tuple(item for item in items if truthy(apply(item)))
            case "any":
                return any(truthy(apply(item)) for item in items)
            case "all":
                return all(truthy(apply(item)) for item in items)
            case "none":
                return not any(truthy(apply(item)) for item in items)
        total = self.evaluate(args[1], fields, bound) if len(args) == 3 else (items[0] if items else None)
        for item in items if len(args) == 3 else items[1:]:
            total = apply(total, item)
        return total

    # -- results --

    def result(self, query: DataviewQuery, records: list[_Record], grouped: bool) -> DataviewResult:
        if query.type is QueryType.TASK:
            return DataviewResult(
                query.type, task_groups=self._task_groups(records, grouped), problems=self.problems_found()
            )
        ids = [r.fields.get("key") if grouped else _link_of(r) for r in records]
        if query.type is QueryType.LIST:
            items = []
            for identity, record in zip(ids, records, strict=True):
                values = tuple(self.value(f.expr, record, 1, 1) for f in query.fields)
                items.append(ListItem(values if query.without_id else (identity, *values)))
            return DataviewResult(query.type, items=tuple(items), problems=self.problems_found())
        headers = tuple(f.label for f in query.fields)
        rows = []
        for identity, record in zip(ids, records, strict=True):
            cells = tuple(self.value(f.expr, record, f.expr.line, f.expr.col) for f in query.fields)
            rows.append(cells if query.without_id else (identity, *cells))
        first = () if query.without_id else ("Group" if grouped else "File",)
        return DataviewResult(
            query.type, headers=(*first, *headers), rows=tuple(rows), problems=self.problems_found()
        )

    def _task_groups(self, records: list[_Record], grouped: bool) -> tuple[TaskGroup, ...]:
        if grouped:
            return tuple(TaskGroup(r.fields.get("key"), r.group_tasks) for r in records)
        groups: dict[str, list[Task]] = {}
        links: dict[str, Value] = {}
        for record in records:
            link = record.fields.get("link")
            path = link.path if isinstance(link, LinkValue) and link.path else ""
            links.setdefault(path, link)
            if record.task is not None:
                groups.setdefault(path, []).append(record.task)
        return tuple(TaskGroup(links[path], tuple(tasks)) for path, tasks in groups.items())


def _link_of(record: _Record) -> Value:
    file = record.fields.get("file")
    return dict(file.items).get("link") if isinstance(file, ObjectValue) else None


def _name_of(expr: Expr) -> str | None:
    """The name a ``GROUP BY`` or ``FLATTEN`` of a field gives its value (``authors``,
    ``file.tasks``)."""
    if isinstance(expr, Field):
        return expr.name
    if isinstance(expr, Member):
        inner = _name_of(expr.target)
        return f"{inner}.{expr.name}" if inner else None
    return None


def _sorted(items: Iterable[T], key: Callable[[T], Value], descending: bool) -> list[T]:
    """A stable sort by ``key`` with :func:`compare`; nulls last either way."""

    def order(a: T, b: T) -> int:
        left, right = key(a), key(b)
        if left is None or right is None:
            return compare(left, right)
        return -compare(left, right) if descending else compare(left, right)

    return sorted(items, key=functools.cmp_to_key(order))


def task_fields(text: str) -> tuple[tuple[str, str], ...]:
    """The inline fields written in a task's text (``[due:: 2022-04-05]``), key and value,
    read by the same markdown-it rule as the note's."""
    if "::" not in text:
        return ()
    tokens = _field_reader().parseInline(text)
    return tuple((str(t.meta["key"]), str(t.meta["value"])) for t in every_token(tokens) if t.type == OPEN)


@functools.cache
def _field_reader() -> MarkdownIt:
    return MarkdownIt("zero").use(inline_fields_plugin)


def _task_object(task: Task, link: LinkValue) -> ObjectValue:
    return ObjectValue(
        (
            ("text", task.text),
            ("completed", task.completed),
            ("checked", task.completed),
            ("fullyCompleted", task.completed),
            ("status", "x" if task.completed else " "),
            ("line", task.line),
            ("path", link.path),
            ("link", link),
        )
    )


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _duration(text: str) -> Duration:
    found = parse_duration(text)
    if found is None:
        raise _Failure(f"{text!r} is not a duration")
    return found


def _date_part(value: date, name: str) -> Value:
    parts: dict[str, Value] = {"year": value.year, "month": value.month, "day": value.day}
    parts["week"] = value.isocalendar()[1]
    parts["weekyear"] = value.isocalendar()[0]
    if isinstance(value, datetime):
        parts |= {"hour": value.hour, "minute": value.minute, "second": value.second}
    else:
        parts |= {"hour": 0, "minute": 0, "second": 0}
    if name not in parts:
        raise _Failure(f"a date has no .{name}")
    return parts[name]


def _duration_part(value: Duration, name: str) -> Value:
    days = value.milliseconds / 86_400_000
    parts: dict[str, Value] = {
        "years": value.months / 12,
        "months": value.months,
        "weeks": days / 7,
        "days": days,
        "hours": value.milliseconds / 3_600_000,
        "minutes": value.milliseconds / 60_000,
        "seconds": value.milliseconds / 1_000,
    }
    if name not in parts:
        raise _Failure(f"a duration has no .{name}")
    return parts[name]


def _unary(op: str, value: Value) -> Value:
    if op == "!":
        return not truthy(value)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return -value
    if isinstance(value, Duration):
        return Duration(-value.months, -value.milliseconds)
    raise _Failure(f"cannot negate {display(value)!r}")


_COMPARISONS: dict[str, Callable[[int], bool]] = {
    "<": lambda order: order < 0,
    ">": lambda order: order > 0,
    "<=": lambda order: order <= 0,
    ">=": lambda order: order >= 0,
}


def _binary(op: str, left: Value, right: Value) -> Value:
    if op == "=":
        return equal(left, right)
    if op == "!=":
        return not equal(left, right)
    if op in _COMPARISONS:
        return _COMPARISONS[op](compare(left, right))
    if left is None or right is None:
        return None
    if _is_number(left) and _is_number(right):
        return _arithmetic(op, left, right)  # type: ignore[arg-type]
    if op == "+" and (isinstance(left, str) or isinstance(right, str)):
        return display(left) + display(right)
    if isinstance(left, date) and isinstance(right, Duration) and op in "+-":
        return _shift(left, right, 1 if op == "+" else -1)
    if isinstance(left, Duration) and isinstance(right, date) and op == "+":
        return _shift(right, left, 1)
    if isinstance(left, date) and isinstance(right, date) and op == "-":
        return Duration(0, round((_moment(left) - _moment(right)).total_seconds() * 1000))
    if isinstance(left, Duration) and isinstance(right, Duration) and op in "+-":
        sign = 1 if op == "+" else -1
        return Duration(left.months + sign * right.months, left.milliseconds + sign * right.milliseconds)
    if isinstance(left, Duration) and isinstance(right, int | float) and _is_number(right) and op in "*/":
        factor = right if op == "*" else 1 / right
        return Duration(round(left.months * factor), round(left.milliseconds * factor))
    raise _Failure(f"cannot compute {display(left)!r} {op} {display(right)!r}")


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _arithmetic(op: str, left: float, right: float) -> Value:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        return None
    if op == "/":
        quotient = left / right
        return (
            int(quotient)
            if quotient.is_integer() and isinstance(left, int) and isinstance(right, int)
            else quotient
        )
    return math.fmod(left, right)


def _moment(value: date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _shift(value: date, by: Duration, sign: int) -> date:
    months = value.month - 1 + sign * by.months
    year, month = value.year + months // 12, months % 12 + 1
    moved = value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))
    if by.milliseconds % 86_400_000 == 0 and not isinstance(moved, datetime):
        return moved + timedelta(days=sign * by.milliseconds // 86_400_000)
    return _moment(moved) + timedelta(milliseconds=sign * by.milliseconds)


# -- functions --------------------------------------------------------------------


def _as_list(value: Value) -> tuple[Value, ...]:
    return value if isinstance(value, tuple) else () if value is None else (value,)


def _contains(haystack: Value, needle: Value, fold: bool = False, exact: bool = False) -> bool:
    """Dataview's ``contains`` (text within text, recursively in lists, a key of an object);
    ``fold``: ignoring case (``icontains``); ``exact``: list items equal (``econtains``)."""
    if isinstance(haystack, str):
        text, wanted = (haystack.lower(), display(needle).lower()) if fold else (haystack, display(needle))
        return wanted in text
    if isinstance(haystack, tuple):
        if exact:
            return any(equal(item, needle) for item in haystack)
        return any(_contains(item, needle, fold) for item in haystack)
    if isinstance(haystack, ObjectValue):
        return any(key == display(needle) for key, _ in haystack.items)
    return equal(haystack, needle)


def _length(value: Value) -> Value:
    if isinstance(value, str | tuple):
        return len(value)
    if isinstance(value, ObjectValue):
        return len(value.items)
    return 0


def _numbers(*values: Value) -> list[float]:
    flat = [v for value in values for v in _as_list(value)]
    return [v for v in flat if _is_number(v)]  # type: ignore[misc]


def _number(value: Value) -> Value:
    if _is_number(value):
        return value
    found = re.search(r"-?\d+(\.\d+)?", display(value)) if value is not None else None
    return (float(found.group()) if "." in found.group() else int(found.group())) if found else None


def _round(value: Value, digits: Value = 0) -> Value:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    places = 0
    if isinstance(digits, int | float) and math.isfinite(digits):
        places = min(max(int(digits), 0), 15)
    scaled = value * 10**places + 0.5
    if not math.isfinite(scaled):  # infinity, NaN, or too large to have decimals
        return value
    rounded = math.floor(scaled) / 10**places
    return int(rounded) if places == 0 else rounded


def _whole(to_whole: Callable[[float], int]) -> Callable[[Value], Value]:
    """``floor``, ``ceil`` or ``trunc`` of a number: null for anything else, and infinity
    or NaN as it is (they have no whole number)."""

    def whole(value: Value) -> Value:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        return to_whole(value) if math.isfinite(value) else value

    return whole


def _sort(value: Value) -> Value:
    items = list(_as_list(value))
    return tuple(_sorted(items, lambda item: item, False))


def _typeof(value: Value) -> str:
    """Dataview's name of a value's type: Bases' (:func:`type_name`), but for lists, which
    Dataview calls arrays, and what Dataview has no name for."""
    name = type_name(value)
    return {"list": "array"}.get(name, name) if name in _DATAVIEW_TYPES else "unknown"


_DATAVIEW_TYPES = frozenset(
    {"null", "boolean", "number", "string", "date", "duration", "link", "list", "object"}
)


def _date(value: Value) -> Value:
    if isinstance(value, date):
        return value
    if isinstance(value, LinkValue):
        value = value.text.rsplit("/", 1)[-1]
    return parse_date(display(value)) if value is not None else None


def _regex(pattern: Value) -> Pattern:
    try:
        return compile_pattern(display(pattern))
    except PatternError as error:
        raise _Failure(f"invalid regular expression {display(pattern)!r}: {error}") from None


_FUNCTIONS: dict[str, Callable[..., Value]] = {
    "length": _length,
    "contains": lambda a, b: _contains(a, b),
    "icontains": lambda a, b: _contains(a, b, fold=True),
    "econtains": lambda a, b: _contains(a, b, exact=True),
    "containsword": lambda a, b: bool(re.search(rf"\b{re.escape(display(b))}\b", display(a), re.IGNORECASE)),
    "lower": lambda a: a.lower() if isinstance(a, str) else a,
    "upper": lambda a: a.upper() if isinstance(a, str) else a,
    "default": lambda a, b: b if a is None else a,
    "choice": lambda c, a, b: a if truthy(c) else b,
    "date": _date,
    "dur": lambda a: parse_duration(display(a)) if a is not None else None,
    "number": _number,
    "string": display,
    "list": lambda *items: tuple(items),
    "array": lambda *items: tuple(items),
    "object": lambda *pairs: ObjectValue(
        tuple((display(k), v) for k, v in zip(pairs[::2], pairs[1::2], strict=False))
    ),
    "link": lambda *_: None,  # replaced by _Run._link, which resolves the target
    "round": _round,
    "trunc": _whole(math.trunc),
    "floor": _whole(math.floor),
    "ceil": _whole(math.ceil),
    "min": lambda *a: min(_numbers(*a), default=None),
    "max": lambda *a: max(_numbers(*a), default=None),
    "sum": lambda *a: sum(_numbers(*a)),
    "product": lambda *a: math.prod(_numbers(*a)),
    "average": lambda *a: (sum(_numbers(*a)) / len(_numbers(*a))) if _numbers(*a) else None,
    "join": lambda a, sep=", ": display(sep).join(display(item) for item in _as_list(a)),
    "reverse": lambda a: tuple(reversed(a)) if isinstance(a, tuple) else a[::-1] if isinstance(a, str) else a,
    "sort": _sort,
    "flat": lambda a: tuple(v for item in _as_list(a) for v in _as_list(item)),
    "unique": lambda a: tuple(
        v for i, v in enumerate(_as_list(a)) if not any(equal(v, w) for w in _as_list(a)[:i])
    ),
    "nonnull": lambda *a: tuple(
        v for v in (a[0] if len(a) == 1 and isinstance(a[0], tuple) else a) if v is not None
    ),
    "firstvalue": lambda a: next((v for v in _as_list(a) if v is not None), None),
    "regextest": lambda p, s: _regex(p).search(display(s)) is not None,
    "regexmatch": lambda p, s: _regex(p).fullmatch(display(s)) is not None,
    "regexreplace": lambda s, p, r: _regex(p).sub(js_replacement(display(r)), display(s)),
    "replace": lambda s, a, b: display(s).replace(display(a), display(b)),
    "startswith": lambda s, p: display(s).startswith(display(p)),
    "endswith": lambda s, p: display(s).endswith(display(p)),
    "split": lambda s, p: tuple(_regex(p).split(display(s))),
    "substring": lambda s, a, b=None: display(s)[int(a) : None if b is None else int(b)],
    "truncate": lambda s, n, suffix="...": (
        display(s) if len(display(s)) <= n else display(s)[: int(n) - len(suffix)] + suffix
    ),
    "padleft": lambda s, n, pad=" ": display(s).rjust(int(n), display(pad)[:1] or " "),
    "padright": lambda s, n, pad=" ": display(s).ljust(int(n), display(pad)[:1] or " "),
    "typeof": _typeof,
    "striptime": lambda a: a.date() if isinstance(a, datetime) else a,
    "meta": lambda a: (
        ObjectValue((("path", a.path), ("display", a.display), ("embed", False)))
        if isinstance(a, LinkValue)
        else None
    ),
}
_LAMBDA_FUNCTIONS = frozenset({"map", "filter", "reduce", "any", "all", "none"})
