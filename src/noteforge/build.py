"""The pipeline, in one place: discover → parse → resolve → pages → render → write.

Only this module strings the stages together; each stage is a function of the previous
stage's values. ``load_wiki`` stops after resolution (for ``export``), ``build_site``
goes on to write the site.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from noteforge._version import __version__
from noteforge.cache import ParseCache, entry_key, last_build
from noteforge.config import Config
from noteforge.diagnostics import apply_severities, diagnostic, sort_diagnostics
from noteforge.discover import discover
from noteforge.errors import NoteforgeError
from noteforge.export import to_json
from noteforge.files import CopiedFile, KeptFile, OutputFile
from noteforge.graph import Wiki, build_wiki
from noteforge.model import Diagnostic, Note, Severity, SourceFile, Vault
from noteforge.parallel import map_ordered
from noteforge.parse import parse_note
from noteforge.render import Renderer, attachment_files, make_environment, static_files
from noteforge.resolve import assign_unique_slugs, build_index, resolve_links
from noteforge.theme import site_theme, theme_digest
from noteforge.views import SiteModel
from noteforge.write import check_output_folder, keepable_files, read_stamp, write_site


class Reporter(Protocol):
    """Where a build reports its progress (the CLI's progress bar)."""

    def stage(self, name: str, total: int | None) -> None:
        """A stage of ``total`` steps begins."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current stage are done."""


class _Silent:
    def stage(self, name: str, total: int | None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


SILENT: Reporter = _Silent()


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced: the resolved wiki (``None`` when the site was already up to
    date and nothing was done), every diagnostic, and the number of notes and files."""

    wiki: Wiki | None
    diagnostics: tuple[Diagnostic, ...]
    notes: int
    files_written: int

    @property
    def up_to_date(self) -> bool:
        """Whether the site already matched the notes, so nothing was rebuilt."""
        return self.wiki is None


def load_wiki(
    notes_dir: Path, config: Config | None = None, jobs: int = 1, cache_dir: Path | None = None
) -> tuple[Wiki, tuple[Diagnostic, ...]]:
    """Read, parse (on ``jobs`` processes, reusing ``cache_dir`` when given) and resolve a
    notes folder; return the wiki and all its diagnostics."""
    config = config or Config()
    return resolve_vault(_discover(notes_dir, config), config, jobs, cache_dir)


def _discover(notes_dir: Path, config: Config) -> Vault:
    if not notes_dir.is_dir():
        raise NoteforgeError(f"notes folder {notes_dir} does not exist or is not a folder")
    return discover(notes_dir, config.ignore)


def resolve_vault(
    vault: Vault,
    config: Config,
    jobs: int = 1,
    cache_dir: Path | None = None,
    progress: Reporter = SILENT,
) -> tuple[Wiki, tuple[Diagnostic, ...]]:
    """Parse and resolve what discovery found; return the wiki and all its diagnostics."""
    parsed, cache_diagnostics = _parse_all(vault.notes, config, jobs, cache_dir, progress)
    notes, slug_diagnostics = assign_unique_slugs(parsed)
    wiki = build_wiki(notes, resolve_links(notes, build_index(notes, vault.attachments)))
    parse_diagnostics = (d for note in notes for d in note.diagnostics)
    everything = (
        *vault.diagnostics,
        *cache_diagnostics,
        *parse_diagnostics,
        *slug_diagnostics,
        *wiki.diagnostics,
    )
    return wiki, sort_diagnostics(apply_severities(everything, config.severities))


def _parse_all(
    sources: tuple[SourceFile, ...], config: Config, jobs: int, cache_dir: Path | None, progress: Reporter
) -> tuple[list[Note], tuple[Diagnostic, ...]]:
    """Every note parsed: from the cache when it has them, else on ``jobs`` processes."""
    parse = functools.partial(parse_note, config=config)

    def parse_all(missing: list[SourceFile]) -> Iterator[Note]:
        progress.stage("Parsing notes", len(missing))
        return _advancing(map_ordered(parse, missing, jobs), progress)

    if cache_dir is None:
        return list(parse_all(list(sources))), ()
    try:
        cache = ParseCache(cache_dir)
    except OSError as error:
        message = f"cache cannot be created ({error.strerror}); every note is parsed"
        return list(parse_all(list(sources))), (diagnostic("NF301", str(cache_dir), 1, 1, message),)
    keys = [entry_key(source, config) for source in sources]
    found = {key: note for key in keys if (note := cache.get(key)) is not None}
    missing = [source for source, key in zip(sources, keys, strict=True) if key not in found]
    for source, note in zip(missing, parse_all(missing), strict=True):
        key = entry_key(source, config)
        cache.put(key, note)
        found[key] = note
    cache.sweep(set(keys))
    return [found[key] for key in keys], cache.diagnostics()


def _advancing(items: Iterable[T], progress: Reporter) -> Iterator[T]:
    """``items`` as they are, one progress step each."""
    for item in items:
        yield item
        progress.advance()


def build_date() -> date:
    """The date the build happens on: ``SOURCE_DATE_EPOCH`` when set (reproducible builds),
    else today (UTC). Pages say "days in status" and "stale" relative to it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch else datetime.now(tz=UTC).date()
    except (ValueError, OverflowError, OSError) as error:
        raise NoteforgeError(f"SOURCE_DATE_EPOCH must be a Unix time in seconds, not {epoch!r}") from error


def build_site(
    notes_dir: Path,
    out_dir: Path,
    config: Config | None = None,
    today: date | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    theme_dir: Path | None = None,
    progress: Reporter = SILENT,
) -> BuildResult:
    """Compile ``notes_dir`` into a static site in ``out_dir``, as of ``today`` (:func:`build_date`).

    ``theme_dir`` is the wiki's own theme folder: its templates and ``static/`` assets
    replace the built-in ones of the same name. Parsing and the note pages run on ``jobs``
    processes. With a ``cache_dir``, notes whose
    bytes did not change are not parsed again, and when nothing at all changed (notes,
    attachments, config, theme, date, noteforge) the site is left as it is. The output is
    the same either way.
    """
    config = config or Config()
    _check_folders(notes_dir, out_dir)
    check_output_folder(out_dir)
    vault = _discover(notes_dir, config)
    theme = site_theme(theme_dir)
    theme_hash = theme_digest(theme)
    today = today or build_date()
    inputs = inputs_digest(notes_dir, vault, config, today, theme_hash)
    last = _last_build(cache_dir, out_dir)
    if last is not None and (unchanged := _up_to_date(last, inputs)) is not None:
        return unchanged
    previous = keepable_files(out_dir, last.get("pages")) if last is not None else {}
    wiki, diagnostics = resolve_vault(vault, config, jobs, cache_dir, progress)
    renderer = Renderer(make_environment(theme), theme_hash, previous)
    model = SiteModel(wiki, diagnostics, config, today)
    progress.stage("Writing pages", len(wiki.notes))
    note_pages = _advancing(
        map_ordered(lambda slug: renderer.render(model.note_page(slug)), wiki.slugs(), jobs), progress
    )
    pages: dict[str, tuple[str, int]] = {}
    files = _recording(
        itertools.chain(
            renderer.render_all(model.overview_pages()),
            note_pages,
            static_files(theme),
            attachment_files(notes_dir, wiki.attachments()),
        ),
        pages,
    )
    result = BuildResult(wiki, diagnostics, len(wiki.notes), write_site(files, out_dir, stamp=inputs))
    if cache_dir is not None:
        record = {"inputs": inputs, "notes": result.notes, "files": result.files_written, "pages": pages}
        ParseCache(cache_dir).record_build({**record, "diagnostics": [to_json(d) for d in diagnostics]})
    return result


def _recording(
    files: Iterable[OutputFile | KeptFile | CopiedFile], pages: dict[str, tuple[str, int]]
) -> Iterator[OutputFile | KeptFile | CopiedFile]:
    """``files`` as they are, noting the digest and size of each tracked one in ``pages``."""
    for file in files:
        if isinstance(file, OutputFile) and file.digest:
            pages[file.path] = (file.digest, len(file.data))
        elif isinstance(file, KeptFile):
            pages[file.path] = (file.digest, file.size)
        yield file


def inputs_digest(notes_dir: Path, vault: Vault, config: Config, today: date, theme: str) -> str:
    """Everything a site depends on, hashed: notes by content, attachments by size and
    modification time, the config, the build date, the theme and noteforge's version."""
    digest = hashlib.sha256()
    for part in (__version__, repr(config), today.isoformat(), theme):
        digest.update(part.encode("utf-8") + b"\0")
    for source in vault.notes:
        digest.update(source.path.encode("utf-8") + b"\0" + hashlib.sha256(source.data).digest())
    for path in vault.attachments:
        stat = (notes_dir / path).stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for problem in vault.diagnostics:
        digest.update(problem.format().encode("utf-8") + b"\0")
    return digest.hexdigest()


def _last_build(cache_dir: Path | None, out_dir: Path) -> dict[str, Any] | None:
    """What the last build recorded, if the site in ``out_dir`` is the one it wrote."""
    record = last_build(cache_dir) if cache_dir is not None else None
    return record if record is not None and record.get("inputs") == read_stamp(out_dir) else None


def _up_to_date(record: dict[str, Any], inputs: str) -> BuildResult | None:
    """The recorded result of the last build (whose site is in place), if it was built
    from exactly these inputs."""
    if record.get("inputs") != inputs:
        return None
    try:
        diagnostics = tuple(
            Diagnostic(d["path"], d["line"], d["col"], Severity(d["severity"]), d["code"], d["message"])
            for d in record["diagnostics"]
        )
        return BuildResult(None, diagnostics, int(record["notes"]), 0)
    except (KeyError, TypeError, ValueError):
        return None


def _check_folders(notes_dir: Path, out_dir: Path) -> None:
    notes, out = notes_dir.resolve(), out_dir.resolve()
    if out == notes or out.is_relative_to(notes):
        raise NoteforgeError(
            f"output folder {out_dir} is inside the notes folder {notes_dir}; choose another with -o"
        )
    if notes.is_relative_to(out):
        raise NoteforgeError(
            f"notes folder {notes_dir} is inside the output folder {out_dir}; choose another with -o"
        )
