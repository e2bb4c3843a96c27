"""The wiki as queries read it: a :class:`~noteforge.query.rows.Row` for every file.

A note's row holds its ``file.*`` fields (times from its front matter, never from the file
system), its links, embeds and backlinks as :class:`LinkValue`\\ s, and its properties:
the front matter read again as typed values (a ``[[wikilink]]`` string is a link), its
inline fields, then its research properties where no property of that name was written
(:meth:`WikiCorpus.research`). An attachment's row has only its ``file.*`` fields. Rows
are made when a query first asks for them, each once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from noteforge.config import SiteSettings
from noteforge.graph import Wiki
from noteforge.model import LinkKind, Note, Status
from noteforge.query.dataview import inline_properties
from noteforge.query.rows import Row
from noteforge.query.values import LinkValue, ObjectValue, Value
from noteforge.research import citation_counts, is_stale, thesis_date
from noteforge.resolve import AttachmentTarget, NoteTarget, Target, lookup_key
from noteforge.syntax.wikilinks import split_wikilink


class WikiCorpus:
    """Every file of a resolved wiki as a row, for queries built on ``today``."""

    def __init__(self, wiki: Wiki, files: Iterable[str], site: SiteSettings, today: date) -> None:
        self._wiki = wiki
        self._files = tuple(sorted(files))
        self._site = site
        self._today = today

    @property
    def today(self) -> date:
        """The build date."""
        return self._today

    @property
    def now(self) -> datetime:
        """Midnight UTC of the build date: ``now()`` repeats across builds of one day."""
        return datetime.combine(self._today, time())

    @functools.cached_property
    def rows(self) -> tuple[Row, ...]:
        """Every note, then every other file, each in path order."""
        notes = sorted(self._wiki.notes, key=lambda note: note.path)
        return (*(self._note_row(note) for note in notes), *map(_file_row, self._files))

    @functools.cached_property
    def _by_path(self) -> dict[str, Row]:
        return {row.path: row for row in self.rows}

    def row(self, path: str) -> Row | None:
        """The row of the file at ``path``."""
        return self._by_path.get(path)

    def note_row(self, slug: str) -> Row:
        """The row of the note with this slug."""
        return self._by_path[self._wiki.note(slug).path]

    @functools.cached_property
    def _note_links(self) -> dict[str, LinkValue]:
        """A link to each note (by slug), made once: backlinks share them."""
        return {note.slug: LinkValue(note.path, note.title) for note in self._wiki.notes}

    @functools.cached_property
    def _names(self) -> dict[str, str]:
        return _names(self._wiki, self._files)

    def resolve(self, text: str) -> str | None:
        """The path of the file a wikilink to ``text`` leads to, as Obsidian finds it: by
        path, else by file name, the shortest path first."""
        target, _, _ = split_wikilink(text)
        return self._names.get(lookup_key(target))

    def _link(self, text: str, display: str | None = None) -> LinkValue:
        return LinkValue(self.resolve(text), text, display)

    def _note_row(self, note: Note) -> Row:
        folder, _, name = note.path.rpartition("/")
        targets = self._wiki.targets.get(note.slug, ())
        written = [
            (self._target_path(target), link.target) for link, target in zip(note.links, targets, strict=True)
        ]
        embedded = [link.kind is LinkKind.EMBEDS for link in note.links]
        # Links are told apart by (path, text) tuples, which hash far faster than LinkValues.
        links = dict.fromkeys(pair for pair, embed in zip(written, embedded, strict=True) if not embed)
        embeds = dict.fromkeys(pair for pair, embed in zip(written, embedded, strict=True) if embed)
        return Row(
            path=note.path,
            folder=folder,
            basename=name.rpartition(".")[0] or name,
            ext=name.rpartition(".")[2] if "." in name else "",
            size=note.size,
            ctime=note.created,
            mtime=note.updated or note.created,
            tags=note.tags,
            links=tuple(LinkValue(*pair) for pair in links),
            embeds=tuple(LinkValue(*pair) for pair in embeds),
            backlinks=tuple(self._note_links[source] for source in sorted(self._wiki.graph.pred[note.slug])),
            properties=self._properties(note),
            slug=note.slug,
            title=note.title,
            tasks=note.tasks,
        )

    def _target_path(self, target: Target) -> str | None:
        """The path of the file a link leads to (``None``: none)."""
        if isinstance(target, NoteTarget):
            note: Note = self._wiki.graph.nodes[target.slug]["note"]
            return note.path
        return target.path if isinstance(target, AttachmentTarget) else None

    def _properties(self, note: Note) -> tuple[tuple[str, Value], ...]:
        written: dict[str, Value] = {}
        for key, value in _front_matter(note.front_matter).items():
            written[str(key)] = self._value(value)
        for key, value in inline_properties(note.fields, self.resolve):
            written.setdefault(key, value)
        for key, value in self.research(note).items():
            written.setdefault(key, value)
        return tuple(written.items())

    def research(self, note: Note) -> dict[str, Value]:
        """The note's research properties, as queries name them (``note.status``…)."""
        sourced, sources = citation_counts(self._wiki, note)
        since = note.status_since
        return {
            "title": note.title,
            "status": note.status.value if note.status else None,
            "status_since": since,
            "type": note.type,
            "facts": len(note.facts),
            "sourced_facts": sourced,
            "sources": sources,
            "open_questions": sum(not question.answered for question in note.open_questions),
            "days_in_status": (self._today - since).days if since else None,
            "stale": note.status not in (None, Status.RETIRED)
            and is_stale(thesis_date(note), self._site, self._today),
        }

    def _value(self, value: Any) -> Value:
        """A YAML value as a query value: a string that is one wikilink becomes a link."""
        if isinstance(value, str):
            inner = value.strip()
            if inner.startswith("[[") and inner.endswith("]]") and "]]" not in inner[2:-2]:
                target, _, label = split_wikilink(inner[2:-2])
                return self._link(target, label)
            return value
        if isinstance(value, bool | int | float | date) or value is None:
            return value
        if isinstance(value, list):
            return tuple(self._value(item) for item in value)
        if isinstance(value, dict):
            return ObjectValue(tuple((str(key), self._value(item)) for key, item in value.items()))
        return str(value)


@functools.lru_cache(maxsize=1 << 16)
def _front_matter(text: str) -> Mapping[Any, Any]:
    """The front matter's values (``{}`` when it has none or does not load: parse reported it)."""
    if not text.strip():
        return {}
    from noteforge.yaml12 import parse_yaml

    try:
        data = parse_yaml(text).data
    except Exception:  # reported by parse (NF101, NF109); the note has no properties here
        return {}
    return data if isinstance(data, dict) else {}


def _file_row(path: str) -> Row:
    folder, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    return Row(
        path,
        folder,
        stem if dot else name,
        ext if dot else "",
        None,
        None,
        None,
        (),
        (),
        (),
        (),
        (),
        None,
        name,
    )


def _names(wiki: Wiki, files: tuple[str, ...]) -> dict[str, str]:
    """Each way a wikilink may name a file (its path and its name, without ``.md``, in
    lookup form), to the file's path; a name several files share goes to the shortest path."""
    found: dict[str, str] = {}
    paths = sorted((note.path for note in wiki.notes), key=lambda path: (path.count("/"), path))
    for path in (*paths, *sorted(files, key=lambda path: (path.count("/"), path))):
        for name in (path, path.rpartition("/")[2]):
            found.setdefault(lookup_key(name), path)
    return found
