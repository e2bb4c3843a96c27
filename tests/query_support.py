"""A small wiki for query tests: rows made with sensible defaults and a frozen corpus.

``make_row("Movies/Blade Runner.md", properties={"rating": 8})`` is a note in ``Movies``;
``FakeCorpus(rows, today=date(2025, 5, 27))`` is the wiki a query reads, links resolving by
path, by name without ``.md``, or by a name's last part (``[[Blade Runner]]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

from noteforge.model import Task
from noteforge.query.rows import Row
from noteforge.query.values import LinkValue, Value

TODAY = date(2025, 5, 27)


def link(path: str | None, text: str | None = None, display: str | None = None) -> LinkValue:
    """A link to ``path`` written as ``text`` (the path's name without ``.md`` by default)."""
    written = text if text is not None else (path or "").rsplit("/", 1)[-1].removesuffix(".md")
    return LinkValue(path, written, display)


def make_row(
    path: str,
    properties: Mapping[str, Value] | Iterable[tuple[str, Value]] = (),
    *,
    tags: Iterable[str] = (),
    links: Iterable[LinkValue | str] = (),
    embeds: Iterable[LinkValue | str] = (),
    backlinks: Iterable[LinkValue | str] = (),
    ctime: date | datetime | None = None,
    mtime: date | datetime | None = None,
    size: int | None = 100,
    title: str | None = None,
    tasks: Iterable[Task] = (),
) -> Row:
    """A row for the file at ``path``; links given as paths become links to those paths."""
    folder, _, name = path.rpartition("/")
    basename, dot, ext = name.rpartition(".")
    pairs = tuple(properties.items()) if isinstance(properties, Mapping) else tuple(properties)
    return Row(
        path=path,
        folder=folder,
        basename=basename if dot else name,
        ext=ext if dot else "",
        size=size,
        ctime=ctime,
        mtime=mtime,
        tags=tuple(tags),
        links=_links(links),
        embeds=_links(embeds),
        backlinks=_links(backlinks),
        properties=pairs,
        slug=basename.lower().replace(" ", "-") if ext == "md" else None,
        title=title if title is not None else (basename if dot else name),
        tasks=tuple(tasks),
    )


def _links(items: Iterable[LinkValue | str]) -> tuple[LinkValue, ...]:
    return tuple(item if isinstance(item, LinkValue) else link(item) for item in items)


class FakeCorpus:
    """A read-only :class:`~noteforge.query.rows.Corpus` over ``rows``, built on ``today``."""

    def __init__(self, rows: Iterable[Row], today: date = TODAY) -> None:
        self._rows = tuple(rows)
        self._today = today
        self._by_path = {row.path: row for row in self._rows}

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every file, in the order given."""
        return self._rows

    @property
    def today(self) -> date:
        """The build date."""
        return self._today

    def row(self, path: str) -> Row | None:
        """The file at ``path``."""
        return self._by_path.get(path)

    def resolve(self, text: str) -> str | None:
        """The file a wikilink ``text`` names: by path, by path without ``.md``, or by name."""
        target = text.split("#", 1)[0].strip()
        for candidate in (target, f"{target}.md"):
            if candidate in self._by_path:
                return candidate
        named = [
            row.path for row in self.rows if row.basename == target or row.path.rsplit("/", 1)[-1] == target
        ]
        return named[0] if named else None

    @property
    def now(self) -> datetime:
        """Midnight UTC of :attr:`today`."""
        return datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
