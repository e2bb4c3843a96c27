"""The write stage: the output folder is replaced whole, or not at all."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from noteforge import Config, build_site
from noteforge.errors import NoteforgeError
from noteforge.files import OutputFile
from noteforge.project import project_of
from noteforge.write import MARKER, lock_path, write_site
from tests.helpers import SAMPLE_DAY, SAMPLE_EPOCH, MakeNotes, run


def test_a_failed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([OutputFile("index.html", b"old")], out)

    def failing() -> Iterator[OutputFile]:
        yield OutputFile("index.html", b"new")
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        write_site(failing(), out)
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging folder left behind"


def test_files_can_not_escape_the_output_folder(tmp_path: Path) -> None:
    for bad in ("../evil.html", "/etc/evil", "a/../../evil"):
        with pytest.raises(NoteforgeError):
            write_site([OutputFile(bad, b"x")], tmp_path / "site")
    assert not (tmp_path / "evil.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_folder_noteforge_did_not_make_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(NoteforgeError, match="not made by noteforge"):
        write_site([OutputFile("index.html", b"x")], out)
    assert (out / "thesis.tex").read_text() == "precious"


def test_the_site_is_marked_and_world_readable(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert write_site([OutputFile("a/b.html", b"x")], out) == 1
    assert (out / MARKER).is_file()
    assert out.stat().st_mode & 0o755 == 0o755
    assert write_site([OutputFile("c.html", b"y")], out) == 1
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "c.html"]


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([OutputFile("index.html", b"old")], out)
    leftover = tmp_path / ".site.k1ll3d.tmp"
    (leftover / "notes").mkdir(parents=True)
    unrelated = tmp_path / ".other.tmp"
    unrelated.mkdir()
    write_site([OutputFile("index.html", b"new")], out)
    assert (out / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp", "site"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def start_build(notes: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "noteforge", "build", str(notes), "-o", str(out)],
        cwd=out.parent,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH},
    )


def test_builds_of_one_output_folder_wait_for_each_other(make_notes: MakeNotes, tmp_path: Path) -> None:
    """The reproduction: two builds into one folder at once. Each waits while the folder is
    locked (here by the test, so the order is certain), then both finish with the whole site."""
    notes = make_notes({f"n{i}.md": f"# Note {i}\n\nSee [[n{(i + 1) % 30}]].\n" for i in range(30)})
    out = tmp_path / "site"
    with open(lock_path(out), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        builds = [start_build(notes, out), start_build(notes, out)]
        for build in builds:
            assert build.stderr is not None
            assert "waiting for another build of" in build.stderr.readline()
        assert all(build.poll() is None for build in builds) and not out.exists(), "both wait"
    for build in builds:
        _, errors = build.communicate(timeout=120)
        assert build.returncode == 0, errors
    build_site(project_of(notes, tmp_path / "clean", Config()), SAMPLE_DAY)
    assert tree(out) == tree(tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", "clean", "notes", "site"], (
        "no lock file or staging folder left"
    )


def test_a_lock_file_removed_by_its_holder_is_not_trusted(tmp_path: Path) -> None:
    """A build that waited on a lock file its holder then removed locks a new file at the
    path, so a third build can never hold the lock at the same time."""
    out = tmp_path / "site"
    with open(lock_path(out), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_THE_LOCK, str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline() == "waiting\n"
        lock_path(out).unlink()
    assert holder.stdout.readline() == "locked\n"
    with open(lock_path(out)) as third, pytest.raises(BlockingIOError):
        fcntl.flock(third, fcntl.LOCK_EX | fcntl.LOCK_NB)
    holder.communicate("release\n", timeout=60)
    assert holder.returncode == 0 and not lock_path(out).exists()


HOLD_THE_LOCK = """
import sys
from pathlib import Path
from noteforge.write import output_lock

class Report:
    def stage(self, name, total): pass
    def advance(self, steps=1): pass
    def note(self, message): print("waiting", flush=True)

with output_lock(Path(sys.argv[1]), Report()):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_an_output_folder_that_is_a_symbolic_link_is_refused(make_notes: MakeNotes, tmp_path: Path) -> None:
    """The reproduction: ``-o`` at a link was misreported, yet swapped in, leaving a stray link."""
    notes = make_notes({"a.md": "A\n"})
    real = tmp_path / "real"
    assert run("build", str(notes), "-o", str(real), "--no-cache", cwd=tmp_path).returncode == 0
    before = tree(real)
    (tmp_path / "link").symlink_to(real)
    (notes / "b.md").write_text("B\n")
    result = run("build", str(notes), "-o", "link", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is a symbolic link" in result.stderr
    assert (tmp_path / "link").is_symlink() and tree(real) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "notes", "real"]
