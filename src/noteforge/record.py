"""The record of a build, kept for the next one: what it was built from, what it counted
and reported, each generated file's digest and size, and what the next build can reuse.

``last-build.json`` in the cache folder holds one :class:`BuildRecord` as JSON, decoded by
msgspec into these typed records and nothing else (``last-resolution.msgpack`` the
:class:`ResolutionRecord` of the same build); a record that does not decode, or
whose values are impossible (a negative count, a digest that is not one, a page path
twice), is not trusted and the site is rebuilt. :func:`keepable_pages` says which of the
recorded pages the next build may keep instead of rendering them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from noteforge.model import Diagnostic
from noteforge.safefile import inside, read_regular_file, write_atomically

RECORD_FILE = "last-build.json"
RESOLUTION_FILE = "last-resolution.msgpack"
_DIGEST_LENGTH = 64
_HEX = re.compile(r"[0-9a-f]*")


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One generated file of a build: its path in the site, the digest of what it was made
    from (its job's key with the theme's digest, :meth:`noteforge.render.Renderer.render_job`)
    and its size in bytes."""

    path: str
    digest: str
    size: int


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One page job of a build (:class:`noteforge.views.keys.PageJob`): its name and the
    paths of the files it made."""

    name: str
    paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Suggestions:
    """The "did you mean" answers of a build (unknown name → closest known name, if any),
    and the names they were chosen among, so that the next build reuses every answer no
    added or removed name can change (:func:`noteforge.resolve.carry_suggestions`)."""

    names: tuple[str, ...] = ()
    answers: tuple[tuple[str, str | None], ...] = ()


NO_SUGGESTIONS = Suggestions()


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A note a build read: its path and the SHA-256 (hex) of its bytes."""

    path: str
    digest: str


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """What a finished build recorded for the next one: the digest of its inputs, the
    number of notes and of HTML pages, each generated file, its diagnostics, the files of
    each page job, its "did you mean" answers, the digest of its setup (all its inputs but
    the notes' bytes, :func:`noteforge.build.setup_digest`) and the notes it read. A build
    of the same setup can patch this one (:func:`noteforge.patch.patch_from_cache`)."""

    inputs: str
    notes: int
    html_pages: int
    pages: tuple[PageRecord, ...]
    diagnostics: tuple[Diagnostic, ...]
    jobs: tuple[JobRecord, ...] = ()
    suggestions: Suggestions = NO_SUGGESTIONS
    setup: str = ""
    sources: tuple[SourceRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolutionRecord:
    """Where the links of a build led, kept for the build that patches it: the inputs digest
    of the build (:attr:`BuildRecord.inputs`), each published note's targets as ``(slug,
    ((kind, value), …))`` (:func:`noteforge.resolve.resolution_record` says the kinds), each
    note's link problems, and the names several notes claim."""

    inputs: str
    targets: tuple[tuple[str, tuple[tuple[int, str], ...]], ...]
    problems: tuple[tuple[str, tuple[Diagnostic, ...]], ...]
    collisions: tuple[Diagnostic, ...]


def load_record(cache_dir: Path) -> BuildRecord | None:
    """The record in ``cache_dir``, if there is one and it is well-formed."""
    import msgspec  # only when a cache is used

    data = read_regular_file(cache_dir / RECORD_FILE)
    try:
        record = msgspec.json.decode(data, type=BuildRecord) if data is not None else None
    except msgspec.DecodeError:
        return None
    return record if record is not None and _plausible(record) else None


def save_record(cache_dir: Path, record: BuildRecord) -> None:
    """Keep ``record`` in ``cache_dir`` (atomically; a lost record only costs a full rebuild)."""
    import msgspec

    with contextlib.suppress(OSError):
        write_atomically(cache_dir / RECORD_FILE, msgspec.json.encode(record))


def forget_record(cache_dir: Path) -> None:
    """Delete the record in ``cache_dir``: the next build keeps no page of the site."""
    (cache_dir / RECORD_FILE).unlink(missing_ok=True)
    (cache_dir / RESOLUTION_FILE).unlink(missing_ok=True)


def save_resolution(cache_dir: Path, record: ResolutionRecord) -> None:
    """Keep ``record`` in ``cache_dir`` (atomically, checksummed; losing it costs a resolve)."""
    import msgspec

    payload = msgspec.msgpack.encode(record)
    with contextlib.suppress(OSError):
        write_atomically(cache_dir / RESOLUTION_FILE, hashlib.sha256(payload).digest() + payload)


def load_resolution(cache_dir: Path, inputs: str) -> ResolutionRecord | None:
    """The resolution kept in ``cache_dir`` for the build of ``inputs``, if it is that one's
    and intact (a damaged or altered file is not trusted: the links are resolved again)."""
    import msgspec

    data = read_regular_file(cache_dir / RESOLUTION_FILE)
    if data is None or hashlib.sha256(data[32:]).digest() != data[:32]:
        return None
    try:
        record = msgspec.msgpack.decode(data[32:], type=ResolutionRecord)
    except msgspec.DecodeError:
        return None
    return record if record.inputs == inputs else None


def keepable_pages(out_dir: Path, record: BuildRecord) -> dict[str, PageRecord]:
    """The recorded pages still in ``out_dir`` as regular files of the recorded size (never a
    link, never a path leaving the folder), by path: those a new build may keep."""
    return {
        page.path: page for page in record.pages if _is_regular_file(inside(out_dir, page.path), page.size)
    }


def _plausible(record: BuildRecord) -> bool:
    pages, sources = record.pages, record.sources
    digests = [page.digest for page in pages] + [source.digest for source in sources]
    return (
        record.notes >= 0
        and record.html_pages >= 0
        and len({page.path for page in pages}) == len(pages)
        and len({source.path for source in sources}) == len(sources)
        and min((page.size for page in pages), default=0) >= 0
        and {len(digest) for digest in digests} <= {_DIGEST_LENGTH}
        and _HEX.fullmatch("".join(digests)) is not None  # one match for all: 10,000 pages
    )


def _is_regular_file(path: Path | None, size: int) -> bool:
    try:
        status = os.lstat(path) if path is not None else None
    except OSError:
        return False
    return status is not None and stat.S_ISREG(status.st_mode) and status.st_size == size
