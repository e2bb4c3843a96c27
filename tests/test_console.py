"""Terminal output: colour only on a terminal and never with NO_COLOR; the progress bar only
on a terminal and only once a build has taken a second."""

from __future__ import annotations

import math
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from noteforge.console import BuildProgress
from tests.helpers import MakeNotes, run

# Colour and other text attributes are set by SGR sequences; the progress bar also moves the
# cursor (other escape sequences), which NO_COLOR allows.
SGR = re.compile(r"\x1b\[[0-9;]*m")
HIDE_CURSOR = "\x1b[?25l"  # what rich's progress bar prints first
NEVER, AT_ONCE = math.inf, 0.0


def run_on_terminal(args: list[str], cwd: Path, env: dict[str, str], bar_after: float = NEVER) -> str:
    """Run noteforge with stderr (and stdout) on a pseudo-terminal; what it printed. The progress
    bar appears after ``bar_after`` seconds, so the output does not depend on the machine's speed."""
    leader, follower = pty.openpty()
    inherited = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    environment = {**inherited, "TERM": "xterm-256color", **env}
    command = (
        "from noteforge.console import BuildProgress; from noteforge.cli import main; "
        f"BuildProgress.after_seconds = float({str(bar_after)!r}); main()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", command, *args], cwd=cwd, stdout=follower, stderr=follower, env=environment
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def wiki_with_a_warning(make_notes: MakeNotes) -> Path:
    return make_notes({"a.md": "# A\n\n[[nowhere]]\n"}).parent


def test_diagnostics_are_coloured_on_a_terminal(wiki_with_a_warning: Path) -> None:
    output = run_on_terminal(["build", "notes"], wiki_with_a_warning, {})
    warning = next(line for line in output.splitlines() if "NF201" in line)
    assert SGR.search(warning)


@pytest.mark.parametrize("bar_after", [NEVER, AT_ONCE], ids=["quick build", "slow build, with the bar"])
def test_no_colour_with_no_color_or_off_a_terminal(wiki_with_a_warning: Path, bar_after: float) -> None:
    output = run_on_terminal(["build", "notes"], wiki_with_a_warning, {"NO_COLOR": "1"}, bar_after)
    assert "NF201" in output and not SGR.search(output)
    assert (HIDE_CURSOR in output) == (bar_after == AT_ONCE)
    piped = run("build", "notes", cwd=wiki_with_a_warning, env={"NO_COLOR": ""})
    assert "NF201" in piped.stderr and "\x1b[" not in piped.stderr


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """``time.monotonic``, moved by hand."""
    fake = Clock()
    monkeypatch.setattr(time, "monotonic", fake)
    return fake


def test_the_progress_bar_appears_only_after_a_second_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with BuildProgress(enabled=True) as progress:
        progress.stage("Parsing notes", 10)
        progress.advance(3)
        assert progress.bar is None, "a quick build shows no bar"
        clock.now += 1.5
        progress.advance()
        assert progress.bar is not None
        task = progress.bar.tasks[0]
        assert (task.description, task.total, task.completed) == ("Parsing notes", 10, 4)
        progress.stage("Writing pages", 5)
        assert [t.description for t in progress.bar.tasks] == ["Writing pages"]
    assert not progress.bar.live.is_started, "the bar is gone when the build ends"


@pytest.mark.parametrize(("enabled", "terminal"), [(False, True), (True, False)])
def test_no_progress_bar_when_quiet_or_off_a_terminal(
    monkeypatch: pytest.MonkeyPatch, clock: Clock, enabled: bool, terminal: bool
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    with BuildProgress(enabled=enabled) as progress:
        progress.stage("Parsing notes", 10)
        clock.now += 5
        progress.advance()
        assert progress.bar is None
