"""Write stage: put the finished site in place atomically.

The new site is assembled in a hidden folder beside the output folder and swapped in
only once every file is written, so a failed or interrupted build leaves the previous
site as it was. On Linux the swap is one atomic ``renameat2(RENAME_EXCHANGE)``, so the
output folder never stops existing; elsewhere it is two renames. Leftovers of a build
killed mid-way (hidden staging folders) are removed by the next build. A folder is only
ever replaced if noteforge made it (it holds the ``.noteforge`` marker) or it is empty:
``-o ~`` cannot wipe a home directory. A file kept from the previous site is hard-linked
into the new one (copied where links are not possible), never changed in place, so the
previous site stays intact until the swap.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import glob
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from noteforge.attachments import copy_attachment
from noteforge.errors import NoteforgeError
from noteforge.files import CopiedFile, KeptFile, OutputFile
from noteforge.progress import SILENT, Reporter
from noteforge.safefile import inside

if TYPE_CHECKING:
    import ctypes

MARKER = ".noteforge"
_MARKER_TEXT = b"This folder is a site built by noteforge; it is replaced on every build.\n"


def check_output_folder(out_dir: Path) -> None:
    """Refuse an output folder that holds files noteforge did not write, or is a link
    (the swap would replace the link itself, not the folder it leads to)."""
    if out_dir.is_symlink():
        raise NoteforgeError(
            f"output folder {out_dir} is a symbolic link; give the folder it leads to "
            f"(-o {out_dir.resolve()})"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise NoteforgeError(f"output path {out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise NoteforgeError(
            f"output folder {out_dir} is not empty and was not made by noteforge; "
            "refusing to replace it (choose another folder with -o)"
        )


def lock_path(out_dir: Path) -> Path:
    """The lock file of an output folder: ``.<name>.lock`` beside it."""
    out = out_dir.absolute()
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def output_lock(out_dir: Path, progress: Reporter = SILENT) -> Iterator[None]:
    """Hold the lock of ``out_dir`` (``flock`` on :func:`lock_path`) while building it, so
    builds of one folder run one after the other; a build that finds it held says so on
    ``progress`` and waits. The lock file is removed when released; a lock is held only
    while its file is still the one at the path, so that removal races with no one."""
    path = lock_path(out_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise NoteforgeError(f"cannot create the output folder {out_dir}: {error.strerror}") from error
    try:
        handle = _locked(path, progress, out_dir)
    except OSError as error:
        raise NoteforgeError(f"cannot lock the output folder {out_dir} ({path}): {error.strerror}") from error
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(handle)


def _locked(path: Path, progress: Reporter, out_dir: Path) -> int:
    """A descriptor of the lock file at ``path``, locked (waiting for it if need be)."""
    told = False
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    progress.note(f"waiting for another build of {out_dir} to finish ({path} is locked)")
                    told = True
                fcntl.flock(handle, fcntl.LOCK_EX)
            if _same_file(handle, path):
                return handle
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)  # the holder removed it on release: lock the new one


def _same_file(handle: int, path: Path) -> bool:
    try:
        status = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (held.st_dev, held.st_ino) == (status.st_dev, status.st_ino)


def read_stamp(out_dir: Path) -> str:
    """The inputs digest the site in ``out_dir`` was built from (``""`` if unknown)."""
    try:
        text = (out_dir / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    return next(
        (line.removeprefix("inputs: ") for line in text.splitlines() if line.startswith("inputs: ")), ""
    )


def write_site(files: Iterable[OutputFile | KeptFile | CopiedFile], out_dir: Path, stamp: str = "") -> int:
    """Write all files into a fresh copy of ``out_dir`` and swap it in; return the file count.

    ``stamp`` (the digest of the build's inputs) is recorded in the marker file."""
    out_dir = out_dir.absolute()
    check_output_folder(out_dir)
    remove_leftovers(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    except OSError as error:
        raise NoteforgeError(f"cannot create the output folder {out_dir}: {error.strerror}") from error
    try:
        count = 0
        for file in files:
            _write_file(staging, file, out_dir)
            count += 1
        (staging / MARKER).write_bytes(_MARKER_TEXT + (f"inputs: {stamp}\n".encode() if stamp else b""))
        _swap_in(staging, out_dir)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise NoteforgeError(f"cannot write the site into {out_dir}: {error}") from error
        raise
    return count


def update_in_place(out_dir: Path, files: Iterable[OutputFile], gone: Iterable[str], stamp: str) -> int:
    """Bring a site up to date in place (a patched build's, :mod:`noteforge.patch`): write
    ``files`` (each atomically, so a reader sees the old page or the new one), delete the
    ``gone`` ones (and the folders they leave empty), record ``stamp``; return the number of
    files written. The old stamp is taken away first: a site left half-written (a full disk,
    a kill) has none, so the next build trusts none of its files. :func:`write_site` swaps
    in a whole new site instead."""
    out_dir = out_dir.absolute()
    count = 0
    try:
        _replace(out_dir / MARKER, _MARKER_TEXT)
        for file in files:
            _replace(_target(out_dir, file.path), file.data)
            count += 1
        for path in gone:
            _remove(out_dir, _target(out_dir, path))
        _replace(out_dir / MARKER, _MARKER_TEXT + (f"inputs: {stamp}\n".encode() if stamp else b""))
    except OSError as error:
        raise NoteforgeError(f"cannot write the site into {out_dir}: {error}") from error
    return count


def _target(root: Path, path: str) -> Path:
    target = inside(root, path)
    if target is None:
        raise NoteforgeError(f"refusing to write {path!r}: outside the output folder")
    return target


def _replace(target: Path, data: bytes) -> None:
    """Write ``target`` through a new file beside it, renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(temporary, "xb") as stream:  # "x": never through a file or link already there
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _remove(root: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == root or not folder.is_relative_to(root) or any(folder.iterdir()):
            return
        folder.rmdir()


def _write_file(root: Path, file: OutputFile | KeptFile | CopiedFile, previous_site: Path) -> None:
    target = inside(root, file.path)
    if target is None:
        raise NoteforgeError(f"refusing to write {file.path!r}: outside the output folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(file, CopiedFile):
        copy_attachment(file.source, target)
    elif isinstance(file, KeptFile):
        _keep(previous_site.joinpath(*PurePosixPath(file.path).parts), target)
    else:
        target.write_bytes(file.data)


def _keep(previous: Path, target: Path) -> None:
    """Put the previous site's file at ``target``: a hard link, else a copy."""
    try:
        os.link(previous, target, follow_symlinks=False)
    except OSError:
        shutil.copyfile(previous, target, follow_symlinks=False)


def _swap_in(staging: Path, out_dir: Path) -> None:
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is world-readable
    if not out_dir.exists():
        os.rename(staging, out_dir)
    elif _exchange(staging, out_dir):
        shutil.rmtree(staging)  # now holds the previous site
    else:
        retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
        os.rename(out_dir, retired / "site")
        os.rename(staging, out_dir)
        shutil.rmtree(retired)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2``); ``False`` where that is not possible."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    return bool(renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    import ctypes  # only for the swap: a build that finds its site up to date never needs it

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def remove_leftovers(out_dir: Path) -> None:
    """Delete staging folders that a killed build left beside the output folder."""
    for leftover in out_dir.absolute().parent.glob(f".{glob.escape(out_dir.name)}.*.tmp"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
