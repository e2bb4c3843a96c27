"""Site model: from the resolved wiki to one view object per page (and the data files).

Each page object is everything its template may read — titles, ready-made relative
URLs, grouped and sorted lists, note HTML with its placeholders filled in by a
:class:`~noteforge.linker.Linker` — so templates hold no logic and never see the graph
or the config. ``today`` (the build date) is an input, so the same notes on the same
day give the same site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from noteforge.config import Config
from noteforge.graph import Wiki
from noteforge.model import Diagnostic, Severity
from noteforge.paths import note_page
from noteforge.views.base import Page, TextFile, site_info
from noteforge.views.feeds import FEED, SITEMAP, feed_page, graph_page, search_data_file, sitemap_page
from noteforge.views.graphdata import graph_data_file
from noteforge.views.lists import index_page, missing_page
from noteforge.views.note import NotePage, note_page_view
from noteforge.views.permalinks import permalink_pages
from noteforge.views.research import claims_page, gaps_page, questions_page, theses_page
from noteforge.views.tags import identifiers_page, tags_pages

__all__ = ["NotePage", "Page", "SiteModel", "TextFile", "build_pages"]

_SHOWN = {Severity.ERROR, Severity.WARNING}


class SiteModel:
    """The views of one build: the overview pages and data files, and each note's page.

    Built once from the resolved wiki; :meth:`note_page` may then run in worker processes.
    Each note page lists the errors and warnings among ``diagnostics`` that concern it.
    """

    def __init__(self, wiki: Wiki, diagnostics: Iterable[Diagnostic], config: Config, today: date) -> None:
        self.wiki = wiki
        self.config = config
        self.site = site_info(config, today)
        # NF172 for permalinks that would take another page's place, known once
        # :meth:`overview_pages` has run (it knows every page's path).
        self.permalink_diagnostics: tuple[Diagnostic, ...] = ()
        self.shown: defaultdict[str, list[Diagnostic]] = defaultdict(list)
        for d in diagnostics:
            if d.severity in _SHOWN:
                self.shown[d.path].append(d)

    def overview_pages(self) -> Iterator[Page | TextFile]:
        """Every page that is not a note's, and the data files, in a stable order."""
        wiki, config, site = self.wiki, self.config, self.site
        views: list[Page] = [
            index_page(wiki, site),
            missing_page(wiki, site),
            theses_page(wiki, config, site),
            claims_page(wiki, config, site),
            questions_page(wiki, site),
            gaps_page(wiki, config, site),
            identifiers_page(wiki, site),
            graph_page(wiki, site),
            *tags_pages(wiki, site),
        ]
        yield from views
        yield feed_page(wiki, site)
        notes = [note_page(note.slug) for note in wiki.notes]
        sitemap = sitemap_page(wiki, site, [page.path for page in views] + notes)
        if sitemap is not None:
            yield sitemap
        data_files = [graph_data_file(wiki), search_data_file(wiki)]
        yield from data_files
        taken = [page.path for page in views] + notes + [FEED, SITEMAP] + [file.path for file in data_files]
        redirects, self.permalink_diagnostics = permalink_pages(wiki, site, taken)
        yield from redirects

    def note_page(self, slug: str) -> NotePage:
        """The page of one note."""
        note = self.wiki.note(slug)
        shown = tuple(self.shown[note.path])
        return note_page_view(self.wiki, note, shown, self.config, self.site)


def build_pages(
    wiki: Wiki, diagnostics: Iterable[Diagnostic], config: Config, today: date
) -> Iterator[Page | TextFile]:
    """Every page and data file of the site, in a stable order."""
    model = SiteModel(wiki, diagnostics, config, today)
    yield from model.overview_pages()
    for note in wiki.notes:
        yield model.note_page(note.slug)
