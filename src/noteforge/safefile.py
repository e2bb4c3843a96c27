"""Careful file access for the folders noteforge owns (the cache, the output folder):
reads that never follow a link nor block on a FIFO, atomic writes, and relative paths
that cannot leave their folder."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path, PurePosixPath


def read_regular_file(path: Path, limit: int | None = None) -> bytes | None:
    """A regular file's bytes (``None`` for anything else, or more than ``limit`` bytes):
    never through a link, and never blocking on a FIFO or device put in its place."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or (limit is not None and status.st_size > limit):
            return None
        try:
            return stream.read()
        except OSError:
            return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it (``tmp*.tmp``) renamed
    over it, so a reader sees the old bytes or the new ones, never a part."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix="tmp", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def inside(root: Path, path: object) -> Path | None:
    """``path`` inside ``root``, or ``None`` when it is not a relative path that stays there."""
    relative = PurePosixPath(path) if isinstance(path, str) else PurePosixPath("/")
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return root.joinpath(*relative.parts)
