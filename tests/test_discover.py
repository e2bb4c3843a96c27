"""The discover stage: which files are notes, which are attachments, and in what order."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noteforge.discover import discover
from noteforge.model import Vault
from noteforge.paths import NAME_MAX, note_page, note_page_is_shortened, note_slug, page_is_shortened


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
    _write(notes, "sub/inner.md", "# inner\n")
    _write(tmp_path, "elsewhere/secret.md")
    os.symlink("real.md", notes / "alias.md")
    os.symlink("sub", notes / "same-sub")  # inside: already walked where it is, so silent
    os.symlink(tmp_path / "elsewhere", notes / "linked")
    vault = discover(notes)
    assert [note.path for note in vault.notes] == ["alias.md", "real.md", "sub/inner.md"]
    assert _lines(vault) == [
        "linked:1:1: warning NF112: symbolic link to a folder outside the notes folder; not followed"
    ]


def _lines(vault: Vault) -> list[str]:
    return [problem.format() for problem in vault.diagnostics]


def test_symlink_loops_are_reported_not_fatal(tmp_path: Path) -> None:
    _write(tmp_path, "a.md")
    _write(tmp_path, "sub/b.md")
    os.symlink("self", tmp_path / "self")
    os.symlink("../sub", tmp_path / "sub" / "loop")
    vault = discover(tmp_path)
    assert [note.path for note in vault.notes] == ["a.md", "sub/b.md"]
    assert _lines(vault) == ["self:1:1: warning NF112: symbolic link loop; not used"]


def test_an_unreadable_folder_is_reported_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "a.md")
    _write(tmp_path, "secret/b.md")
    real_scandir = os.scandir
    secret = str((tmp_path / "secret").resolve())

    def scandir(path: str) -> Any:
        if path == secret:  # as root every folder is readable, so refuse as chmod 000 would
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    vault = discover(tmp_path)
    assert [note.path for note in vault.notes] == ["a.md"]
    assert _lines(vault) == [
        "secret:1:1: error NF111: cannot read folder: Permission denied; its files are left out"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_chmod_000_folder_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.md")
    _write(tmp_path, "secret/b.md")
    (tmp_path / "secret").chmod(0)
    try:
        vault = discover(tmp_path)
    finally:
        (tmp_path / "secret").chmod(0o755)
    assert [note.path for note in vault.notes] == ["a.md"]
    assert [problem.code for problem in vault.diagnostics] == ["NF111"]


def test_names_that_are_not_utf8_are_kept_and_shown_with_replacement_characters(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    os.mkdir(root + b"/dir\xfe")
    for name in (b"/bad\xff.png", b"/dir\xfe/n\xe9.md", b"/dir\xfe/pic.png"):
        with open(root + name, "wb") as stream:
            stream.write(b"# x\n")
    vault = discover(tmp_path)
    assert [note.path for note in vault.notes] == ["dir\ufffd/n\ufffd.md"]
    assert vault.attachments == ("bad\ufffd.png", "dir\ufffd/pic.png")
    assert vault.on_disk("bad\ufffd.png") == os.fsdecode(b"bad\xff.png")
    assert (tmp_path / vault.on_disk("dir\ufffd/pic.png")).read_bytes() == b"# x\n"
    assert _lines(vault) == [
        f"{path}:1:1: warning NF107: name is not valid UTF-8 (byte {byte}); shown with replacement characters"
        for path, byte in [("bad\ufffd.png", "0xff"), ("dir\ufffd", "0xfe"), ("dir\ufffd/n\ufffd.md", "0xe9")]
    ]


def test_a_255_byte_note_name_gets_a_shortened_page_name(tmp_path: Path) -> None:
    name = "a" * 252 + ".md"
    _write(tmp_path, name)
    vault = discover(tmp_path)
    assert [note.path for note in vault.notes] == [name]
    page = note_page(note_slug(name))
    assert len(page.rsplit("/", 1)[-1].encode()) == 255
    assert _lines(vault) == [f"{name}:1:1: warning NF108: name too long for a page file; its page is {page}"]


_ASCII = st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="/")
_NEAR_NAME_MAX = st.integers(NAME_MAX - 12, NAME_MAX + 4)
_PART = st.one_of(
    st.text(_ASCII, max_size=NAME_MAX + 4),
    st.text(st.characters(codec="utf-8", exclude_characters="/"), max_size=NAME_MAX // 2),
    _NEAR_NAME_MAX.map(lambda length: "a" * length),
    _NEAR_NAME_MAX.map(lambda length: "ß" * (length // 2)),  # casefolds to "ss": slug longer than name
)


@given(st.lists(_PART, min_size=1, max_size=3))
def test_whether_a_page_name_is_shortened_is_known_from_the_path(parts: list[str]) -> None:
    """The shortcut for short ASCII paths agrees with computing the slug, at every length."""
    path = "/".join(parts) + ".md"
    assert note_page_is_shortened(path) == page_is_shortened(note_slug(path))


def test_a_note_larger_than_one_read_is_read_whole(tmp_path: Path) -> None:
    text = "# Big\n\n" + "A line of a long note.\n" * 200_000  # 4.6 MB: several reads
    _write(tmp_path, "big.md", text)
    [note] = discover(tmp_path).notes
    assert note.data == text.encode("utf-8")


def test_ignore_has_gitignore_semantics(tmp_path: Path) -> None:
    for relative in [
        "drafts/x.md", "drafts/keep.md", "drafts/sub/y.md", "top.md", "deep/top.md",
        "private/p.md", "deep/private/q.md", "private.md", "a/b/c/z.tmp.md",
    ]:  # fmt: skip
        _write(tmp_path, relative)
    ignore = ("drafts/*.md", "!drafts/keep.md", "/top.md", "private/", "a/**/*.tmp.md")
    kept = [note.path for note in discover(tmp_path, ignore).notes]
    assert kept == ["deep/top.md", "drafts/keep.md", "drafts/sub/y.md", "private.md"]


def test_an_ignored_name_that_is_not_utf8_is_not_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.md")
    with open(os.fsencode(tmp_path) + b"/draft \xff.md", "wb") as stream:
        stream.write(b"# x\n")
    vault = discover(tmp_path, ("draft*",))
    assert ([note.path for note in vault.notes], vault.diagnostics) == (["a.md"], ())
