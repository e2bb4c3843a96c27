"""Render stage: page objects → HTML files, through the Jinja2 theme.

The environment autoescapes and uses ``StrictUndefined``, so a template typo fails the
build instead of printing an empty string. The built-in theme is the repository's
top-level ``templates/`` folder, shipped inside the wheel as ``noteforge/templates``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from noteforge.paths import attachment_file
from noteforge.syntax.html import pygments_css
from noteforge.views import Page, TextFile

_PACKAGED_THEME = Path(__file__).parent / "templates"
# In a source checkout (an editable install) the theme is the repository's templates/.
_CHECKOUT_THEME = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the finished site: its path relative to the output folder and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class CopiedFile:
    """A file of the finished site copied from the notes folder (an attachment a page uses)."""

    path: str
    source: Path


def builtin_theme() -> Path:
    """The folder of the built-in theme (templates and ``static/`` assets)."""
    return _PACKAGED_THEME if _PACKAGED_THEME.is_dir() else _CHECKOUT_THEME


def make_environment(theme: Path) -> Environment:
    """The Jinja2 environment for a theme folder."""
    env = Environment(
        loader=FileSystemLoader(theme),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["human_date"] = human_date
    return env


def render_pages(env: Environment, pages: Iterable[Page | TextFile]) -> Iterator[OutputFile]:
    """Render each page with its template (data files as they are), one at a time."""
    for page in pages:
        yield render_page(env, page)


def render_page(env: Environment, page: Page | TextFile) -> OutputFile:
    """One page through its template, or a data file as it is."""
    if isinstance(page, TextFile):
        return OutputFile(page.path, page.text.encode("utf-8"))
    return OutputFile(page.path, env.get_template(page.template).render(page=page).encode("utf-8"))


def static_files(theme: Path) -> Iterator[OutputFile]:
    """The theme's ``static/`` assets under ``assets/``, and the code-highlighting stylesheet."""
    yield OutputFile("assets/pygments.css", pygments_css().encode("utf-8"))
    static = theme / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file():
            yield OutputFile(f"assets/{path.relative_to(static).as_posix()}", path.read_bytes())


def attachment_files(notes_dir: Path, paths: Iterable[str]) -> Iterator[CopiedFile]:
    """The attachments pages use, copied from the notes folder into ``files/``."""
    for path in paths:
        yield CopiedFile(attachment_file(path), notes_dir / path)


def theme_digest(theme: Path) -> str:
    """A digest of every file of the theme (templates and assets)."""
    digest = hashlib.sha256()
    for path in sorted(theme.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(theme).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def human_date(value: date) -> str:
    """``2026-05-22`` → ``22 May 2026``."""
    return f"{value.day} {value:%B %Y}"
