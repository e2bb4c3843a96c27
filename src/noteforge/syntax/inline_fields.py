"""Dataview's inline fields as a markdown-it inline rule producing ``inline_field`` tokens.

Three spellings, as Dataview reads them:

* ``Key:: value`` opening a line (of a paragraph, list item or table cell): the value runs
  to the end of the line;
* ``[key:: value]`` anywhere, the value up to the matching ``]``;
* ``(key:: value)`` anywhere, shown without its key.

The key is the text before ``::`` with its emphasis marks (``**``, ``_``, ``~~``, ``==``)
removed; it holds no brackets, parentheses, colons or backticks. The value is parsed as
inline Markdown (so ``[due:: [[Deadline]]]`` is a link). Code spans, fences and link
text never hold a field. Each field is an ``inline_field_open`` token, the value's
tokens, and an ``inline_field_close`` token; the open token's ``meta`` holds the ``key``,
the ``value`` as written (trimmed), the ``syntax`` (:class:`FieldSyntax`), the ``offset``
where the field starts in the inline content and its ``raw`` text. It renders as Dataview
renders it in reading view: ``<span class="dataview inline-field">`` around a key span and
a value span (the parenthesised form: the value only).
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

OPEN = "inline_field_open"
CLOSE = "inline_field_close"

_KEY = r"[^\[\]()\n:`]*[^\[\]()\n:`\s]"
_LINE_FIELD = re.compile(rf"(?P<key>{_KEY})::")
_BRACKET_FIELD = re.compile(rf"[\[(](?P<key>\s*{_KEY})::")
_FORMATTING = re.compile(r"\*\*|__|~~|==|[*_]")
_CLOSERS = {"[": "]", "(": ")"}
_OPENERS = {"]": "[", ")": "("}


class FieldSyntax(StrEnum):
    """How an inline field was written."""

    LINE = "line"
    BRACKET = "bracket"
    PAREN = "paren"


def inline_fields_plugin(md: MarkdownIt) -> None:
    """Add the ``inline_field`` rule (before every other inline rule) and its renderers."""
    md.inline.ruler.before("text", "inline_field", _inline_field_rule)
    # A parenthesised field can start inside a run of plain text.
    md.inline.add_terminator_char("(")
    md.add_render_rule(OPEN, _render_open)
    md.add_render_rule(CLOSE, _render_close)


def field_key(written: str) -> str:
    """A key as written (``**Bold Field**``) without its formatting marks and outer spaces."""
    return _FORMATTING.sub("", written).strip()


def _inline_field_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if state.linkLevel > 0 or not _source(state).has_colons:
        return False
    char = src[start]
    if char in _CLOSERS:
        found = _BRACKET_FIELD.match(src, start, state.posMax)
        end = _source(state).closers().get(start) if found else None
        if found is None or end is None or end >= state.posMax:
            return False
        syntax = FieldSyntax.BRACKET if char == "[" else FieldSyntax.PAREN
        return _field(state, silent, syntax, found.group("key"), found.end(), end, end + 1)
    if start > 0 and src[start - 1] != "\n":
        return False
    found = _LINE_FIELD.match(src, start, state.posMax)
    if found is None:
        return False
    line_end = src.find("\n", start, state.posMax)
    end = state.posMax if line_end < 0 else line_end
    return _field(state, silent, FieldSyntax.LINE, found.group("key"), found.end(), end, end)


def _field(
    state: StateInline,
    silent: bool,
    syntax: FieldSyntax,
    written_key: str,
    value_start: int,
    value_end: int,
    after: int,
) -> bool:
    """Push a field's tokens (unless ``silent``), its value parsed as inline Markdown."""
    key = field_key(written_key)
    if not key:
        return False
    while value_start < value_end and state.src[value_start] in " \t":
        value_start += 1
    if not silent:
        start, max_pos = state.pos, state.posMax
        token = state.push(OPEN, "span", 1)
        token.meta = {
            "key": key,
            "value": state.src[value_start:value_end].strip(),
            "syntax": syntax.value,
            "offset": start,
            "line": _source(state).line_of(start),
            "raw": state.src[start:after],
        }
        state.pos, state.posMax = value_start, value_end
        state.md.inline.tokenize(state)
        state.pos, state.posMax = start, max_pos
        state.push(CLOSE, "span", -1).meta = {"syntax": syntax.value}
    state.pos = after
    return True


@dataclass(slots=True)
class _Source:
    """What the rule learns once about an inline source (each rule call must not rescan it)."""

    text: str
    has_colons: bool
    _closers: dict[int, int] | None = None
    _line_starts: list[int] | None = None

    def closers(self) -> dict[int, int]:
        """Where each ``[`` and ``(`` closes on its line, nesting counted, found in one pass."""
        if self._closers is None:
            self._closers = {}
            open_at: dict[str, list[int]] = {"[": [], "(": []}
            for index, char in enumerate(self.text):
                if char in open_at:
                    open_at[char].append(index)
                elif char in _OPENERS and open_at[_OPENERS[char]]:
                    self._closers[open_at[_OPENERS[char]].pop()] = index
                elif char == "\n":
                    open_at = {"[": [], "(": []}
        return self._closers

    def line_of(self, offset: int) -> int:
        """The line (0-based) of an offset."""
        if self._line_starts is None:
            self._line_starts = [0] + [found.end() for found in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._line_starts, offset) - 1


def _source(state: StateInline) -> _Source:
    found = _SOURCES.get(state)
    if found is None:
        found = _SOURCES[state] = _Source(state.src, "::" in state.src)
    return found


_SOURCES: weakref.WeakKeyDictionary[StateInline, _Source] = weakref.WeakKeyDictionary()


def _render_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    if meta["syntax"] == FieldSyntax.PAREN:
        return '<span class="dataview inline-field"><span class="dataview inline-field-standalone-value">'
    key = escape(str(meta["key"]))
    return (
        '<span class="dataview inline-field">'
        f'<span class="dataview inline-field-key">{key}</span>'
        '<span class="dataview inline-field-value">'
    )


def _render_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</span></span>"
