"""The values a query computes with, as Obsidian Bases and Dataview define them.

``None`` is null; booleans, numbers (``int`` or ``float``) and strings are Python's own;
a date is a :class:`datetime.date` (no time) or a :class:`datetime.datetime`; lists are
tuples. The rest are the records below. Values are immutable and hashable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


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
    | tuple["Value", ...]
)
