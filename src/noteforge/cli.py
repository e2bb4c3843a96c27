"""The command line: ``noteforge build``, ``serve``, ``check``, ``export``, ``graph``,
``new``, ``init`` and ``--version``.

A thin shell over the library: it finds the wiki (:func:`noteforge.project.find_project`:
``--config``, else the nearest ``noteforge.yaml`` in or above NOTES_DIR, else in or above
the working directory; its folder is the wiki's root, where a ``templates/`` folder
overrides the theme and adds note types), calls the pipeline, prints diagnostics
(``path:line:col: severity NFxxx: message``) to stderr, and maps outcomes to exit codes —
0 success (warnings allowed), 1 errors in the notes (or warnings with ``--strict``), 2 when
noteforge cannot run as asked (one line, no traceback).

Commands import the heavy parts of noteforge (the pipeline, the server, the note
templates) when they run, so ``--version``, ``new`` and an up-to-date ``build`` start fast.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from noteforge._version import __version__
from noteforge.build import build_date, build_site
from noteforge.config import CONFIG_FILE
from noteforge.console import BuildProgress, counts_text, plural, print_diagnostics, print_summary
from noteforge.diagnostics import count_by_severity
from noteforge.errors import DiagnosticError, NoteforgeError
from noteforge.model import Diagnostic, Severity
from noteforge.parallel import default_jobs
from noteforge.project import Project, find_project
from noteforge.theme import site_theme

P = ParamSpec("P")
R = TypeVar("R")

_NOTES_DIR = click.argument("notes_dir", required=False, type=click.Path(path_type=Path))
_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help=f"Config file (default: the nearest {CONFIG_FILE} in or above NOTES_DIR, else here or above).",
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
        except DiagnosticError as error:
            click.echo(str(error), err=True)
            sys.exit(2)
        except NoteforgeError as error:
            click.echo(f"noteforge: error: {error}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="noteforge")
def cli() -> None:
    """Compile a folder of research notes into typed records, a link graph and a static site."""


def _output(help: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The ``-o/--output`` option, with a command's own help text."""
    return click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), help=help)


_JOBS = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=default_jobs,
    show_default="one per core",
    help="Processes to parse and render with.",
)
_CACHE_DIR = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    envvar="NOTEFORGE_CACHE_DIR",
    help="Where to keep parsed notes and page digests between builds "
    "(default: .<output>.cache beside the output).",
)


def _require_notes(project: Project, given: Path | None) -> Project:
    """The project, unless the notes folder the command would read is not there: then stop
    with a hint. A NOTES_DIR used as given is left to the stage that reads it, which names it."""
    if project.notes_dir == given or project.notes_dir.is_dir():
        return project
    if project.config_file is None:
        command = click.get_current_context().info_name
        raise NoteforgeError(
            f"no wiki here: no {CONFIG_FILE} in this folder or above, and no ./notes folder; "
            f"start one with `noteforge init`, or name the notes folder: `noteforge {command} NOTES_DIR`"
        )
    raise NoteforgeError(
        f"notes folder {project.notes_dir} does not exist or is not a folder; create it, or set "
        f"`notes` in {project.config_file} to the notes folder, relative to that file"
    )


@cli.command()
@_NOTES_DIR
@_output("Folder to write the site into, replaced atomically (default: the config's `output`, else ./site).")
@_CONFIG
@_JOBS
@_CACHE_DIR
@click.option("--no-cache", is_flag=True, help="Parse and render every note afresh and keep no cache.")
@_STRICT
@_VERBOSE
@_QUIET
@_user_errors_exit_2
def build(
    notes_dir: Path | None,
    out_dir: Path | None,
    config_path: Path | None,
    jobs: int,
    cache_dir: Path | None,
    no_cache: bool,
    strict: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Build the site for NOTES_DIR into the wiki's output folder (default: the config's
    `notes` and `output`, else ./notes into ./site). NOTES_DIR may also be a wiki's folder."""
    started = time.perf_counter()
    found = find_project(
        notes_dir, config_file=config_path, out_dir=out_dir, cache_dir=cache_dir, use_cache=not no_cache
    )
    project = _require_notes(found, notes_dir)
    notes_dir, out_dir = project.notes_dir, project.out_dir
    with BuildProgress(enabled=not quiet) as progress:
        result = build_site(project, jobs=jobs, progress=progress)
    print_diagnostics(notes_dir, _visible(result.diagnostics, verbose=verbose, quiet=quiet, strict=strict))
    counts = count_by_severity(result.diagnostics)
    seconds = time.perf_counter() - started
    if not quiet and result.up_to_date:
        print_summary(
            f"{out_dir}/ is up to date ({plural(result.notes, 'note')}, {plural(result.pages, 'page')}) "
            f"with {counts_text(counts)} in {seconds:.2f} s"
        )
    elif not quiet:
        print_summary(
            f"built {plural(result.notes, 'note')} into {out_dir}/ "
            f"({plural(result.pages, 'page')}, {plural(result.files_written, 'file')}) "
            f"with {counts_text(counts)} in {seconds:.2f} s",
            failed=bool(counts[Severity.ERROR]),
        )
    sys.exit(_exit_status(counts, strict))


@cli.command()
@_NOTES_DIR
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    "-p",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port (0: any free one).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the web browser.")
@_output("Folder to build into (default: a temporary folder removed on exit).")
@_CONFIG
@_JOBS
@_user_errors_exit_2
def serve(
    notes_dir: Path | None,
    host: str,
    port: int,
    open_browser: bool,
    out_dir: Path | None,
    config_path: Path | None,
    jobs: int,
) -> None:
    """Build NOTES_DIR, serve it, and rebuild and reload pages on every save (Ctrl-C stops)."""
    project = _require_notes(find_project(notes_dir, config_file=config_path), notes_dir)
    notes = project.notes_dir
    if not notes.is_dir():
        raise NoteforgeError(f"notes folder {notes} does not exist or is not a folder")
    from noteforge.live import LiveSite
    from noteforge.serve import Session, run

    workspace = Path(tempfile.mkdtemp(prefix="noteforge-serve-"))
    site = out_dir or workspace / "site"
    cache = workspace / "cache"

    def current_project() -> Project:
        # Read again for each build: the config file may have changed.
        project = find_project(notes_dir, config_file=config_path, out_dir=site, cache_dir=cache)
        return replace(project, notes_dir=notes)

    live = LiveSite(current_project)

    def ready(url: str) -> None:
        print_summary(f"serving {url} (Ctrl-C to stop)")
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    session = Session(notes, site, project.theme_dir, project.config_file, live.build, jobs)
    try:
        run(session, host, port, ready)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    print_summary("stopped")


@cli.command()
@click.argument("note_type", metavar="TYPE")
@click.argument("title")
@click.option(
    "--dir",
    "notes_dir",
    type=click.Path(path_type=Path),
    help="Notes folder to create the note in (default: the config's `notes`, else ./notes).",
)
@_CONFIG
@_user_errors_exit_2
def new(note_type: str, title: str, notes_dir: Path | None, config_path: Path | None) -> None:
    """Create a note of TYPE called TITLE.

    The note comes from the note template templates/notes/TYPE.md: the wiki's own, else a
    built-in one (entity, thesis, source, question, topic, note). Each template is a note
    type, known to check and build too. Prints its path; an existing note is never replaced."""
    from noteforge.scaffold import create_note

    project = find_project(notes_dir, config_file=config_path)
    theme = site_theme(project.theme_dir)
    path = create_note(project.notes_dir, note_type, title, theme, build_date())
    click.echo(path.as_posix())


@cli.command()
@click.argument("folder", default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Add the starter files to a folder that is not empty.")
@_user_errors_exit_2
def init(folder: Path, force: bool) -> None:
    """Create a starter wiki in FOLDER (default: here): noteforge.yaml, example notes, .gitignore."""
    from noteforge.scaffold import init_wiki

    for path in init_wiki(folder, force):
        click.echo(path.as_posix())
    where = "" if folder == Path(".") else f"cd {folder} && "
    print_summary(f"starter wiki ready; build it with: {where}noteforge build")


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
    notes_dir: Path | None,
    config_path: Path | None,
    strict: bool,
    output_format: str,
    verbose: bool,
    quiet: bool,
) -> None:
    """Check NOTES_DIR (default: the wiki's notes, else ./notes) and report its problems,
    without building."""
    project = _require_notes(find_project(notes_dir, config_file=config_path, use_cache=False), notes_dir)
    notes_dir = project.notes_dir
    from noteforge.export import to_json
    from noteforge.pipeline import load_wiki

    _, diagnostics = load_wiki(project, today=build_date())
    counts = count_by_severity(diagnostics)
    if output_format == "json":
        click.echo(json.dumps([to_json(d) for d in diagnostics], ensure_ascii=False, indent=2))
    else:
        print_diagnostics(notes_dir, _visible(diagnostics, verbose=verbose, quiet=quiet, strict=strict))
        if not quiet:
            print_summary(counts_text(counts), failed=bool(counts[Severity.ERROR]))
    sys.exit(_exit_status(counts, strict))


@cli.command()
@_NOTES_DIR
@_CONFIG
@_user_errors_exit_2
def export(notes_dir: Path | None, config_path: Path | None) -> None:
    """Print NOTES_DIR's records, edges, missing notes and diagnostics as one JSON object."""
    project = _require_notes(find_project(notes_dir, config_file=config_path, use_cache=False), notes_dir)
    from noteforge.export import export_wiki
    from noteforge.pipeline import load_wiki

    wiki, diagnostics = load_wiki(project, today=build_date())
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
def graph(notes_dir: Path | None, config_path: Path | None, output_format: str) -> None:
    """Print the link graph of NOTES_DIR: every note, attachment and missing note, every link."""
    project = _require_notes(find_project(notes_dir, config_file=config_path, use_cache=False), notes_dir)
    from noteforge.export import graph_text
    from noteforge.pipeline import load_wiki

    wiki, _ = load_wiki(project)
    click.echo(graph_text(wiki, output_format), nl=False)


def _visible(
    diagnostics: Iterable[Diagnostic], *, verbose: bool, quiet: bool, strict: bool
) -> list[Diagnostic]:
    """What to print: errors always; warnings unless ``-q`` (but always under ``--strict``,
    where they fail the command); infos only with ``-v``."""
    hidden = set() if verbose and not quiet else {Severity.INFO}
    if quiet and not strict:
        hidden.add(Severity.WARNING)
    return [d for d in diagnostics if d.severity not in hidden]


def _exit_status(counts: dict[Severity, int], strict: bool) -> int:
    if counts[Severity.ERROR] or (strict and counts[Severity.WARNING]):
        return 1
    return 0


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="noteforge")
