"""The parse cache: a note already parsed with the same bytes, path, parse settings and
noteforge version is not parsed again. The folder also holds the record of the last
build (:mod:`noteforge.record`).

Entries live in ``<cache>/parse/<key[:2]>/<key>.msgpack``, the key being the SHA-256 of
all that the parse depends on; mtimes play no part. An entry is a checksum line and a
MessagePack ``Note``, decoded by msgspec into the typed records of :mod:`noteforge.model`
and nothing else: whoever can write the cache folder can change what a page says, never
run code. A truncated or altered entry fails its checksum or its types and is parsed
afresh. The folder is noteforge's only if it holds the ``noteforge-cache.json`` marker and
nothing but what the cache writes (:func:`_own_contents`); any other folder is refused,
never emptied. A cache of another version or schema is emptied of those files only.
Opening a cache of this version checks only its top level (where the build record is);
its entries are checked, all of them, before the first one is read, written or deleted,
so a build that finds its site up to date does not list ten thousand files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from noteforge._version import __version__
from noteforge.config import ParseSettings
from noteforge.diagnostics import diagnostic
from noteforge.errors import NoteforgeError
from noteforge.model import Diagnostic, Note, SourceFile
from noteforge.record import RECORD_FILE, RESOLUTION_FILE
from noteforge.safefile import read_regular_file, write_atomically

if TYPE_CHECKING:
    import msgspec

SCHEMA = 9  # 7: the body HTML once (fragments are slices of it), each link context once a note;
# 8: keys hash the digest of a note's bytes (the build record knows them); 9: a note's inline
# fields and tasks, its query blocks, front matter text and size
_STAMP = "noteforge-cache.json"
_PARSE = "parse"
_SUFFIX = ".msgpack"
# What the cache writes, and nothing else: entries (``.pickle`` ones were written by
# noteforge before schema 2; they are deleted, never read), shard folders and the
# temporary files of atomic writes.
_ENTRY = re.compile(r"[0-9a-f]{64}\.(?:msgpack|pickle)")
_SHARD = re.compile(r"[0-9a-f]{2}")
_TEMPORARY = re.compile(r"tmp[a-z0-9_]{8}\.tmp")
_RECORD = re.compile(f"{re.escape(RECORD_FILE)}|{re.escape(RESOLUTION_FILE)}")
_STAMP_MAX_BYTES = 4096


def entry_key(source: SourceFile, settings: ParseSettings) -> str:
    """The key of a note file's entry: :func:`note_key` of its path and bytes."""
    return note_key(source.path, hashlib.sha256(source.data).hexdigest(), settings)


def note_key(path: str, digest: str, settings: ParseSettings) -> str:
    """Everything a parse depends on, hashed: noteforge's version, the cache schema, the
    parse settings' digest, the note's path and the SHA-256 (hex) of its bytes."""
    key = hashlib.sha256()
    for part in (__version__, str(SCHEMA), settings.digest, path, digest):
        key.update(part.encode("utf-8"))
        key.update(b"\0")
    return key.hexdigest()


class NoteMemory:
    """Parsed notes kept in memory across the builds of one process (``noteforge serve``), in
    front of the parse cache's files: a note whose bytes did not change since the last build
    is neither read from disk nor decoded again."""

    def __init__(self) -> None:
        self.notes: dict[str, Note] = {}


class ParseCache:
    """Parsed notes by key, on disk, in a folder the cache owns (else :class:`NoteforgeError`),
    and in ``memory`` when one is given.

    A cache that cannot be created or read only costs time: :meth:`diagnostics` says so."""

    def __init__(self, folder: Path, memory: NoteMemory | None = None) -> None:
        self.folder = folder
        self.memory = memory or NoteMemory()
        self.warning: str | None = None
        self.broken = 0
        self._entries: list[Path] | None = []  # None: not listed (nor checked) yet
        self._usable = False
        self._open()

    def get(self, key: str) -> Note | None:
        """The cached note for a key, or ``None`` (absent, or unreadable and then counted)."""
        remembered = self.memory.notes.get(key)
        if remembered is not None:
            return remembered
        import msgspec

        blob = read_regular_file(self._path(key)) if self._checked() else None
        if blob is None:
            return None
        checksum, _, payload = blob.partition(b"\n")
        try:
            if checksum != hashlib.sha256(payload).hexdigest().encode("ascii"):
                raise ValueError("checksum mismatch")
            note = self.memory.notes[key] = _note_decoder().decode(payload)
            return note
        except (ValueError, msgspec.DecodeError):  # damaged, or not a note: do not trust it
            self.broken += 1
            return None

    def put(self, key: str, note: Note, payload: bytes | None = None) -> None:
        """Store a parsed note (atomically; a failed write only costs a later re-parse);
        ``payload``: the note as :func:`encode_note` gives it, if already encoded."""
        self.memory.notes[key] = note
        if not self._checked():
            return
        payload = encode_note(note) if payload is None else payload
        path = self._path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """What went wrong with the cache in this build (it was then not trusted)."""
        messages = [self.warning] if self.warning else []
        if self.broken:
            messages.append(
                f"{self.broken} damaged entr{'y' if self.broken == 1 else 'ies'} ignored and parsed again"
            )
        return tuple(diagnostic("NF301", str(self.folder), 1, 1, f"cache {message}") for message in messages)

    @property
    def usable(self) -> bool:
        """Whether the folder is this noteforge's cache, open for reading and writing."""
        return self._usable

    def sweep(self, used: set[str]) -> None:
        """Delete the entries this build did not use (deleted or edited notes)."""
        self.memory.notes = {key: note for key, note in self.memory.notes.items() if key in used}
        if not self._checked():
            return
        for path in self._entries or ():
            if path.name.removesuffix(_SUFFIX) not in used:
                path.unlink(missing_ok=True)

    def _checked(self) -> bool:
        """Whether the cache is usable, its entries listed and found to be its own (checked
        the first time it is asked: :class:`NoteforgeError` if it holds anything else)."""
        if self._usable and self._entries is None:
            try:
                files = _own_contents(self.folder)[0]
            except OSError as error:
                self._give_up(error)
                return False
            self._entries = [path for path in files if path.name.endswith(_SUFFIX)]
        return self._usable

    def _path(self, key: str) -> Path:
        return self.folder / _PARSE / key[:2] / f"{key}{_SUFFIX}"

    def _open(self) -> None:
        """Use the folder if it is a cache of this noteforge; empty it of the cache's own
        files (with a warning) if it is one of another version; refuse any other folder."""
        try:
            self._entries = self._adopt()
        except OSError as error:
            self._give_up(error)
            return
        self._usable = True

    def _give_up(self, error: OSError) -> None:
        self.warning = f"cannot be used ({error.strerror}); every note is parsed"
        self._usable = False

    def _adopt(self) -> list[Path] | None:
        """The entries of the cache in the folder, made ready for this noteforge (``None``:
        a cache of this noteforge, whose top level only is checked yet)."""
        try:
            self.folder.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            pass  # an existing folder (or one another build just made): checked below
        else:
            write_atomically(self.folder / _STAMP, _current_stamp())
            return []
        if not self.folder.is_dir():
            raise NoteforgeError(f"cache path {self.folder} is not a folder (choose another --cache-dir)")
        stamp = _read_stamp(self.folder)
        if stamp is None and any(self.folder.iterdir()):
            raise NoteforgeError(
                f"cache folder {self.folder} is not empty and is not a noteforge cache "
                "(it has no noteforge-cache.json); refusing to use it (choose another --cache-dir)"
            )
        if stamp == _current_stamp():
            _own_top_level(self.folder)
            return None
        files, folders = _own_contents(self.folder)
        if stamp is not None:
            self.warning = "made by another noteforge version, or damaged; emptied and rebuilt"
        for path in files:
            path.unlink()
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            folder.rmdir()
        write_atomically(self.folder / _STAMP, _current_stamp())
        return []


def _own_contents(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files (marker excepted) and sub-folders in ``folder`` that the cache writes;
    :class:`NoteforgeError` naming the first thing it holds that the cache did not put there.
    Nothing is followed: a link is never the cache's."""
    files, parse = _own_top_level(folder)
    folders: list[Path] = []
    if parse is not None:
        folders.append(parse)
        for shard in _listing(parse):
            _claim(folder, shard, _SHARD, directory=True)
            folders.append(Path(shard.path))
            for item in _listing(Path(shard.path)):
                files.append(_claim(folder, item, _ENTRY, _TEMPORARY))
    return files, folders


def _own_top_level(folder: Path) -> tuple[list[Path], Path | None]:
    """The files (marker excepted) directly in ``folder`` and its entries' folder, if there
    is one, all being what the cache writes (else :class:`NoteforgeError`, as
    :func:`_own_contents`); the entries' folder is not looked into."""
    files: list[Path] = []
    parse = None
    for entry in _listing(folder):
        if entry.name == _PARSE and entry.is_dir(follow_symlinks=False):
            parse = Path(entry.path)
        elif entry.name != _STAMP:
            files.append(_claim(folder, entry, _RECORD, _TEMPORARY))
        elif not entry.is_file(follow_symlinks=False):
            _refuse(folder, entry)
    return files, parse


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return list(entries)


def _claim(cache: Path, entry: os.DirEntry[str], *names: re.Pattern[str], directory: bool = False) -> Path:
    """The entry's path, if its name and kind are ones the cache writes; else refuse the folder."""
    kind_matches = entry.is_dir(follow_symlinks=False) if directory else entry.is_file(follow_symlinks=False)
    if not kind_matches or not any(name.fullmatch(entry.name) for name in names):
        _refuse(cache, entry)
    return Path(entry.path)


def _refuse(cache: Path, entry: os.DirEntry[str]) -> None:
    relative = Path(entry.path).relative_to(cache).as_posix()
    raise NoteforgeError(
        f"cache folder {cache} holds {relative}, which noteforge did not put there; "
        "refusing to use or empty it (choose another --cache-dir)"
    )


def _current_stamp() -> bytes:
    return json.dumps({"noteforge": __version__, "schema": SCHEMA}).encode("utf-8")


def _read_stamp(folder: Path) -> bytes | None:
    """The marker's bytes, if the folder has one (a small regular file)."""
    data = read_regular_file(folder / _STAMP, _STAMP_MAX_BYTES)
    return data.strip() if data is not None else None


def encode_note(note: Note) -> bytes:
    """A note as MessagePack: how the cache keeps it, and how parse workers send it back
    (decoding is faster than unpickling, and the parent keeps the bytes it is sent)."""
    import msgspec

    return msgspec.msgpack.encode(note)


def decode_note(payload: bytes) -> Note:
    """The note :func:`encode_note` encoded (``msgspec.DecodeError`` or ``ValueError`` if it
    is not one)."""
    return _note_decoder().decode(payload)


@functools.cache
def _note_decoder() -> msgspec.msgpack.Decoder[Note]:
    """msgspec's decoder for a ``Note`` (made once: it compiles the type's schema)."""
    import msgspec

    return msgspec.msgpack.Decoder(Note)
