"""``==text==`` as ``<mark>text</mark>``: Obsidian highlights, paired like ``~~strikethrough~~``.

Each ``==`` run becomes a text token plus an entry in the inline delimiter list, and the
standard ``balance_pairs`` step matches openers with closers, so highlights nest and
cross emphasis, links and code spans by the same precedence rules as emphasis: the inside
is ordinary inline Markdown, links and code spans bind tighter, and a ``==`` inside a code
span never reaches this rule. A post-processing step turns matched pairs into
``mark_open`` / ``mark_close`` tokens; unmatched markers are joined back into the text.

An opening ``==`` must not be followed by whitespace and a closing one not preceded by
it. Runs of three or more ``=`` are always text.
"""

from __future__ import annotations

from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter
from markdown_it.token import Token

_MARKER = "="


def highlight_plugin(md: MarkdownIt) -> None:
    """Add the ``highlight`` inline rule and its pairing step."""
    md.inline.ruler.before("emphasis", "highlight", _highlight_rule)
    md.inline.ruler2.before("fragments_join", "highlight", _highlight_post_process)


def _highlight_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if silent or state.src[start] != _MARKER:
        return False
    end = start
    while end < state.posMax and state.src[end] == _MARKER:
        end += 1
    length = end - start
    if length < 2:
        return False
    token = state.push("text", "", 0)
    token.content = state.src[start:end]
    state.pos = end
    if length > 2:
        return True
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[end] if end < state.posMax else " "
    state.delimiters.append(
        Delimiter(
            marker=ord(_MARKER),
            length=0,  # disables the emphasis-only "rule of 3" in balance_pairs
            token=len(state.tokens) - 1,
            end=-1,
            open=not isWhiteSpace(ord(after)),
            close=not isWhiteSpace(ord(before)),
        )
    )
    return True


def _highlight_post_process(state: StateInline) -> None:
    _convert_pairs(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _convert_pairs(state, meta["delimiters"])


def _convert_pairs(state: StateInline, delimiters: list[Delimiter]) -> None:
    for opener in delimiters:
        if opener.marker != ord(_MARKER) or opener.end == -1:
            continue
        _retag(state.tokens[opener.token], "mark_open", 1)
        _retag(state.tokens[delimiters[opener.end].token], "mark_close", -1)


def _retag(token: Token, kind: str, nesting: Literal[-1, 1]) -> None:
    token.type = kind
    token.tag = "mark"
    token.nesting = nesting
    token.markup = _MARKER * 2
    token.content = ""
