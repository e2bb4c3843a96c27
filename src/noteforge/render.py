"""Render stage: page objects → HTML files, through the Jinja2 theme.

The environment autoescapes and uses ``StrictUndefined``, so a template typo fails the
build instead of printing an empty string. The built-in theme is the repository's
top-level ``templates/`` folder, shipped inside the wheel as ``noteforge/templates``.

A page is only rendered when its view changed: each page's digest (its view object, its
template and the theme) is compared with the digest of the same page in the previous
build, and an unchanged page becomes a :class:`KeptFile` — the previous site's file,
linked into the new one by the write stage.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)

from noteforge.paths import attachment_file
from noteforge.syntax.html import pygments_css
from noteforge.views import Page, TextFile

BUILTIN_PREFIX = "builtin"
_PACKAGED_THEME = Path(__file__).parent / "templates"
# In a source checkout (an editable install) the theme is the repository's templates/.
_CHECKOUT_THEME = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the finished site: its path relative to the output folder, its bytes and
    the digest of what it was made from (``""`` when it is not tracked between builds)."""

    path: str
    data: bytes
    digest: str = ""


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A file of the finished site identical to the previous site's file at the same path
    (its inputs have the same ``digest``); ``size`` is that file's size in bytes."""

    path: str
    digest: str
    size: int


@dataclass(frozen=True, slots=True)
class CopiedFile:
    """A file of the finished site copied from the notes folder (an attachment a page uses)."""

    path: str
    source: Path


@dataclass(frozen=True, slots=True)
class Theme:
    """The theme folders of a build, first match wins: the wiki's own ``templates/``
    folder (if any) before the built-in theme. A template or a ``static/`` asset of the
    wiki's folder replaces the built-in file with the same name; new ones are added."""

    folders: tuple[Path, ...]

    def static_assets(self) -> dict[str, Path]:
        """Each asset under the themes' ``static/`` folders by its relative path, the first
        folder's file winning."""
        assets: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    assets[path.relative_to(static).as_posix()] = path
        return dict(sorted(assets.items()))

    def files(self) -> list[tuple[str, Path]]:
        """Every file of every theme folder, by folder order then path."""
        return [
            (f"{index}/{path.relative_to(folder).as_posix()}", path)
            for index, folder in enumerate(self.folders)
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        ]


def builtin_theme() -> Path:
    """The folder of the built-in theme (templates and ``static/`` assets)."""
    return _PACKAGED_THEME if _PACKAGED_THEME.is_dir() else _CHECKOUT_THEME


def site_theme(overrides: Path | None = None) -> Theme:
    """The built-in theme, under the wiki's ``overrides`` folder when there is one."""
    builtin = builtin_theme()
    if overrides is None or not overrides.is_dir() or overrides.resolve() == builtin.resolve():
        return Theme((builtin,))
    return Theme((overrides, builtin))


def make_environment(theme: Theme) -> Environment:
    """The Jinja2 environment for a theme."""
    # "builtin/<name>" always names the built-in template, so an override can extend the
    # template it replaces and change only some of its blocks.
    builtin = FileSystemLoader(theme.folders[-1])
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(list(theme.folders)), PrefixLoader({BUILTIN_PREFIX: builtin})]),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["human_date"] = human_date
    return env


class Renderer:
    """Renders pages through a theme, keeping the previous build's file of every page whose
    digest did not change.

    ``previous`` maps the paths of the previous site's files that may be kept to their
    ``(digest, size)``; ``theme`` is the theme's :func:`theme_digest`.
    """

    def __init__(self, env: Environment, theme: str, previous: Mapping[str, tuple[str, int]]) -> None:
        self.env = env
        self.theme = theme
        self.previous = previous

    def render(self, page: Page | TextFile) -> OutputFile | KeptFile:
        """One page through its template (a data file as it is), unless it is unchanged."""
        digest = page_digest(page, self.theme)
        kept = self.previous.get(page.path)
        if kept is not None and kept[0] == digest:
            return KeptFile(page.path, digest, kept[1])
        return OutputFile(page.path, render_page(self.env, page), digest)

    def render_all(self, pages: Iterable[Page | TextFile]) -> Iterator[OutputFile | KeptFile]:
        """:meth:`render` for each page, one at a time."""
        for page in pages:
            yield self.render(page)


def render_page(env: Environment, page: Page | TextFile) -> bytes:
    """The bytes of one page through its template, or of a data file as it is."""
    if isinstance(page, TextFile):
        return page.text.encode("utf-8")
    return env.get_template(page.template).render(page=page).encode("utf-8")


def page_digest(page: Page | TextFile, theme: str) -> str:
    """A digest of everything a page's bytes depend on: its view and template, and the theme.

    The view is pickled without the memo, so equal views pickle to equal bytes whichever
    objects they share; views hold no sets, whose order would vary between processes.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(page)
    digest = hashlib.sha256(theme.encode("ascii") + b"\0")
    digest.update(buffer.getbuffer())
    return digest.hexdigest()


def static_files(theme: Theme) -> Iterator[OutputFile]:
    """The theme's ``static/`` assets under ``assets/``, and the code-highlighting stylesheet
    (which a theme's own ``static/pygments.css`` replaces)."""
    assets = theme.static_assets()
    if "pygments.css" not in assets:
        yield OutputFile("assets/pygments.css", pygments_css().encode("utf-8"))
    for relative, path in assets.items():
        yield OutputFile(f"assets/{relative}", path.read_bytes())


def attachment_files(notes_dir: Path, paths: Iterable[str]) -> Iterator[CopiedFile]:
    """The attachments pages use, copied from the notes folder into ``files/``."""
    for path in paths:
        yield CopiedFile(attachment_file(path), notes_dir / path)


def theme_digest(theme: Theme) -> str:
    """A digest of every file of the theme (templates and assets, overrides included)."""
    digest = hashlib.sha256()
    for name, path in theme.files():
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def human_date(value: date) -> str:
    """``2026-05-22`` → ``22 May 2026``."""
    return f"{value.day} {value:%B %Y}"
