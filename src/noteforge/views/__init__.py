"""Site model: from the resolved wiki to one view object per page (and the data files).

Each page object is everything its template may read — titles, ready-made relative
URLs, grouped and sorted lists, note HTML with its placeholders filled in by a
:class:`~noteforge.linker.Linker` — so templates hold no logic and never see the graph
or the config. ``today`` (the build date) is an input, so the same notes on the same
day give the same site.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from noteforge.config import SiteSettings, View
from noteforge.diagnostics import apply_severities, sort_diagnostics
from noteforge.graph import Wiki
from noteforge.linker import MISSING_PAGE, Linker
from noteforge.model import Diagnostic, Note, Severity
from noteforge.paths import base_page, explorer_data, folder_page, note_page, root_prefix
from noteforge.research import completeness, dead_ends, orphans, unsourced_entities
from noteforge.views.base import MenuLink, Page, SiteInfo, TextFile, site_info
from noteforge.views.datashards import ShardedData, index_file, shard_count, shard_file
from noteforge.views.explorer import (
    HOME_PAGE,
    NO_EXPLORER,
    NOTES_INDEX_PAGE,
    Folder,
    FolderTree,
    explorer_data_script,
    explorer_view,
)
from noteforge.views.feeds import (
    FEED,
    GRAPH_PAGE,
    SEARCH_DATA,
    SITEMAP,
    feed_page,
    graph_page,
    search_doc,
    sitemap_page,
)
from noteforge.views.graphdata import GRAPH_DATA, graph_entry
from noteforge.views.home import home_note, landing_page
from noteforge.views.keys import Aspect, PageJob, PageKeys, note_face
from noteforge.views.lists import folder_page_view, index_page, index_shelves_page, missing_page
from noteforge.views.note import NotePage, note_page_view
from noteforge.views.paging import Part, Shelf, shelf_nav, shelves
from noteforge.views.permalinks import permalink_pages
from noteforge.views.previews import (
    PREVIEW_INDEX,
    PreviewShard,
    preview_index_file,
    preview_shard_file,
    preview_shards,
    shard_of,
)
from noteforge.views.queries import BasePage, Queries
from noteforge.views.research import (
    CLAIMS_PAGE,
    GAPS_PAGE,
    QUESTIONS_PAGE,
    THESES_PAGE,
    claims_index,
    claims_page,
    gaps_page,
    questions_index,
    questions_page,
    theses_index,
    theses_page,
)
from noteforge.views.tags import IDENTIFIERS_PAGE, TAGS_PAGE, identifiers_page, tags_pages

__all__ = ["VIEWS", "NotePage", "Page", "Patched", "SiteModel", "TextFile", "build_pages"]

_SHOWN = {Severity.ERROR, Severity.WARNING}


@dataclass(frozen=True, slots=True)
class _Built:
    """What a view's pages are built from."""

    wiki: Wiki
    config: SiteSettings
    site: SiteInfo
    tree: FolderTree


@dataclass(frozen=True, slots=True)
class Paging:
    """How a view listing notes is paged when they do not fit on one page
    (:mod:`noteforge.views.paging`): the notes it lists, the folder of its pages, how one
    page is built and what it reads of each of its notes (with the faces of what they link
    to when that is their links), and the index at the view's path, with what that index
    reads of each note."""

    lists: Callable[[Note], bool]
    folder: str
    page: Callable[[_Built, Part], Page]
    page_aspects: tuple[Aspect, ...]
    index: Callable[[_Built, tuple[Shelf, ...]], Page]
    index_aspects: tuple[Aspect, ...]


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """A view of the whole wiki: its menu label and page, whether it has anything to show,
    what it reads of each note (its page is rebuilt when that changes), the ``views:``
    option that may force it on or off, and how its pages are built: all at once, or
    paged by the start of the titles of the notes it lists."""

    label: str
    path: str
    aspects: tuple[Aspect, ...]
    has_content: Callable[[Wiki, SiteSettings], bool]
    pages: Callable[[_Built], Iterable[Page]] | Paging
    option: View | None = None

    def present(self, wiki: Wiki, config: SiteSettings) -> bool:
        """Whether the site has this view: as the ``views:`` option says, else when it has content."""
        forced = config.view_forced(self.option) if self.option else None
        return self.has_content(wiki, config) if forced is None else forced


def _has_gaps(wiki: Wiki, config: SiteSettings) -> bool:
    return bool(
        wiki.has_missing()
        or orphans(wiki)
        or dead_ends(wiki)
        or unsourced_entities(wiki)
        or any(completeness(note, config)[0] for note in wiki.notes)
    )


_FACTS = (Aspect.FACES, Aspect.LINKS, Aspect.FACTS)

# The one list of the site's views, in menu order.
VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "All notes",
        NOTES_INDEX_PAGE,
        (Aspect.FACES, Aspect.LINKS, Aspect.FACTS, Aspect.QUESTIONS),  # counts of each, missing notes
        lambda w, c: True,
        Paging(
            lambda n: True,
            "all-notes",
            lambda b, part: index_page(b.wiki, b.tree, b.site, part),
            (Aspect.FACES, Aspect.FACTS, Aspect.QUESTIONS),  # a page lists no missing note
            lambda b, shelves: index_shelves_page(b.wiki, b.tree, b.site, shelves),
            (Aspect.FACES, Aspect.LINKS),  # counts by status and folder, missing notes
        ),
    ),
    ViewSpec(
        "Theses",
        THESES_PAGE,
        (*_FACTS, Aspect.QUESTIONS),  # open questions are counted
        lambda w, c: any(n.status for n in w.notes),
        Paging(
            lambda n: n.status is not None,
            "theses",
            lambda b, part: theses_page(b.wiki, b.config, b.site, part),
            (*_FACTS, Aspect.QUESTIONS),
            lambda b, shelves: theses_index(b.wiki, b.site, shelves),
            (Aspect.FACES,),  # counts by status
        ),
        View.THESES,
    ),
    ViewSpec(
        "Claims",
        CLAIMS_PAGE,
        _FACTS,
        lambda w, c: any(n.facts for n in w.notes),
        Paging(
            lambda n: bool(n.facts),
            "claims",
            lambda b, part: claims_page(b.wiki, b.config, b.site, part),
            _FACTS,
            lambda b, shelves: claims_index(b.config, b.site, shelves),
            (),
        ),
        View.CLAIMS,
    ),
    ViewSpec(
        "Questions",
        QUESTIONS_PAGE,
        (Aspect.FACES, Aspect.LINKS, Aspect.QUESTIONS),
        lambda w, c: any(n.open_questions for n in w.notes),
        Paging(
            lambda n: bool(n.open_questions),
            "questions",
            lambda b, part: questions_page(b.wiki, b.site, part),
            (Aspect.FACES, Aspect.LINKS, Aspect.QUESTIONS),
            lambda b, shelves: questions_index(b.wiki, b.site, shelves),
            (Aspect.QUESTIONS,),  # the open count
        ),
        View.QUESTIONS,
    ),
    ViewSpec(
        "Gaps",
        GAPS_PAGE,
        (*_FACTS, Aspect.SECTIONS),
        _has_gaps,
        lambda b: [gaps_page(b.wiki, b.config, b.site)],
        View.GAPS,
    ),
    ViewSpec(
        "Tags",
        TAGS_PAGE,
        (Aspect.FACES,),
        lambda w, c: any(n.tags for n in w.notes),
        lambda b: tags_pages(b.wiki, b.site),
    ),
    ViewSpec(
        "Identifiers",
        IDENTIFIERS_PAGE,
        (Aspect.FACES,),
        lambda w, c: any(n.identifiers for n in w.notes),
        lambda b: [identifiers_page(b.wiki, b.site)],
        View.IDENTIFIERS,
    ),
    ViewSpec(
        "Graph",
        GRAPH_PAGE,
        (Aspect.FACES, Aspect.LINKS),
        lambda w, c: bool(w.notes),
        lambda b: [graph_page(b.wiki, b.site)],
        View.GRAPH,
    ),
    ViewSpec(
        "Missing notes",
        MISSING_PAGE,
        (Aspect.FACES, Aspect.LINKS),
        lambda w, c: w.has_missing(),
        lambda b: [missing_page(b.wiki, b.site)],
    ),
)


class SiteModel:
    """The views of one build: the overview pages and data files, and each note's page.

    Built once from the resolved wiki; :meth:`note_job` may then run in worker processes.
    Each page comes as a :class:`PageJob` with its key (:mod:`noteforge.views.keys`), so
    the render stage builds only the pages whose inputs changed (``parsed_with``: the digest
    of the settings the notes were parsed with, which the keys include). Each note page lists the
    errors and warnings among ``diagnostics`` that concern it.
    """

    def __init__(
        self,
        wiki: Wiki,
        diagnostics: Iterable[Diagnostic],
        config: SiteSettings,
        today: date,
        parsed_with: str = "",
        previous: Patched | None = None,
        run_queries: bool = True,
    ) -> None:
        self.wiki = wiki
        self.config = config
        self.queries = Queries(wiki, config, today)
        self.views = tuple(view for view in VIEWS if view.present(wiki, config))
        self.site = site_info(config, today, tuple(MenuLink(view.label, view.path) for view in self.views))
        settings = parsed_with + config.digest
        self._shards: list[list[str]] | None = None
        # The pages of each paged view, with the (slug, title) of the notes they were cut from.
        self._shelved: dict[str, tuple[tuple[tuple[str, str], ...], tuple[Shelf, ...]]] = {}
        self._previews: tuple[int, list[PreviewShard]] | None = None
        if previous is None:
            self.tree = FolderTree(wiki)
            self.keys = PageKeys(wiki, self.tree, self.site, settings)
        else:
            old = previous.model
            faces = any(note_face(wiki.note(slug)) != old.keys.face(slug) for slug in previous.changed)
            self.tree = FolderTree(wiki) if faces else old.tree.of(wiki)
            self.keys = PageKeys(
                wiki, self.tree, self.site, settings, old.keys, previous.changed, previous.relisted
            )
            links = any(self.keys.links(slug) != old.keys.links(slug) for slug in previous.changed)
            self._shards = old._shards  # the same notes in the same shards
            self._shelved = dict(old._shelved)
            if not faces and not links:  # the same anchors linked, the same missing notes
                self._previews = old._previews
        # NF172 for permalinks that would take another page's place, known once
        # :meth:`closing_jobs` has run (it knows every page's path).
        self.permalink_diagnostics: tuple[Diagnostic, ...] = ()
        # The problems of running the queries, found before any page is made (and before
        # workers fork, which then share every result); a model rebuilt from a build's
        # record has them among its diagnostics already, and makes no page.
        ran = self.queries.run_all() if run_queries else ()
        self.query_diagnostics = apply_severities(ran, config.severities)
        self.shown: defaultdict[str, list[Diagnostic]] = defaultdict(list)
        for d in sort_diagnostics((*diagnostics, *self.query_diagnostics)):
            if d.severity in _SHOWN:
                self.shown[d.path].append(d)

    def view_jobs(self) -> Iterator[PageJob]:
        """The landing page, the views present, one page per folder and one per base."""
        built = _Built(self.wiki, self.config, self.site, self.tree)
        yield self._landing_job()
        for view in self.views:
            if isinstance(view.pages, Paging):
                yield from self._paged_jobs(view, view.pages, built)
            else:
                key = functools.partial(self.keys.view, view.path, view.aspects)
                yield PageJob(view.path, key, functools.partial(self._view_pages, view.pages, built))
        for folder in self.tree.in_order():
            page = folder_page(folder.key) if folder.key else None
            if page is not None:
                key = functools.partial(self.keys.folder_page, folder.key, page)
                yield PageJob(page, key, functools.partial(_folder_page, self.tree, self.site, folder.key))
        for spec in self.wiki.bases:
            page = base_page(spec.path)
            build = functools.partial(self._base_page, spec.path, page)
            yield PageJob(page, functools.partial(self.keys.base_page, page), build)

    def _base_page(self, source: str, path: str) -> list[Page]:
        linker = Linker(self.wiki, path, self.site.labels, self.queries)
        title = source.rpartition("/")[2].removesuffix(".base")
        page = BasePage(
            path,
            root_prefix(path),
            title,
            f"The views of the base {source}",
            self.site,
            source=source,
            views=self.queries.base_views(source, linker),
            diagnostics=tuple(self.shown.get(source, ())),
        )
        return [self._placed(page)]

    def _view_pages(self, pages: Callable[[_Built], Iterable[Page]], built: _Built) -> list[Page]:
        return [self._placed(page) for page in pages(built)]

    def _paged_jobs(self, view: ViewSpec, paging: Paging, built: _Built) -> Iterator[PageJob]:
        """A view listing notes: its one page, or its index and one page per shelf, each
        under the key of the notes it lists."""
        listed = [note for note in self.wiki.notes if paging.lists(note)]
        titles = tuple((note.slug, note.title) for note in listed)
        known = self._shelved.get(view.path)
        if known is None or known[0] != titles:  # else a patch changed no title the view lists
            known = self._shelved[view.path] = (titles, shelves(paging.folder, listed))
        all_shelves = known[1]
        if len(all_shelves) == 1:
            key = functools.partial(self.keys.view, view.path, view.aspects)
            part = Part(view.path, tuple(listed))
            yield PageJob(view.path, key, lambda: [self._placed(paging.page(built, part))])
            return
        counts = [(shelf.path, shelf.label, len(shelf.slugs)) for shelf in all_shelves]
        key = functools.partial(self._index_key, view.path, paging.index_aspects, counts)
        yield PageJob(view.path, key, lambda: [self._placed(paging.index(built, all_shelves))])
        folders = [(folder.key, self.tree.label(folder.key)) for folder in self.tree.in_order()]
        for number, shelf in enumerate(all_shelves):
            beside = [(s.path, s.label) for s in all_shelves[max(number - 1, 0) : number + 2]]
            key = functools.partial(
                self.keys.shelf, shelf.path, paging.page_aspects, shelf.slugs, beside, folders
            )
            build = functools.partial(self._shelf_page, view, paging, built, all_shelves, shelf)
            yield PageJob(shelf.path, key, build)

    def _index_key(self, path: str, aspects: tuple[Aspect, ...], counts: list[tuple[str, str, int]]) -> str:
        """The key of a paged view's index: what it reads of each note, its pages and the explorer."""
        return self.keys.view(path, aspects, counts, self.keys.root_explorer())

    def _shelf_page(
        self, view: ViewSpec, paging: Paging, built: _Built, all_shelves: tuple[Shelf, ...], shelf: Shelf
    ) -> list[Page]:
        nav = shelf_nav(view.label, view.path, all_shelves, shelf.path)
        part = Part(shelf.path, tuple(self.wiki.note(slug) for slug in shelf.slugs), shelf.label, nav)
        return [self._placed(paging.page(built, part))]

    def closing_jobs(self, taken: list[str]) -> Iterator[PageJob]:
        """The feed, the sitemap, the data files and the permalink redirects; ``taken`` are
        the paths of the pages :meth:`view_jobs` made."""
        wiki, keys = self.wiki, self.keys
        feed_key = functools.partial(keys.view, FEED, (Aspect.FACES,))
        yield PageJob(FEED, feed_key, lambda: [feed_page(wiki, self.site)])
        notes = [note_page(note.slug) for note in wiki.notes]
        if self.site.base_url:
            paths = taken + notes
            build_sitemap = functools.partial(_sitemap, wiki, self.site, paths)
            yield PageJob(
                SITEMAP, functools.partial(keys.view, SITEMAP, (Aspect.FACES,), paths), build_sitemap
            )
        data = [
            *self._sharded_jobs(GRAPH_DATA, functools.partial(graph_entry, wiki), keys.graph_shard),
            *self._sharded_jobs(SEARCH_DATA, search_doc, keys.search_shard),
            *self._explorer_jobs(),
            *self._preview_jobs(),
        ]
        yield from data
        everything = taken + notes + [FEED, SITEMAP] + [job.name for job in data]
        redirects, self.permalink_diagnostics = permalink_pages(wiki, self.site, everything)
        key = functools.partial(keys.view, "permalinks", (Aspect.FACES,), everything)
        yield PageJob("permalinks", key, lambda: redirects)

    def _sharded_jobs(
        self,
        data: ShardedData,
        entry: Callable[[Note], object],
        key: Callable[[str, list[str]], str],
    ) -> Iterator[PageJob]:
        """A data set in shards of notes: the index, then each shard under the key of its notes."""
        members = self._note_shards
        count = len(members)
        index_key = functools.partial(self.keys.view, data.index, (), count)
        yield PageJob(data.index, index_key, lambda: [index_file(data, count)])
        for number, slugs in enumerate(members):
            build = functools.partial(_shard_file, self.wiki, data, number, entry, slugs)
            yield PageJob(data.shard(number), functools.partial(key, data.shard(number), slugs), build)

    @property
    def _note_shards(self) -> list[list[str]]:
        """The notes (slugs) of each shard of the data sets (search, graph), hashed once for both."""
        if self._shards is None:
            count = shard_count(len(self.wiki.notes))
            self._shards = [[] for _ in range(count)]
            for note in self.wiki.notes:
                self._shards[shard_of(note_page(note.slug), count)].append(note.slug)
        return self._shards

    def data_shards(self, data: ShardedData) -> list[str]:
        """The files of the shards of ``data`` (search, graph)."""
        return [data.shard(number) for number in range(len(self._note_shards))]

    def data_shard(self, data: ShardedData, slug: str) -> str:
        """The file of the shard of ``data`` (search, graph) that holds the note ``slug``."""
        return data.shard(shard_of(note_page(slug), len(self._note_shards)))

    @property
    def previews(self) -> tuple[int, list[PreviewShard]]:
        """The hover previews' shard count and shards."""
        if self._previews is None:
            self._previews = preview_shards(self.wiki)
        return self._previews

    def _preview_jobs(self) -> Iterator[PageJob]:
        """The hover previews: the shard count, then each shard."""
        count, shards = self.previews
        index_key = functools.partial(self.keys.view, PREVIEW_INDEX, (), count)
        yield PageJob(PREVIEW_INDEX, index_key, lambda: [preview_index_file(count)])
        for shard in shards:
            build = functools.partial(_preview_shard, self.wiki, self.site, shard)
            yield PageJob(shard.path, functools.partial(self.keys.preview_shard, shard), build)

    def _explorer_jobs(self) -> Iterator[PageJob]:
        """The listing of each folder below the root, loaded when the reader opens it."""
        for folder in self.tree.in_order():
            if folder.key:
                path = explorer_data(folder.key)
                script = functools.partial(_explorer_file, self.tree, folder, path)
                key = functools.partial(self.keys.explorer_listing, folder.key, path)
                yield PageJob(path, key, script)

    def _landing_job(self) -> PageJob:
        """The home note's page shown as the landing page, else the designed one."""
        home = home_note(self.wiki, self.config)
        if home is not None:
            key = functools.partial(self.keys.note_page, home.slug, HOME_PAGE, self._shown_lines(home.path))
            return PageJob(HOME_PAGE, key, lambda: [self._note_view(home.slug, HOME_PAGE)])
        theses = THESES_PAGE if any(view.path == THESES_PAGE for view in self.views) else None
        key = functools.partial(self.keys.view, HOME_PAGE, _FACTS, theses)
        return PageJob(HOME_PAGE, key, lambda: [landing_page(self.wiki, self.tree, self.site, theses)])

    def _placed(self, page: Page) -> Page:
        """A view's page with the explorer of a page at the root of the notes."""
        if page.explorer is not NO_EXPLORER:
            return page
        return dataclasses.replace(page, explorer=explorer_view(self.tree, page.path, ""))

    def note_job(self, slug: str) -> PageJob:
        """The page of one note, under its key."""
        path = note_page(slug)
        key = functools.partial(self.keys.note_page, slug, path, self._shown_lines(self.wiki.note(slug).path))
        return PageJob(path, key, lambda: [self.note_page(slug)])

    def note_page(self, slug: str) -> NotePage:
        """The page of one note."""
        return self._note_view(slug, None)

    def shown_lines(self, path: str) -> tuple[str, ...]:
        """The errors and warnings the page of the note at ``path`` shows, as printed."""
        return self._shown_lines(path)

    def _shown_lines(self, path: str) -> tuple[str, ...]:
        return tuple(d.format() for d in self.shown.get(path, ()))

    def _note_view(self, slug: str, path: str | None) -> NotePage:
        note = self.wiki.note(slug)
        shown = tuple(self.shown[note.path])
        return note_page_view(self.wiki, note, shown, self.config, self.site, self.tree, path, self.queries)


@dataclass(frozen=True, slots=True)
class Patched:
    """What a site model is patched from: the model of the previous build, whose wiki differs
    from the new one only in the notes ``changed`` (their bytes, face or links; the same notes
    at the same paths), and takes what it knew of the others as it is; ``relisted``: the notes
    a listing may show otherwise (:class:`~noteforge.views.keys.PageKeys`)."""

    model: SiteModel
    changed: frozenset[str]
    relisted: frozenset[str] = frozenset()


def _folder_page(tree: FolderTree, site: SiteInfo, key: str) -> list[Page]:
    return [folder_page_view(tree, site, key)]


def _preview_shard(wiki: Wiki, site: SiteInfo, shard: PreviewShard) -> list[TextFile]:
    return [preview_shard_file(wiki, site, shard)]


def _shard_file(
    wiki: Wiki, data: ShardedData, number: int, entry: Callable[[Note], object], slugs: list[str]
) -> list[TextFile]:
    return [shard_file(data, number, [entry(wiki.note(slug)) for slug in slugs])]


def _sitemap(wiki: Wiki, site: SiteInfo, paths: list[str]) -> list[Page]:
    sitemap = sitemap_page(wiki, site, paths)
    return [sitemap] if sitemap is not None else []


def _explorer_file(tree: FolderTree, folder: Folder, path: str) -> list[TextFile]:
    return [TextFile(path, explorer_data_script(tree, folder))]


def build_pages(
    wiki: Wiki, diagnostics: Iterable[Diagnostic], config: SiteSettings, today: date
) -> Iterator[Page | TextFile]:
    """Every page and data file of the site, in a stable order (every job built)."""
    model = SiteModel(wiki, diagnostics, config, today)
    taken: list[str] = []
    for job in model.view_jobs():
        for page in job.build():
            taken.append(page.path)
            yield page
    for job in model.closing_jobs(taken):
        yield from job.build()
    for note in wiki.notes:
        yield model.note_page(note.slug)
