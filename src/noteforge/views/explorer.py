"""The notes' folder tree: the explorer every page shows, its lazily loaded data, breadcrumbs.

The tree is built once per build (:class:`FolderTree`). A page's explorer holds only the
root listing and the listings of the folders that lead to the page, each capped at
:data:`EXPLORER_LIMIT` entries, so a page of a 10,000-note wiki stays small; the listing
of any other folder is a script (``assets/explorer/<folder>.js``) that the explorer's
JavaScript injects when the reader opens that folder (a ``<script>`` works from
``file://``, where ``fetch`` does not).
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from noteforge.graph import Wiki
from noteforge.model import Note
from noteforge.paths import explorer_data, folder_page, note_folder, note_page, relative_url

HOME_PAGE = "index.html"
NOTES_INDEX_PAGE = "notes.html"
# Entries shown per folder listing; the rest are one "all N →" link away (the folder's page).
EXPLORER_LIMIT = 40


@dataclass(frozen=True, slots=True)
class Folder:
    """A folder of the notes: its key (as note slugs spell it, ``""`` at the root), its name
    as written on disk, its subfolders and notes (each sorted by name, case-insensitively) and
    the number of notes in it and below it."""

    key: str
    name: str
    folders: tuple[str, ...]
    notes: tuple[str, ...]
    count: int

    @property
    def size(self) -> int:
        """How many entries its listing has."""
        return len(self.folders) + len(self.notes)


class FolderTree:
    """Every folder of a wiki, by key."""

    def __init__(self, wiki: Wiki) -> None:
        self.wiki = wiki
        names: dict[str, str] = {"": ""}
        notes: defaultdict[str, list[Note]] = defaultdict(list)
        for note in wiki.notes:
            folder = note_folder(note.slug)
            notes[folder].append(note)
            names.update(_folder_names(note, folder))
        children: defaultdict[str, list[str]] = defaultdict(list)
        for key in names:
            if key:
                children[note_folder(key)].append(key)
        self.folders: dict[str, Folder] = {}
        self._add(
            "",
            names,
            children,
            {key: sorted(found, key=lambda n: (n.title.casefold(), n.slug)) for key, found in notes.items()},
        )
        self.items = {key: _items(folder) for key, folder in self.folders.items()}
        # Each note's title and page, computed once: every page's explorer shows dozens.
        self.notes = {note.slug: (note.title, note_page(note.slug)) for note in wiki.notes}
        # Where each entry sits in its folder's listing, to find the current one past the cap.
        self.positions = {key: {item: n for n, item in enumerate(items)} for key, items in self.items.items()}

    def of(self, wiki: Wiki) -> FolderTree:
        """This tree over ``wiki``, whose notes have the same slugs and titles."""
        tree = copy.copy(self)
        tree.wiki = wiki
        return tree

    def _add(
        self, key: str, names: dict[str, str], children: dict[str, list[str]], notes: dict[str, list[Note]]
    ) -> int:
        subfolders = sorted(children.get(key, []), key=lambda k: (names[k].casefold(), k))
        count = len(notes.get(key, [])) + sum(self._add(sub, names, children, notes) for sub in subfolders)
        own = tuple(note.slug for note in notes.get(key, []))
        self.folders[key] = Folder(key, names[key], tuple(subfolders), own, count)
        return count

    @property
    def root(self) -> Folder:
        """The notes folder itself."""
        return self.folders[""]

    def chain(self, key: str) -> tuple[Folder, ...]:
        """The folders from the root's first subfolder down to ``key`` (empty at the root)."""
        parts = key.split("/") if key else []
        return tuple(self.folders["/".join(parts[: depth + 1])] for depth in range(len(parts)))

    def in_order(self) -> list[Folder]:
        """Every folder, the root first, each followed by its subfolders (depth first)."""
        ordered: list[Folder] = []
        pending = [self.root]
        while pending:
            folder = pending.pop()
            ordered.append(folder)
            pending.extend(self.folders[key] for key in reversed(folder.folders))
        return ordered

    def label(self, key: str) -> str:
        """A folder's path as shown: ``Sources / 2026``."""
        return " / ".join(folder.name for folder in self.chain(key))


def _folder_names(note: Note, folder: str) -> dict[str, str]:
    """Each folder above a note, by key, with its name on disk (the key's part when the two
    do not line up, as when a folder's name has no character a slug keeps)."""
    keys = folder.split("/") if folder else []
    written = note.path.split("/")[:-1]
    shown = written if len(written) == len(keys) else keys
    return {"/".join(keys[: depth + 1]): shown[depth] for depth in range(len(keys))}


@dataclass(frozen=True, slots=True)
class ExplorerNote:
    is_folder: ClassVar[bool] = False
    title: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class ExplorerFolder:
    """A folder in the explorer: open ones carry their (capped) listing; the script at
    ``data`` lists the entries of a closed one."""

    is_folder: ClassVar[bool] = True
    key: str
    title: str
    href: str
    data: str
    count: int
    open: bool
    current: bool
    entries: tuple[ExplorerNote | ExplorerFolder, ...]
    more: int


@dataclass(frozen=True, slots=True)
class Explorer:
    """The explorer of one page: the root listing, ``more`` entries left out of it, and the
    link to the notes index that lists them all."""

    entries: tuple[ExplorerNote | ExplorerFolder, ...]
    more: int
    all_href: str


@dataclass(frozen=True, slots=True)
class Crumb:
    """A step of the breadcrumbs; the last one, the page itself, has no link."""

    title: str
    href: str | None


NO_EXPLORER = Explorer((), 0, "")


def explorer_view(tree: FolderTree, page: str, folder: str, current: str | None = None) -> Explorer:
    """The explorer of a page that stands in ``folder`` (the folder's own page, or the page of
    the note ``current``): every folder down to it open, the note highlighted."""
    opened = {f.key for f in tree.chain(folder)}
    entries, more = _listing(tree, tree.root, page, opened, folder if current is None else None, current)
    return Explorer(entries, more, relative_url(page, NOTES_INDEX_PAGE))


def _listing(
    tree: FolderTree,
    folder: Folder,
    page: str,
    opened: set[str],
    folder_here: str | None,
    current: str | None,
) -> tuple[tuple[ExplorerNote | ExplorerFolder, ...], int]:
    """A folder's entries as a page shows them: the first :data:`EXPLORER_LIMIT`, and the
    current note or folder if it comes later; and how many are left out."""
    items = tree.items[folder.key]
    positions = tree.positions[folder.key]
    wanted = [(True, key) for key in opened] + ([(False, current)] if current else [])
    later = sorted(n for item in wanted if (n := positions.get(item, 0)) >= EXPLORER_LIMIT)
    shown = list(items[:EXPLORER_LIMIT]) + [items[n] for n in later]
    entries = tuple(
        _folder_entry(tree, tree.folders[key], page, opened, folder_here, current)
        if is_folder
        else ExplorerNote(tree.notes[key][0], relative_url(page, tree.notes[key][1]), key == current)
        for is_folder, key in shown
    )
    return entries, len(items) - len(shown)


def _folder_entry(
    tree: FolderTree,
    folder: Folder,
    page: str,
    opened: set[str],
    folder_here: str | None,
    current: str | None,
) -> ExplorerFolder:
    is_open = folder.key in opened
    entries, more = _listing(tree, folder, page, opened, folder_here, current) if is_open else ((), 0)
    return ExplorerFolder(
        key=folder.key,
        title=folder.name,
        href=relative_url(page, folder_page(folder.key)),
        data=relative_url(page, explorer_data(folder.key)),
        count=folder.count,
        open=is_open,
        current=folder.key == folder_here,
        entries=entries,
        more=more,
    )


def explorer_data_script(tree: FolderTree, folder: Folder) -> str:
    """The script listing a folder's first :data:`EXPLORER_LIMIT` entries for the explorer.

    It calls ``noteforgeExplorer(key, entries, more, folderPage)``; URLs are relative to the
    site root (the explorer prefixes the page's way back to it). A folder entry carries its
    key, note count and data script."""
    items = tree.items[folder.key]
    entries = [
        _folder_data(tree.folders[key])
        if is_folder
        else {"t": tree.wiki.note(key).title, "u": _from_root(note_page(key))}
        for is_folder, key in items[:EXPLORER_LIMIT]
    ]
    more = max(0, len(items) - EXPLORER_LIMIT)
    arguments = [folder.key, entries, more, _from_root(folder_page(folder.key))]
    text = json.dumps(arguments, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"noteforgeExplorer.apply(null,{text});\n"


def _items(folder: Folder) -> tuple[tuple[bool, str], ...]:
    """A folder's listing: ``(is_folder, key)``, its subfolders first, then its notes."""
    return (*((True, key) for key in folder.folders), *((False, slug) for slug in folder.notes))


def _folder_data(folder: Folder) -> dict[str, str | int]:
    return {
        "t": folder.name,
        "u": _from_root(folder_page(folder.key)),
        "k": folder.key,
        "n": folder.count,
        "d": _from_root(explorer_data(folder.key)),
    }


def _from_root(path: str) -> str:
    """The encoded URL of a site path from the site root."""
    return relative_url(HOME_PAGE, path)


def note_breadcrumbs(tree: FolderTree, page: str, note: Note) -> tuple[Crumb, ...]:
    """Home › folder › subfolder › the note."""
    return (*_folder_crumbs(tree, page, note_folder(note.slug)), Crumb(note.title, None))


def folder_breadcrumbs(tree: FolderTree, page: str, key: str) -> tuple[Crumb, ...]:
    """Home › folder › … › this folder."""
    crumbs = _folder_crumbs(tree, page, key)
    return (*crumbs[:-1], Crumb(crumbs[-1].title, None))


def _folder_crumbs(tree: FolderTree, page: str, key: str) -> tuple[Crumb, ...]:
    home = Crumb("Home", relative_url(page, HOME_PAGE))
    return (home, *(Crumb(f.name, relative_url(page, folder_page(f.key))) for f in tree.chain(key)))
