"""The landing page: the wiki's home note, or a designed overview when it has none.

The home note is the one the ``home:`` option names, else ``index.md``, ``Home.md`` or
``README.md`` at the root of the notes (case-insensitively, in that order). Its page
is shown as ``index.html`` and it keeps its own page too, where links to it lead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from noteforge.config import SiteSettings
from noteforge.diagnostics import diagnostic
from noteforge.graph import Wiki
from noteforge.linker import Linker, NoteRef, StatusView
from noteforge.model import Diagnostic, Note, Status
from noteforge.paths import folder_page, without_md
from noteforge.views.base import Page, SiteInfo, status_badge
from noteforge.views.explorer import HOME_PAGE, NOTES_INDEX_PAGE, FolderTree, explorer_view
from noteforge.views.lists import FolderLink

HOME_NAMES = ("index.md", "home.md", "readme.md")
RECENT_LENGTH = 10
# Notes at the root listed on the designed landing page; the notes index has them all.
TOP_LEVEL_SHOWN = 20


@dataclass(frozen=True, slots=True)
class RecentChange:
    note: NoteRef
    when: date
    created: bool


@dataclass(frozen=True, slots=True)
class LandingPage(Page):
    """The landing page of a wiki without a home note."""

    template: ClassVar[str] = "index.html"
    note_count: int
    notes_href: str
    recent: tuple[RecentChange, ...]
    status_counts: tuple[tuple[StatusView, int], ...]
    theses_href: str | None
    folders: tuple[FolderLink, ...]
    top_level: tuple[NoteRef, ...]
    top_level_count: int


def home_note(wiki: Wiki, config: SiteSettings) -> Note | None:
    """The note shown as the landing page, if the wiki has one."""
    if config.home is not None and (named := _named(wiki, config.home.name)) is not None:
        return named
    at_root = {note.path.casefold(): note for note in wiki.notes if "/" not in note.path}
    return next((at_root[name] for name in HOME_NAMES if name in at_root), None)


def home_diagnostics(wiki: Wiki, config: SiteSettings) -> tuple[Diagnostic, ...]:
    """NF150 when the ``home:`` option names no note."""
    home = config.home
    if home is None or _named(wiki, home.name) is not None:
        return ()
    message = f"`home: {home.name}` names no note; the landing page is the default one"
    return (diagnostic("NF150", home.source, home.line, home.col, message),)


def _named(wiki: Wiki, name: str) -> Note | None:
    """The note a ``home:`` value names: by its path (``.md`` optional), else by its title,
    case-insensitively."""
    wanted = without_md(name.strip("/")).casefold()
    by_path = (note for note in wiki.notes if without_md(note.path).casefold() == wanted)
    by_title = (note for note in wiki.notes if note.title.casefold() == wanted)
    return next(by_path, None) or next(by_title, None)


def landing_page(wiki: Wiki, tree: FolderTree, site: SiteInfo, theses_path: str | None) -> LandingPage:
    """Recent changes, the theses by status (when notes have one), the folders and the notes at the root."""
    linker = Linker(wiki, HOME_PAGE, site.labels)
    counts = tuple((status_badge(s, site), sum(n.status is s for n in wiki.notes)) for s in Status)
    has_statuses = any(count for _, count in counts)
    folders = tuple(
        FolderLink(sub.name, linker.relative(folder_page(sub.key)), sub.count)
        for sub in (tree.folders[key] for key in tree.root.folders)
    )
    top_level = tree.root.notes
    return LandingPage(
        HOME_PAGE,
        "",
        site.title,
        f"{len(wiki.notes)} notes",
        site,
        note_count=len(wiki.notes),
        notes_href=linker.relative(NOTES_INDEX_PAGE),
        recent=_recent(wiki, linker),
        status_counts=counts if has_statuses else (),
        theses_href=linker.relative(theses_path) if theses_path and has_statuses else None,
        folders=folders,
        top_level=tuple(linker.to_note(slug) for slug in top_level[:TOP_LEVEL_SHOWN]),
        top_level_count=len(top_level),
        explorer=explorer_view(tree, HOME_PAGE, ""),
    )


def _recent(wiki: Wiki, linker: Linker) -> tuple[RecentChange, ...]:
    """The notes most recently created or updated (by their own dates), newest first."""
    dated = [(note.updated or note.created, note) for note in wiki.notes]
    changes = sorted(
        ((when, note) for when, note in dated if when is not None),
        key=lambda pair: (-pair[0].toordinal(), pair[1].title.casefold()),
    )
    return tuple(
        RecentChange(linker.to_note(note.slug), when, note.updated is None or note.updated == note.created)
        for when, note in changes[:RECENT_LENGTH]
    )
