"""Plain-line section headings: a line reading just ``Key facts`` opens that section.

Notes pasted from other tools (the seed among them) mark sections with a bare line of
text instead of ``## Key facts``. Such a line must also end the paragraph or list above
it, which plain CommonMark would extend lazily, so the rule is registered as a
terminator of paragraphs and lists. It fires only for a line at column 0 of the file
(never inside a block quote or an indented block), starting with a capital letter, whose
text names a known section.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock


def section_lines_plugin(md: MarkdownIt, is_heading: Callable[[str], bool]) -> None:
    """Turn plain lines for which ``is_heading(text)`` holds into ``<h2>`` headings."""

    def section_line_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        text = _plain_line_text(state, start_line)
        if text is None or not text[:1].isupper() or not is_heading(text):
            return False
        if silent:
            return True
        _push_heading(state, start_line, text)
        return True

    md.block.ruler.before("paragraph", "section_line", section_line_rule, {"alt": ["paragraph", "list"]})


def _plain_line_text(state: StateBlock, line: int) -> str | None:
    """The line's text if it starts at column 0 of the physical file line."""
    begin = state.bMarks[line]
    if state.tShift[line] != 0 or (begin > 0 and state.src[begin - 1] != "\n"):
        return None
    return state.src[begin : state.eMarks[line]].strip()


def _push_heading(state: StateBlock, line: int, text: str) -> None:
    opening = state.push("heading_open", "h2", 1)
    opening.map = [line, line + 1]
    opening.meta = {"plain_line": True}
    inline = state.push("inline", "", 0)
    inline.content = text
    inline.map = [line, line + 1]
    inline.children = []
    state.push("heading_close", "h2", -1)
    state.line = line + 1
