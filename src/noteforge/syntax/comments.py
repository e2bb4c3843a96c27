"""Obsidian comments, ``%%like this%%``, dropped from the token stream entirely.

Two rules, neither of which produces a token:

* a block rule for a comment whose ``%%`` opens a line. It runs to the line holding the
  closing ``%%``, across blank lines, or to the end of the enclosing block (the document
  at top level) when unclosed. Text after the closing ``%%`` on that line is parsed as
  the start of the next block. A comment closed on its opening line with text after it
  is left to the inline rule, so the text stays in its paragraph. An unclosed comment
  also interrupts a paragraph, list or block quote above it: otherwise its first line
  would become part of that paragraph and the rest, after a blank line, would show.
* an inline rule for ``%%…%%`` within a paragraph, possibly over several of its lines;
  an unclosed ``%%`` hides the rest of the paragraph.

Code spans and fences are consumed by their own rules before these see a ``%``, so a
``%%`` inside code is left alone. Links inside a comment are never tokenized.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

_MARKER = "%%"


def comments_plugin(md: MarkdownIt) -> None:
    """Add the ``comment_block`` and ``comment`` rules."""
    md.block.ruler.before(
        "table",
        "comment_block",
        _comment_block_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.after("backticks", "comment", _comment_rule)


def _comment_block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith(_MARKER, start, state.eMarks[start_line]):
        return False
    close_line, after = _find_end(state, start_line, end_line, start + len(_MARKER))
    rest = state.skipSpaces(after) if after >= 0 else -1
    has_rest = rest >= 0 and rest < state.eMarks[close_line]
    if close_line == start_line and has_rest:
        return False
    if silent:
        # Only a comment running over several lines interrupts the block above it.
        return after < 0 or close_line > start_line
    if after < 0:
        state.line = close_line
    elif has_rest:
        # Let the next block rules start at the text after the closing marker.
        state.bMarks[close_line] = rest
        state.tShift[close_line] = 0
        state.sCount[close_line] = state.blkIndent
        state.line = close_line
    else:
        state.line = close_line + 1
    return True


def _find_end(state: StateBlock, start_line: int, end_line: int, pos: int) -> tuple[int, int]:
    """The line holding the closing marker and the position just after that marker.

    For an unclosed comment: the first line past it (outdented out of the enclosing block,
    or ``end_line``) and -1.
    """
    line = start_line
    while line < end_line:
        if line > start_line:
            pos = state.bMarks[line] + state.tShift[line]
            if pos < state.eMarks[line] and state.sCount[line] < state.blkIndent:
                break
        found = state.src.find(_MARKER, pos, state.eMarks[line])
        if found >= 0:
            return line, found + len(_MARKER)
        line += 1
    return line, -1


def _comment_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith(_MARKER, start, state.posMax):
        return False
    end = state.src.find(_MARKER, start + len(_MARKER), state.posMax)
    state.pos = state.posMax if end < 0 else end + len(_MARKER)
    return True
