"""Paging of the views that list notes: one page per start of the notes' titles.

A view that lists more than :data:`SHELF_NOTES` notes is cut into *shelves*. A shelf holds
the notes whose case-folded titles start with its ``prefix`` and go on with a character in
its range of code points (the end of the title counting as -1). The cut is fixed: a range
with too many notes is halved (``a``–``z`` into ``a``–``o`` and ``p``–``z``, and so on), and
a range of one character with too many becomes the prefix one character longer
(``n`` → ``no`` → … → ``note 1``). So a shelf depends only on how many titles fall in its
range and the ranges around it, never on where it falls in a sorted list: a renamed note
leaves one shelf and joins another and no other shelf changes (unless a range grows past
the limit or falls back under it).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from noteforge.linker import StatusView
from noteforge.model import Note
from noteforge.paths import relative_url, root_prefix
from noteforge.views.base import Page, SiteInfo

SHELF_NOTES = 250  # the notes a page of a view lists at most, unless their titles are the same; a
# vault of a few hundred notes keeps each view one page

_END = -1  # the "character" after the last one of a title
_ALL = (_END, 0x110000)  # every character, and the end
_SHOWN = "0123456789abcdefghijklmnopqrstuvwxyz"  # what a label names the ends of a range by


@dataclass(frozen=True, slots=True)
class Shelf:
    """One page of a paged view: the notes (slugs, in the wiki's order) whose case-folded
    titles start with ``prefix`` and go on with a character whose code point is in
    ``low``..``high`` - 1 (:data:`_END` for the end of the title), written at ``path``."""

    prefix: str
    low: int
    high: int
    path: str
    slugs: tuple[str, ...]

    @property
    def label(self) -> str:
        """The start of the titles on the shelf, as the reader sees it (``Note 1``, ``A–O``)."""
        start = _capitalised(self.prefix)
        if (self.low, self.high) == _ALL or (self.low, self.high) == (_END, _END + 1):
            return start or "…"
        ends = _ends(self.low, self.high)
        if ends is None:
            return start + "…"
        first, last = _capitalised(self.prefix + ends[0]), _capitalised(self.prefix + ends[1])
        return first if first == last else f"{first}–{last}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ends(low: int, high: int) -> tuple[str, str] | None:
    """The characters a label names a range by: its first and last letters or digits, else
    its first and last characters when they can be shown, else none."""
    shown = [c for c in _SHOWN if low <= ord(c) < high]
    if shown:
        return shown[0], shown[-1]
    first, last = chr(max(low, 0)), chr(high - 1)
    visible = all(c.isprintable() and not c.isspace() for c in (first, last))
    return (first, last) if visible and high - low < 0x10000 else None


@dataclass(frozen=True, slots=True)
class ShelfLink:
    label: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class ShelfNav:
    """The way between the pages of a view: its index (which lists every page), the previous
    page and the next. A page names no other, so a page added or dropped changes only the
    pages beside it."""

    index_title: str
    index_href: str
    previous: ShelfLink | None
    next: ShelfLink | None


def shelves(folder: str, notes: Iterable[Note], limit: int | None = None) -> tuple[Shelf, ...]:
    """The shelves of the pages of a view listing ``notes`` (in the wiki's order), under
    ``folder``; one shelf of everything, at no path, when they fit on one page."""
    limit = SHELF_NOTES if limit is None else limit
    titled = [(note.title.casefold(), note.slug) for note in notes]
    if len(titled) <= limit:
        return (Shelf("", *_ALL, "", tuple(slug for _, slug in titled)),)
    order = {slug: number for number, (_, slug) in enumerate(titled)}
    titled.sort()
    found: list[Shelf] = []
    _cut(titled, 0, len(titled), "", _ALL, limit, folder, found)
    return tuple(
        Shelf(s.prefix, s.low, s.high, s.path, tuple(sorted(s.slugs, key=order.__getitem__))) for s in found
    )


def _cut(
    titled: list[tuple[str, str]],
    start: int,
    end: int,
    prefix: str,
    bounds: tuple[int, int],
    limit: int,
    folder: str,
    found: list[Shelf],
) -> None:
    """Add to ``found`` the shelves of ``titled[start:end]`` (sorted ``(title, slug)`` pairs),
    whose titles start with ``prefix`` and go on with a character in ``bounds``: one shelf if
    they fit, else the two halves of the range, or the next character's ranges when the range
    is one character."""
    low, high = bounds
    if end - start <= limit or bounds == (_END, _END + 1):
        path = f"{folder}/{_file_name(prefix, low, high)}.html"
        found.append(Shelf(prefix, low, high, path, tuple(slug for _, slug in titled[start:end])))
        return
    if high - low == 1:
        _cut(titled, start, end, prefix + chr(low), _ALL, limit, folder, found)
        return
    middle = (low + high) // 2
    depth = len(prefix)
    # sorted titles: those going on below the middle come first
    split = bisect.bisect_left(titled, middle, start, end, key=lambda pair: _next(pair[0], depth))
    for part_start, part_end, half in ((start, split, (low, middle)), (split, end, (middle, high))):
        if part_start < part_end:
            _cut(titled, part_start, part_end, prefix, half, limit, folder, found)


def _next(title: str, depth: int) -> int:
    """The code point of a title's character after its first ``depth`` ones (:data:`_END`)."""
    return ord(title[depth]) if len(title) > depth else _END


def _file_name(prefix: str, low: int, high: int) -> str:
    """A file name for a shelf: the prefix, ASCII letters and digits as they are and any other
    character as ``_``, its code point in hex and ``_``; then the range, by the letters or
    digits at its ends (``_a-o``), else by its code points, plus one (``_x21-30``); a shelf of one next
    character is named as the longer prefix (distinct shelves, distinct names)."""
    if high - low == 1 and low != _END:
        prefix, low, high = prefix + chr(low), *_ALL
    name = "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in prefix)
    if (low, high) == _ALL:
        return name or "_"
    if (low, high) == (_END, _END + 1):
        return f"{name}_end"
    shown = [c for c in _SHOWN if low <= ord(c) < high]
    return f"{name}_{shown[0]}-{shown[-1]}" if shown else f"{name}_x{low + 1:x}-{high:x}"


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
    noun: tuple[str, str]  # what a page's count counts: one, and more
    entries: tuple[ShelfEntry, ...]
    status_counts: tuple[tuple[StatusView, int], ...] = ()
    missing_count: int = 0
    groups: tuple[GroupLink, ...] = ()


def shelves_page(
    path: str, title: str, lede: str, noun: tuple[str, str], site: SiteInfo, all_shelves: tuple[Shelf, ...]
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
