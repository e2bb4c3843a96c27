"""Whole-wiki data for the browser (search, graph), in shards keyed by note.

A data set lives in a folder of classic scripts (not JSON fetched at run time, which
Chromium refuses from ``file://``): ``<folder>/index.js`` calls ``window.<registry>.shards(n)``
and ``<folder>/<k>.js`` calls ``window.<registry>.add(k, entries)`` with the entries of the
notes whose page path hashes to ``k`` (FNV-1a, as the hover previews shard). A note's
entries depend on that note alone, so an edit to one note rewrites one shard; the number of
shards is a power of two giving about :data:`NOTES_PER_SHARD` notes per shard, so it changes
only when the wiki doubles or halves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from math import ceil

from noteforge.views.base import TextFile

NOTES_PER_SHARD = 256


@dataclass(frozen=True, slots=True)
class ShardedData:
    """Where a data set's scripts go and the global object their calls register with."""

    folder: str
    registry: str

    @property
    def index(self) -> str:
        """The script telling how many shards there are."""
        return f"{self.folder}/index.js"

    def shard(self, number: int) -> str:
        """The script holding shard ``number``."""
        return f"{self.folder}/{number}.js"


def shard_count(notes: int) -> int:
    """A power of two giving about :data:`NOTES_PER_SHARD` notes per shard."""
    wanted = max(1, ceil(notes / NOTES_PER_SHARD))
    return 1 << (wanted - 1).bit_length()


def index_file(data: ShardedData, count: int) -> TextFile:
    """The script telling how many shards a data set has."""
    return TextFile(data.index, f"window.{data.registry}.shards({count});\n")


def shard_file(data: ShardedData, number: int, entries: list[object]) -> TextFile:
    """The script of one shard, holding ``entries`` (its notes' entries, in note order)."""
    return TextFile(data.shard(number), f"window.{data.registry}.add({number},{data_json(entries)});\n")


def data_json(value: object) -> str:
    """Compact JSON with no ``<`` at all, so it can neither end a ``<script>`` element nor
    open a comment in one."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
