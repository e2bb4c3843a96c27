"""Machine-readable outputs: the Atom feed, the sitemap, the search data and the graph page.

Dates come from the notes (``created``, ``updated``, ``status_history``), never from the
build clock, so a rebuild without changes gives the same feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from urllib.parse import quote

from noteforge.graph import Wiki
from noteforge.model import Note
from noteforge.paths import note_page
from noteforge.research import timeline
from noteforge.views.base import Page, SiteInfo
from noteforge.views.datashards import ShardedData

FEED = "feed.xml"
SITEMAP = "sitemap.xml"
GRAPH_PAGE = "graph.html"
SEARCH_DATA = ShardedData("assets/search", "nfSearchData")
_FEED_LENGTH = 50
_NO_DATE = date(1970, 1, 1)  # Atom requires <updated>; a wiki with no dated note has no real one
# Search indexes the start of each body: enough to find a note by its content while a
# 10,000-note index still builds in the browser in a few seconds.
_BODY_INDEXED = 6000


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    title: str
    url: str
    updated: date
    summary: str


@dataclass(frozen=True, slots=True)
class FeedPage(Page):
    template: ClassVar[str] = "feed.xml"
    updated: date
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class SitemapPage(Page):
    template: ClassVar[str] = "sitemap.xml"
    urls: tuple[tuple[str, date | None], ...]


@dataclass(frozen=True, slots=True)
class GraphPage(Page):
    template: ClassVar[str] = "graph.html"
    note_count: int
    link_count: int


def feed_page(wiki: Wiki, site: SiteInfo) -> FeedPage:
    """Notes created or updated, and status changes, newest first."""
    entries = sorted(
        (entry for note in wiki.notes for entry in _note_entries(note, site)),
        key=lambda entry: (entry.updated, entry.id),
        reverse=True,
    )[:_FEED_LENGTH]
    newest = entries[0].updated if entries else _NO_DATE
    description = f"Changes to {site.title}"
    return FeedPage(FEED, "", site.title, description, site, newest, tuple(entries))


def _note_entries(note: Note, site: SiteInfo) -> list[FeedEntry]:
    url = site.absolute(note_page(note.slug)) or note_page(note.slug)
    entries = []
    if note.created:
        title = f"New note: {note.title}"
        entries.append(FeedEntry(_tag(note, note.created, "created"), title, url, note.created, note.summary))
    if note.updated and note.updated != note.created:
        title = f"Updated: {note.title}"
        entries.append(FeedEntry(_tag(note, note.updated, "updated"), title, url, note.updated, note.summary))
    for change in timeline(note):
        label = site.labels[change.status]
        summary = f"{note.title} is now: {label}." + (f" {change.reason}" if change.reason else "")
        ident = _tag(note, change.when, f"status-{change.status.value}")
        entries.append(FeedEntry(ident, f"{label}: {note.title}", url, change.when, summary))
    return entries


def _tag(note: Note, when: date, event: str) -> str:
    """A stable entry id: an RFC 4151 tag URI (``.invalid``: noteforge owns no domain for it)."""
    return f"tag:noteforge.invalid,{when.isoformat()}:{note.slug}/{event}"


def sitemap_page(wiki: Wiki, site: SiteInfo, paths: list[str]) -> SitemapPage | None:
    """The sitemap, which needs absolute, percent-encoded URLs: only when a base URL is configured."""
    if not site.base_url:
        return None
    modified = {note_page(note.slug): note.updated or note.created for note in wiki.notes}
    urls = tuple((site.absolute(quote(path, safe="/-._~")), modified.get(path)) for path in paths)
    return SitemapPage(SITEMAP, "", site.title, "", site, urls)


def graph_page(wiki: Wiki, site: SiteInfo) -> GraphPage:
    """The interactive graph of the whole wiki."""
    description = "Every note and link of the wiki as a graph"
    return GraphPage(
        GRAPH_PAGE, "", "Graph", description, site, len(wiki.notes), wiki.graph.number_of_edges()
    )


def search_doc(note: Note) -> dict[str, str]:
    """What search indexes of one note, keyed by its page's URL."""
    return {
        "url": note_page(note.slug),
        "title": note.title,
        "aliases": ", ".join(note.aliases),
        "tags": " ".join(note.tags),
        "facts": " ".join(fact.text for fact in note.facts),
        "questions": " ".join(question.text for question in note.open_questions),
        "body": note.body_text[:_BODY_INDEXED],
        "type": note.type,
        "status": note.status.value if note.status else "",
    }
