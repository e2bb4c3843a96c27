"""Terminal output: diagnostics, the summary line and the progress bar, all on stderr.

Colour only when stderr is a terminal and ``NO_COLOR`` is not set (https://no-color.org);
the progress bar (rich) only on a terminal, and only once a build has run for a second,
so quick builds print nothing but their result.
"""

from __future__ import annotations

import os
import posixpath
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

from noteforge.model import Diagnostic, Severity

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def colour_enabled() -> bool:
    """Whether to colour stderr: a terminal, not ``TERM=dumb``, no ``NO_COLOR``."""
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def print_diagnostics(notes_dir: Path, diagnostics: Iterable[Diagnostic]) -> None:
    """Each diagnostic as ``notes/path:line:col: severity NFxxx: message``."""
    prefix = notes_dir.as_posix().rstrip("/")
    colour = colour_enabled()
    for d in diagnostics:
        line = f"{_shown_path(prefix, d.path)}{d.format().removeprefix(d.path)}"
        if colour:
            severity = d.severity.value
            styled = click.style(severity, fg=_SEVERITY_COLOURS[d.severity], bold=True)
            line = line.replace(f" {severity} ", f" {styled} ", 1)
        click.echo(line, err=True, color=colour)


def _shown_path(prefix: str, path: str) -> str:
    """A diagnostic's file from the working directory: the notes folder and its path in it, or
    the way to a file outside it (the config: ``notes/../noteforge.yaml`` → ``noteforge.yaml``)."""
    return posixpath.normpath(f"{prefix}/{path}") if path.startswith("../") else f"{prefix}/{path}"


def plural(count: int, word: str) -> str:
    """``1 note``, ``2 notes``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts_text(counts: dict[Severity, int]) -> str:
    """``0 errors, 1 warning``."""
    return f"{plural(counts[Severity.ERROR], 'error')}, {plural(counts[Severity.WARNING], 'warning')}"


def print_summary(text: str, *, failed: bool = False) -> None:
    """The one-line summary of a command, ``noteforge: …``."""
    colour = colour_enabled()
    prefix = click.style("noteforge:", bold=True, fg="red" if failed else None) if colour else "noteforge:"
    click.echo(f"{prefix} {text}", err=True, color=colour)


class BuildProgress:
    """A progress bar for a build, shown on a terminal once the build has taken a second.

    Implements the ``stage``/``advance``/``note`` protocol :func:`noteforge.build.build_site` reports to.
    Use as a context manager; the bar disappears when the build ends.
    """

    #: How long a build runs before the bar appears; tests set it to 0 or infinity so that
    #: what is printed does not depend on the machine's speed.
    after_seconds = 1.0

    def __init__(self, enabled: bool) -> None:
        self.quiet = not enabled
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.pending: tuple[str, int | None, int] = ("", None, 0)

    def stage(self, name: str, total: int | None) -> None:
        """A new stage of ``total`` steps begins."""
        self.pending = (name, total, 0)
        if self.bar is not None:
            self._new_task()
        self._show_if_slow()

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current stage are done."""
        name, total, done = self.pending
        self.pending = (name, total, done + steps)
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=done + steps)
        else:
            self._show_if_slow()

    def note(self, message: str) -> None:
        """A message on its own line (above the bar, if one is shown), unless quiet."""
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.console.print(f"noteforge: {message}", markup=False, highlight=False)
        else:
            print_summary(message)

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()

    def _show_if_slow(self) -> None:
        slow = time.monotonic() - self.started >= self.after_seconds
        if not self.enabled or self.bar is not None or not slow:
            return
        # rich is imported only for a bar that is shown: most builds end before a second.
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=not colour_enabled())
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.bar.start()
        self._new_task()

    def _new_task(self) -> None:
        assert self.bar is not None
        name, total, done = self.pending
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(name, total=total, completed=done)
