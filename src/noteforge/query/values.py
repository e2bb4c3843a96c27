"""The values a query computes with, as Obsidian Bases and Dataview define them.

``None`` is null; booleans, numbers (``int`` or ``float``) and strings are Python's own;
a date is a :class:`datetime.date` (no time) or a :class:`datetime.datetime`; lists are
tuples. The rest are the records below. Values are immutable and hashable.

Here too are the rules every query shares: :func:`truthy`, :func:`equal`, :func:`compare`
(the order of a sort), :func:`display` (a value as a cell's text), and the reading of
dates and durations written as text (:func:`parse_date`, :func:`parse_duration`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time: whole calendar months (a year is 12) and exact milliseconds."""

    months: int = 0
    milliseconds: int = 0


@dataclass(frozen=True, slots=True)
class LinkValue:
    """A link to a file. ``path`` is the file it leads to (its path in the notes folder),
    ``None`` when no file answers; ``text`` is the target as written (``Movies`` for
    ``[[Movies]]``); ``display`` the text to show instead, if any. Two links are equal when
    they lead to the same file, or both to none and their texts are the same."""

    path: str | None
    text: str
    display: str | None = None


@dataclass(frozen=True, slots=True)
class FileValue:
    """A file of the wiki (``file``, ``this``, ``file.file``), by its path."""

    path: str


@dataclass(frozen=True, slots=True)
class ObjectValue:
    """A mapping (a front matter object, ``file.properties``), keys in their written order."""

    items: tuple[tuple[str, Value], ...]


@dataclass(frozen=True, slots=True)
class Regex:
    """A regular expression ``/pattern/flags`` in JavaScript's syntax."""

    pattern: str
    flags: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """``image(source)``: an image to show, a path in the notes folder or a URL (rendering
    decides which it may load)."""

    source: str


@dataclass(frozen=True, slots=True)
class Icon:
    """``icon(name)``: a Lucide icon, by name."""

    name: str


Value = (
    None
    | bool
    | int
    | float
    | str
    | date
    | datetime
    | Duration
    | LinkValue
    | FileValue
    | ObjectValue
    | Regex
    | Image
    | Icon
    | tuple["Value", ...]
)


class QueryError(Exception):
    """A value a query cannot compute: a wrong type, an unknown function, text that is not
    a date… ``code`` is its diagnostic code; ``line`` and ``col`` (1-based, in the
    expression's text) are the node's, when known."""

    def __init__(self, message: str, code: str, line: int | None = None, col: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line
        self.col = col

    def at(self, line: int, col: int) -> QueryError:
        """This error placed at ``line``:``col``, unless it already has a place."""
        return self if self.line is not None else QueryError(self.message, self.code, line, col)


UNKNOWN_FUNCTION = "NF502"
WRONG_TYPE = "NF503"
FORMULA_CYCLE = "NF504"
UNKNOWN_FORMULA = "NF505"
INVALID_VALUE = "NF506"
WRONG_ARGUMENTS = "NF507"

_MS_PER_DAY = 86_400_000
# A month as moment.js counts it when a duration is turned into days: 146097 days are 4800 months.
_DAYS_PER_MONTH = 146_097 / 4_800


def type_name(value: Value) -> str:
    """The name of ``value``'s type, as ``isType`` knows it."""
    match value:
        case None:
            return "null"
        case bool():
            return "boolean"
        case int() | float():
            return "number"
        case str():
            return "string"
        case date():
            return "date"
        case Duration():
            return "duration"
        case LinkValue():
            return "link"
        case FileValue():
            return "file"
        case ObjectValue():
            return "object"
        case Regex():
            return "regexp"
        case Image():
            return "image"
        case Icon():
            return "icon"
        case tuple():
            return "list"


def truthy(value: Value) -> bool:
    """Whether ``value`` counts as true: not null, false, zero, ``""``, an empty list or
    object, or a zero duration."""
    match value:
        case None:
            return False
        case bool():
            return value
        case int() | float():
            return value != 0 and not math.isnan(value)
        case str() | tuple():
            return len(value) > 0
        case ObjectValue():
            return len(value.items) > 0
        case Duration():
            return value != Duration()
        case _:
            return True


def as_datetime(value: date) -> datetime:
    """A date as a naive datetime in UTC (a date alone is its midnight)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    return datetime(value.year, value.month, value.day)


def duration_milliseconds(value: Duration) -> float:
    """A duration's length in milliseconds, a month counted as moment.js does (~30.4 days)."""
    return value.milliseconds + value.months * _DAYS_PER_MONTH * _MS_PER_DAY


def is_number(value: Value) -> bool:
    """Whether ``value`` is a number (a boolean is not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same_file(a: LinkValue | FileValue, b: LinkValue | FileValue) -> bool:
    if isinstance(a, LinkValue) and isinstance(b, LinkValue):
        return a.path == b.path if a.path is not None or b.path is not None else a.text == b.text
    return a.path is not None and a.path == b.path


def _as_date(value: Value) -> date | None:
    """``value`` as a date: a date itself, or a string that reads as one."""
    if isinstance(value, date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def equal(a: Value, b: Value) -> bool:
    """``a == b`` in a query: links equal the files they lead to, dates equal whatever day
    and time they name (a string that reads as a date included), lists compare by item."""
    if isinstance(a, LinkValue | FileValue) and isinstance(b, LinkValue | FileValue):
        return _same_file(a, b)
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, Duration) or isinstance(b, Duration):
        return _duration_equal(a, b)
    if isinstance(a, date) or isinstance(b, date):
        left, right = _as_date(a), _as_date(b)
        return left is not None and right is not None and as_datetime(left) == as_datetime(right)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, ObjectValue) and isinstance(b, ObjectValue):
        left_items, right_items = dict(a.items), dict(b.items)
        return left_items.keys() == right_items.keys() and all(
            equal(value, right_items[key]) for key, value in left_items.items()
        )
    return type(a) is type(b) and a == b


def _duration_equal(a: Value, b: Value) -> bool:
    if isinstance(a, Duration) and isinstance(b, Duration):
        return duration_milliseconds(a) == duration_milliseconds(b)
    duration, other = (a, b) if isinstance(a, Duration) else (b, a)
    assert isinstance(duration, Duration)
    return is_number(other) and duration.months == 0 and duration.milliseconds == other


def _rank(value: Value) -> int:
    """The order of kinds in a sort of mixed values."""
    match value:
        case bool():
            return 0
        case int() | float() | Duration():
            return 1
        case date():
            return 2
        case str():
            return 3
        case LinkValue() | FileValue():
            return 4
        case tuple():
            return 5
        case _:
            return 6


def _sign(difference: float) -> int:
    return (difference > 0) - (difference < 0)


def compare(a: Value, b: Value) -> int:
    """-1, 0 or 1: the order of a sort, ascending, null last. Numbers by value, dates by
    time, text without regard to case (then with), links by their text; values of
    different kinds by kind: booleans, numbers, dates, text, links, lists, the rest."""
    if a is None or b is None:
        return (a is None) - (b is None)
    rank_a, rank_b = _rank(a), _rank(b)
    if rank_a != rank_b:
        return _sign(rank_a - rank_b)
    if isinstance(a, date) and isinstance(b, date):
        return _sign((as_datetime(a) - as_datetime(b)).total_seconds())
    if rank_a == 1:
        return _sign(_number_of(a) - _number_of(b))
    if isinstance(a, tuple) and isinstance(b, tuple):
        for x, y in zip(a, b, strict=False):
            if order := compare(x, y):
                return order
        return _sign(len(a) - len(b))
    if isinstance(a, bool) and isinstance(b, bool):
        return _sign(int(a) - int(b))
    left, right = display(a), display(b)
    return _text_order(left, right)


def _text_order(left: str, right: str) -> int:
    folded = (left.casefold() > right.casefold()) - (left.casefold() < right.casefold())
    return folded or (left > right) - (left < right)


def _number_of(value: Value) -> float:
    if isinstance(value, Duration):
        return duration_milliseconds(value)
    assert isinstance(value, int | float)
    return float(value)


def format_number(value: int | float) -> str:
    """A number as JavaScript writes it: ``3``, ``2.5``, ``0.30000000000000004``, ``NaN``."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(value))


def format_date(value: date) -> str:
    """A date as ``YYYY-MM-DD``, a date with a time as ``YYYY-MM-DD HH:mm`` (``:ss`` when
    the seconds are not zero)."""
    if not isinstance(value, datetime):
        return value.isoformat()
    moment = as_datetime(value)
    pattern = "%Y-%m-%d %H:%M:%S" if moment.second or moment.microsecond else "%Y-%m-%d %H:%M"
    return moment.strftime(pattern)


_DURATION_PARTS = (
    ("year", 12, 0),
    ("month", 1, 0),
    ("day", 0, _MS_PER_DAY),
    ("hour", 0, 3_600_000),
    ("minute", 0, 60_000),
    ("second", 0, 1_000),
    ("millisecond", 0, 1),
)


def format_duration(value: Duration) -> str:
    """A duration in words: ``1 month 3 days``, ``-2 hours``, ``0 milliseconds``."""
    negative = value.months < 0 or (value.months == 0 and value.milliseconds < 0)
    months, milliseconds = abs(value.months), abs(value.milliseconds)
    words = []
    for unit, unit_months, unit_ms in _DURATION_PARTS:
        if unit_months:
            count, months = divmod(months, unit_months)
        else:
            count, milliseconds = divmod(milliseconds, unit_ms)
        if count:
            words.append(f"{count} {unit}{'' if count == 1 else 's'}")
    text = " ".join(words) or "0 milliseconds"
    return f"-{text}" if negative else text


def file_name(path: str) -> str:
    """A file's name as a query shows it: a note without ``.md``, any other file with its
    extension."""
    name = path.rsplit("/", 1)[-1]
    return name.removesuffix(".md") if name.endswith(".md") else name


def display(value: Value) -> str:
    """``value`` as the text of a cell: ``""`` for null, dates as ``YYYY-MM-DD``, a link
    as its display text, a list as its items joined by ``", "``."""
    match value:
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case int() | float():
            return format_number(value)
        case str():
            return value
        case date():
            return format_date(value)
        case Duration():
            return format_duration(value)
        case LinkValue():
            return value.display if value.display is not None else value.text
        case FileValue():
            return file_name(value.path)
        case ObjectValue():
            return ", ".join(f"{key}: {display(item)}" for key, item in value.items)
        case Regex():
            return f"/{value.pattern}/{value.flags}"
        case Image():
            return value.source
        case Icon():
            return value.name
        case tuple():
            return ", ".join(display(item) for item in value)


_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)


def _offset(zone: str) -> timedelta:
    if zone == "Z":
        return timedelta(0)
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:]) if len(digits) > 2 else 0)
    return timedelta(minutes=minutes if zone[0] == "+" else -minutes)


def parse_date(text: str) -> date | datetime | None:
    """``YYYY-MM-DD``, optionally with a time ``HH:mm[:ss[.SSS]]`` after a space or ``T``
    and a zone (``Z``, ``+02:00``, taken to UTC), as a date or datetime; ``None`` if the text
    is no such date."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro)
    except ValueError:
        return None
    return moment - _offset(zone) if zone else moment


_UNITS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(("y", "Y", "year", "years", "yr", "yrs"), (12, 0)),
    **dict.fromkeys(("M", "month", "months", "mo"), (1, 0)),
    **dict.fromkeys(("w", "W", "week", "weeks", "wk", "wks"), (0, 7 * _MS_PER_DAY)),
    **dict.fromkeys(("d", "D", "day", "days"), (0, _MS_PER_DAY)),
    **dict.fromkeys(("h", "H", "hour", "hours", "hr", "hrs"), (0, 3_600_000)),
    **dict.fromkeys(("m", "minute", "minutes", "min", "mins"), (0, 60_000)),
    **dict.fromkeys(("s", "S", "second", "seconds", "sec", "secs"), (0, 1_000)),
    **dict.fromkeys(("ms", "millisecond", "milliseconds"), (0, 1)),
}
_DURATION_PART = re.compile(r"\s*([+-]?\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*,?")


def _unit(name: str) -> tuple[int, int] | None:
    return _UNITS.get(name) or (_UNITS.get(name.lower()) if len(name) > 1 else None)


def parse_duration(text: str) -> Duration | None:
    """A duration written as in Obsidian's date arithmetic: ``7d``, ``1 week``, ``-2h``,
    ``1y 2M`` (``M`` months, ``m`` minutes); ``None`` if the text is no duration. Years and
    months must be whole."""
    months = milliseconds = 0
    position, stripped = 0, text.strip()
    if not stripped:
        return None
    while position < len(stripped):
        match = _DURATION_PART.match(stripped, position)
        unit = _unit(match.group(2)) if match else None
        if match is None or unit is None:
            return None
        amount, (unit_months, unit_ms) = float(match.group(1)), unit
        if unit_months and not amount.is_integer():
            return None
        months += int(amount) * unit_months
        milliseconds += round(amount * unit_ms)
        position = match.end()
    return Duration(months, milliseconds)
