"""What every page of the site has, and the small helpers the views share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from noteforge.config import SiteSettings
from noteforge.graph import Wiki
from noteforge.linker import StatusView
from noteforge.model import Status
from noteforge.views.explorer import NO_EXPLORER, Crumb, Explorer

TYPE_ORDER = ("thesis", "entity", "question", "topic", "source", "note")
TYPE_LABELS = {
    "thesis": "Theses",
    "entity": "Entities",
    "question": "Questions",
    "topic": "Topics",
    "source": "Sources",
    "note": "Notes",
}


@dataclass(frozen=True, slots=True)
class Page:
    """What every page has: where it is written, the way back to the root, its title and
    description (for the ``<title>``, search engines and link previews), and its place in
    the notes' folders: the breadcrumbs above it and the explorer beside it."""

    template: ClassVar[str]
    path: str
    root: str
    title: str
    description: str
    site: SiteInfo
    breadcrumbs: tuple[Crumb, ...] = field(default=(), kw_only=True)
    explorer: Explorer = field(default=NO_EXPLORER, kw_only=True)


@dataclass(frozen=True, slots=True)
class MenuLink:
    """A view in the site menu: its label and its site path (pages prefix their way to the root)."""

    label: str
    path: str


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """Site-wide facts every page shows: the title, the public URL (if configured), the build
    date, the status labels and the menu of the views the site has."""

    title: str
    base_url: str
    today: date
    status_labels: tuple[tuple[Status, str], ...]
    menu: tuple[MenuLink, ...] = ()

    @property
    def labels(self) -> dict[Status, str]:
        """The badge label of each status."""
        return dict(self.status_labels)

    def absolute(self, path: str) -> str:
        """The public URL of a site path, when a base URL is configured (else ``""``)."""
        return self.base_url + path if self.base_url else ""


@dataclass(frozen=True, slots=True)
class TextFile:
    """A generated file that is not a templated page (the graph and search data)."""

    path: str
    text: str


def site_info(config: SiteSettings, today: date, menu: tuple[MenuLink, ...] = ()) -> SiteInfo:
    """The site-wide facts for a build."""
    return SiteInfo(config.site_title, config.base_url, today, config.status_labels, menu)


def status_badge(status: Status, site: SiteInfo) -> StatusView:
    """A badge for a status on its own (no date)."""
    return StatusView(status.value, site.labels[status], None)


def type_label(note_type: str) -> str:
    """The plural heading of a note type."""
    return TYPE_LABELS.get(note_type, note_type.title())


def ordered_types(wiki: Wiki) -> list[str]:
    """The note types present, in the order the site lists them."""
    present = {note.type for note in wiki.notes}
    return [t for t in TYPE_ORDER if t in present] + sorted(present - set(TYPE_ORDER))
