"""Parse stage for queries: a ``.base`` file's bytes to its typed spec, and the check of a
note's query blocks."""

from __future__ import annotations

import dataclasses

from noteforge.model import Diagnostic, QueryBlock, QueryLanguage, SourceFile
from noteforge.parse.text import decode_note
from noteforge.querylang.bases import BaseSpec, load_base


def parse_base(source: SourceFile) -> tuple[BaseSpec, tuple[Diagnostic, ...]]:
    """A base file read: its spec, and its problems (bad UTF-8, YAML, keys, expressions)."""
    text, problems = decode_note(source.path, source.data)
    spec, found = load_base(text, source.path)
    return spec, (*problems, *found)


def query_block_diagnostics(block: QueryBlock, path: str) -> tuple[Diagnostic, ...]:
    """The problems of a note's query block, at the note's lines."""
    if block.language is QueryLanguage.BASE:
        _, found = load_base(block.source, path)
    else:
        found = ()
    return tuple(dataclasses.replace(d, line=d.line + block.line - 1) for d in found)
