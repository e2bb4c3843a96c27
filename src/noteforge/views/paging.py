"""Paging of the views that list notes: one page per start of the notes' titles.

A view that lists more than :data:`SHELF_NOTES` notes is cut into *shelves*: the notes
whose titles (case-folded) start with one letter, and a letter with too many notes is cut
again by the next character (``n`` → ``no``, … → ``note 1``, ``note 2``…). A shelf depends
only on the titles it holds and on how many titles share its start, never on where it falls
in a sorted list, so a renamed note leaves one shelf and joins another and no other shelf
changes (unless one of the two grows past the limit or falls back under it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar

from noteforge.linker import StatusView
from noteforge.model import Note
from noteforge.paths import relative_url, root_prefix
from noteforge.views.base import Page, SiteInfo

SHELF_NOTES = 100  # the notes a page of a view lists at most, unless their titles all begin alike


@dataclass(frozen=True, slots=True)
class Shelf:
    """One page of a paged view: the notes (slugs, in the wiki's order) whose case-folded
    titles start with ``prefix``, written at ``path``."""

    prefix: str
    path: str
    slugs: tuple[str, ...]

    @property
    def label(self) -> str:
        """The start of the titles on the shelf, as the reader sees it (``Note 1``)."""
        return self.prefix[:1].upper() + self.prefix[1:] if self.prefix else "…"


@dataclass(frozen=True, slots=True)
class ShelfLink:
    label: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class ShelfNav:
    """The way between the pages of a view: its index, the previous and next page, and every page."""

    index_title: str
    index_href: str
    previous: ShelfLink | None
    next: ShelfLink | None
    links: tuple[ShelfLink, ...]


def shelves(folder: str, notes: Iterable[Note], limit: int | None = None) -> tuple[Shelf, ...]:
    """The shelves of the pages of a view listing ``notes`` (in the wiki's order), under
    ``folder``; one shelf with no prefix when they fit on one page."""
    limit = SHELF_NOTES if limit is None else limit
    titled = [(note.title.casefold(), note.slug) for note in notes]
    if len(titled) <= limit:
        return (Shelf("", "", tuple(slug for _, slug in titled)),)
    order = {slug: number for number, (_, slug) in enumerate(titled)}
    cut = _cut(sorted(titled), 0, limit)
    return tuple(
        Shelf(prefix, f"{folder}/{_file_name(prefix)}.html", tuple(sorted(slugs, key=order.__getitem__)))
        for prefix, slugs in cut
    )


def _cut(titled: list[tuple[str, str]], depth: int, limit: int) -> list[tuple[str, list[str]]]:
    """Sorted ``(title, slug)`` pairs that share their first ``depth`` characters, cut by the
    next character until each part fits (titles no longer than ``depth`` stay together)."""
    prefix = titled[0][0][:depth]
    if len(titled) <= limit or all(len(title) <= depth for title, _ in titled):
        return [(prefix, [slug for _, slug in titled])]
    parts: list[tuple[str, list[str]]] = []
    for start, group in groupby(titled, key=lambda pair: pair[0][: depth + 1]):
        members = list(group)
        if len(start) <= depth:  # the titles that are the prefix itself
            parts.append((start, [slug for _, slug in members]))
        else:
            parts += _cut(members, depth + 1, limit)
    return parts


def _file_name(prefix: str) -> str:
    """A file name for a prefix: ASCII letters and digits as they are, any other character as
    ``_`` and its code point in hex and ``_`` (distinct prefixes, distinct names)."""
    name = "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in prefix)
    return name or "_"


def shelf_nav(index_title: str, index_path: str, all_shelves: tuple[Shelf, ...], here: str) -> ShelfNav:
    """The navigation a shelf at ``here`` shows between the pages of its view."""
    links = tuple(
        ShelfLink(shelf.label, relative_url(here, shelf.path), shelf.path == here) for shelf in all_shelves
    )
    at = next(number for number, link in enumerate(links) if link.current)
    return ShelfNav(
        index_title,
        relative_url(here, index_path),
        links[at - 1] if at > 0 else None,
        links[at + 1] if at + 1 < len(links) else None,
        links,
    )


@dataclass(frozen=True, slots=True)
class ShelfEntry:
    label: str
    href: str
    count: int


@dataclass(frozen=True, slots=True)
class GroupLink:
    """A group the single page of a view had (a folder), kept on its index under the same anchor."""

    label: str
    anchor: str
    href: str
    count: int


@dataclass(frozen=True, slots=True)
class ShelvesPage(Page):
    """The index of a paged view, at the view's own path: its totals and its pages."""

    template: ClassVar[str] = "shelves.html"
    lede: str
    noun: str
    entries: tuple[ShelfEntry, ...]
    status_counts: tuple[tuple[StatusView, int], ...] = ()
    missing_count: int = 0
    groups: tuple[GroupLink, ...] = ()


def shelves_page(
    path: str, title: str, lede: str, noun: str, site: SiteInfo, all_shelves: tuple[Shelf, ...]
) -> ShelvesPage:
    """The index of a view's pages at ``path``: each page's title start and how many notes it lists."""
    entries = tuple(
        ShelfEntry(shelf.label, relative_url(path, shelf.path), len(shelf.slugs)) for shelf in all_shelves
    )
    return ShelvesPage(path, root_prefix(path), title, lede, site, lede, noun, entries)


@dataclass(frozen=True, slots=True)
class Part:
    """What one page of a view lists: its path, its notes (in the wiki's order), the start of
    their titles (``""`` when the view has one page) and the way to the view's other pages."""

    path: str
    notes: tuple[Note, ...]
    label: str = ""
    nav: ShelfNav | None = None

    def title(self, view_title: str) -> str:
        """The page's title: the view's, and the start of the titles it lists."""
        return f"{view_title}: {self.label}" if self.label else view_title
