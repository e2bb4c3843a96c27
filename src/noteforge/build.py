"""The pipeline, in one place: discover → parse → resolve → pages → render → write.

Only this module strings the stages together; each stage is a function of the previous
stage's values. ``load_wiki`` stops after resolution (for ``export``), ``build_site``
goes on to write the site.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from noteforge.cache import ParseCache, entry_key
from noteforge.config import Config
from noteforge.diagnostics import apply_severities, diagnostic, sort_diagnostics
from noteforge.discover import discover
from noteforge.errors import NoteforgeError
from noteforge.graph import Wiki, build_wiki
from noteforge.model import Diagnostic, Note, SourceFile
from noteforge.parallel import map_ordered
from noteforge.parse import parse_note
from noteforge.render import (
    CopiedFile,
    OutputFile,
    attachment_files,
    builtin_theme,
    make_environment,
    render_page,
    render_pages,
    static_files,
)
from noteforge.resolve import assign_unique_slugs, build_index, resolve_links
from noteforge.views import SiteModel
from noteforge.write import check_output_folder, write_site


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced: the resolved wiki, every diagnostic, and the files written."""

    wiki: Wiki
    diagnostics: tuple[Diagnostic, ...]
    files_written: int


def load_wiki(
    notes_dir: Path, config: Config | None = None, jobs: int = 1, cache_dir: Path | None = None
) -> tuple[Wiki, tuple[Diagnostic, ...]]:
    """Read, parse (on ``jobs`` processes, reusing ``cache_dir`` when given) and resolve a
    notes folder; return the wiki and all its diagnostics."""
    config = config or Config()
    if not notes_dir.is_dir():
        raise NoteforgeError(f"notes folder {notes_dir} does not exist or is not a folder")
    vault = discover(notes_dir)
    parsed, cache_diagnostics = _parse_all(vault.notes, config, jobs, cache_dir)
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
    sources: tuple[SourceFile, ...], config: Config, jobs: int, cache_dir: Path | None
) -> tuple[list[Note], tuple[Diagnostic, ...]]:
    """Every note parsed: from the cache when it has them, else on ``jobs`` processes."""
    parse = functools.partial(parse_note, config=config)
    if cache_dir is None:
        return list(map_ordered(parse, sources, jobs)), ()
    try:
        cache = ParseCache(cache_dir)
    except OSError as error:
        message = f"cache cannot be created ({error.strerror}); every note is parsed"
        return list(map_ordered(parse, sources, jobs)), (diagnostic("NF301", str(cache_dir), 1, 1, message),)
    keys = [entry_key(source, config) for source in sources]
    found = {key: note for key in keys if (note := cache.get(key)) is not None}
    missing = [source for source, key in zip(sources, keys, strict=True) if key not in found]
    for source, note in zip(missing, map_ordered(parse, missing, jobs), strict=True):
        key = entry_key(source, config)
        cache.put(key, note)
        found[key] = note
    cache.sweep(set(keys))
    return [found[key] for key in keys], cache.diagnostics()


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
) -> BuildResult:
    """Compile ``notes_dir`` into a static site in ``out_dir``, as of ``today`` (:func:`build_date`).

    Parsing and the note pages run on ``jobs`` processes; with a ``cache_dir``, notes whose
    bytes did not change are not parsed again. The output is the same either way.
    """
    config = config or Config()
    _check_folders(notes_dir, out_dir)
    check_output_folder(out_dir)
    wiki, diagnostics = load_wiki(notes_dir, config, jobs, cache_dir)
    theme = builtin_theme()
    env = make_environment(theme)
    model = SiteModel(wiki, diagnostics, config, today or build_date())
    note_pages = map_ordered(lambda slug: render_page(env, model.note_page(slug)), wiki.slugs(), jobs)
    files: Iterable[OutputFile | CopiedFile] = itertools.chain(
        render_pages(env, model.overview_pages()),
        note_pages,
        static_files(theme),
        attachment_files(notes_dir, wiki.attachments()),
    )
    return BuildResult(wiki, diagnostics, write_site(files, out_dir))


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
