"""Dates in queries: arithmetic with durations, fields, moment.js formats, relative times."""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta

from noteforge.query.values import Duration, as_datetime

_MS_PER_DAY = 86_400_000


def _shift_months(value: date, months: int) -> date:
    """``value`` moved by whole months, the day kept or clamped to the month's last."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def add_duration(value: date, duration: Duration) -> date:
    """``value + duration``: months first (the day clamped to the month's end), then the
    exact time. A date stays a date unless the duration holds part of a day."""
    shifted = _shift_months(value, duration.months)
    if duration.milliseconds % _MS_PER_DAY == 0 and not isinstance(shifted, datetime):
        return shifted + timedelta(days=duration.milliseconds // _MS_PER_DAY)
    return as_datetime(shifted) + timedelta(milliseconds=duration.milliseconds)


def negate(duration: Duration) -> Duration:
    """``-duration``."""
    return Duration(-duration.months, -duration.milliseconds)


def difference(left: date, right: date) -> Duration:
    """``left - right``: the time between them, in milliseconds."""
    delta = as_datetime(left) - as_datetime(right)
    return Duration(0, delta // timedelta(milliseconds=1))


def epoch_milliseconds(value: date) -> int:
    """Milliseconds since 1970-01-01 UTC (a date alone at its midnight UTC)."""
    return (as_datetime(value) - datetime(1970, 1, 1)) // timedelta(milliseconds=1)


def date_field(value: date, name: str) -> int | None:
    """``year``, ``month`` (1-12), ``day``, ``hour``, ``minute``, ``second``,
    ``millisecond`` of a date; ``None`` for another name."""
    moment = as_datetime(value)
    fields = {
        "year": moment.year,
        "month": moment.month,
        "day": moment.day,
        "hour": moment.hour,
        "minute": moment.minute,
        "second": moment.second,
        "millisecond": moment.microsecond // 1000,
    }
    return fields.get(name)


# Days in each unit a duration can be measured in besides years and months.
_DAYS_IN = {
    "weeks": 7.0,
    "days": 1.0,
    "hours": 1 / 24,
    "minutes": 1 / 1440,
    "seconds": 1 / 86_400,
    "milliseconds": 1 / _MS_PER_DAY,
}


def duration_field(value: Duration, name: str) -> float | None:
    """The whole duration in one unit (``years``, ``months``, ``weeks``, ``days``,
    ``hours``, ``minutes``, ``seconds``, ``milliseconds``), as moment.js's ``as()``
    counts it: a fraction where the unit does not divide it."""
    days = value.milliseconds / _MS_PER_DAY
    if name in ("years", "months"):
        months = value.months + days * 4800 / 146_097
        return months / 12 if name == "years" else months
    if name not in _DAYS_IN:
        return None
    return (days + value.months * 146_097 / 4800) / _DAYS_IN[name]


_MONTHS = tuple(calendar.month_name)[1:]
_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_TOKEN = re.compile(
    r"\[[^\]]*\]|YYYY|YY|Q|MMMM|MMM|MM|Mo|M|DDDD|DDD|Do|DD|D|dddd|ddd|dd|do|d|E|e|WW|W|ww|w|"
    r"HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|A|a|X|x|ZZ|Z|GGGG|gggg"
)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _token(moment: datetime, token: str) -> str:
    weekday = (moment.weekday() + 1) % 7  # moment's day of the week: Sunday is 0
    hour12 = moment.hour % 12 or 12
    iso_year, iso_week, _ = moment.isocalendar()
    day_of_year = moment.timetuple().tm_yday
    table = {
        "YYYY": f"{moment.year:04d}",
        "YY": f"{moment.year % 100:02d}",
        "GGGG": f"{iso_year:04d}",
        "gggg": f"{iso_year:04d}",
        "Q": str((moment.month - 1) // 3 + 1),
        "MMMM": _MONTHS[moment.month - 1],
        "MMM": _MONTHS[moment.month - 1][:3],
        "MM": f"{moment.month:02d}",
        "Mo": _ordinal(moment.month),
        "M": str(moment.month),
        "DDDD": f"{day_of_year:03d}",
        "DDD": str(day_of_year),
        "Do": _ordinal(moment.day),
        "DD": f"{moment.day:02d}",
        "D": str(moment.day),
        "dddd": _WEEKDAYS[weekday],
        "ddd": _WEEKDAYS[weekday][:3],
        "dd": _WEEKDAYS[weekday][:2],
        "do": _ordinal(weekday),
        "d": str(weekday),
        "e": str(weekday),
        "E": str(moment.isoweekday()),
        "WW": f"{iso_week:02d}",
        "W": str(iso_week),
        "ww": f"{iso_week:02d}",
        "w": str(iso_week),
        "HH": f"{moment.hour:02d}",
        "H": str(moment.hour),
        "hh": f"{hour12:02d}",
        "h": str(hour12),
        "kk": f"{moment.hour or 24:02d}",
        "k": str(moment.hour or 24),
        "mm": f"{moment.minute:02d}",
        "m": str(moment.minute),
        "ss": f"{moment.second:02d}",
        "s": str(moment.second),
        "SSS": f"{moment.microsecond // 1000:03d}",
        "SS": f"{moment.microsecond // 10000:02d}",
        "S": str(moment.microsecond // 100000),
        "A": "AM" if moment.hour < 12 else "PM",
        "a": "am" if moment.hour < 12 else "pm",
        "X": str(epoch_milliseconds(moment) // 1000),
        "x": str(epoch_milliseconds(moment)),
        "ZZ": "+0000",
        "Z": "+00:00",
    }
    return table[token]


def format_moment(value: date, pattern: str) -> str:
    """``value`` written with a moment.js format (``YYYY-MM-DD``, ``MMM Do``, ``[at] HH:mm``…);
    times are UTC, text in ``[brackets]`` is kept as it is, and English names are used."""
    moment = as_datetime(value)

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return token[1:-1] if token.startswith("[") else _token(moment, token)

    return _TOKEN.sub(replace, pattern)


_RELATIVE_STEPS: tuple[tuple[float, str, float], ...] = (
    # (below this many seconds, the words, the unit in seconds for "N units")
    (45, "a few seconds", 0),
    (90, "a minute", 0),
    (45 * 60, "minutes", 60),
    (90 * 60, "an hour", 0),
    (22 * 3600, "hours", 3600),
    (36 * 3600, "a day", 0),
    (26 * 86_400, "days", 86_400),
    (45 * 86_400, "a month", 0),
    (320 * 86_400, "months", 86_400 * 146_097 / 4800),
    (548 * 86_400, "a year", 0),
    (math.inf, "years", 86_400 * 146_097 / 400),
)


def relative(value: date, now: datetime) -> str:
    """How long ago (or ahead) ``value`` is from ``now``, in moment.js's words:
    ``a few seconds ago``, ``3 days ago``, ``in 2 months``."""
    seconds = (as_datetime(value) - as_datetime(now)).total_seconds()
    distance = abs(seconds)
    words = next(
        f"{round(distance / unit)} {text}" if unit else text
        for limit, text, unit in _RELATIVE_STEPS
        if distance < limit
    )
    return f"in {words}" if seconds > 0 else f"{words} ago"


def time_of_day(value: date) -> str:
    """The time of a date as ``HH:mm:ss`` (``00:00:00`` for a date alone)."""
    return as_datetime(value).strftime("%H:%M:%S")
