"""Builds kept in memory: ``noteforge serve`` patches its last build with each save.

The first build, and any build a patch cannot do, is :func:`~noteforge.build.build_site`'s;
it leaves the compiled site (:class:`~noteforge.pipeline.Compiled`) in memory. When what
changed since is only the bytes of notes that build had — no note added, removed or
unpublished, no attachment, no setting, theme or build date changed — :class:`LiveSite`
parses the changed notes and patches the build it holds (:func:`noteforge.patch.patch_site`)
instead of building again. The site and the record are a clean build's: tests/test_live.py
compares them, edit after edit, with the sites :func:`build_site` makes from nothing.
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

from noteforge.build import BuildResult, build_date, build_site, inputs_digest
from noteforge.cache import NoteMemory, entry_key
from noteforge.discover import IgnoreRules, is_note_path
from noteforge.heap import hold, release
from noteforge.model import SourceFile
from noteforge.parse import parse_note
from noteforge.patch import Edit, Unpatchable, patch_site
from noteforge.pipeline import Compiled, Resolved
from noteforge.project import Project
from noteforge.record import forget_record, save_record
from noteforge.theme import site_theme, theme_digest
from noteforge.write import output_lock

_SNIFF = 8192  # as discovery: a .md file with a NUL byte this early is binary


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
            except Unpatchable:
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

    def _edit(
        self, project: Project, compiled: Compiled, changes: dict[str, SourceFile], theme: str, setup: _Setup
    ) -> Edit:
        """The edit of ``compiled`` by ``changes`` (new bytes of notes, by path): each note
        parsed, and remembered instead of the old one."""
        before = {note.path: note for note in compiled.resolved.notes}
        sources = {source.path: source for source in compiled.vault.notes}
        edited = []
        for path, source in changes.items():
            note = parse_note(source, project.parse)
            self._memory.notes.pop(entry_key(sources[path], project.parse), None)
            self._memory.notes[entry_key(source, project.parse)] = note
            edited.append((before[path], note))
        vault = dataclasses.replace(
            compiled.vault, notes=tuple(changes.get(source.path, source) for source in compiled.vault.notes)
        )
        known = {note.path: note.digest for note in compiled.resolved.notes}
        known.update((new.path, new.digest) for _, new in edited)
        digests = {source.path: known[source.path] for source in vault.notes}
        inputs = inputs_digest(compiled.record.setup, digests)
        return Edit(compiled, edited, vault, setup.today, theme, inputs)

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
            raise Unpatchable
        changes = _changed_sources(project, compiled.resolved, paths)
        if not changes:
            return BuildResult(
                None, compiled.diagnostics, compiled.record.notes, compiled.record.html_pages, 0
            )
        with output_lock(project.out_dir):
            patched = patch_site(project, self._edit(project, compiled, changes, theme, setup))
        self._compiled = patched
        self._unsaved = True
        record = patched.record
        wiki = patched.resolved.wiki
        return BuildResult(
            wiki, record.diagnostics, record.notes, record.html_pages, patched.written, patched
        )


def _changed_sources(project: Project, resolved: Resolved, paths: Iterable[Path]) -> dict[str, SourceFile]:
    """The notes whose bytes changed, by path; :class:`Unpatchable` for any other change
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
            raise Unpatchable from None  # the config file, the theme
        parts = relative.split("/")
        if any(part.startswith(".") for part in parts) or rules.ignores(relative, False):
            continue  # what discovery skips
        if relative not in notes:
            if relative in attachments or os.path.lexists(path):
                raise Unpatchable
            continue  # an editor's temporary file, gone already
        data = _note_bytes(path)
        if (
            data is None
            or not is_note_path(relative)
            or any(rules.ignores("/".join(parts[:n]), True) for n in range(1, len(parts)))
        ):
            raise Unpatchable
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
