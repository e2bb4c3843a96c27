"""The files of a finished site, as the render stage hands them to the write stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the finished site: its path relative to the output folder, its bytes and
    the digest of what it was made from (``""`` when it is not tracked between builds)."""

    path: str
    data: bytes
    digest: str = ""


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A file of the finished site identical to the previous site's file at the same path
    (its inputs have the same ``digest``); ``size`` is that file's size in bytes."""

    path: str
    digest: str
    size: int


@dataclass(frozen=True, slots=True)
class CopiedFile:
    """A file of the finished site copied from the notes folder (an attachment a page uses)."""

    path: str
    source: Path
