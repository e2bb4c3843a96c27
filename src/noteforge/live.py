"""Builds kept in memory: ``noteforge serve`` patches its last build with each save.

The first build, and any build a patch cannot do, is :func:`~noteforge.build.build_site`'s;
it leaves the compiled site (:class:`~noteforge.pipeline.Compiled`) in memory. When what
changed since is only the bytes of notes that build had — no note added, removed or
unpublished, no attachment, no setting, theme or build date changed — :class:`LiveSite`
patches it instead of building again:

1. it parses the changed notes;
2. when a title, alias or anchor changed, it patches the index of names
   (:func:`~noteforge.resolve.patch_index`) and re-resolves the links that could lead
   elsewhere now: those that named a name gained or lost, those into a note whose anchors
   changed, and the unknown names whose "did you mean" a new name could answer;
3. it patches the graph (:func:`~noteforge.graph.patch_wiki`), the diagnostics and the page
   keys (:class:`~noteforge.views.keys.PageKeys` from the previous ones);
4. it asks for the key of the pages that can show something that changed — and of no other
   page —, renders those whose key changed, writes them into the site in place, each
   atomically (:func:`~noteforge.write.update_in_place`), and records the build.

The site and the record are a clean build's: tests/test_live.py compares them, edit after
edit, with the sites :func:`build_site` makes from nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment

from noteforge.build import BuildResult, build_date, build_site, inputs_digest
from noteforge.cache import NoteMemory, entry_key
from noteforge.diagnostics import apply_severities, sort_diagnostics
from noteforge.discover import IgnoreRules, is_note_path
from noteforge.files import OutputFile
from noteforge.graph import Node, Wiki, patch_wiki
from noteforge.heap import hold, release
from noteforge.linker import transclusion_problem
from noteforge.model import Diagnostic, LinkKind, Note, SourceFile, Vault
from noteforge.parse import parse_note
from noteforge.paths import note_page
from noteforge.pipeline import Compiled, Resolved, gather_diagnostics
from noteforge.project import Project
from noteforge.record import BuildRecord, JobRecord, PageRecord, forget_record, save_record
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
    resolve_note,
)
from noteforge.theme import site_theme, theme_digest
from noteforge.views import Patched, SiteModel
from noteforge.views.feeds import SEARCH_DATA
from noteforge.views.graphdata import GRAPH_DATA
from noteforge.views.keys import PageJob, note_face
from noteforge.write import output_lock, update_in_place

_SNIFF = 8192  # as discovery: a .md file with a NUL byte this early is binary


class _Unpatchable(Exception):
    """The change is not one a patch can make: build again."""


@dataclass(frozen=True, slots=True)
class _Setup:
    """What a patch takes as given from the build it patches: the project, its theme's
    digest, the build date."""

    project: Project
    theme: str
    today: date


class LiveSite:
    """A site built again and again by one process, from ``project()`` (read afresh each
    time: the config file may have changed), as of ``today()``. :meth:`build` patches the
    last build when it can; :attr:`patched` says whether the last one was a patch. Between
    builds, what it keeps is out of the cycle collector's way (:func:`noteforge.heap.hold`):
    a full collection walking 10,000 notes would cost a save half a second."""

    def __init__(self, project: Callable[[], Project], today: Callable[[], date] = build_date) -> None:
        self._project = project
        self._today = today
        self._memory = NoteMemory()  # the parsed notes, for the builds a patch cannot do
        self._compiled: Compiled | None = None
        self._setup: _Setup | None = None
        self._unsaved = False  # the last patch's record is not in the cache yet
        self.patched = False

    def build(self, jobs: int, changed: Iterable[Path] | None = None) -> BuildResult:
        """Bring the site up to date after ``changed`` (absolute paths; ``None``: anything may
        have changed): by a patch when only notes' bytes changed, else by :func:`build_site`."""
        project = self._project()
        self.patched = False
        if changed is not None and self._compiled is not None:
            try:
                result = self._patch(project, self._compiled, changed)
            except _Unpatchable:
                pass
            except BaseException:
                self._forget()
                raise
            else:
                self.patched = True
                hold()
                return result
        release()
        result = self._build(project, jobs)
        hold()
        return result

    def _build(self, project: Project, jobs: int) -> BuildResult:
        self._save_record()
        self._compiled = None  # a failed build leaves nothing to patch
        today = self._today()
        result = build_site(project, today, jobs, memory=self._memory)
        if result.compiled is not None:
            self._compiled = result.compiled
            self._setup = _Setup(project, theme_digest(site_theme(project.theme_dir)), today)
        return result

    def _forget(self) -> None:
        """Drop a build a patch failed half-way through (its graph may be half changed, its
        files half written): the next build is a full one, keeping no page."""
        cache = self._setup.project.cache_dir if self._setup is not None else None
        if cache is not None:
            forget_record(cache)
        self._compiled, self._unsaved = None, False

    def _save_record(self) -> None:
        """Record the last patched build in its cache, for the build about to run: saved once
        then, not on every save (the record of 10,000 notes takes tens of milliseconds)."""
        cache = self._setup.project.cache_dir if self._setup is not None else None
        if self._unsaved and self._compiled is not None and cache is not None:
            save_record(cache, self._compiled.record)
        self._unsaved = False

    def _patch(self, project: Project, compiled: Compiled, paths: Iterable[Path]) -> BuildResult:
        setup = self._setup
        theme = theme_digest(site_theme(project.theme_dir))
        if setup is None or setup.project != project or setup.theme != theme or setup.today != self._today():
            raise _Unpatchable
        changes = _changed_sources(project, compiled.resolved, paths)
        if not changes:
            return BuildResult(
                None, compiled.diagnostics, compiled.record.notes, compiled.record.html_pages, 0
            )
        with output_lock(project.out_dir):
            patched = _Patch(project, compiled, self._memory).apply(changes, theme, setup)
        self._compiled = patched
        self._unsaved = True
        record = patched.record
        wiki = patched.resolved.wiki
        return BuildResult(
            wiki, record.diagnostics, record.notes, record.html_pages, patched.written, patched
        )


def _changed_sources(project: Project, resolved: Resolved, paths: Iterable[Path]) -> dict[str, SourceFile]:
    """The notes whose bytes changed, by path; :class:`_Unpatchable` for any other change
    discovery would see (a note or attachment added or removed, a folder, a link)."""
    root = project.notes_dir.resolve()
    rules = IgnoreRules.of(project.ignore)
    notes = {note.path: note for note in resolved.notes}
    attachments = set(resolved.wiki.attachments())
    changes: dict[str, SourceFile] = {}
    for path in paths:
        try:
            relative = path.absolute().relative_to(root).as_posix()
        except ValueError:
            raise _Unpatchable from None  # the config file, the theme
        parts = relative.split("/")
        if any(part.startswith(".") for part in parts) or rules.ignores(relative, False):
            continue  # what discovery skips
        if relative not in notes:
            if relative in attachments or os.path.lexists(path):
                raise _Unpatchable
            continue  # an editor's temporary file, gone already
        data = _note_bytes(path)
        if (
            data is None
            or not is_note_path(relative)
            or any(rules.ignores("/".join(parts[:n]), True) for n in range(1, len(parts)))
        ):
            raise _Unpatchable
        if hashlib.sha256(data).hexdigest() != notes[relative].digest:
            changes[relative] = SourceFile(relative, data)
    return changes


def _note_bytes(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path`` (``None``: gone, a link, or binary)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return None if b"\x00" in data[:_SNIFF] else data


class _Patch:
    """One patch of a compiled site with new bytes of some of its notes."""

    def __init__(self, project: Project, compiled: Compiled, memory: NoteMemory) -> None:
        self.project = project
        self.compiled = compiled
        self.memory = memory

    def apply(self, changes: dict[str, SourceFile], theme: str, setup: _Setup) -> Compiled:
        """The compiled site once ``changes`` (new bytes of notes, by path) are in, written."""
        resolved = self.compiled.resolved
        before = {note.path: note for note in resolved.notes}
        replaced = [(before[path], self._parsed(source, before[path])) for path, source in changes.items()]
        if any(not old.publish or not new.publish for old, new in replaced):
            raise _Unpatchable  # a page appears or goes
        renamed = frozenset().union(*(names_changed(old, new) for old, new in replaced))
        moved = {new.slug for old, new in replaced if _anchors(old) != _anchors(new)}
        hidden = frozenset(note.slug for note in resolved.notes if not note.publish)
        if renamed and hidden:
            raise _Unpatchable  # a link into an unpublished note leaves no edge to follow
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
            raise _Unpatchable  # a file to copy, or one to take away
        change = _Change.of(replaced, resolved.resolution, resolution, old_succ, patched)
        transclusions = {slug: d for slug, d in resolved.transclusions.items() if slug not in change.shows}
        for slug in change.shows:
            if (problem := transclusion_problem(patched, slug)) is not None:
                transclusions[slug] = problem
        site = self.project.site
        diagnostics = gather_diagnostics(site, resolved.fixed, notes, patched, transclusions)
        previous = Patched(self.compiled.model, frozenset(change.content | relinked))
        model = SiteModel(patched, diagnostics, site, setup.today, self.project.parse.digest, previous)
        new_resolved = Resolved(notes, index, resolution, patched, resolved.fixed, transclusions, diagnostics)
        vault = _with_sources(self.compiled.vault, changes)
        return self._written(new_resolved, model, change, vault, theme, setup)

    def _parsed(self, source: SourceFile, old: Note) -> Note:
        """The note parsed, with the slug the old one had (a path keeps its slug); the memory
        of parsed notes holds it instead of the old one."""
        note = parse_note(source, self.project.parse)
        replaced = next(kept for kept in self.compiled.vault.notes if kept.path == source.path)
        self.memory.notes.pop(entry_key(replaced, self.project.parse), None)
        self.memory.notes[entry_key(source, self.project.parse)] = note
        return dataclasses.replace(note, slug=old.slug) if note.slug != old.slug else note

    def _written(
        self, resolved: Resolved, model: SiteModel, change: _Change, vault: Vault, theme: str, setup: _Setup
    ) -> Compiled:
        """Render the pages that may have changed, write those that did, record the build."""
        old = self.compiled
        # The menu (a view appearing or going) is on every page: then every key is asked for.
        dirty = change.pages(old.model, model) if model.keys.site == old.model.keys.site else None
        made = _Made(old.environment, theme, old.record, dirty, _sharded(model))
        views = [made.job(job) for job in model.view_jobs()]
        taken = [path for job in views for path in job.paths]
        made.run(model.closing_jobs(taken))
        for slug in resolved.wiki.slugs():
            made.note(model, slug)
        late = apply_severities(model.permalink_diagnostics, self.project.site.severities)
        diagnostics = sort_diagnostics((*resolved.diagnostics, *late))
        known = {note.path: note.digest for note in resolved.notes}
        inputs = inputs_digest(self.project, vault, setup.today, theme, known)
        pages = tuple(made.pages)
        html_pages = sum(page.path.endswith(".html") for page in pages)
        index = resolved.index
        unasked = index is old.resolved.index and len(index.suggestions) == len(
            old.record.suggestions.answers
        )
        suggestions = old.record.suggestions if unasked else index.suggestions_made()
        jobs = tuple(made.jobs)
        record = BuildRecord(
            inputs, len(resolved.wiki.notes), html_pages, pages, diagnostics, jobs, suggestions
        )
        gone = {page.path for page in old.record.pages} - {page.path for page in pages}
        written = update_in_place(self.project.out_dir, made.written, sorted(gone), inputs)
        return Compiled(resolved, model, record, old.environment, diagnostics, written, vault)


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

    def pages(self, old: SiteModel, new: SiteModel) -> set[str]:
        """The jobs (by name) among the note pages and the data shards whose key may have
        changed; every other note page and shard is as the previous build made it."""
        graph = self.wiki.graph
        notes = {*self.content, *self.faces, *self.links, *self.shows, *self.linked_before}
        for slug in self.faces | self.links:
            notes |= {*graph.pred[slug], *(node for node in graph.succ[slug] if isinstance(node, str))}
        referrers = {source for node in self.touched if node in graph for source in graph.pred[node]}
        notes |= referrers | _shown_otherwise(old, new) | _listed_otherwise(old, new, self.faces)
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


def _with_sources(vault: Vault, changes: dict[str, SourceFile]) -> Vault:
    return dataclasses.replace(vault, notes=tuple(changes.get(source.path, source) for source in vault.notes))
