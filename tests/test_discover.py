"""The discover stage: which files are notes, which are attachments, and in what order."""

from __future__ import annotations

import os
from pathlib import Path

from noteforge.discover import discover


def _write(root: Path, relative: str, text: str = "# x\n") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_paths_are_sorted_by_folder_then_name(tmp_path: Path) -> None:
    for relative in ["a/x.md", "a b/x.md", "a-b.md", "B.md", "a/img.png"]:
        _write(tmp_path, relative)
    vault = discover(tmp_path)
    assert [note.path for note in vault.notes] == ["B.md", "a/x.md", "a b/x.md", "a-b.md"]
    assert vault.attachments == ("a/img.png",)


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    for relative in [".obsidian/workspace.md", ".hidden.md", "visible.md"]:
        _write(tmp_path, relative)
    assert [note.path for note in discover(tmp_path).notes] == ["visible.md"]


def test_symlink_to_a_note_inside_is_read_and_linked_folders_are_not_followed(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    _write(notes, "real.md", "# real\n")
    _write(tmp_path, "elsewhere/secret.md")
    os.symlink("real.md", notes / "alias.md")
    os.symlink(tmp_path / "elsewhere", notes / "linked")
    vault = discover(notes)
    assert {note.path: note.data for note in vault.notes} == {"alias.md": b"# real\n", "real.md": b"# real\n"}
    assert vault.diagnostics == ()
