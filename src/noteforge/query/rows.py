"""Each file of the wiki as a query sees it, and the wiki of them.

A :class:`Row` is built by the site model for every note and attachment. Nothing here
evaluates a query; :class:`Corpus` is what an evaluator needs from the wiki.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from noteforge.model import Task
from noteforge.query.values import LinkValue, Value


@dataclass(frozen=True, slots=True)
class Row:
    """One file: its ``file.*`` fields and, for a note, its properties.

    ``path`` is relative to the notes folder (``References/Blade Runner.md``), ``folder``
    its folder (``""`` at the top), ``basename`` its name without the extension, ``ext``
    the extension without the dot (``md``). ``ctime`` and ``mtime`` come from the note
    (``created`` and ``updated``), never from the file system. ``tags`` are without ``#``.
    ``properties`` are the note's: front matter (wikilink strings as :class:`LinkValue`),
    inline fields, then the research properties (``status``, ``type``…), in that order,
    the later winning. ``slug`` is the note's page (``None`` for an attachment)."""

    path: str
    folder: str
    basename: str
    ext: str
    size: int | None
    ctime: date | datetime | None
    mtime: date | datetime | None
    tags: tuple[str, ...]
    links: tuple[LinkValue, ...]
    embeds: tuple[LinkValue, ...]
    backlinks: tuple[LinkValue, ...]
    properties: tuple[tuple[str, Value], ...]
    slug: str | None
    title: str
    tasks: tuple[Task, ...] = ()

    def property(self, key: str) -> Value:
        """The note property ``key`` (``None`` when the note has none)."""
        return next((value for name, value in self.properties if name == key), None)


class Corpus(Protocol):
    """What a query reads of the wiki besides the row it is looking at."""

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every file, notes first, each group in path order."""
        ...

    def row(self, path: str) -> Row | None:
        """The file at ``path``."""
        ...

    def resolve(self, text: str) -> str | None:
        """The path of the file a wikilink written ``text`` leads to, if any."""
        ...

    @property
    def today(self) -> date:
        """The build date (``today()``)."""
        ...

    @property
    def now(self) -> datetime:
        """The build's moment (``now()``): midnight UTC of the build date, so builds repeat."""
        ...
