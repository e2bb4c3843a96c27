"""Patching a compiled site: the notes whose bytes changed swapped in, and only what they
can change worked out again, rendered and written.

Both ways of building again use it: ``noteforge serve`` patches the build it keeps in
memory (:mod:`noteforge.live`), and ``noteforge build`` patches the last build as the cache
holds it (:func:`noteforge.build.build_site`). Given the compiled site and the edited notes:

1. when a title, alias or anchor changed, the index of names is patched
   (:func:`~noteforge.resolve.patch_index`), and the links that could lead elsewhere now are
   resolved again: those that named a name gained or lost, those into a note whose anchors
   changed, and the unknown names whose "did you mean" a new name could answer;
2. the graph (:func:`~noteforge.graph.patch_wiki`), the diagnostics and the page keys
   (:class:`~noteforge.views.keys.PageKeys` from the previous ones) are patched;
3. the key of each page that can show something that changed — and of no other page — is
   asked for, the pages whose key changed are rendered and written into the site in place,
   each atomically (:func:`~noteforge.write.update_in_place`), and the build is recorded.

A change a patch cannot make (a page appearing or going, a file to copy or to take away)
raises :class:`Unpatchable` before anything is written. The site and the record are a clean
build's: tests/test_live.py and tests/test_patch.py compare them, edit after edit, with
the sites :func:`~noteforge.build.build_site` makes from nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from noteforge.cache import ParseCache, note_key
from noteforge.diagnostics import apply_severities, sort_diagnostics
from noteforge.files import OutputFile
from noteforge.graph import Node, Wiki, patch_wiki
from noteforge.linker import transclusion_problem
from noteforge.model import Diagnostic, LinkKind, Note, SourceFile, Vault
from noteforge.parse import parse_note
from noteforge.paths import note_page
from noteforge.pipeline import Compiled, Resolved, SiteJob, gather_diagnostics, recompiled, sources_of
from noteforge.project import Project
from noteforge.record import BuildRecord, JobRecord, PageRecord, load_resolution, save_record, save_resolution
from noteforge.render import Renderer
from noteforge.resolve import (
    LinkIndex,
    MissingTarget,
    NoteTarget,
    Rankings,
    Resolution,
    alike,
    collisions,
    hide_unpublished,
    names_changed,
    patch_index,
    resolution_record,
    resolve_note,
)
from noteforge.views import Patched, SiteModel
from noteforge.views.feeds import SEARCH_DATA
from noteforge.views.graphdata import GRAPH_DATA
from noteforge.views.keys import PageJob, note_face
from noteforge.write import update_in_place


class Unpatchable(Exception):
    """The change is not one a patch can make: build again."""


@dataclass(frozen=True, slots=True)
class Edit:
    """What a patch is given: the site as compiled, the notes edited since (each as the
    compiled site has it, and as parsed from its new bytes), the vault as discovery finds it
    now, the build date, the theme's digest and the digest of all inputs
    (:func:`~noteforge.build.inputs_digest`)."""

    compiled: Compiled
    edited: Sequence[tuple[Note, Note]]
    vault: Vault
    today: date
    theme: str
    inputs: str


def patch_site(project: Project, edit: Edit) -> Compiled:
    """The compiled site with ``edit``'s notes in, its changed pages written in place.

    ``edit.compiled`` is not to be used afterwards, even when this raises: its graph is
    patched in place. Raises :class:`Unpatchable`, having written nothing, for a change a
    patch cannot make."""
    compiled = edit.compiled
    resolved = compiled.resolved
    replaced = [(old, dataclasses.replace(new, slug=old.slug)) for old, new in edit.edited]
    if any(not old.publish or not new.publish for old, new in replaced):
        raise Unpatchable  # a page appears or goes
    renamed = frozenset().union(*(names_changed(old, new) for old, new in replaced))
    moved = {new.slug for old, new in replaced if _anchors(old) != _anchors(new)}
    hidden = frozenset(note.slug for note in resolved.notes if not note.publish)
    if renamed and hidden:
        raise Unpatchable  # a link into an unpublished note leaves no edge to follow
    wiki = resolved.wiki
    index = patch_index(resolved.index, replaced) if renamed or moved else resolved.index
    relinked = {new.slug for _, new in replaced} | _relinked(wiki, resolved.index, index, renamed, moved)
    newer = {old.path: new for old, new in replaced}
    notes = tuple(newer.get(note.path, note) for note in resolved.notes)
    claims = bool(renamed) or any(old.identifiers != new.identifiers for old, new in replaced)
    resolution = _resolved_again(resolved.resolution, index, notes, relinked, hidden, claims)
    old_succ = {slug: set(wiki.graph.succ[slug]) for slug in relinked}
    attachments = wiki.attachments()
    patched = patch_wiki(wiki, tuple(newer.values()), resolution, relinked)
    if patched.attachments() != attachments:
        raise Unpatchable  # a file to copy, or one to take away
    change = _Change.of(replaced, resolved.resolution, resolution, old_succ, patched)
    transclusions = {slug: d for slug, d in resolved.transclusions.items() if slug not in change.shows}
    for slug in change.shows:
        if (problem := transclusion_problem(patched, slug)) is not None:
            transclusions[slug] = problem
    site = project.site
    diagnostics = gather_diagnostics(site, resolved.fixed, notes, patched, transclusions)
    previous = Patched(compiled.model, frozenset(change.content | relinked), change.relisted())
    model = SiteModel(patched, diagnostics, site, edit.today, project.parse.digest, previous)
    new_resolved = Resolved(notes, index, resolution, patched, resolved.fixed, transclusions, diagnostics)
    return _written(project, edit, new_resolved, model, change)


def patch_from_cache(
    project: Project,
    job: SiteJob,
    vault: Vault,
    digests: Mapping[str, str],
    cache: ParseCache,
    record: BuildRecord,
) -> Compiled | None:
    """The build that left ``record`` (of ``job``'s setup) patched with the notes of ``vault``
    whose bytes changed since (``digests``: of each note's bytes, by path), and written; the
    record saved in the cache. ``None`` when it cannot be: a note of that build is no longer
    in the cache, or the change is one a patch cannot make (then nothing was written)."""
    before = {source.path: source.digest for source in record.sources}
    if before.keys() != digests.keys():
        return None
    parsed = []
    for source in vault.notes:
        note = cache.get(note_key(source.path, before[source.path], job.parse))
        if note is None:
            return None
        parsed.append(note)
    compiled = recompiled(vault, job, parsed, record, load_resolution(cache.folder, record.inputs))
    by_path = {note.path: note for note in compiled.resolved.notes}
    edited = [
        (by_path[source.path], _parsed(source, digests[source.path], job, cache))
        for source in vault.notes
        if digests[source.path] != before[source.path]
    ]
    edit = Edit(compiled, edited, vault, job.today, job.theme_hash, job.inputs)
    try:
        patched = patch_site(project, edit)
    except Unpatchable:
        return None
    cache.sweep({note_key(path, digest, job.parse) for path, digest in digests.items()})
    save_record(cache.folder, patched.record)
    save_resolution(cache.folder, resolution_record(patched.resolved.resolution, job.inputs))
    return patched


def _parsed(source: SourceFile, digest: str, job: SiteJob, cache: ParseCache) -> Note:
    """The note of ``source`` (of that ``digest``), from the cache or parsed (and cached)."""
    key = note_key(source.path, digest, job.parse)
    note = cache.get(key)
    if note is None:
        note = parse_note(source, job.parse)
        cache.put(key, note)
    return note


def _written(project: Project, edit: Edit, resolved: Resolved, model: SiteModel, change: _Change) -> Compiled:
    """Render the pages that may have changed, write those that did, record the build."""
    old = edit.compiled
    # The menu (a view appearing or going) is on every page: then every key is asked for.
    dirty = change.pages(old.model, model) if model.keys.site == old.model.keys.site else None
    made = _Made(old.environment, edit.theme, old.record, dirty, _sharded(model))
    views = [made.job(job) for job in model.view_jobs()]
    taken = [path for job in views for path in job.paths]
    made.run(model.closing_jobs(taken))
    for slug in resolved.wiki.slugs():
        made.note(model, slug)
    late = apply_severities((*model.permalink_diagnostics, *model.query_diagnostics), project.site.severities)
    diagnostics = sort_diagnostics((*resolved.diagnostics, *late))
    pages = tuple(made.pages)
    html_pages = sum(page.path.endswith(".html") for page in pages)
    index = resolved.index
    unasked = index is old.resolved.index and len(index.suggestions) == len(old.record.suggestions.answers)
    suggestions = old.record.suggestions if unasked else index.suggestions_made()
    jobs = tuple(made.jobs)
    count = len(resolved.wiki.notes)
    sources = sources_of(resolved.notes)
    setup = old.record.setup  # what a patch may change is only notes' bytes
    record = BuildRecord(
        edit.inputs, count, html_pages, pages, diagnostics, jobs, suggestions, setup, sources
    )
    gone = {page.path for page in old.record.pages} - {page.path for page in pages}
    written = update_in_place(project.out_dir, made.written, sorted(gone), edit.inputs)
    return Compiled(resolved, model, record, old.environment, diagnostics, written, edit.vault)


@dataclass(frozen=True, slots=True)
class _Change:
    """What a patch changed: the notes whose bytes changed (``content``), whose face changed
    (``faces``), whose links lead elsewhere or read otherwise (``links``); the notes those
    linked to before (``linked_before``); the files and missing notes those link to, or did
    (``touched``); and the notes whose own HTML (with what it embeds) shows
    something that changed (``shows``). ``wiki`` is the patched wiki."""

    content: frozenset[str]
    faces: frozenset[str]
    links: frozenset[str]
    linked_before: frozenset[str]
    touched: frozenset[Node]
    shows: frozenset[str]
    wiki: Wiki

    @classmethod
    def of(
        cls,
        replaced: list[tuple[Note, Note]],
        before: Resolution,
        after: Resolution,
        old_succ: dict[str, set[Node]],
        wiki: Wiki,
    ) -> _Change:
        """The change from the notes ``replaced`` (old, new) and the links resolved again."""
        graph = wiki.graph
        content = frozenset(new.slug for _, new in replaced)
        faces = frozenset(new.slug for old, new in replaced if note_face(old) != note_face(new))
        reread = {new.slug for old, new in replaced if old.links != new.links}
        links = frozenset(
            slug for slug in old_succ if slug in reread or before.targets[slug] != after.targets[slug]
        )
        linked = {node for slug in links for node in (*old_succ[slug], *graph.succ[slug])}
        touched = frozenset(node for node in linked if not isinstance(node, str))
        linked_before = frozenset(node for slug in links for node in old_succ[slug] if isinstance(node, str))
        seen = {*content, *links, *(source for slug in faces for source in graph.pred[slug])}
        return cls(content, faces, links, linked_before, touched, frozenset(_embedders(wiki, seen)), wiki)

    def relisted(self) -> frozenset[str]:
        """The notes whose row in a listing may read otherwise: those that changed, those
        linking to a note whose face changed, and those linking to a file or missing note
        some changed note links to, or did (its name may be spelled otherwise now)."""
        graph = self.wiki.graph
        linking = {source for slug in self.faces for source in graph.pred[slug]}
        referrers = {source for node in self.touched if node in graph for source in graph.pred[node]}
        return frozenset(self.content | self.links | linking | referrers)

    def pages(self, old: SiteModel, new: SiteModel) -> set[str]:
        """The jobs (by name) among the note pages and the data shards whose key may have
        changed; every other note page and shard is as the previous build made it."""
        graph = self.wiki.graph
        notes = {*self.content, *self.faces, *self.links, *self.shows, *self.linked_before}
        for slug in self.faces | self.links:
            notes |= {*graph.pred[slug], *(node for node in graph.succ[slug] if isinstance(node, str))}
        referrers = {source for node in self.touched if node in graph for source in graph.pred[node]}
        notes |= referrers | _shown_otherwise(old, new) | _listed_otherwise(old, new, self.faces)
        notes |= _embedders(self.wiki, set(new.keys.queried))  # a query may read any note
        named_by_face = {source for slug in self.faces for source in graph.pred[slug]}
        jobs = {note_page(slug) for slug in notes}
        jobs |= {new.data_shard(SEARCH_DATA, slug) for slug in self.content}
        graphed = self.faces | self.links | named_by_face | referrers
        jobs |= {new.data_shard(GRAPH_DATA, slug) for slug in graphed}
        return jobs | self._previews(old, new)

    def _previews(self, old: SiteModel, new: SiteModel) -> set[str]:
        """The shards of the hover previews that may show something else now."""
        count, shards = new.previews
        old_count, old_shards = old.previews
        missing = {node.key for node in self.touched if isinstance(node, MissingTarget)}
        dirty = set()
        for number, shard in enumerate(shards):
            if (
                count != old_count
                or shard != old_shards[number]
                or any(slug in self.shows for slug, _ in shard.notes)
                or any(m.key in missing or not self.faces.isdisjoint(m.referrers) for m in shard.missing)
            ):
                dirty.add(shard.path)
        return dirty


def _embedders(wiki: Wiki, notes: set[str]) -> set[str]:
    """``notes`` and every note that embeds one of them, directly or through another."""
    found = set(notes)
    waiting = list(notes)
    while waiting:
        for source, _, kind in wiki.graph.in_edges(waiting.pop(), data="kind"):
            if kind == LinkKind.EMBEDS and source not in found:
                found.add(source)
                waiting.append(source)
    return found


def _shown_otherwise(old: SiteModel, new: SiteModel) -> set[str]:
    """The notes whose pages show other errors and warnings now."""
    paths = {path for path in old.shown.keys() | new.shown.keys() if _shown(old, path) != _shown(new, path)}
    return {note.slug for note in new.wiki.notes if note.path in paths} if paths else set()


def _shown(model: SiteModel, path: str) -> list[Diagnostic]:
    return model.shown.get(path) or []  # no entry and an empty one are the same


def _listed_otherwise(old: SiteModel, new: SiteModel, faces: frozenset[str]) -> set[str]:
    """The notes whose pages show a folder listing that changed (a title in it did)."""
    folders = {slug.rsplit("/", 1)[0] if "/" in slug else "" for slug in faces}
    changed = [key for key in folders if old.keys.listing(key) != new.keys.listing(key)]
    found: set[str] = set()
    waiting = list(changed)
    while waiting:
        folder = new.tree.folders[waiting.pop()]
        found.update(folder.notes)
        waiting.extend(folder.folders)
    return found


def _sharded(model: SiteModel) -> set[str]:
    """The jobs of the data shards (search, graph, previews)."""
    data = {*model.data_shards(SEARCH_DATA), *model.data_shards(GRAPH_DATA)}
    return data | {shard.path for shard in model.previews[1]}


class _Made:
    """The jobs of a patched build, in order: each rendered (and kept if its key did not change)
    unless it is a note page or data shard not among ``dirty`` (``None``: all are), which is
    as it was."""

    def __init__(
        self,
        environment: Environment,
        theme: str,
        record: BuildRecord,
        dirty: set[str] | None,
        sharded: set[str],
    ) -> None:
        self.before = {job.name: job for job in record.jobs}
        self.previous = {page.path: page for page in record.pages}
        paths = {name: job.paths for name, job in self.before.items()}
        self.renderer = Renderer(environment, theme, self.previous, paths)
        self.dirty = dirty
        self.sharded = sharded
        self.pages: list[PageRecord] = []
        self.jobs: list[JobRecord] = []
        self.written: list[OutputFile] = []

    def job(self, job: PageJob) -> JobRecord:
        """Render ``job`` (or keep its files), or carry it over if it cannot have changed."""
        if job.name in self.sharded and not self._dirty(job.name):
            return self._carried(job.name)
        return self._rendered(job)

    def run(self, jobs: Iterable[PageJob]) -> None:
        """:meth:`job` for each of ``jobs``."""
        for job in jobs:
            self.job(job)

    def note(self, model: SiteModel, slug: str) -> None:
        """The page of the note ``slug``: rendered if it may have changed, else carried over."""
        name = note_page(slug)
        if self._dirty(name):
            self._rendered(model.note_job(slug))
        else:
            self._carried(name)

    def _dirty(self, name: str) -> bool:
        return self.dirty is None or name in self.dirty or name not in self.before

    def _carried(self, name: str) -> JobRecord:
        job = self.before[name]
        self.jobs.append(job)
        self.pages += [self.previous[path] for path in job.paths]
        return job

    def _rendered(self, job: PageJob) -> JobRecord:
        files = self.renderer.render_job(job)
        record = JobRecord(job.name, tuple(file.path for file in files))
        self.jobs.append(record)
        for file in files:
            if isinstance(file, OutputFile):
                self.pages.append(PageRecord(file.path, file.digest, len(file.data)))
                self.written.append(file)
            else:
                self.pages.append(PageRecord(file.path, file.digest, file.size))
        return record


def _resolved_again(
    old: Resolution,
    index: LinkIndex,
    notes: tuple[Note, ...],
    relinked: set[str],
    hidden: frozenset[str],
    claims: bool,
) -> Resolution:
    """``old`` with the links of the notes ``relinked`` resolved again against ``index``, and
    the names several notes claim found again if ``claims`` (an alias or identifier changed)."""
    targets, problems = dict(old.targets), dict(old.problems)
    rankings: Rankings = {}
    for note in notes:
        if note.slug in relinked:
            found, problems[note.slug] = resolve_note(note, index, rankings)
            targets[note.slug] = hide_unpublished(found, hidden)
    return Resolution(targets, problems, collisions(notes, index) if claims else old.collisions)


def _relinked(
    wiki: Wiki, before: LinkIndex, after: LinkIndex, renamed: frozenset[str], moved: set[str]
) -> set[str]:
    """The notes whose links may lead elsewhere now: those linking to something known by a
    name gained or lost (or to the missing note of that name), to a note whose anchors
    changed, or to a missing note a gained or lost name may be the "did you mean" of; and the
    notes known by such a name, which may link to themselves by it (no edge says so)."""
    graph = wiki.graph
    nodes: set[Node] = set(moved)
    for name in renamed:
        for found in (*before.named(name), *after.named(name)):
            nodes.add(found.slug if isinstance(found, NoteTarget) else found)
        nodes.add(MissingTarget(name))
    if renamed:
        nodes |= {node for node in graph if isinstance(node, MissingTarget) and alike(node.key, renamed)}
    linking = {source for node in nodes if node in graph for source in graph.pred[node]}
    return linking | {node for node in nodes if isinstance(node, str) and node in graph}


def _anchors(note: Note) -> list[str]:
    return [fragment.anchor for fragment in note.fragments]
