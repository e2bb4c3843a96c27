"""The function library of Bases expressions, as Obsidian's *Functions* page lists it.

Global functions take their arguments' values; methods (``x.f(...)``) take the value they
are called on first. Each is registered with how many arguments it takes. ``if``,
``filter``, ``map`` and ``reduce`` evaluate their arguments themselves, so they live in
:mod:`noteforge.query.evaluate`; their names are listed here so that a check of an
expression knows them.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TypeVar

from noteforge.query.dates import (
    date_field,
    duration_field,
    epoch_milliseconds,
    format_moment,
    relative,
    time_of_day,
)
from noteforge.query.regex import Pattern, PatternError, compile_pattern, js_replacement
from noteforge.query.rows import Corpus, Row
from noteforge.query.values import (
    INVALID_VALUE,
    WRONG_ARGUMENTS,
    WRONG_TYPE,
    Duration,
    FileValue,
    Icon,
    Image,
    LinkValue,
    ObjectValue,
    QueryError,
    Regex,
    Value,
    as_datetime,
    compare,
    display,
    duration_milliseconds,
    equal,
    file_name,
    is_number,
    parse_date,
    parse_duration,
    truthy,
    type_name,
)


@dataclass(frozen=True, slots=True)
class Files:
    """The files a function may look at: the corpus's, and the rows in scope (the row
    evaluated and ``this``), which a corpus may not hold (a base's own page)."""

    corpus: Corpus
    known: tuple[Row, ...] = ()

    def row(self, path: str) -> Row | None:
        """The file at ``path``, if there is one."""
        found = self.corpus.row(path)
        return found if found is not None else next((row for row in self.known if row.path == path), None)

    def path_of(self, target: str) -> str | None:
        """The path of the file ``target`` names: a path, or a wikilink's text."""
        return target if self.corpus.row(target) is not None else self.corpus.resolve(target)


MAX_LENGTH = 1_000_000
"""The longest text or list a query may build (a note cannot make a build run out of memory)."""


_Sized = TypeVar("_Sized", str, tuple[Value, ...])


def check_length(value: _Sized) -> _Sized:
    """``value``, or :class:`QueryError` if it is longer than :data:`MAX_LENGTH`."""
    if len(value) > MAX_LENGTH:
        raise QueryError(f"the result would be longer than {MAX_LENGTH:,} items", INVALID_VALUE)
    return value


Global = Callable[[Files, tuple[Value, ...]], Value]
Method = Callable[[Files, Value, tuple[Value, ...]], Value]


@dataclass(frozen=True, slots=True)
class Arity:
    """How many arguments a function takes (``most`` ``None``: any number)."""

    least: int
    most: int | None

    def check(self, name: str, count: int) -> None:
        """Raise :class:`QueryError` unless ``count`` arguments suit ``name``."""
        if count < self.least or (self.most is not None and count > self.most):
            wanted = (
                f"{self.least}"
                if self.least == self.most
                else f"at least {self.least}"
                if self.most is None
                else f"{self.least} to {self.most}"
            )
            raise QueryError(f"{name}() takes {wanted} argument(s), not {count}", WRONG_ARGUMENTS)


def _type_error(name: str, value: Value, wanted: str) -> QueryError:
    return QueryError(f"{name}() needs {wanted}, not a {type_name(value)} ({display(value)!r})", WRONG_TYPE)


def _text(name: str, value: Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, LinkValue):
        return value.text
    raise _type_error(name, value, "text")


def _number(name: str, value: Value) -> int | float:
    if isinstance(value, int | float) and is_number(value):
        return value
    raise _type_error(name, value, "a number")


def _integer(name: str, value: Value) -> int:
    number = _number(name, value)
    if not math.isfinite(number):
        raise _type_error(name, value, "a whole number")
    return int(number)


# --- global functions -------------------------------------------------------------------


def _date(files: Files, args: tuple[Value, ...]) -> Value:
    (value,) = args
    if value is None or isinstance(value, date):
        return value
    parsed = parse_date(_text("date", value))
    if parsed is None:
        raise QueryError(f"{display(value)!r} is not a date (YYYY-MM-DD HH:mm:ss)", INVALID_VALUE)
    return parsed


def to_duration(value: Value) -> Duration | None:
    """``value`` as a duration: a duration itself, or text such as ``"7d"``; ``None`` if it is neither."""
    if isinstance(value, Duration):
        return value
    return parse_duration(value) if isinstance(value, str) else None


def _duration(files: Files, args: tuple[Value, ...]) -> Value:
    (value,) = args
    if value is None:
        return None
    duration = to_duration(value)
    if duration is None:
        raise QueryError(f"{display(value)!r} is not a duration (such as 7d or 1 week)", INVALID_VALUE)
    return duration


def _file(files: Files, args: tuple[Value, ...]) -> Value:
    (value,) = args
    match value:
        case FileValue():
            return value
        case LinkValue():
            return FileValue(value.path) if value.path is not None and files.row(value.path) else None
        case str():
            path = files.path_of(_link_target(value)[0])
            return FileValue(path) if path is not None else None
        case None:
            return None
    raise _type_error("file", value, "a path, link or file")


def _link_target(text: str) -> tuple[str, str | None]:
    """A link written ``[[target|display]]`` or just ``target``: its target and display."""
    inner = text.strip()
    if inner.startswith("[[") and inner.endswith("]]"):
        inner = inner[2:-2]
    target, _, shown = inner.partition("|")
    return target.strip(), (shown.strip() or None)


def make_link(files: Files, value: Value, shown: Value = None) -> LinkValue | None:
    """``link(value, shown)``: a link to a file, a path or a URL."""
    label = None if shown is None else display(shown)
    match value:
        case None:
            return None
        case FileValue():
            return LinkValue(value.path, file_name(value.path), label)
        case LinkValue():
            return LinkValue(value.path, value.text, label if label is not None else value.display)
        case str():
            target, written = _link_target(value)
            return LinkValue(
                files.path_of(target.split("#", 1)[0]), target, label if label is not None else written
            )
    raise _type_error("link", value, "a path or a file")


def _link(files: Files, args: tuple[Value, ...]) -> Value:
    return make_link(files, *args)


def _list(files: Files, args: tuple[Value, ...]) -> Value:
    (value,) = args
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _extreme(name: str, args: tuple[Value, ...], sign: int) -> Value:
    present = [value for value in args if value is not None]
    for value in present:
        if not isinstance(value, int | float | date | Duration) or isinstance(value, bool):
            raise _type_error(name, value, "numbers or dates")
    best: Value = None
    for value in present:
        if best is None or compare(value, best) * sign > 0:
            best = value
    return best


def _max(files: Files, args: tuple[Value, ...]) -> Value:
    return _extreme("max", args, 1)


def _min(files: Files, args: tuple[Value, ...]) -> Value:
    return _extreme("min", args, -1)


def _now(files: Files, args: tuple[Value, ...]) -> Value:
    return as_datetime(files.corpus.now)


def _today(files: Files, args: tuple[Value, ...]) -> Value:
    return files.corpus.today


def to_number(value: Value) -> int | float | None:
    """``number(value)``: a number from a number, boolean (1 or 0), date (milliseconds since
    1970), duration (milliseconds) or text; :class:`QueryError` for text that is no number."""
    match value:
        case None:
            return None
        case bool():
            return int(value)
        case int() | float():
            return value
        case date():
            return epoch_milliseconds(value)
        case Duration():
            return value.milliseconds if value.months == 0 else duration_milliseconds(value)
        case str():
            return _parse_number(value)
    raise _type_error("number", value, "a number, date, boolean or text")


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?Infinity")


def _parse_number(text: str) -> int | float:
    """Text as JavaScript's ``Number()`` reads a decimal number; :class:`QueryError` if it is none."""
    written = text.strip()
    if not _NUMBER.fullmatch(written):
        raise QueryError(f"{text!r} is not a number", INVALID_VALUE)
    number = float(written.replace("Infinity", "inf"))
    return int(number) if number.is_integer() and abs(number) <= 2**53 else number


def _number_of(files: Files, args: tuple[Value, ...]) -> Value:
    return to_number(args[0])


def _escape_html(files: Files, args: tuple[Value, ...]) -> Value:
    return html.escape(display(args[0]))


def _html(files: Files, args: tuple[Value, ...]) -> Value:
    # A query never puts HTML on a page: the text is shown as it is.
    return display(args[0])


def _image(files: Files, args: tuple[Value, ...]) -> Value:
    (value,) = args
    match value:
        case None:
            return None
        case FileValue():
            return Image(value.path)
        case LinkValue():
            return Image(value.path if value.path is not None else value.text)
        case str():
            return Image(value)
    raise _type_error("image", value, "a path, link or URL")


def _icon(files: Files, args: tuple[Value, ...]) -> Value:
    return None if args[0] is None else Icon(_text("icon", args[0]))


GLOBALS: dict[str, tuple[Global, Arity]] = {
    "date": (_date, Arity(1, 1)),
    "duration": (_duration, Arity(1, 1)),
    "escapeHTML": (_escape_html, Arity(1, 1)),
    "file": (_file, Arity(1, 1)),
    "html": (_html, Arity(1, 1)),
    "icon": (_icon, Arity(1, 1)),
    "image": (_image, Arity(1, 1)),
    "link": (_link, Arity(1, 2)),
    "list": (_list, Arity(1, 1)),
    "max": (_max, Arity(1, None)),
    "min": (_min, Arity(1, None)),
    "now": (_now, Arity(0, 0)),
    "number": (_number_of, Arity(1, 1)),
    "today": (_today, Arity(0, 0)),
}
LAZY_GLOBALS = frozenset({"if"})


# --- methods of any value ---------------------------------------------------------------


def _is_truthy(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return truthy(target)


def _is_type(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    wanted = _text("isType", args[0]).lower()
    actual = type_name(target)
    return actual == wanted or (wanted == "array" and actual == "list")


def _to_string(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return display(target)


def is_empty(target: Value) -> bool:
    """``isEmpty()``: null, ``""``, an empty list or object; anything else is not empty."""
    return (
        target is None
        or (isinstance(target, str | tuple) and not target)
        or (isinstance(target, ObjectValue) and not target.items)
    )


def _is_empty(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return is_empty(target)


# --- strings ----------------------------------------------------------------------------


def _needle(name: str, value: Value) -> str | None:
    """What a string predicate looks for: text as it is, a number or boolean as written,
    a link as its text; ``None`` (found nowhere) for null."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return display(value)
    return _text(name, value)


def _finds(name: str, text: str, value: Value) -> bool:
    needle = _needle(name, value)
    return needle is not None and needle in text


def _string_contains(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return _finds("contains", _text("contains", target), args[0])


def _string_contains_all(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    text = _text("containsAll", target)
    return all(_finds("containsAll", text, value) for value in args)


def _string_contains_any(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    text = _text("containsAny", target)
    return any(_finds("containsAny", text, value) for value in args)


def _starts_with(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    needle = _needle("startsWith", args[0])
    return needle is not None and _text("startsWith", target).startswith(needle)


def _ends_with(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    needle = _needle("endsWith", args[0])
    return needle is not None and _text("endsWith", target).endswith(needle)


def _lower(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return _text("lower", target).lower()


def _title(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return re.sub(r"(^|\s)(\S)", lambda m: m.group(1) + m.group(2).upper(), _text("title", target))


def _trim(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return _text("trim", target).strip()


def compile_regex(pattern: str, flags: str) -> Pattern:
    """A JavaScript regular expression compiled by RE2 (``i``, ``m``, ``s`` flags; ``g`` is
    the caller's; :mod:`noteforge.query.regex`), :class:`QueryError` if it does not compile."""
    try:
        return compile_pattern(pattern, flags)
    except PatternError as error:
        raise QueryError(f"/{pattern}/ is not a valid regular expression: {error}", INVALID_VALUE) from None


def _replace(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    text, pattern, replacement = _text("replace", target), args[0], _text("replace", args[1])
    if isinstance(pattern, Regex):
        compiled = compile_regex(pattern.pattern, pattern.flags)
        return compiled.sub(js_replacement(replacement), text, count=0 if "g" in pattern.flags else 1)
    return text.replace(_text("replace", pattern), replacement)


def _repeat(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    count = _integer("repeat", args[0])
    text = _text("repeat", target)
    if count < 0:
        raise QueryError("repeat() needs a count of 0 or more", INVALID_VALUE)
    return check_length(text * min(count, MAX_LENGTH + 1) if text else "")


def _reverse(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    if isinstance(target, tuple):
        return target[::-1]
    return _text("reverse", target)[::-1]


def _slice(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    start = _integer("slice", args[0])
    end = _integer("slice", args[1]) if len(args) > 1 and args[1] is not None else None
    if isinstance(target, tuple):
        return target[start:end]
    return _text("slice", target)[start:end]


def _split(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    text, separator = _text("split", target), args[0]
    if isinstance(separator, Regex):
        parts = compile_regex(separator.pattern, separator.flags).split(text)
    else:
        mark = _text("split", separator)
        parts = list(text) if mark == "" else text.split(mark)
    limit = _integer("split", args[1]) if len(args) > 1 and args[1] is not None else None
    return tuple(part for part in parts if isinstance(part, str))[:limit]


# --- numbers ----------------------------------------------------------------------------


def _abs(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return abs(_number("abs", target))


def _ceil(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    number = _number("ceil", target)
    return math.ceil(number) if math.isfinite(number) else number


def _floor(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    number = _number("floor", target)
    return math.floor(number) if math.isfinite(number) else number


def _round(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    number = _number("round", target)
    digits = _integer("round", args[0]) if args and args[0] is not None else 0
    # As JavaScript's Math.round(x * 10 ** digits) / 10 ** digits: halves go up.
    scale = 10.0 ** max(min(digits, 308), -308)
    scaled = number * scale + 0.5
    if not math.isfinite(scaled):
        return number
    return math.floor(scaled) if digits == 0 else math.floor(scaled) / scale


def _to_fixed(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    number = _number("toFixed", target)
    places = _integer("toFixed", args[0]) if args and args[0] is not None else 0
    if not 0 <= places <= 100:
        raise QueryError("toFixed() takes 0 to 100 decimal places", INVALID_VALUE)
    if not math.isfinite(number) or abs(number) >= 1e21:
        return display(number)  # JavaScript writes these as String(x) does
    exact = Decimal(number).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, Context(prec=200))
    return f"{exact:f}"


# --- dates ------------------------------------------------------------------------------


def _date_of(name: str, value: Value) -> date:
    if isinstance(value, date):
        return value
    raise _type_error(name, value, "a date")


def _date_only(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    moment = _date_of("date", target)
    return as_datetime(moment).date() if isinstance(moment, datetime) else moment


def _format(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return format_moment(_date_of("format", target), _text("format", args[0]))


def _time(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return time_of_day(_date_of("time", target))


def _relative(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return relative(_date_of("relative", target), files.corpus.now)


# --- lists ------------------------------------------------------------------------------


def _list_contains(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, tuple)
    return any(equal(item, args[0]) for item in target)


def _list_contains_all(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, tuple)
    return all(any(equal(item, wanted) for item in target) for wanted in args)


def _list_contains_any(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, tuple)
    return any(any(equal(item, wanted) for item in target) for wanted in args)


def _flat(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, tuple)
    return tuple(part for item in target for part in (item if isinstance(item, tuple) else (item,)))


def _join(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, tuple)
    separator = _text("join", args[0]) if args else ","
    return separator.join(display(item) for item in target)


def _sort(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, tuple)
    order = sorted(range(len(target)), key=_SortKey.of(target))
    return tuple(target[index] for index in order)


class _SortKey:
    """A key for :func:`sorted` that orders by :func:`compare` (stable for ties)."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value

    def __lt__(self, other: _SortKey) -> bool:
        return compare(self.value, other.value) < 0

    @staticmethod
    def of(values: tuple[Value, ...]) -> Callable[[int], _SortKey]:
        return lambda index: _SortKey(values[index])


def _unique(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, tuple)
    kept: list[Value] = []
    for item in target:
        if not any(equal(item, seen) for seen in kept):
            kept.append(item)
    return tuple(kept)


# --- links and files --------------------------------------------------------------------


def _as_file(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, LinkValue)
    return FileValue(target.path) if target.path is not None and files.row(target.path) else None


def _links_to(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, LinkValue)
    row = files.row(target.path) if target.path is not None else None
    return row is not None and has_link(files, row, args[0])


def _row_of(files: Files, target: Value) -> Row:
    assert isinstance(target, FileValue)
    row = files.row(target.path)
    if row is None:
        raise QueryError(f"no file {target.path!r}", INVALID_VALUE)
    return row


def has_link(files: Files, row: Row, other: Value) -> bool:
    """Whether ``row`` links to ``other`` (a file, a link, or a path or link text)."""
    match other:
        case FileValue():
            return any(link.path == other.path for link in row.links)
        case LinkValue():
            return any(equal(link, other) for link in row.links)
        case str():
            target = _link_target(other)[0]
            path = files.path_of(target)
            return any(link.path == path if path is not None else link.text == target for link in row.links)
        case None:
            return False
    raise _type_error("hasLink", other, "a file, link or path")


def _has_link(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return has_link(files, _row_of(files, target), args[0])


def _has_property(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    name = _text("hasProperty", args[0])
    return any(key == name for key, _ in _row_of(files, target).properties)


def _tag_matches(tag: str, wanted: str) -> bool:
    tag, wanted = tag.casefold(), wanted.removeprefix("#").casefold()
    return tag == wanted or tag.startswith(wanted + "/")


def _has_tag(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    tags = _row_of(files, target).tags
    return any(_tag_matches(tag, _text("hasTag", wanted)) for wanted in args for tag in tags)


def _in_folder(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    folder = _text("inFolder", args[0]).strip("/")
    own = _row_of(files, target).folder
    return folder == "" or own == folder or own.startswith(folder + "/")


def _as_link(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    return make_link(files, target, args[0] if args else None)


# --- objects and regular expressions ----------------------------------------------------


def _keys(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, ObjectValue)
    return tuple(key for key, _ in target.items)


def _values(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, ObjectValue)
    return tuple(value for _, value in target.items)


def _matches(files: Files, target: Value, args: tuple[Value, ...]) -> Value:
    assert isinstance(target, Regex)
    return compile_regex(target.pattern, target.flags).search(_text("matches", args[0])) is not None


ANY = "any"
"""The receiver kind of a method every value has."""

# Each method: for each kind of value it is called on (a type_name, or ANY), its
# implementation and arity. A link takes the string methods as its text.
METHODS: dict[str, dict[str, tuple[Method, Arity]]] = {
    "isTruthy": {ANY: (_is_truthy, Arity(0, 0))},
    "isType": {ANY: (_is_type, Arity(1, 1))},
    "toString": {ANY: (_to_string, Arity(0, 0))},
    "isEmpty": {ANY: (_is_empty, Arity(0, 0))},
    "contains": {
        "string": (_string_contains, Arity(1, 1)),
        "list": (_list_contains, Arity(1, 1)),
    },
    "containsAll": {
        "string": (_string_contains_all, Arity(1, None)),
        "list": (_list_contains_all, Arity(1, None)),
    },
    "containsAny": {
        "string": (_string_contains_any, Arity(1, None)),
        "list": (_list_contains_any, Arity(1, None)),
    },
    "startsWith": {"string": (_starts_with, Arity(1, 1))},
    "endsWith": {"string": (_ends_with, Arity(1, 1))},
    "lower": {"string": (_lower, Arity(0, 0))},
    "title": {"string": (_title, Arity(0, 0))},
    "trim": {"string": (_trim, Arity(0, 0))},
    "replace": {"string": (_replace, Arity(2, 2))},
    "repeat": {"string": (_repeat, Arity(1, 1))},
    "reverse": {"string": (_reverse, Arity(0, 0)), "list": (_reverse, Arity(0, 0))},
    "slice": {"string": (_slice, Arity(1, 2)), "list": (_slice, Arity(1, 2))},
    "split": {"string": (_split, Arity(1, 2))},
    "abs": {"number": (_abs, Arity(0, 0))},
    "ceil": {"number": (_ceil, Arity(0, 0))},
    "floor": {"number": (_floor, Arity(0, 0))},
    "round": {"number": (_round, Arity(0, 1))},
    "toFixed": {"number": (_to_fixed, Arity(1, 1))},
    "date": {"date": (_date_only, Arity(0, 0))},
    "format": {"date": (_format, Arity(1, 1))},
    "time": {"date": (_time, Arity(0, 0))},
    "relative": {"date": (_relative, Arity(0, 0))},
    "flat": {"list": (_flat, Arity(0, 0))},
    "join": {"list": (_join, Arity(0, 1))},
    "sort": {"list": (_sort, Arity(0, 0))},
    "unique": {"list": (_unique, Arity(0, 0))},
    "asFile": {"link": (_as_file, Arity(0, 0))},
    "linksTo": {"link": (_links_to, Arity(1, 1))},
    "asLink": {"file": (_as_link, Arity(0, 1))},
    "hasLink": {"file": (_has_link, Arity(1, 1))},
    "hasProperty": {"file": (_has_property, Arity(1, 1))},
    "hasTag": {"file": (_has_tag, Arity(1, None))},
    "inFolder": {"file": (_in_folder, Arity(1, 1))},
    "keys": {"object": (_keys, Arity(0, 0))},
    "values": {"object": (_values, Arity(0, 0))},
    "matches": {"regexp": (_matches, Arity(1, 1))},
}
LAZY_METHODS = frozenset({"filter", "map", "reduce"})


def method_for(name: str, target: Value) -> tuple[Method, Arity, Value]:
    """The implementation of ``target.name(...)`` and the value it is called on (a link's
    text for a string method); :class:`QueryError` if ``target`` has no such method."""
    kinds = METHODS[name]
    kind = type_name(target)
    if kind in kinds:
        return (*kinds[kind], target)
    if ANY in kinds:
        return (*kinds[ANY], target)
    if isinstance(target, LinkValue) and "string" in kinds:
        return (*kinds["string"], target.text)
    owners = " or ".join(f"a {kind}" for kind in kinds)
    raise QueryError(f"{name}() is a function of {owners}, not of a {type_name(target)}", WRONG_TYPE)


def file_field(files: Files, path: str, name: str) -> Value:
    """``file.<name>`` of the file at ``path``; :class:`QueryError` for an unknown field."""
    row = files.row(path)
    base = path.rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    from_path: dict[str, Value] = {
        "file": FileValue(path),
        "path": path,
        "name": file_name(path),
        "basename": stem if dot else base,
        "ext": extension if dot else "",
        "folder": path.rpartition("/")[0],
    }
    if name in from_path:
        return from_path[name]
    if name not in _ROW_FIELDS:
        raise QueryError(f"a file has no field {name!r}", WRONG_TYPE)
    return None if row is None else _ROW_FIELDS[name](row)


_ROW_FIELDS: dict[str, Callable[[Row], Value]] = {
    "size": lambda row: row.size,
    "ctime": lambda row: row.ctime,
    "mtime": lambda row: row.mtime,
    "tags": lambda row: row.tags,
    "links": lambda row: row.links,
    "embeds": lambda row: row.embeds,
    "backlinks": lambda row: row.backlinks,
    "properties": lambda row: ObjectValue(row.properties),
}


def value_field(files: Files, value: Value, name: str) -> Value:
    """``value.<name>``: a file's fields, an object's keys, ``length`` of text and lists, a
    date's ``year`` … ``millisecond``, a duration's ``days``, ``hours``…; null on null."""
    match value:
        case None:
            return None
        case FileValue():
            return file_field(files, value.path, name)
        case ObjectValue():
            return next((item for key, item in value.items if key == name), None)
        case str() | tuple() if name == "length":
            return len(value)
        case date() if (field := date_field(value, name)) is not None:
            return field
        case Duration() if (amount := duration_field(value, name)) is not None:
            return amount
    raise QueryError(f"a {type_name(value)} has no field {name!r}", WRONG_TYPE)
