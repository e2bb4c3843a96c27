"""Render stage: page objects → HTML files, through the Jinja2 theme.

The environment autoescapes and uses ``StrictUndefined``, so a template typo fails the
build instead of printing an empty string. Templates come from the :class:`Theme`'s
folders, first match wins; ``builtin/<name>`` always names the built-in template.

A page is only rendered when its view changed: each page's digest (its view object, its
template and the theme) is compared with the digest of the same page in the previous
build, and an unchanged page becomes a :class:`KeptFile` — the previous site's file,
linked into the new one by the write stage.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
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

from noteforge.files import CopiedFile, KeptFile, OutputFile
from noteforge.paths import attachment_file
from noteforge.theme import BUILTIN_PREFIX, Theme
from noteforge.views import Page, TextFile


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
        if isinstance(page, TextFile):
            # A data file's bytes are its own digest input: encode once, no view to pickle.
            data = page.text.encode("utf-8")
            digest = hashlib.sha256(f"{self.theme}\0{page.path}\0".encode() + data).hexdigest()
            return self._kept(page.path, digest) or OutputFile(page.path, data, digest)
        digest = page_digest(page, self.theme)
        return self._kept(page.path, digest) or OutputFile(page.path, render_page(self.env, page), digest)

    def _kept(self, path: str, digest: str) -> KeptFile | None:
        """The previous build's file at ``path``, if it was made from the same ``digest``."""
        kept = self.previous.get(path)
        return KeptFile(path, digest, kept[1]) if kept is not None and kept[0] == digest else None

    def render_all(self, pages: Iterable[Page | TextFile]) -> Iterator[OutputFile | KeptFile]:
        """:meth:`render` for each page, one at a time."""
        for page in pages:
            yield self.render(page)


def render_page(env: Environment, page: Page) -> bytes:
    """The bytes of one page through its template."""
    return env.get_template(page.template).render(page=page).encode("utf-8")


def page_digest(page: Page, theme: str) -> str:
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
    """The theme's ``static/`` assets under ``assets/`` (the code-highlighting stylesheet,
    ``pygments.css``, is one of them)."""
    for relative, path in theme.static_assets().items():
        yield OutputFile(f"assets/{relative}", path.read_bytes())


def attachment_files(
    notes_dir: Path, paths: Iterable[str], on_disk: Callable[[str], str]
) -> Iterator[CopiedFile]:
    """The attachments pages use, copied from the notes folder (``on_disk`` gives each one's
    path there) into ``files/``."""
    for path in paths:
        yield CopiedFile(attachment_file(path), notes_dir / on_disk(path))


def human_date(value: date) -> str:
    """``2026-05-22`` → ``22 May 2026``."""
    return f"{value.day} {value:%B %Y}"
