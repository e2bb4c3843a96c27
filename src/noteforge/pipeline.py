"""The stages of a build strung together: parse → resolve → site model → render → write.

:mod:`noteforge.build` decides whether a build is needed at all (from the notes' bytes
and the record of the last build) and calls :func:`compile_site` only when it is, so an
up-to-date build never loads markdown-it, Jinja2 or networkx. Each stage is a function of
the previous stage's values; only this module connects them.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from jinja2 import Environment

from noteforge.cache import ParseCache, decode_note, encode_note, entry_key
from noteforge.config import ParseSettings, SiteSettings
from noteforge.diagnostics import apply_severities, sort_diagnostics
from noteforge.discover import discover
from noteforge.files import CopiedFile, KeptFile, OutputFile
from noteforge.graph import Wiki, build_wiki
from noteforge.heap import collector_paused, frozen
from noteforge.linker import transclusion_problem
from noteforge.model import Diagnostic, Note, SourceFile, Vault
from noteforge.parallel import map_ordered, pool_size
from noteforge.parse import parse_note
from noteforge.parse.bases import parse_base
from noteforge.progress import SILENT, Reporter, advancing
from noteforge.project import Project
from noteforge.record import (
    NO_SUGGESTIONS,
    BuildRecord,
    JobRecord,
    PageRecord,
    ResolutionRecord,
    SourceRecord,
    Suggestions,
    save_record,
    save_resolution,
)
from noteforge.render import Renderer, attachment_files, make_environment, static_files
from noteforge.resolve import (
    LinkIndex,
    Resolution,
    assign_unique_slugs,
    build_index,
    carry_suggestions,
    resolution_of,
    resolution_record,
    resolve_links,
    without_unpublished,
)
from noteforge.theme import Theme
from noteforge.views import SiteModel
from noteforge.views.home import home_diagnostics
from noteforge.views.keys import PageJob
from noteforge.views.queries import Queries
from noteforge.write import write_site


@dataclass(frozen=True, slots=True)
class SiteJob:
    """A site to compile, as :func:`noteforge.build.build_site` set it up: the folders, the
    parse and site settings and build date, the theme and its digest, the digest of all
    inputs and of its setup (all but the notes' bytes), the previous site's files that may
    be kept (by path) and the files each of its page jobs made (by job), its "did you mean"
    answers, and the number of processes."""

    notes_dir: Path
    out_dir: Path
    parse: ParseSettings
    site: SiteSettings
    today: date
    theme: Theme
    theme_hash: str
    inputs: str
    setup: str
    previous: Mapping[str, PageRecord]
    previous_jobs: Mapping[str, tuple[str, ...]]
    suggestions: Suggestions
    jobs: int


@dataclass(frozen=True, slots=True)
class Resolved:
    """The notes parsed and resolved, with what a patch of them needs (:mod:`noteforge.live`):
    every note (with its unique slug, published or not), the index of their names, where the
    published notes' links lead, the wiki, the problems no edit of a note's bytes changes
    (``fixed``: discovery's, the cache's, the slugs'), the transclusion problem of each page
    that has one, and every diagnostic (severities applied, sorted)."""

    notes: tuple[Note, ...]
    index: LinkIndex
    resolution: Resolution
    wiki: Wiki
    fixed: tuple[Diagnostic, ...]
    transclusions: dict[str, Diagnostic]
    diagnostics: tuple[Diagnostic, ...]


def load_wiki(
    project: Project, jobs: int = 1, today: date | None = None
) -> tuple[Wiki, tuple[Diagnostic, ...]]:
    """Read, parse (on ``jobs`` processes, reusing the project's cache folder if it has one)
    and resolve the project's notes; return the wiki and all its diagnostics. Given the
    build date ``today``, the queries are run too, and their problems are among them."""
    cache = ParseCache(project.cache_dir) if project.cache_dir is not None else None
    vault = discover(project.notes_dir, project.ignore)
    resolved = resolve_vault(vault, project.parse, project.site, jobs, cache)
    if today is None:
        return resolved.wiki, resolved.diagnostics
    found = apply_severities(Queries(resolved.wiki, project.site, today).run_all(), project.site.severities)
    return resolved.wiki, sort_diagnostics((*resolved.diagnostics, *found))


def resolve_vault(
    vault: Vault,
    parse: ParseSettings,
    site: SiteSettings,
    jobs: int = 1,
    cache: ParseCache | None = None,
    progress: Reporter = SILENT,
    suggestions: Suggestions = NO_SUGGESTIONS,
) -> Resolved:
    """Parse and resolve what discovery found (``suggestions``: the previous build's "did you
    mean" answers, reused where they hold)."""
    with collector_paused():
        parsed, cache_diagnostics = _parse_all(vault.notes, parse, jobs, cache, progress)
    return resolve_parsed(parsed, vault, site, cache_diagnostics, suggestions)


def resolve_parsed(
    parsed: list[Note],
    vault: Vault,
    site: SiteSettings,
    cache_diagnostics: tuple[Diagnostic, ...] = (),
    suggestions: Suggestions = NO_SUGGESTIONS,
    kept: ResolutionRecord | None = None,
) -> Resolved:
    """Resolve the notes parsed from ``vault``'s files (in its order); ``kept``: where their
    links led in the build that parsed them, taken as it is if it fits them."""
    with collector_paused():
        notes, slug_diagnostics = assign_unique_slugs(parsed)
        index = build_index(notes, vault.attachments)
        carry_suggestions(index, suggestions)
        resolution = resolution_of(kept, notes) if kept is not None else None
        if resolution is None:
            published, resolution = without_unpublished(notes, resolve_links(notes, index))
        else:
            published = tuple(note for note in notes if note.publish)
        bases = [parse_base(source) for source in vault.bases]
        wiki = replace(
            build_wiki(published, resolution), files=vault.attachments, bases=tuple(s for s, _ in bases)
        )
    transclusions = {
        slug: problem for slug in wiki.embeds if (problem := transclusion_problem(wiki, slug)) is not None
    }
    base_diagnostics = (d for _, found in bases for d in found)
    fixed = (*vault.diagnostics, *cache_diagnostics, *slug_diagnostics, *base_diagnostics)
    diagnostics = gather_diagnostics(site, fixed, notes, wiki, transclusions)
    return Resolved(notes, index, resolution, wiki, fixed, transclusions, diagnostics)


def gather_diagnostics(
    site: SiteSettings,
    fixed: Iterable[Diagnostic],
    notes: Iterable[Note],
    wiki: Wiki,
    transclusions: Mapping[str, Diagnostic],
) -> tuple[Diagnostic, ...]:
    """Every diagnostic of a build, severities applied, sorted: ``fixed``, the notes' own
    (from parse), the wiki's (resolve), the transclusion problems and the home note's."""
    everything = (
        *fixed,
        *(d for note in notes for d in note.diagnostics),
        *wiki.diagnostics,
        *transclusions.values(),
        *home_diagnostics(wiki, site),
    )
    return sort_diagnostics(apply_severities(everything, site.severities))


def _parse_all(
    sources: tuple[SourceFile, ...],
    settings: ParseSettings,
    jobs: int,
    cache: ParseCache | None,
    progress: Reporter,
) -> tuple[list[Note], tuple[Diagnostic, ...]]:
    """Every note parsed: from the cache when it has them, else on ``jobs`` processes."""
    if cache is None:
        return [note for note, _ in _parsed(list(sources), settings, jobs, progress)], ()
    keys = [entry_key(source, settings) for source in sources]
    found = {key: note for key in keys if (note := cache.get(key)) is not None}
    missing = [source for source, key in zip(sources, keys, strict=True) if key not in found]
    for source, (note, payload) in zip(missing, _parsed(missing, settings, jobs, progress), strict=True):
        key = entry_key(source, settings)
        cache.put(key, note, payload)
        found[key] = note
    cache.sweep(set(keys))
    return [found[key] for key in keys], cache.diagnostics()


def _parsed(
    sources: list[SourceFile], settings: ParseSettings, jobs: int, progress: Reporter
) -> Iterator[tuple[Note, bytes | None]]:
    """Each note parsed, and encoded (:func:`~noteforge.cache.encode_note`) if it was parsed
    by a worker process, which sends it back so: decoding it costs the parent less than
    unpickling it, and the cache keeps those bytes."""
    progress.stage("Parsing notes", len(sources))
    if pool_size(len(sources), jobs) == 1:
        parse = functools.partial(parse_note, settings=settings)
        yield from ((note, None) for note in advancing(map(parse, sources), progress))
        return
    encoded = functools.partial(_parsed_encoded, settings=settings)
    for payload in advancing(map_ordered(encoded, sources, jobs), progress):
        yield decode_note(payload), payload


def _parsed_encoded(source: SourceFile, settings: ParseSettings) -> bytes:
    return encode_note(parse_note(source, settings))


@dataclass(frozen=True, slots=True)
class Compiled:
    """A site compiled: the notes resolved, the site model of its pages, the record of the
    build (also saved in the cache, if any), the Jinja2 environment its pages were rendered
    with, every diagnostic, the number of files written, and what discovery found."""

    resolved: Resolved
    model: SiteModel
    record: BuildRecord
    environment: Environment
    diagnostics: tuple[Diagnostic, ...]
    written: int
    vault: Vault


def compile_site(
    vault: Vault, job: SiteJob, cache: ParseCache | None, progress: Reporter = SILENT
) -> Compiled:
    """Parse, resolve, render and write the site of ``vault``. The build is recorded in the
    cache (if any) for the next one."""
    resolved = resolve_vault(vault, job.parse, job.site, job.jobs, cache, progress, job.suggestions)
    with frozen():
        return _rendered(vault, job, cache, progress, resolved)


def recompiled(
    vault: Vault, job: SiteJob, parsed: list[Note], record: BuildRecord, kept: ResolutionRecord | None
) -> Compiled:
    """The compiled site the build that left ``record`` made, from the notes it parsed (in
    ``vault``'s order), where their links led (``kept``, if the cache still has it) and of
    ``job``'s setup: resolved and modelled again, nothing rendered or written. ``vault`` is
    what discovery finds now: it may differ from what that build read only by the bytes of
    notes, which are not read again."""
    resolved = resolve_parsed(parsed, vault, job.site, (), record.suggestions, kept)
    # The record's diagnostics are those the build's pages showed, its queries' included:
    # the model of a build that is only patched needs not run them again.
    model = SiteModel(
        resolved.wiki,
        record.diagnostics,
        job.site,
        job.today,
        parsed_with=job.parse.digest,
        run_queries=False,
    )
    environment = make_environment(job.theme)
    return Compiled(resolved, model, record, environment, record.diagnostics, 0, vault)


def _rendered(
    vault: Vault, job: SiteJob, cache: ParseCache | None, progress: Reporter, resolved: Resolved
) -> Compiled:
    """The pages of the resolved wiki rendered and written, and the build recorded."""
    wiki = resolved.wiki
    environment = make_environment(job.theme)
    renderer = Renderer(environment, job.theme_hash, job.previous, job.previous_jobs)
    model = SiteModel(wiki, resolved.diagnostics, job.site, job.today, parsed_with=job.parse.digest)
    progress.stage("Writing pages", len(wiki.notes))
    record = _Recorder()
    files = record.files(
        itertools.chain(
            _page_files(model, renderer, job.jobs, progress),
            [(None, list(static_files(job.theme)))],
            [(None, list(attachment_files(job.notes_dir, wiki.attachments(), vault.on_disk)))],
        )
    )
    written = write_site(files, job.out_dir, stamp=job.inputs)
    late = apply_severities((*model.permalink_diagnostics, *model.query_diagnostics), job.site.severities)
    diagnostics = sort_diagnostics((*resolved.diagnostics, *late))
    html_pages = sum(page.path.endswith(".html") for page in record.pages)
    built = BuildRecord(
        job.inputs,
        len(wiki.notes),
        html_pages,
        tuple(record.pages),
        diagnostics,
        tuple(record.jobs),
        resolved.index.suggestions_made(),
        job.setup,
        sources_of(resolved.notes),
    )
    if cache is not None and cache.usable:
        save_record(cache.folder, built)
        save_resolution(cache.folder, resolution_record(resolved.resolution, job.inputs))
    return Compiled(resolved, model, built, environment, diagnostics, written, vault)


def sources_of(notes: Iterable[Note]) -> tuple[SourceRecord, ...]:
    """The record of the notes a build read."""
    return tuple(SourceRecord(note.path, note.digest) for note in notes)


_Made = tuple[str | None, list[OutputFile | KeptFile] | list[OutputFile] | list[CopiedFile]]


def _made(renderer: Renderer, job: PageJob) -> _Made:
    """A job's name and the files the renderer made (or kept) for it."""
    return job.name, renderer.render_job(job)


def _page_files(model: SiteModel, renderer: Renderer, jobs: int, progress: Reporter) -> Iterator[_Made]:
    """The views' pages, the pages and files that list them (the sitemap, redirects, data),
    then the notes' pages. The views and the notes' pages are made on ``jobs`` processes
    together; the closing jobs, which need the paths the views took, in this one, while the
    workers go on with the notes."""
    views = list(model.view_jobs())
    for view in views:
        view.key()  # worked out once, before the workers fork: what the keys share is kept
    slugs = model.wiki.slugs()

    def made(number: int) -> _Made:
        page = views[number] if number < len(views) else model.note_job(slugs[number - len(views)])
        return _made(renderer, page)

    pages = map_ordered(made, range(len(views) + len(slugs)), jobs)
    taken: list[str] = []
    for made_view in itertools.islice(pages, len(views)):
        taken += [file.path for file in made_view[1]]
        yield made_view
    for closing in model.closing_jobs(taken):
        yield _made(renderer, closing)
    yield from advancing(pages, progress)


class _Recorder:
    """Notes the record of each generated file, and the files of each job."""

    def __init__(self) -> None:
        self.pages: list[PageRecord] = []
        self.jobs: list[JobRecord] = []

    def files(self, made: Iterable[_Made]) -> Iterator[OutputFile | KeptFile | CopiedFile]:
        """Every file of every job, in order."""
        for name, files in made:
            if name is not None:
                self.jobs.append(JobRecord(name, tuple(file.path for file in files)))
            for file in files:
                if isinstance(file, OutputFile) and file.digest:
                    self.pages.append(PageRecord(file.path, file.digest, len(file.data)))
                elif isinstance(file, KeptFile):
                    self.pages.append(PageRecord(file.path, file.digest, file.size))
                yield file
