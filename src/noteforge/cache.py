"""The parse cache: a note already parsed with the same bytes, path, config and noteforge
version is not parsed again.

Entries live in ``<cache>/parse/<key[:2]>/<key>.pickle``, the key being the SHA-256 of
all that the parse depends on; mtimes play no part. Each file carries a checksum of its
payload, so a truncated or altered entry is detected and parsed afresh; a cache written
by another noteforge version or schema is wiped. Entries no build used are swept. The
cache holds pickles: keep it where only you can write (the default is beside the output
folder, never inside the notes folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

from noteforge._version import __version__
from noteforge.config import Config
from noteforge.diagnostics import diagnostic
from noteforge.errors import NoteforgeError
from noteforge.model import Diagnostic, Note, SourceFile

SCHEMA = 2
_STAMP = "noteforge-cache.json"
_LAST_BUILD = "last-build.json"


def default_cache_dir(out_dir: Path) -> Path:
    """Where the cache lives unless told otherwise: beside the output folder."""
    out = out_dir.absolute()
    return out.parent / f".{out.name}.cache"


def entry_key(source: SourceFile, config: Config) -> str:
    """Everything a parse depends on, hashed: noteforge's version, the config, the path, the bytes."""
    digest = hashlib.sha256()
    for part in (__version__, str(SCHEMA), repr(config), source.path):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    digest.update(source.data)
    return digest.hexdigest()


def last_build(folder: Path) -> dict[str, Any] | None:
    """What the last build with the cache in ``folder`` recorded (its inputs digest, counts,
    diagnostics and pages), if anything. Reading it creates nothing."""
    try:
        record = json.loads((folder / _LAST_BUILD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


class ParseCache:
    """Parsed notes by key, on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.warning: str | None = None
        self.broken = 0
        self._open()

    def get(self, key: str) -> Note | None:
        """The cached note for a key, or ``None`` (absent, or unreadable and then counted)."""
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        checksum, _, payload = blob.partition(b"\n")
        try:
            if checksum.decode("ascii") != hashlib.sha256(payload).hexdigest():
                raise ValueError("checksum mismatch")
            note = pickle.loads(payload)
            if not isinstance(note, Note):
                raise TypeError("not a note")
        except Exception:  # any defect means: do not trust it, parse again
            self.broken += 1
            return None
        return note

    def put(self, key: str, note: Note) -> None:
        """Store a parsed note (atomically; a failed write only costs a later re-parse)."""
        path = self._path(key)
        payload = pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL)
        blob = hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(blob)
            os.replace(temporary, path)
        except OSError:
            pass

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """What went wrong with the cache in this build (it was then not trusted)."""
        messages = [self.warning] if self.warning else []
        if self.broken:
            messages.append(
                f"{self.broken} damaged entr{'y' if self.broken == 1 else 'ies'} ignored and parsed again"
            )
        return tuple(diagnostic("NF301", str(self.folder), 1, 1, f"cache {message}") for message in messages)

    def record_build(self, record: dict[str, Any]) -> None:
        """Remember a finished build, for the next one to tell whether anything changed."""
        with contextlib.suppress(OSError):  # a lost record only costs a full rebuild next time
            (self.folder / _LAST_BUILD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    def sweep(self, used: set[str]) -> None:
        """Delete the entries this build did not use (deleted or edited notes)."""
        for path in (self.folder / "parse").glob("*/*.pickle"):
            if path.stem not in used:
                path.unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        return self.folder / "parse" / key[:2] / f"{key}.pickle"

    def _open(self) -> None:
        """Use the folder if it is a cache of this noteforge; wipe it (with a warning) if not."""
        stamp = {"noteforge": __version__, "schema": SCHEMA}
        stamp_path = self.folder / _STAMP
        try:
            found = json.loads(stamp_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = None
        if found == stamp:
            return
        if stamp_path.exists():
            self.warning = "made by another noteforge version, or damaged; emptied and rebuilt"
            shutil.rmtree(self.folder, ignore_errors=True)
        elif self.folder.is_dir() and any(self.folder.iterdir()):
            raise NoteforgeError(f"cache folder {self.folder} is not empty and is not a noteforge cache")
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
