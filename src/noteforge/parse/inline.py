"""Plain text of inline token runs, sentences in it, and cutting a run at a text offset.

Facts, questions and related items are read from the children of an ``inline`` token.
Their *plain text* is what a reader sees (a wikilink contributes its label), and each
child knows where its text starts in it, so a sentence found in the plain text can be
mapped back to the tokens that make it up.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown_it.token import Token

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])")
# A break after these is not the end of a sentence ("U.S. Commerce", "e.g. Huawei").
_ABBREVIATION = re.compile(
    r"(?:(?:^|\s)(?:[A-Za-z]\.){1,3}|\b(?:e\.g|i\.e|vs|approx|Inc|Corp|Co|Ltd|No|Fig|Mr|Ms|Dr|St)\.)$"
)
# Longer than anything _ABBREVIATION matches (7 characters), so looking this far back
# before a break gives the same answer as looking back to the sentence's start.
_ABBREVIATION_REACH = 16


@dataclass(frozen=True, slots=True)
class PlainText:
    """The plain text of a run of inline tokens and where each token's text starts."""

    text: str
    starts: tuple[int, ...]

    def child_at(self, offset: int) -> int:
        """Index of the first child whose text starts at or after ``offset``."""
        return next((i for i, start in enumerate(self.starts) if start >= offset), len(self.starts))


def plain_text(children: list[Token]) -> PlainText:
    """Concatenate what each child shows; a link contributes its label, a break a space."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for child in children:
        starts.append(length)
        piece = _child_text(child)
        parts.append(piece)
        length += len(piece)
    return PlainText("".join(parts), tuple(starts))


def _child_text(token: Token) -> str:
    if token.type in {"softbreak", "hardbreak"}:
        return " "
    if token.type in {"text", "code_inline", "wikilink", "image", "text_special"}:
        return token.content
    return ""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, end exclusive, trailing spaces excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _after_abbreviation(text, start, match.start() + 1):
            continue
        spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


def _after_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with an abbreviation; looks back a bounded distance."""
    return _ABBREVIATION.search(text[max(start, end - _ABBREVIATION_REACH) : end]) is not None


class Sentences:
    """The sentences of one plain text, split once (when first asked), to find the one
    around any offset."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []

    def around(self, offset: int) -> str:
        """The sentence that contains ``offset``, else the whole text stripped."""
        if self._spans is None:
            self._spans = sentence_spans(self._text)
            self._starts = [start for start, _ in self._spans]
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._spans[index][1]:
            start, end = self._spans[index]
            return self._text[start:end]
        return self._text.strip()


def split_children(children: list[Token], plain: PlainText, offset: int) -> tuple[list[Token], list[Token]]:
    """Cut a run of inline tokens where the plain text reaches ``offset``.

    A text token spanning the cut is split in two; anything else is cut before.
    """
    head: list[Token] = []
    for index, child in enumerate(children):
        start = plain.starts[index]
        text = _child_text(child)
        if start + len(text) <= offset:
            head.append(child)
            continue
        if child.type == "text" and start < offset:
            left, right = child.copy(), child.copy()
            left.content, right.content = text[: offset - start], text[offset - start :]
            return [*head, left], [right, *children[index + 1 :]]
        return _unclosed_link_moved(head, children[index:])
    return head, []


def _unclosed_link_moved(head: list[Token], tail: list[Token]) -> tuple[list[Token], list[Token]]:
    """Keep a link's opening token with the rest of the link when the cut falls inside it."""
    for index in range(len(head) - 1, -1, -1):
        if head[index].type == "link_close":
            break
        if head[index].type == "link_open":
            return head[:index], head[index:] + tail
    return head, tail
