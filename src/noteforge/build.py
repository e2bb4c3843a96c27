"""``build_site``: compile a notes folder into a site, unless it already is one.

This module sets a build up — checks the folders, takes the output folder's lock (builds
of one folder run one at a time), opens the cache, reads the notes (discovery), digests
every input (notes, attachments, settings, theme, build date, noteforge's version) — and
returns the last build's result when nothing changed. Otherwise it hands the build to
:func:`noteforge.pipeline.compile_site`, imported only then: an up-to-date build never
loads markdown-it, Jinja2 or networkx, which would cost more than the check itself.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from noteforge._version import __version__
from noteforge.cache import NoteMemory, ParseCache
from noteforge.discover import discover
from noteforge.errors import NoteforgeError
from noteforge.heap import collector_paused
from noteforge.model import Diagnostic, Vault
from noteforge.progress import SILENT, Reporter
from noteforge.project import Project
from noteforge.record import NO_SUGGESTIONS, BuildRecord, keepable_pages, load_record
from noteforge.theme import site_theme, theme_digest
from noteforge.write import check_output_folder, output_lock, read_stamp

if TYPE_CHECKING:
    from noteforge.graph import Wiki
    from noteforge.pipeline import Compiled, SiteJob


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced: the resolved wiki (``None`` when the site was already up to
    date and nothing was done), every diagnostic, the number of notes, the number of HTML
    pages the site has, and the number of files written (0 when nothing was done)."""

    wiki: Wiki | None
    diagnostics: tuple[Diagnostic, ...]
    notes: int
    pages: int
    files_written: int
    compiled: Compiled | None = None

    @property
    def up_to_date(self) -> bool:
        """Whether the site already matched the notes, so nothing was rebuilt."""
        return self.wiki is None


def build_date() -> date:
    """The date the build happens on: ``SOURCE_DATE_EPOCH`` when set (reproducible builds),
    else today (UTC). Pages say "days in status" and "stale" relative to it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch else datetime.now(tz=UTC).date()
    except (ValueError, OverflowError, OSError) as error:
        raise NoteforgeError(f"SOURCE_DATE_EPOCH must be a Unix time in seconds, not {epoch!r}") from error


def build_site(
    project: Project,
    today: date | None = None,
    jobs: int = 1,
    progress: Reporter = SILENT,
    memory: NoteMemory | None = None,
) -> BuildResult:
    """Compile the project's notes into a static site in its output folder, as of ``today``
    (:func:`build_date`). The one entry point of ``noteforge build``, ``serve`` and library
    callers (:func:`noteforge.project.find_project`, :func:`noteforge.project.project_of`).

    The project's theme folder holds its own templates and ``static/`` assets, which
    replace the built-in ones of the same name. Parsing and the note pages run on ``jobs``
    processes. With a cache folder, notes whose bytes did not change are not parsed again,
    pages whose inputs did not change are kept from the previous site, and when nothing at
    all changed (notes, attachments, settings, theme, date, noteforge) the site is left as
    it is. The output is the same either way. The three folders may not overlap, and a
    second build of one output folder waits for the first (saying so on ``progress``).
    A process that builds again and again (``serve``) passes the same ``memory`` each time,
    so that the notes parsed by the last build are not read from the cache again.
    """
    notes_dir, out_dir = project.notes_dir, project.out_dir
    _check_folders(notes_dir, out_dir, project.cache_dir)
    check_output_folder(out_dir)
    with output_lock(out_dir, progress):
        with collector_paused():
            cache = ParseCache(project.cache_dir, memory) if project.cache_dir is not None else None
            vault = discover(notes_dir, project.ignore)
            theme = site_theme(project.theme_dir)
            theme_hash = theme_digest(theme)
            today = today or build_date()
            setup = setup_digest(project, vault, today, theme_hash)
            digests = note_digests(vault)
            inputs = inputs_digest(setup, digests)
            last = _last_build(cache, out_dir)
        if last is not None and last.inputs == inputs:
            return BuildResult(None, last.diagnostics, last.notes, last.html_pages, 0)
        previous = keepable_pages(out_dir, last) if last is not None else {}
        from noteforge import pipeline  # only now: see the module's docstring

        job = pipeline.SiteJob(
            notes_dir,
            out_dir,
            project.parse,
            project.site,
            today,
            theme,
            theme_hash,
            inputs,
            setup,
            previous,
            {job.name: job.paths for job in last.jobs} if last is not None else {},
            last.suggestions if last is not None else NO_SUGGESTIONS,
            jobs,
        )
        compiled = _patched(project, job, vault, digests, cache, last)
        if compiled is None:
            compiled = pipeline.compile_site(vault, job, cache, progress)
    record = compiled.record
    return BuildResult(
        compiled.resolved.wiki,
        record.diagnostics,
        record.notes,
        record.html_pages,
        compiled.written,
        compiled,
    )


def setup_digest(project: Project, vault: Vault, today: date, theme: str) -> str:
    """Everything a site depends on but what its notes say, hashed: noteforge's version, each
    stage's settings (by digest) and the ``ignore`` patterns, the build date, the theme, the
    notes' paths, the attachments by size and modification time, the bases by content, and
    discovery's problems.
    Two builds of the same setup differ only by the bytes of some notes: the second can
    patch the first (:mod:`noteforge.patch`)."""
    digest = hashlib.sha256()
    settings = (project.parse.digest, project.site.digest, "\n".join(project.ignore))
    for part in (__version__, *settings, today.isoformat(), theme):
        digest.update(part.encode("utf-8") + b"\0")
    for source in vault.notes:
        digest.update(source.path.encode("utf-8") + b"\0")
    for path in vault.attachments:
        stat = (project.notes_dir / vault.on_disk(path)).stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for base in vault.bases:
        digest.update(hashlib.sha256(base.data).digest())
    for problem in vault.diagnostics:
        digest.update(problem.format().encode("utf-8") + b"\0")
    return digest.hexdigest()


def note_digests(vault: Vault) -> dict[str, str]:
    """The SHA-256 (hex) of each note's bytes, by path."""
    return {source.path: hashlib.sha256(source.data).hexdigest() for source in vault.notes}


def inputs_digest(setup: str, digests: Mapping[str, str]) -> str:
    """Everything a site depends on, hashed: its setup (:func:`setup_digest`) and the
    digest of each note's bytes, by path (:func:`note_digests`), in discovery's order."""
    digest = hashlib.sha256(setup.encode("ascii") + b"\0")
    for path, content in digests.items():
        digest.update(path.encode("utf-8") + b"\0" + content.encode("ascii"))
    return digest.hexdigest()


def _patched(
    project: Project,
    job: SiteJob,
    vault: Vault,
    digests: dict[str, str],
    cache: ParseCache | None,
    last: BuildRecord | None,
) -> Compiled | None:
    """The last build patched with the notes edited since, if it can be (same setup, a cache,
    the site as that build left it)."""
    if cache is None or last is None or last.setup != job.setup or len(job.previous) != len(last.pages):
        return None
    from noteforge.patch import patch_from_cache

    return patch_from_cache(project, job, vault, digests, cache, last)


def _last_build(cache: ParseCache | None, out_dir: Path) -> BuildRecord | None:
    """What the last build recorded, if the site in ``out_dir`` is the one it wrote."""
    record = load_record(cache.folder) if cache is not None and cache.usable else None
    return record if record is not None and record.inputs == read_stamp(out_dir) else None


def _check_folders(notes_dir: Path, out_dir: Path, cache_dir: Path | None) -> None:
    """Refuse folders that overlap: the notes, the output and the cache folder each stay
    out of the others, so a build never writes into the notes or deletes another's files."""
    folders = [("notes folder", notes_dir), ("output folder", out_dir)]
    if cache_dir is not None:
        folders.append(("cache folder", cache_dir))
    for (name, folder), (other_name, other) in itertools.permutations(folders, 2):
        if folder.resolve().is_relative_to(other.resolve()):
            where = "the same folder as" if folder.resolve() == other.resolve() else "inside"
            option = "--cache-dir" if "cache folder" in (name, other_name) else "-o"
            message = f"{name} {folder} is {where} the {other_name} {other}; choose another with {option}"
            raise NoteforgeError(message)
