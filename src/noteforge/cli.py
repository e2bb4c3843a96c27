"""The command line: ``noteforge build``, ``noteforge export``, ``noteforge --version``.

A thin shell over the library: it parses arguments, calls the pipeline, prints
diagnostics (``path:line:col: severity NFxxx: message``) to stderr, and maps outcomes to
exit codes — 0 success (warnings allowed), 1 errors in the notes (or warnings with
``--strict``), 2 when noteforge cannot run as asked (one line, no traceback).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from noteforge._version import __version__
from noteforge.build import build_site, load_wiki
from noteforge.diagnostics import count_by_severity
from noteforge.errors import NoteforgeError
from noteforge.export import export_wiki
from noteforge.model import Diagnostic, Severity

P = ParamSpec("P")
R = TypeVar("R")

_NOTES_DIR = click.argument("notes_dir", default="notes", type=click.Path(path_type=Path))


def _user_errors_exit_2(command: Callable[P, R]) -> Callable[P, R]:
    """Report a :class:`NoteforgeError` as one line on stderr and exit with status 2."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except NoteforgeError as error:
            click.echo(f"noteforge: error: {error}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="noteforge")
def cli() -> None:
    """Compile a folder of research notes into typed records, a link graph and a static site."""


@cli.command()
@_NOTES_DIR
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="site",
    type=click.Path(path_type=Path),
    help="Folder to write the site into (replaced atomically).",
    show_default=True,
)
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
@click.option("-v", "--verbose", is_flag=True, help="Also print info diagnostics.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@_user_errors_exit_2
def build(notes_dir: Path, out_dir: Path, strict: bool, verbose: bool, quiet: bool) -> None:
    """Build the site for NOTES_DIR (default: ./notes) into ./site."""
    started = time.perf_counter()
    result = build_site(notes_dir, out_dir)
    shown = _visible(result.diagnostics, verbose=verbose, quiet=quiet)
    _print_diagnostics(notes_dir, shown)
    counts = count_by_severity(result.diagnostics)
    if not quiet:
        click.echo(
            f"noteforge: built {_plural(len(result.wiki.notes), 'note')} into {out_dir}/ "
            f"({result.files_written} files) with {_plural(counts[Severity.ERROR], 'error')}, "
            f"{_plural(counts[Severity.WARNING], 'warning')} in {time.perf_counter() - started:.2f} s",
            err=True,
        )
    sys.exit(_exit_status(counts, strict))


@cli.command()
@_NOTES_DIR
@_user_errors_exit_2
def export(notes_dir: Path) -> None:
    """Print NOTES_DIR's records, edges, missing notes and diagnostics as one JSON object."""
    wiki, diagnostics = load_wiki(notes_dir)
    click.echo(json.dumps(export_wiki(wiki, diagnostics), ensure_ascii=False, indent=2))


def _visible(diagnostics: Iterable[Diagnostic], *, verbose: bool, quiet: bool) -> list[Diagnostic]:
    hidden = {Severity.INFO, Severity.WARNING} if quiet else set() if verbose else {Severity.INFO}
    return [d for d in diagnostics if d.severity not in hidden]


def _print_diagnostics(notes_dir: Path, diagnostics: Iterable[Diagnostic]) -> None:
    prefix = notes_dir.as_posix().rstrip("/")
    for d in diagnostics:
        click.echo(f"{prefix}/{d.format()}", err=True)


def _exit_status(counts: dict[Severity, int], strict: bool) -> int:
    if counts[Severity.ERROR] or (strict and counts[Severity.WARNING]):
        return 1
    return 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="noteforge")
