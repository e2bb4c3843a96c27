"""Obsidian Publish's ``permalink``: a further address of a note's page, as a redirect.

A note with ``permalink: guides/setup`` gets ``guides/setup.html``, a small page that
sends the reader on to the note's own page (``notes/…``). It never takes another page's
place: a permalink whose page the site already writes, which lies in one of the site's
own folders (``notes/``, ``assets/``, ``files/``, ``tags/``…), or which an earlier note
(in slug order) claimed is not written, and NF172 says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from noteforge.diagnostics import diagnostic
from noteforge.graph import Wiki
from noteforge.model import Diagnostic
from noteforge.paths import NOTES_FOLDER, attachment_file, note_page, relative_url, root_prefix
from noteforge.views.base import Page, SiteInfo

# Folders the site writes besides its pages' own (static assets, attachments).
_SITE_FOLDERS = frozenset({NOTES_FOLDER, "assets", attachment_file("x").split("/", 1)[0]})


@dataclass(frozen=True, slots=True)
class RedirectPage(Page):
    """A permalink's page: it sends the reader to ``target``, the note's page."""

    template: ClassVar[str] = "redirect.html"
    target: str


def permalink_pages(
    wiki: Wiki, site: SiteInfo, taken: Iterable[str]
) -> tuple[tuple[RedirectPage, ...], tuple[Diagnostic, ...]]:
    """The redirect page of each note's permalink that takes no other page's place, and
    NF172 for each that would."""
    # compared case-insensitively: on macOS and Windows, Index.html is index.html
    used = {path.casefold() for path in taken}
    folders = _SITE_FOLDERS | {path.split("/", 1)[0] for path in used if "/" in path}
    pages: list[RedirectPage] = []
    problems: list[Diagnostic] = []
    for note in wiki.notes:
        if note.permalink is None:
            continue
        path = f"{note.permalink}.html"
        key = path.casefold()
        folder = key.split("/", 1)[0] if "/" in key else None
        if key in used or folder in folders:
            message = f'permalink "{note.permalink}" would take the place of another page of the site'
            problems.append(diagnostic("NF172", note.path, 1, 1, message))
            continue
        used.add(key)
        target = note_page(note.slug)
        pages.append(
            RedirectPage(path, root_prefix(path), note.title, note.summary, site, relative_url(path, target))
        )
    return tuple(pages), tuple(problems)
