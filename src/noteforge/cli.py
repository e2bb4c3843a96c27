"""The command line: ``noteforge build``, ``check``, ``export``, ``graph`` and ``--version``.

A thin shell over the library: it finds and reads the config file, calls the pipeline,
prints diagnostics (``path:line:col: severity NFxxx: message``) to stderr, and maps
outcomes to exit codes — 0 success (warnings allowed), 1 errors in the notes (or
warnings with ``--strict``), 2 when noteforge cannot run as asked (one line, no traceback).
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
from noteforge.cache import default_cache_dir
from noteforge.config import CONFIG_FILE, Config, parse_config
from noteforge.diagnostics import count_by_severity
from noteforge.errors import NoteforgeError
from noteforge.export import export_wiki, graph_text, to_json
from noteforge.model import Diagnostic, Severity
from noteforge.parallel import default_jobs

P = ParamSpec("P")
R = TypeVar("R")

_NOTES_DIR = click.argument("notes_dir", default="notes", type=click.Path(path_type=Path))
_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help=f"Config file (default: the nearest {CONFIG_FILE} in this folder or above).",
)
_STRICT = click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too.")
_VERBOSE = click.option("-v", "--verbose", is_flag=True, help="Also print info diagnostics.")
_QUIET = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")


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
@_CONFIG
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=default_jobs,
    show_default="one per core",
    help="Processes to parse and render with.",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    envvar="NOTEFORGE_CACHE_DIR",
    help="Where to keep parsed notes between builds (default: .<output>.cache beside the output).",
)
@click.option("--no-cache", is_flag=True, help="Parse every note afresh and keep no cache.")
@_STRICT
@_VERBOSE
@_QUIET
@_user_errors_exit_2
def build(
    notes_dir: Path,
    out_dir: Path,
    config_path: Path | None,
    jobs: int,
    cache_dir: Path | None,
    no_cache: bool,
    strict: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Build the site for NOTES_DIR (default: ./notes) into ./site."""
    started = time.perf_counter()
    cache = None if no_cache else cache_dir or default_cache_dir(out_dir)
    result = build_site(notes_dir, out_dir, _load_config(config_path), jobs=jobs, cache_dir=cache)
    _print_diagnostics(notes_dir, _visible(result.diagnostics, verbose=verbose, quiet=quiet))
    counts = count_by_severity(result.diagnostics)
    if not quiet and result.up_to_date:
        click.echo(
            f"noteforge: {out_dir}/ is up to date ({_plural(result.notes, 'note')}) "
            f"with {_counts_text(counts)} in {time.perf_counter() - started:.2f} s",
            err=True,
        )
    elif not quiet:
        click.echo(
            f"noteforge: built {_plural(result.notes, 'note')} into {out_dir}/ "
            f"({result.files_written} files) with {_counts_text(counts)} "
            f"in {time.perf_counter() - started:.2f} s",
            err=True,
        )
    sys.exit(_exit_status(counts, strict))


@cli.command()
@_NOTES_DIR
@_CONFIG
@_STRICT
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: every diagnostic as a JSON list on stdout.",
)
@_VERBOSE
@_QUIET
@_user_errors_exit_2
def check(
    notes_dir: Path, config_path: Path | None, strict: bool, output_format: str, verbose: bool, quiet: bool
) -> None:
    """Check NOTES_DIR (default: ./notes) and report its problems, without building."""
    _, diagnostics = load_wiki(notes_dir, _load_config(config_path))
    counts = count_by_severity(diagnostics)
    if output_format == "json":
        click.echo(json.dumps([to_json(d) for d in diagnostics], ensure_ascii=False, indent=2))
    else:
        _print_diagnostics(notes_dir, _visible(diagnostics, verbose=verbose, quiet=quiet))
        if not quiet:
            click.echo(f"noteforge: {_counts_text(counts)}", err=True)
    sys.exit(_exit_status(counts, strict))


@cli.command()
@_NOTES_DIR
@_CONFIG
@_user_errors_exit_2
def export(notes_dir: Path, config_path: Path | None) -> None:
    """Print NOTES_DIR's records, edges, missing notes and diagnostics as one JSON object."""
    wiki, diagnostics = load_wiki(notes_dir, _load_config(config_path))
    click.echo(json.dumps(export_wiki(wiki, diagnostics), ensure_ascii=False, indent=2))


@cli.command()
@_NOTES_DIR
@_CONFIG
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["graphml", "json", "dot"]),
    default="graphml",
    show_default=True,
    help="graphml for networkx and Gephi, json (node-link), dot for Graphviz.",
)
@_user_errors_exit_2
def graph(notes_dir: Path, config_path: Path | None, output_format: str) -> None:
    """Print the link graph of NOTES_DIR: every note, attachment and missing note, every link."""
    wiki, _ = load_wiki(notes_dir, _load_config(config_path))
    click.echo(graph_text(wiki, output_format), nl=False)


def _load_config(explicit: Path | None) -> Config:
    """The config from ``--config``, else from the nearest config file upwards, else defaults."""
    path = explicit or next(
        (
            folder / CONFIG_FILE
            for folder in (Path.cwd(), *Path.cwd().parents)
            if (folder / CONFIG_FILE).is_file()
        ),
        None,
    )
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise NoteforgeError(f"cannot read config file {path}: {error}") from error
    return parse_config(text, str(path))


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


def _counts_text(counts: dict[Severity, int]) -> str:
    return f"{_plural(counts[Severity.ERROR], 'error')}, {_plural(counts[Severity.WARNING], 'warning')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="noteforge")
