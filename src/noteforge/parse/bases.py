"""Parse stage for Obsidian bases: a ``.base`` file's bytes to its typed spec."""

from __future__ import annotations

from noteforge.model import Diagnostic, SourceFile
from noteforge.parse.text import decode_note
from noteforge.querylang.bases import BaseSpec, load_base


def parse_base(source: SourceFile) -> tuple[BaseSpec, tuple[Diagnostic, ...]]:
    """A base file read: its spec, and its problems (bad UTF-8, YAML, keys, expressions)."""
    text, problems = decode_note(source.path, source.data)
    spec, found = load_base(text, source.path)
    return spec, (*problems, *found)
