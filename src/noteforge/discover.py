"""Discover stage: find the files under the notes folder and read the notes among them.

Files named ``*.md`` (any case) are notes and are read; every other file is an
*attachment*, only listed here (it is copied into the site later, and only if a page
uses it). Hidden files and folders (``.obsidian``, ``.git``…) are skipped. A symbolic
link is used only when it leads to a file inside the notes folder; symbolic links to
folders are not followed. A ``.md`` file holding binary data is reported and skipped.
Files and folders matching the config's ``ignore`` patterns are skipped as if absent.
Paths come back sorted, so everything downstream is independent of directory order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path

from noteforge.diagnostics import diagnostic
from noteforge.errors import NoteforgeError
from noteforge.model import Diagnostic, SourceFile, Vault

_BINARY_SNIFF = 8192
_NOT_A_FILE = "not a regular file (a broken symbolic link, or a device or pipe); not used"


def is_note_path(path: str) -> bool:
    """Whether a file is a note (rather than an attachment)."""
    return path.lower().endswith(".md")


def is_ignored(relative: str, is_folder: bool, patterns: Iterable[str]) -> bool:
    """Whether a path (relative to the notes folder) matches an ``ignore`` pattern.

    As in ``.gitignore``: a pattern without ``/`` matches a file or folder name at any
    depth (``*.draft.md``, ``private``); one with ``/`` matches the whole path from the
    notes folder (``archive/2019/*``); a trailing ``/`` matches folders only (``drafts/``).
    Ignoring a folder ignores everything in it.
    """
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        if pattern.endswith("/") and not is_folder:
            continue
        bare = pattern.strip("/")
        anchored = "/" in pattern.rstrip("/")
        if fnmatchcase(relative if anchored else name, bare):
            return True
    return False


def discover(notes_dir: Path, ignore: tuple[str, ...] = ()) -> Vault:
    """Read every note under ``notes_dir`` (but those matching ``ignore``) and list the other files."""
    if not notes_dir.is_dir():
        raise NoteforgeError(f"notes folder {notes_dir} does not exist or is not a folder")
    root = notes_dir.resolve()
    notes: list[SourceFile] = []
    attachments: list[str] = []
    diagnostics: list[Diagnostic] = []
    for relative, entry in sorted(_visible_files(root, ignore), key=lambda found: found[0].split("/")):
        problem = _unusable_file_problem(root, entry)
        if problem:
            diagnostics.append(diagnostic("NF112", relative, 1, 1, problem))
        elif not is_note_path(relative):
            attachments.append(relative)
        else:
            note, unreadable = _read_note(entry.path, relative)
            notes += [note] if note else []
            diagnostics += [unreadable] if unreadable else []
    return Vault(tuple(notes), tuple(attachments), tuple(diagnostics))


def _unusable_file_problem(root: Path, entry: os.DirEntry[str]) -> str | None:
    # The directory entry tells links and regular files apart without another system call;
    # only a symbolic link can lead elsewhere, so only links are resolved.
    if entry.is_symlink():
        target = Path(entry.path).resolve()
        if not target.is_relative_to(root):
            return "symbolic link leads outside the notes folder; not used"
        if not target.is_file():
            return _NOT_A_FILE
        return None
    return None if entry.is_file(follow_symlinks=False) else _NOT_A_FILE


def _read_note(path: str, relative: str) -> tuple[SourceFile | None, Diagnostic | None]:
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as error:
        return None, diagnostic("NF111", relative, 1, 1, f"cannot read file: {error.strerror}")
    if b"\x00" in data[:_BINARY_SNIFF]:
        return None, diagnostic("NF113", relative, 1, 1, "binary data in a .md file; skipped")
    return SourceFile(relative, data), None


def _visible_files(root: Path, ignore: tuple[str, ...]) -> list[tuple[str, os.DirEntry[str]]]:
    """The files outside hidden and ignored folders, themselves neither hidden nor ignored:
    each with its path relative to ``root`` (with ``/``). Linked folders are not entered."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not is_ignored(relative, True, ignore):
                        folders.append((entry.path, relative + "/"))
                elif entry.is_symlink() and entry.is_dir():
                    continue  # a linked folder is not entered (nor reported)
                elif not is_ignored(relative, False, ignore):
                    found.append((relative, entry))
    return found
