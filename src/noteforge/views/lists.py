"""The index of all notes and the page of missing notes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from noteforge.graph import Wiki
from noteforge.linker import MISSING_PAGE, Linker, NoteRef, StatusView, missing_anchor
from noteforge.model import Note, Status
from noteforge.research import status_rank
from noteforge.views.base import Page, SiteInfo, ordered_types, status_badge, type_label

INDEX_PAGE = "index.html"


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


def index_page(wiki: Wiki, site: SiteInfo) -> IndexPage:
    """All notes, grouped by type, the active ones first."""
    linker = Linker(wiki, INDEX_PAGE, site.labels)
    by_type: defaultdict[str, list[Note]] = defaultdict(list)
    for note in wiki.notes:
        by_type[note.type].append(note)
    groups = tuple(
        IndexGroup(
            type_label(note_type),
            note_type,
            tuple(
                IndexEntry(
                    linker.to_note(n.slug),
                    n.summary,
                    len(n.facts),
                    sum(not q.answered for q in n.open_questions),
                )
                for n in sorted(by_type[note_type], key=lambda n: (status_rank(n.status), n.title.casefold()))
            ),
        )
        for note_type in ordered_types(wiki)
    )
    counts = tuple(
        (status_badge(status, site), sum(n.status is status for n in wiki.notes)) for status in Status
    )
    description = f"{len(wiki.notes)} research notes"
    return IndexPage(
        INDEX_PAGE, "", site.title, description, site, counts, groups, len(wiki.notes), len(wiki.missing())
    )


def missing_page(wiki: Wiki, site: SiteInfo) -> MissingPage:
    """Every missing target and the notes that link to it, most wanted first."""
    linker = Linker(wiki, MISSING_PAGE, site.labels)
    entries = tuple(
        MissingEntry(missing_anchor(m.target), m.target, tuple(linker.to_note(s) for s in m.referrers))
        for m in wiki.missing()
    )
    description = "Notes that are linked to but not written yet"
    return MissingPage(MISSING_PAGE, "", "Missing notes", description, site, entries)
