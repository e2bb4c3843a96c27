"""The project: which wiki a build reads and writes, and with what settings.

A wiki is found the way the command line finds it (:func:`find_project`): its config file
is ``--config``, else the nearest ``noteforge.yaml`` in or above the notes folder, else in
or above the working directory; the file's folder is the wiki's root, where ``templates/``
overrides the theme and adds note types. Library callers get the same wiki from the same
arguments, or name the folders outright (:func:`project_of`). Either way parse learns the
note types of the project's theme through its :class:`ParseSettings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from noteforge.config import CONFIG_FILE, Config, ParseSettings, SiteSettings, parse_config
from noteforge.errors import NoteforgeError
from noteforge.theme import note_types, site_theme


@dataclass(frozen=True, slots=True)
class Project:
    """A wiki to build: its root folder, notes folder and output folder, its own theme
    folder (used only if it exists), discovery's ``ignore`` patterns, the config file it
    was read from, the cache folder (``None``: no cache), and each stage's settings."""

    root: Path
    notes_dir: Path
    out_dir: Path
    theme_dir: Path | None
    ignore: tuple[str, ...]
    config_file: Path | None
    cache_dir: Path | None
    parse: ParseSettings
    site: SiteSettings


def default_cache_dir(out_dir: Path) -> Path:
    """Where the cache lives unless told otherwise: ``.<output>.cache`` beside the output folder."""
    out = out_dir.absolute()
    return out.parent / f".{out.name}.cache"


def find_project(
    path: Path | None = None,
    *,
    config_file: Path | None = None,
    out_dir: Path | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> Project:
    """The wiki the command line works on, given its NOTES_DIR argument (``path``).

    The config file is ``config_file``, else the nearest ``noteforge.yaml`` in or above
    ``path``, else in or above the working directory; its folder is the root. A ``path``
    that is the root names the wiki, so the notes are the config's ``notes`` folder in it;
    any other is the notes folder itself (default: the config's ``notes``, else
    ``./notes``). The output is ``out_dir``, else the config's ``output`` in the root. The
    cache is ``cache_dir``, else beside the output folder; none without ``use_cache``."""
    found = config_file or (path and _nearest_config(path)) or _nearest_config(Path("."))
    config, root = (read_config(found), found.parent) if found is not None else (Config(), Path("."))
    notes_dir = path
    if notes_dir is None or (found is not None and _same_folder(notes_dir, root)):
        notes_dir = root / config.notes_dir
    out = out_dir if out_dir is not None else root / config.output_dir
    cache = (cache_dir or default_cache_dir(out)) if use_cache else None
    site = config.site
    if site.home is not None and found is not None:
        # Diagnostics name files relative to the notes folder, and so does one about `home:`.
        where = Path(os.path.relpath(os.path.abspath(found), os.path.abspath(notes_dir))).as_posix()
        site = replace(site, home=replace(site.home, source=where))
    theme_dir = root / "templates"
    parse = _with_theme_types(config.parse, theme_dir)
    return Project(root, notes_dir, out, theme_dir, config.ignore, found, cache, parse, site)


def project_of(
    notes_dir: Path,
    out_dir: Path | None = None,
    config: Config | None = None,
    *,
    theme_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> Project:
    """A project from folders named outright, no config file looked for: the notes folder,
    the output folder (default: the config's ``output`` beside the notes folder), the
    settings of ``config``, the wiki's own theme folder and the cache folder (both
    optional)."""
    config = config or Config()
    root = notes_dir.parent
    out = out_dir if out_dir is not None else root / config.output_dir
    parse = _with_theme_types(config.parse, theme_dir)
    return Project(root, notes_dir, out, theme_dir, config.ignore, None, cache_dir, parse, config.site)


def read_config(path: Path) -> Config:
    """The config file at ``path``, read and checked (:class:`NoteforgeError` if it cannot be)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise NoteforgeError(f"cannot read config file {path}: {error}") from error
    return parse_config(text, str(path))


def _with_theme_types(settings: ParseSettings, theme_dir: Path | None) -> ParseSettings:
    """The parse settings, knowing the note types of the theme (its note templates)."""
    return replace(settings, note_types=note_types(site_theme(theme_dir)))


def _nearest_config(start: Path) -> Path | None:
    """The nearest config file in ``start`` or a folder above it, as a path relative to
    the working directory when it is inside it, else absolute."""
    here = Path.cwd()
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        found = candidate / CONFIG_FILE
        if _is_file(found):
            return found.relative_to(here) if found.is_relative_to(here) else found
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder on the way that may not be searched
        return False


def _same_folder(first: Path, second: Path) -> bool:
    return os.path.abspath(first) == os.path.abspath(second)
