"""Site model, part two: from the resolved wiki to one view object per page.

Each page object is everything its template may read — titles, ready-made relative
URLs, grouped and sorted lists, note HTML with its placeholders filled in by a
:class:`~noteforge.linker.Linker` — so templates hold no logic and never see the graph
or the config.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar, Protocol, TypeVar

from markupsafe import Markup, escape

from noteforge.config import Config
from noteforge.graph import Backlink, MissingNote, Wiki
from noteforge.linker import (
    MISSING_PAGE,
    STATUS_LABELS,
    Linker,
    NoteRef,
    StatusView,
    missing_anchor,
    status_view,
)
from noteforge.model import Diagnostic, LinkKind, Note, Property, Severity, Status
from noteforge.paths import note_page, root_prefix

INDEX_PAGE = "index.html"
STYLESHEET = "assets/style.css"

TYPE_ORDER = ("thesis", "entity", "question", "topic", "source", "note")
TYPE_LABELS = {
    "thesis": "Theses",
    "entity": "Entities",
    "question": "Questions",
    "topic": "Topics",
    "source": "Sources",
    "note": "Notes",
}
BACKLINK_GROUPS = (
    (LinkKind.RELATED, "Related from"),
    (LinkKind.CITES, "Cited by"),
    (LinkKind.MENTIONS, "Mentioned in"),
    (LinkKind.EMBEDS, "Embedded in"),
    (LinkKind.PROPERTY, "Linked from properties of"),
)

_SHOWN = {Severity.ERROR, Severity.WARNING}
_V = TypeVar("_V")


class _Lined(Protocol):
    @property
    def line(self) -> int: ...


# Our own renderer's output: href first, then an optional title, then the label.


# -- view records ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactView:
    html: Markup
    qualifier: str | None
    sources: tuple[NoteRef, ...]


@dataclass(frozen=True, slots=True)
class QuestionView:
    html: Markup
    anchor: str


@dataclass(frozen=True, slots=True)
class RelationView:
    note: NoteRef | None
    label: str | None
    html: Markup


@dataclass(frozen=True, slots=True)
class SectionView:
    """A section of a note page with the research items written in it."""

    title: str
    kind: str
    anchor: str
    html: Markup
    facts: tuple[FactView, ...] = ()
    questions: tuple[QuestionView, ...] = ()
    related: tuple[RelationView, ...] = ()


@dataclass(frozen=True, slots=True)
class BacklinkView:
    """One note linking here, with the words of each of its links."""

    note: NoteRef
    contexts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BacklinkGroup:
    label: str
    kind: str
    entries: tuple[BacklinkView, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """What every page has: where it is written, the way back to the root, its title."""

    template: ClassVar[str]
    path: str
    root: str
    title: str
    site_title: str


@dataclass(frozen=True, slots=True)
class NotePage(Page):
    template: ClassVar[str] = "note.html"
    anchor: str
    type: str
    status: StatusView | None
    summary: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    sections: tuple[SectionView, ...]
    backlinks: tuple[BacklinkGroup, ...]
    properties: tuple[tuple[str, Markup], ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class IndexEntry:
    note: NoteRef
    summary: str
    facts: int
    questions: int


@dataclass(frozen=True, slots=True)
class IndexGroup:
    label: str
    type: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True, slots=True)
class IndexPage(Page):
    template: ClassVar[str] = "index.html"
    status_counts: tuple[tuple[StatusView, int], ...]
    groups: tuple[IndexGroup, ...]
    note_count: int
    missing_count: int


@dataclass(frozen=True, slots=True)
class MissingEntry:
    anchor: str
    target: str
    referrers: tuple[NoteRef, ...]


@dataclass(frozen=True, slots=True)
class MissingPage(Page):
    template: ClassVar[str] = "missing.html"
    entries: tuple[MissingEntry, ...]


# -- building pages -------------------------------------------------------------


def build_pages(wiki: Wiki, diagnostics: Iterable[Diagnostic], config: Config) -> Iterator[Page]:
    """Every page of the site, in a stable order: index, missing notes, then one per note.

    Each note page lists the errors and warnings among ``diagnostics`` that concern it.
    """
    shown: defaultdict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        if d.severity in _SHOWN:
            shown[d.path].append(d)
    yield _index_page(wiki, config)
    yield _missing_page(wiki, config)
    for note in wiki.notes:
        yield _note_page(wiki, note, tuple(shown[note.path]), config)


def _note_page(wiki: Wiki, note: Note, diagnostics: tuple[Diagnostic, ...], config: Config) -> NotePage:
    path = note_page(note.slug)
    linker = Linker(wiki, path)
    return NotePage(
        path=path,
        root=root_prefix(path),
        title=note.title,
        site_title=config.site_title,
        anchor=note.anchor,
        type=note.type,
        status=status_view(note),
        summary=note.summary,
        aliases=note.aliases,
        tags=note.tags,
        sections=_section_views(linker, note),
        backlinks=_backlink_groups(linker, wiki.backlinks(note.slug)),
        properties=tuple(_property_row(linker, note, p) for p in note.properties),
        diagnostics=diagnostics,
    )


def _section_views(linker: Linker, note: Note) -> tuple[SectionView, ...]:
    """Each section with the facts, questions and related items written under it."""
    resolved = dict(zip((link.target for link in note.links), linker.wiki.targets[note.slug], strict=True))
    facts = [
        FactView(
            linker.note_html(note, fact.html),
            fact.qualifier,
            tuple(linker.to_target(resolved.get(source), source) for source in fact.sources),
        )
        for fact in note.facts
    ]
    questions = [
        QuestionView(linker.note_html(note, q.html), f"q-{i}") for i, q in enumerate(note.open_questions, 1)
    ]
    related = [
        RelationView(
            linker.to_target(resolved.get(r.target), r.target) if r.target else None,
            r.label,
            linker.note_html(note, r.html),
        )
        for r in note.related
    ]
    starts = [section.line for section in note.sections] + [sys.maxsize]
    return tuple(
        SectionView(
            section.title,
            section.kind.value,
            section.anchor,
            linker.note_html(note, section.html),
            _between(facts, note.facts, section.line, end),
            _between(questions, note.open_questions, section.line, end),
            _between(related, note.related, section.line, end),
        )
        for section, end in zip(note.sections, starts[1:], strict=True)
    )


def _between(views: list[_V], items: tuple[_Lined, ...], start: int, end: int) -> tuple[_V, ...]:
    """The views of the items whose source line falls in ``[start, end)``."""
    return tuple(view for view, item in zip(views, items, strict=True) if start <= item.line < end)


def _backlink_groups(linker: Linker, backlinks: tuple[Backlink, ...]) -> tuple[BacklinkGroup, ...]:
    groups: list[BacklinkGroup] = []
    for kind, label in BACKLINK_GROUPS:
        contexts: defaultdict[str, list[str]] = defaultdict(list)
        for backlink in backlinks:
            if backlink.kind is not kind:
                continue
            words = contexts[backlink.source]  # created even when empty: the link itself counts
            if backlink.context and backlink.context not in words:
                words.append(backlink.context)
        entries = tuple(BacklinkView(linker.to_note(source), tuple(c)) for source, c in contexts.items())
        if entries:
            groups.append(BacklinkGroup(label, kind.value, entries))
    return tuple(groups)


def _property_row(linker: Linker, note: Note, prop: Property) -> tuple[str, Markup]:
    """``(key, html)``: wikilinks in the value become links, and so does a lone http(s) URL."""
    if re.match(r"^https?://[^\s\"'<>]+$", prop.value):
        url = escape(prop.value)
        return prop.key, Markup(f'<a class="external" href="{url}" rel="noopener noreferrer">{url}</a>')
    return prop.key, linker.note_html(note, prop.html)


def _index_page(wiki: Wiki, config: Config) -> IndexPage:
    linker = Linker(wiki, INDEX_PAGE)
    by_type: defaultdict[str, list[Note]] = defaultdict(list)
    for note in wiki.notes:
        by_type[note.type].append(note)
    types = [t for t in TYPE_ORDER if t in by_type] + sorted(set(by_type) - set(TYPE_ORDER))
    status_rank = {Status.ACTIVE: 0, Status.HYPOTHESIS: 1, None: 2, Status.RETIRED: 3}
    groups = tuple(
        IndexGroup(
            TYPE_LABELS.get(note_type, note_type.title()),
            note_type,
            tuple(
                IndexEntry(linker.to_note(n.slug), n.summary, len(n.facts), len(n.open_questions))
                for n in sorted(by_type[note_type], key=lambda n: (status_rank[n.status], n.title.casefold()))
            ),
        )
        for note_type in types
    )
    counts = tuple(
        (StatusView(status.value, STATUS_LABELS[status], None), sum(n.status is status for n in wiki.notes))
        for status in Status
    )
    return IndexPage(
        INDEX_PAGE,
        "",
        config.site_title,
        config.site_title,
        counts,
        groups,
        len(wiki.notes),
        len(wiki.missing()),
    )


def _missing_page(wiki: Wiki, config: Config) -> MissingPage:
    linker = Linker(wiki, MISSING_PAGE)
    entries = tuple(
        MissingEntry(missing_anchor(m.target), m.target, tuple(linker.to_note(s) for s in m.referrers))
        for m in wiki.missing()
    )
    return MissingPage(MISSING_PAGE, "", "Missing notes", config.site_title, entries)


__all__ = [
    "INDEX_PAGE",
    "MISSING_PAGE",
    "STYLESHEET",
    "IndexPage",
    "MissingNote",
    "MissingPage",
    "NotePage",
    "Page",
    "build_pages",
]
