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
from noteforge.model import Diagnostic, SourceFile, Vault

_BINARY_SNIFF = 8192


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
    root = notes_dir.resolve()
    notes: list[SourceFile] = []
    attachments: list[str] = []
    diagnostics: list[Diagnostic] = []
    for relative in sorted(_visible_files(root, ignore), key=lambda relative: relative.split("/")):
        path = root / relative
        problem = _unusable_file_problem(root, path)
        if problem:
            diagnostics.append(diagnostic("NF112", relative, 1, 1, problem))
        elif not is_note_path(relative):
            attachments.append(relative)
        else:
            note, unreadable = _read_note(path, relative)
            notes += [note] if note else []
            diagnostics += [unreadable] if unreadable else []
    return Vault(tuple(notes), tuple(attachments), tuple(diagnostics))


def _unusable_file_problem(root: Path, path: Path) -> str | None:
    # Only a symbolic link can lead elsewhere: os.walk does not follow linked folders,
    # so resolving every path (slow on big wikis) is needed for links alone.
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return "symbolic link leads outside the notes folder; not used"
        path = target
    if not path.is_file():
        return "not a regular file (a broken symbolic link, or a device or pipe); not used"
    return None


def _read_note(path: Path, relative: str) -> tuple[SourceFile | None, Diagnostic | None]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, diagnostic("NF111", relative, 1, 1, f"cannot read file: {error.strerror}")
    if b"\x00" in data[:_BINARY_SNIFF]:
        return None, diagnostic("NF113", relative, 1, 1, "binary data in a .md file; skipped")
    return SourceFile(relative, data), None


def _visible_files(root: Path, ignore: tuple[str, ...]) -> list[str]:
    """Paths relative to ``root`` (with ``/``) of the files outside hidden and ignored folders,
    themselves neither hidden nor ignored."""
    found: list[str] = []
    for folder, subfolders, files in os.walk(root):
        prefix = Path(folder).relative_to(root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and not is_ignored(prefix + name, True, ignore)
        ]
        found += [
            prefix + name
            for name in files
            if not name.startswith(".") and not is_ignored(prefix + name, False, ignore)
        ]
    return found
