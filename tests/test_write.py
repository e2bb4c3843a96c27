"""The write stage: the output folder is replaced whole, or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noteforge.errors import NoteforgeError
from noteforge.files import OutputFile
from noteforge.write import MARKER, write_site


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
