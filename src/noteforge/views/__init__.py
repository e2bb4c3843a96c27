"""Site model: from the resolved wiki to one view object per page (and the data files).

Each page object is everything its template may read — titles, ready-made relative
URLs, grouped and sorted lists, note HTML with its placeholders filled in by a
:class:`~noteforge.linker.Linker` — so templates hold no logic and never see the graph
or the config. ``today`` (the build date) is an input, so the same notes on the same
day give the same site.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from noteforge.config import SiteSettings, View
from noteforge.graph import Wiki
from noteforge.linker import MISSING_PAGE
from noteforge.model import Diagnostic, Severity
from noteforge.paths import explorer_data, note_page
from noteforge.research import completeness, dead_ends, orphans, unsourced_entities
from noteforge.views.base import MenuLink, Page, SiteInfo, TextFile, site_info
from noteforge.views.explorer import (
    HOME_PAGE,
    NO_EXPLORER,
    NOTES_INDEX_PAGE,
    FolderTree,
    explorer_data_script,
    explorer_view,
)
from noteforge.views.feeds import (
    FEED,
    GRAPH_PAGE,
    SITEMAP,
    feed_page,
    graph_page,
    search_data_files,
    sitemap_page,
)
from noteforge.views.graphdata import graph_data_files
from noteforge.views.home import home_note, landing_page
from noteforge.views.lists import folder_pages, index_page, missing_page
from noteforge.views.note import NotePage, note_page_view
from noteforge.views.permalinks import permalink_pages
from noteforge.views.previews import preview_files
from noteforge.views.research import (
    CLAIMS_PAGE,
    GAPS_PAGE,
    QUESTIONS_PAGE,
    THESES_PAGE,
    claims_page,
    gaps_page,
    questions_page,
    theses_page,
)
from noteforge.views.tags import IDENTIFIERS_PAGE, TAGS_PAGE, identifiers_page, tags_pages

__all__ = ["VIEWS", "NotePage", "Page", "SiteModel", "TextFile", "build_pages"]

_SHOWN = {Severity.ERROR, Severity.WARNING}


@dataclass(frozen=True, slots=True)
class _Built:
    """What a view's pages are built from."""

    wiki: Wiki
    config: SiteSettings
    site: SiteInfo
    tree: FolderTree


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """A view of the whole wiki: its menu label and page, whether it has anything to show,
    the ``views:`` option that may force it on or off, and how its pages are built."""

    label: str
    path: str
    has_content: Callable[[Wiki, SiteSettings], bool]
    pages: Callable[[_Built], Iterable[Page]]
    option: View | None = None

    def present(self, wiki: Wiki, config: SiteSettings) -> bool:
        """Whether the site has this view: as the ``views:`` option says, else when it has content."""
        forced = config.view_forced(self.option) if self.option else None
        return self.has_content(wiki, config) if forced is None else forced


def _has_gaps(wiki: Wiki, config: SiteSettings) -> bool:
    return bool(
        wiki.missing()
        or orphans(wiki)
        or dead_ends(wiki)
        or unsourced_entities(wiki)
        or any(completeness(note, config)[0] for note in wiki.notes)
    )


# The one list of the site's views, in menu order.
VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "All notes", NOTES_INDEX_PAGE, lambda w, c: True, lambda b: [index_page(b.wiki, b.tree, b.site)]
    ),
    ViewSpec(
        "Theses",
        THESES_PAGE,
        lambda w, c: any(n.status for n in w.notes),
        lambda b: [theses_page(b.wiki, b.config, b.site)],
        View.THESES,
    ),
    ViewSpec(
        "Claims",
        CLAIMS_PAGE,
        lambda w, c: any(n.facts for n in w.notes),
        lambda b: [claims_page(b.wiki, b.config, b.site)],
        View.CLAIMS,
    ),
    ViewSpec(
        "Questions",
        QUESTIONS_PAGE,
        lambda w, c: any(n.open_questions for n in w.notes),
        lambda b: [questions_page(b.wiki, b.site)],
        View.QUESTIONS,
    ),
    ViewSpec("Gaps", GAPS_PAGE, _has_gaps, lambda b: [gaps_page(b.wiki, b.config, b.site)], View.GAPS),
    ViewSpec(
        "Tags", TAGS_PAGE, lambda w, c: any(n.tags for n in w.notes), lambda b: tags_pages(b.wiki, b.site)
    ),
    ViewSpec(
        "Identifiers",
        IDENTIFIERS_PAGE,
        lambda w, c: any(n.identifiers for n in w.notes),
        lambda b: [identifiers_page(b.wiki, b.site)],
        View.IDENTIFIERS,
    ),
    ViewSpec(
        "Graph", GRAPH_PAGE, lambda w, c: bool(w.notes), lambda b: [graph_page(b.wiki, b.site)], View.GRAPH
    ),
    ViewSpec(
        "Missing notes",
        MISSING_PAGE,
        lambda w, c: bool(w.missing()),
        lambda b: [missing_page(b.wiki, b.site)],
    ),
)


class SiteModel:
    """The views of one build: the overview pages and data files, and each note's page.

    Built once from the resolved wiki; :meth:`note_page` may then run in worker processes.
    Each note page lists the errors and warnings among ``diagnostics`` that concern it.
    """

    def __init__(
        self, wiki: Wiki, diagnostics: Iterable[Diagnostic], config: SiteSettings, today: date
    ) -> None:
        self.wiki = wiki
        self.config = config
        self.views = tuple(view for view in VIEWS if view.present(wiki, config))
        self.site = site_info(config, today, tuple(MenuLink(view.label, view.path) for view in self.views))
        self.tree = FolderTree(wiki)
        # NF172 for permalinks that would take another page's place, known once
        # :meth:`overview_pages` has run (it knows every page's path).
        self.permalink_diagnostics: tuple[Diagnostic, ...] = ()
        self.shown: defaultdict[str, list[Diagnostic]] = defaultdict(list)
        for d in diagnostics:
            if d.severity in _SHOWN:
                self.shown[d.path].append(d)

    def overview_pages(self) -> Iterator[Page | TextFile]:
        """Every page that is not a note's, and the data files, in a stable order."""
        wiki, tree = self.wiki, self.tree
        built = _Built(wiki, self.config, self.site, tree)
        views: list[Page] = [
            self._landing_page(),
            *(self._placed(page) for view in self.views for page in view.pages(built)),
            *folder_pages(tree, self.site),
        ]
        yield from views
        yield feed_page(wiki, self.site)
        notes = [note_page(note.slug) for note in wiki.notes]
        sitemap = sitemap_page(wiki, self.site, [page.path for page in views] + notes)
        if sitemap is not None:
            yield sitemap
        data_files = [
            *graph_data_files(wiki),
            *search_data_files(wiki),
            *explorer_files(tree),
            *preview_files(wiki, self.site),
        ]
        yield from data_files
        taken = [page.path for page in views] + notes + [FEED, SITEMAP] + [file.path for file in data_files]
        redirects, self.permalink_diagnostics = permalink_pages(wiki, self.site, taken)
        yield from redirects

    def _landing_page(self) -> Page:
        """The home note's page shown as the landing page, else the designed one."""
        home = home_note(self.wiki, self.config)
        if home is not None:
            return self._note_view(home.slug, HOME_PAGE)
        theses = THESES_PAGE if any(view.path == THESES_PAGE for view in self.views) else None
        return landing_page(self.wiki, self.tree, self.site, theses)

    def _placed(self, page: Page) -> Page:
        """A view's page with the explorer of a page at the root of the notes."""
        if page.explorer is not NO_EXPLORER:
            return page
        return dataclasses.replace(page, explorer=explorer_view(self.tree, page.path, ""))

    def note_page(self, slug: str) -> NotePage:
        """The page of one note."""
        return self._note_view(slug, None)

    def _note_view(self, slug: str, path: str | None) -> NotePage:
        note = self.wiki.note(slug)
        shown = tuple(self.shown[note.path])
        return note_page_view(self.wiki, note, shown, self.config, self.site, self.tree, path)


def build_pages(
    wiki: Wiki, diagnostics: Iterable[Diagnostic], config: SiteSettings, today: date
) -> Iterator[Page | TextFile]:
    """Every page and data file of the site, in a stable order."""
    model = SiteModel(wiki, diagnostics, config, today)
    yield from model.overview_pages()
    for note in wiki.notes:
        yield model.note_page(note.slug)


def explorer_files(tree: FolderTree) -> Iterator[TextFile]:
    """The listing of each folder below the root, loaded when the reader opens it."""
    for folder in tree.in_order():
        if folder.key:
            yield TextFile(explorer_data(folder.key), explorer_data_script(tree, folder))
