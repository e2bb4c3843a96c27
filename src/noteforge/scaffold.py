"""Scaffolding: ``noteforge new`` writes one note from a note template, ``noteforge init``
a starter wiki.

Note templates are ``notes/<type>.md`` in the theme folders (a wiki's own
``templates/notes/`` first), rendered with Jinja2: ``title`` and ``today`` are given, the
``yaml`` filter quotes a value for front matter and ``prose_date`` writes a date the way
status lines do ("May 22, 2026"). Nothing here ever replaces a file that exists.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from noteforge.config import CONFIG_FILE
from noteforge.errors import NoteforgeError
from noteforge.paths import is_date_prefixed, note_slug
from noteforge.theme import NOTE_TEMPLATES, Theme, builtin_theme, note_types

_STARTER = "starter"
_NOT_IN_FILE_NAMES = re.compile(r"[/\\.]+")


def render_note(theme: Theme, note_type: str, title: str, today: date) -> str:
    """The text of a new note of ``note_type`` called ``title``, created ``today``."""
    known = note_types(theme)
    if note_type not in known:
        raise NoteforgeError(f"unknown note type `{note_type}` (types: {', '.join(known)})")
    env = Environment(
        loader=FileSystemLoader([folder / NOTE_TEMPLATES for folder in theme.folders]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_text
    env.filters["prose_date"] = prose_date
    try:
        return env.get_template(f"{note_type}.md").render(title=title, type=note_type, today=today)
    except TemplateError as error:
        raise NoteforgeError(f"note template `{note_type}.md` cannot be used: {error}") from error


def note_file_name(note_type: str, title: str, today: date) -> str:
    """``<slug>.md`` for a title; a source note's name starts with the date, as sources' do."""
    slug = note_slug(_NOT_IN_FILE_NAMES.sub("-", title.strip()))
    if note_type == "source" and not is_date_prefixed(slug):
        slug = f"{today.isoformat()}-{slug}"
    return f"{slug}.md"


def create_note(notes_dir: Path, note_type: str, title: str, theme: Theme, today: date) -> Path:
    """Write a new note into ``notes_dir`` and return its path; never replaces a file."""
    if not title.strip():
        raise NoteforgeError("a note needs a title")
    text = render_note(theme, note_type, title.strip(), today)
    path = notes_dir / note_file_name(note_type, title, today)
    notes_dir.mkdir(parents=True, exist_ok=True)
    _write_new(path, text)
    return path


def init_wiki(folder: Path, force: bool = False) -> list[Path]:
    """Create a starter wiki in ``folder``: the config file, example notes of each type and a
    ``.gitignore`` for the output. Refuses a folder that is not empty unless ``force`` (and
    even then replaces no file). Returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise NoteforgeError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise NoteforgeError(f"{folder} is not empty; use --force to add a starter wiki to it anyway")
    starter = builtin_theme() / _STARTER
    sources = {CONFIG_FILE: starter / CONFIG_FILE, ".gitignore": starter / "gitignore"}
    sources |= {f"notes/{path.name}": path for path in sorted((starter / "notes").glob("*.md"))}
    clashes = [name for name in sources if (folder / name).exists()]
    if clashes:
        raise NoteforgeError(f"{folder / clashes[0]} already exists; nothing was written")
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in sources.items():
        _write_new(folder / name, source.read_text(encoding="utf-8"))
        written.append(folder / name)
    return written


def prose_date(value: date) -> str:
    """``2026-05-22`` → ``May 22, 2026``."""
    return f"{value:%B} {value.day}, {value.year}"


def _yaml_text(value: object) -> str:
    """A value as a YAML flow scalar: a double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; fail, touching nothing, if it already exists."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as error:
        raise NoteforgeError(f"{path} already exists; it was left as it is") from error
    except OSError as error:
        raise NoteforgeError(f"cannot create {path}: {error.strerror}") from error
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
