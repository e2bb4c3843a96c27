"""The index of all notes, the page of each folder, and the page of missing notes."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from noteforge.graph import Wiki
from noteforge.linker import MISSING_PAGE, Linker, NoteRef, StatusView, missing_anchor
from noteforge.model import Note, Status
from noteforge.paths import folder_page, relative_url, root_prefix
from noteforge.research import status_rank
from noteforge.views.base import Page, SiteInfo, ordered_types, status_badge, type_label
from noteforge.views.explorer import (
    NOTES_INDEX_PAGE,
    Folder,
    FolderTree,
    explorer_view,
    folder_breadcrumbs,
)
from noteforge.views.paging import GroupLink, Part, Shelf, ShelfNav, ShelvesPage, shelves_page


@dataclass(frozen=True, slots=True)
class IndexEntry:
    note: NoteRef
    summary: str
    facts: int
    questions: int


@dataclass(frozen=True, slots=True)
class IndexGroup:
    """Notes listed together: those of one folder (``href``: its page), or of one type."""

    label: str
    anchor: str
    entries: tuple[IndexEntry, ...]
    href: str | None


@dataclass(frozen=True, slots=True)
class FolderLink:
    title: str
    href: str
    count: int


@dataclass(frozen=True, slots=True)
class IndexPage(Page):
    template: ClassVar[str] = "notes.html"
    status_counts: tuple[tuple[StatusView, int], ...]
    groups: tuple[IndexGroup, ...]
    note_count: int
    missing_count: int
    shelves: ShelfNav | None


@dataclass(frozen=True, slots=True)
class FolderPage(Page):
    template: ClassVar[str] = "folder.html"
    folders: tuple[FolderLink, ...]
    entries: tuple[IndexEntry, ...]
    note_count: int


@dataclass(frozen=True, slots=True)
class MissingEntry:
    anchor: str
    target: str
    referrers: tuple[NoteRef, ...]


@dataclass(frozen=True, slots=True)
class MissingPage(Page):
    template: ClassVar[str] = "missing.html"
    entries: tuple[MissingEntry, ...]


def index_page(wiki: Wiki, tree: FolderTree, site: SiteInfo, part: Part) -> IndexPage:
    """The notes of ``part``, grouped by folder (by type when they are all in one folder), the
    active ones first in each group."""
    linker = Linker(wiki, part.path, site.labels)
    listed = {note.slug for note in part.notes}
    groups = _folder_groups(tree, linker, listed) if tree.root.folders else _type_groups(wiki, linker, part)
    counts = status_counts(part.notes, site)
    description = f"{len(part.notes)} research notes"
    return IndexPage(
        part.path,
        root_prefix(part.path),
        part.title("All notes"),
        description,
        site,
        counts,
        groups,
        len(part.notes),
        0 if part.nav else len(wiki.missing()),  # a page of many lists no missing note
        part.nav,
        explorer=explorer_view(tree, part.path, ""),
    )


def status_counts(notes: Iterable[Note], site: SiteInfo) -> tuple[tuple[StatusView, int], ...]:
    """How many of ``notes`` have each status (nothing when none has one)."""
    statuses = [note.status for note in notes]
    counts = tuple((status_badge(status, site), statuses.count(status)) for status in Status)
    return counts if any(count for _, count in counts) else ()


def index_shelves_page(
    wiki: Wiki, tree: FolderTree, site: SiteInfo, all_shelves: tuple[Shelf, ...]
) -> ShelvesPage:
    """The index of the pages of all notes: their counts by status, the missing notes, each
    folder (under the anchor of its group on the single page), and each page."""
    index = shelves_page(
        NOTES_INDEX_PAGE,
        "All notes",
        f"{len(wiki.notes)} research notes.",
        ("note", "notes"),
        site,
        all_shelves,
    )
    groups = tuple(
        GroupLink(
            tree.label(folder.key),
            _group_anchor(folder.key),
            relative_url(NOTES_INDEX_PAGE, folder_page(folder.key)),
            folder.count,
        )
        for folder in tree.in_order()
        if folder.key
    )
    return dataclasses.replace(
        index,
        status_counts=status_counts(wiki.notes, site),
        missing_count=len(wiki.missing()),
        groups=groups,
        explorer=explorer_view(tree, NOTES_INDEX_PAGE, ""),
    )


def _group_anchor(key: str) -> str:
    return "folder-" + (key.replace("/", "-") or "top")


def _folder_groups(tree: FolderTree, linker: Linker, listed: set[str]) -> tuple[IndexGroup, ...]:
    groups = []
    for folder in tree.in_order():
        notes = [linker.wiki.note(slug) for slug in folder.notes if slug in listed]
        if notes:
            label = tree.label(folder.key) or "Top level"
            href = linker.relative(folder_page(folder.key)) if folder.key else None
            groups.append(IndexGroup(label, _group_anchor(folder.key), _entries(linker, notes), href))
    return tuple(groups)


def _type_groups(wiki: Wiki, linker: Linker, part: Part) -> tuple[IndexGroup, ...]:
    by_type: defaultdict[str, list[Note]] = defaultdict(list)
    for note in part.notes:
        by_type[note.type].append(note)
    return tuple(
        IndexGroup(type_label(note_type), "type-" + note_type, _entries(linker, by_type[note_type]), None)
        for note_type in ordered_types(wiki)
        if by_type[note_type]
    )


def _entries(linker: Linker, notes: list[Note]) -> tuple[IndexEntry, ...]:
    """The index entries of some notes, the active ones first, then by title."""
    return tuple(
        IndexEntry(
            linker.to_note(n.slug),
            n.summary,
            len(n.facts),
            sum(not q.answered for q in n.open_questions),
        )
        for n in sorted(notes, key=lambda n: (status_rank(n.status), n.title.casefold()))
    )


def folder_pages(tree: FolderTree, site: SiteInfo) -> list[FolderPage]:
    """A page for each folder of the notes: its subfolders and its notes, with their summaries."""
    return [_folder_page(tree, folder, site) for folder in tree.in_order() if folder.key]


def folder_page_view(tree: FolderTree, site: SiteInfo, key: str) -> FolderPage:
    """The page of one folder of the notes (not the root)."""
    return _folder_page(tree, tree.folders[key], site)


def _folder_page(tree: FolderTree, folder: Folder, site: SiteInfo) -> FolderPage:
    path = folder_page(folder.key)
    linker = Linker(tree.wiki, path, site.labels)
    subfolders = tuple(
        FolderLink(sub.name, linker.relative(folder_page(sub.key)), sub.count)
        for sub in (tree.folders[key] for key in folder.folders)
    )
    notes = [tree.wiki.note(slug) for slug in folder.notes]
    return FolderPage(
        path,
        root_prefix(path),
        folder.name,
        f"{folder.count} notes in {tree.label(folder.key)}",
        site,
        subfolders,
        _entries(linker, notes),
        folder.count,
        breadcrumbs=folder_breadcrumbs(tree, path, folder.key),
        explorer=explorer_view(tree, path, folder.key),
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
