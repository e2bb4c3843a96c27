"""Render stage: page objects → HTML files, through the Jinja2 theme.

The environment autoescapes and uses ``StrictUndefined``, so a template typo fails the
build instead of printing an empty string. Templates come from the :class:`Theme`'s
folders, first match wins; ``builtin/<name>`` always names the built-in template.

Pages come in jobs (:class:`~noteforge.views.keys.PageJob`), each with the key of what
its pages are made from. A job whose key, with the theme's digest, equals the previous
build's is neither built nor rendered: its files become :class:`KeptFile` files — the
previous site's files, linked into the new one by the write stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from markupsafe import Markup

from noteforge.diagnostics import diagnostic
from noteforge.errors import DiagnosticError
from noteforge.files import CopiedFile, KeptFile, OutputFile
from noteforge.model import Diagnostic
from noteforge.paths import attachment_file
from noteforge.record import PageRecord
from noteforge.syntax.heading_links import heading_link
from noteforge.theme import BUILTIN_PREFIX, Theme
from noteforge.views import Page, TextFile
from noteforge.views.keys import PageJob
from noteforge.xmltext import xml_safe


def make_environment(theme: Theme) -> Environment:
    """The Jinja2 environment for a theme. It never looks at its template files again once
    it has loaded them (a build renders thousands of pages): make one per build."""
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
        auto_reload=False,
    )
    env.filters["human_date"] = human_date
    env.filters["heading_link"] = heading_link_html
    return env


def heading_link_html(anchor: str) -> Markup:
    """``{{ anchor | heading_link }}``: a heading's link to itself, as notes' headings have."""
    return Markup(heading_link(anchor))


class Renderer:
    """Renders pages through a theme, job by job, keeping the previous build's files of every
    job whose key did not change: such a job's pages are not even built.

    ``previous`` maps the paths of the previous site's files that may be kept to their
    records, ``jobs`` each previous job's name to the paths it made; ``theme`` is the
    theme's :func:`theme_digest`.
    """

    def __init__(
        self,
        env: Environment,
        theme: str,
        previous: Mapping[str, PageRecord],
        jobs: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.env = env
        self.theme = theme
        self.previous = previous
        self.jobs = jobs

    def render_job(self, job: PageJob) -> list[OutputFile | KeptFile]:
        """The files of a job: the previous build's when its key is unchanged, else its pages
        built and rendered (a data file as it is)."""
        digest = hashlib.sha256(f"{self.theme}\0{job.key()}".encode()).hexdigest()
        kept = self._kept(job.name, digest)
        if kept is not None:
            return kept
        return [OutputFile(page.path, self._bytes(page), digest) for page in job.build()]

    def _bytes(self, page: Page | TextFile) -> bytes:
        return page.text.encode("utf-8") if isinstance(page, TextFile) else render_page(self.env, page)

    def _kept(self, job: str, digest: str) -> list[OutputFile | KeptFile] | None:
        """The previous build's files of ``job``, if all were made under ``digest`` and are there."""
        paths = self.jobs.get(job)
        if paths is None:
            return None
        found = [self.previous.get(path) for path in paths]
        if not all(kept is not None and kept.digest == digest for kept in found):
            return None
        return [KeptFile(kept.path, digest, kept.size) for kept in found if kept is not None]


# What a mistake in a theme template raises while it renders (a typo in an expression
# gives a TypeError, a bad index a LookupError); with its template and line it is the
# user's to fix, not a bug.
_TEMPLATE_MISTAKES = (TemplateError, TypeError, ValueError, ArithmeticError, LookupError)


def render_page(env: Environment, page: Page) -> bytes:
    """The bytes of one page through its template (an XML page without what XML forbids).

    A mistake in a template raises :class:`DiagnosticError` naming its file and line."""
    try:
        text = env.get_template(page.template).render(page=page)
        return (xml_safe(text) if page.template.endswith(".xml") else text).encode("utf-8")
    except _TEMPLATE_MISTAKES as error:
        found = template_diagnostic(error, page.template)
        if found is None:
            raise
        raise DiagnosticError(found) from None


def template_diagnostic(error: Exception, template: str) -> Diagnostic | None:
    """The diagnostic of a template mistake: NF401 syntax, NF402 undefined name, NF403
    missing template, NF404 any other failure; ``None`` if no template raised it."""
    if isinstance(error, TemplateSyntaxError):
        path = error.filename or error.name or template
        return diagnostic("NF401", path, error.lineno, 1, error.message or "")
    place = _innermost_template_frame(error)
    if isinstance(error, TemplateNotFound):
        path, line = place or (template, 1)
        return diagnostic("NF403", path, line, 1, f"template {error.name!r} not found")
    if place is None:
        return None
    code = "NF402" if isinstance(error, UndefinedError) else "NF404"
    message = str(error) if code == "NF402" else f"{type(error).__name__}: {error}"
    return diagnostic(code, place[0], place[1], 1, message)


def _innermost_template_frame(error: Exception) -> tuple[str, int] | None:
    """The template file and line where ``error`` was raised: Jinja2 rewrites the traceback
    so that a template's frames carry its file name and line numbers, and marks them with
    the exception in their globals."""
    place = None
    trace = error.__traceback__
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            place = (trace.tb_frame.f_code.co_filename, trace.tb_lineno)
        trace = trace.tb_next
    return place


def static_files(theme: Theme) -> Iterator[OutputFile]:
    """The theme's ``static/`` assets under ``assets/`` (the code-highlighting stylesheet,
    ``pygments.css``, is one of them).

    A symbolic link leading out of a ``static/`` folder stops the build (NF405): it would
    publish whatever it points to."""
    for path in theme.links_out_of_static()[:1]:
        message = "symbolic link leads out of the theme's static/ folder; it is not published"
        raise DiagnosticError(diagnostic("NF405", path.as_posix(), 1, 1, message))
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
