"""Discover stage: find the note files under the notes folder and read their bytes.

Files named ``*.md`` (any case) are notes. Hidden files and folders (``.obsidian``,
``.git``…) are skipped. A symbolic link to a file is read only when it leads to a file
inside the notes folder; symbolic links to folders are not followed. Files come back
sorted by path, so everything downstream is independent of directory order.
"""

from __future__ import annotations

import os
from pathlib import Path

from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic, SourceFile


def discover(notes_dir: Path) -> tuple[tuple[SourceFile, ...], tuple[Diagnostic, ...]]:
    """Read every note file under ``notes_dir``; unreadable ones become diagnostics."""
    root = notes_dir.resolve()
    sources: list[SourceFile] = []
    diagnostics: list[Diagnostic] = []
    for path in sorted(_note_paths(root)):
        relative = path.relative_to(root).as_posix()
        if not _inside(path, root):
            message = "symbolic link leads outside the notes folder; not read"
            diagnostics.append(diagnostic("NF112", relative, 1, 1, message))
            continue
        try:
            sources.append(SourceFile(relative, path.read_bytes()))
        except OSError as error:
            diagnostics.append(diagnostic("NF111", relative, 1, 1, f"cannot read file: {error.strerror}"))
    return tuple(sources), tuple(diagnostics)


def _note_paths(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found += [
            Path(folder, name) for name in files if name.lower().endswith(".md") and not name.startswith(".")
        ]
    return found


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)
