"""markdown-it's link helpers for the note parser, with the link-label scan bounded.

``make_parser`` sets this module as its parser's ``md.helpers`` (markdown-it's own
hook: the link and image rules call ``state.md.helpers.parseLinkLabel``), so other
MarkdownIt instances are untouched. Destinations and titles are markdown-it's own.

Each ``[`` makes the link rule scan for its ``]``, and the scan runs the inline rules
over what it passes, recursing into every ``[`` it meets up to markdown-it's nesting
limit: a run of ``[`` costs about ``limits.NESTING`` steps per bracket (a 100 KB
paragraph of them took 30 s to parse). Here the steps of all scans over one inline
source are counted, and once they pass ``limits.LABEL_SCAN_BASE`` plus
``limits.LABEL_SCAN_PER_CHAR`` per character of it, a scan answers "no label": the brackets
left in that paragraph are text, and the parse reports it (:func:`budget_spent`).
"""

from __future__ import annotations

import weakref

from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.utils import EnvType

from noteforge import limits

__all__ = ["budget_spent", "parseLinkDestination", "parseLinkLabel", "parseLinkTitle"]

_ENV_KEY = "noteforge_label_budget_spent"


class _Steps:
    """The label-scan steps an inline source has left."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


_STEPS: weakref.WeakKeyDictionary[StateInline, _Steps] = weakref.WeakKeyDictionary()


def budget_spent(env: EnvType) -> list[str]:
    """The inline sources (paragraph texts) of a parse whose label-scan budget ran out."""
    spent: list[str] = env.get(_ENV_KEY, [])
    return spent


def parseLinkLabel(state: StateInline, start: int, disableNested: bool = False) -> int:
    """markdown-it's ``parseLinkLabel`` (the end of the label whose ``[`` is at ``start``,
    or -1), step for step, but -1 from the step that passes the source's budget on."""
    steps = _STEPS.get(state)
    if steps is None:
        steps = _STEPS[state] = _Steps(limits.LABEL_SCAN_BASE + limits.LABEL_SCAN_PER_CHAR * len(state.src))
    labelEnd = -1
    oldPos = state.pos
    found = False

    state.pos = start + 1
    level = 1

    while state.pos < state.posMax:
        steps.left -= 1
        if steps.left < 0:
            _report_once(state, steps)
            state.pos = oldPos
            return -1
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                found = True
                break

        prevPos = state.pos
        state.md.inline.skipToken(state)
        if marker == "[":
            if prevPos == state.pos - 1:
                # increase level if we find text `[`,
                # which is not a part of any token
                level += 1
            elif disableNested:
                state.pos = oldPos
                return -1
    if found:
        labelEnd = state.pos

    # restore old state
    state.pos = oldPos

    return labelEnd


def _report_once(state: StateInline, steps: _Steps) -> None:
    if steps.left == -1:
        state.env.setdefault(_ENV_KEY, []).append(state.src)
