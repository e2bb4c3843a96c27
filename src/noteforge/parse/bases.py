"""Parse stage for queries: a ``.base`` file's bytes to its typed spec, and the check of a
note's query blocks."""

from __future__ import annotations

from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic, QueryBlock, QueryLanguage, SourceFile
from noteforge.parse.text import decode_note
from noteforge.querylang.bases import BaseSpec, load_base
from noteforge.querylang.dataview import DataviewSyntaxError, parse_query


def parse_base(source: SourceFile) -> tuple[BaseSpec, tuple[Diagnostic, ...]]:
    """A base file read: its spec, and its problems (bad UTF-8, YAML, keys, expressions)."""
    text, problems = decode_note(source.path, source.data)
    spec, found = load_base(text, source.path)
    return spec, (*problems, *found)


def query_block_diagnostics(block: QueryBlock, path: str) -> tuple[Diagnostic, ...]:
    """The problems of a note's query block, at the note's lines: a base's keys and
    expressions, a Dataview query's syntax."""
    if block.language is QueryLanguage.BASE:
        return load_base(block.source, path, block.line)[1]
    try:
        parse_query(block.source)
    except DataviewSyntaxError as error:
        message = f"Dataview query does not parse: {error.message}"
        return (diagnostic("NF540", path, error.line + block.line - 1, error.col, message),)
    return ()
