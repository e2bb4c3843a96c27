"""The note body as top-level blocks: finding the title and cutting the body into sections.

A *block* is the slice of tokens of one top-level element (a paragraph, a list, a heading…).
Title rule: front matter ``title`` wins; else the first H1; else the first line of the
first paragraph when it reads as a title (at most 120 characters, no link in it, not
ending like a sentence with ``.``, ``,``, ``;`` or ``:``); else the file name. Lines that merely repeat
the title at the top of the body (the seed writes its title twice) are dropped, so the
title is not shown twice; a first line that is prose stays in the body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it.token import Token

from noteforge.parse.inline import plain_text

_TITLE_MAX = 120
_LINKING = {"wikilink", "embed", "link_open", "image"}


@dataclass(frozen=True, slots=True)
class Block:
    """The tokens of one top-level element."""

    tokens: list[Token]

    @property
    def kind(self) -> str:
        """The element's token type without its ``_open`` suffix (``paragraph``, ``heading``…)."""
        return self.tokens[0].type.removesuffix("_open")

    @property
    def line(self) -> int:
        """1-based line of the element in the file."""
        token_map = self.tokens[0].map
        return token_map[0] + 1 if token_map else 1

    @property
    def inline(self) -> Token | None:
        """The inline token of a paragraph or heading."""
        return self.tokens[1] if len(self.tokens) > 1 and self.tokens[1].type == "inline" else None

    @property
    def anchor(self) -> str:
        """The ``id`` the block's opening tag carries (headings get one from their text)."""
        return str(self.tokens[0].attrGet("id") or "")

    def heading_level(self) -> int:
        """1 for an H1 and so on; 0 when the block is not a heading."""
        return int(self.tokens[0].tag[1:]) if self.kind == "heading" else 0

    def text(self) -> str:
        """Plain text of a paragraph or heading."""
        return plain_text(self.inline.children or []).text.strip() if self.inline else ""


def split_blocks(tokens: list[Token]) -> list[Block]:
    """Group a token stream into its top-level blocks."""
    blocks: list[Block] = []
    start = 0
    depth = 0
    for index, token in enumerate(tokens):
        depth += token.nesting
        if depth == 0:
            blocks.append(Block(tokens[start : index + 1]))
            start = index + 1
    return blocks


def take_title(
    blocks: list[Block], front_matter_title: str | None, fallback: str, is_section: Callable[[str], bool]
) -> tuple[str, str, list[Block]]:
    """The note's title, the anchor of its title heading (``""`` if it has none), and the
    body blocks left once the title's own lines are removed."""
    if front_matter_title:
        return front_matter_title, *_without_leading_repeats(blocks, front_matter_title)
    # The note's first heading names it if it is an H1; an H1 after another heading heads
    # a part of the note (as Obsidian, which shows every heading, reads it).
    index, first = next(((i, b) for i, b in enumerate(blocks) if b.heading_level()), (0, None))
    if first and first.heading_level() == 1 and first.text() and not is_section(first.text()):
        return first.text(), first.anchor, blocks[:index] + blocks[index + 1 :]
    if blocks and blocks[0].kind == "paragraph" and _reads_as_title(_lines_of(blocks[0])[0]):
        title = _first_line(blocks[0])
        return title, *_without_leading_repeats(blocks, title)
    return fallback, "", blocks


def _reads_as_title(line: list[Token]) -> bool:
    text = plain_text(line).text.strip()
    has_link = any(child.type in _LINKING for child in line)
    return 0 < len(text) <= _TITLE_MAX and not has_link and not text.endswith((".", ",", ";", ":"))


def _first_line(block: Block) -> str:
    children = _lines_of(block)[0]
    return plain_text(children).text.strip()


def _lines_of(block: Block) -> list[list[Token]]:
    """The children of a paragraph's inline token, one list per source line.

    A line break inside emphasis or a link does not split, so every line stays balanced.
    """
    lines: list[list[Token]] = [[]]
    depth = 0
    for child in block.inline.children or [] if block.inline else []:
        depth += child.nesting
        if child.type in {"softbreak", "hardbreak"} and depth == 0:
            lines.append([])
        else:
            lines[-1].append(child)
    return lines


def _without_leading_repeats(blocks: list[Block], title: str) -> tuple[str, list[Block]]:
    """Drop a leading H1 (keeping its anchor) or leading paragraph lines that repeat the title."""
    if not blocks:
        return "", blocks
    first = blocks[0]
    key = _compare_key(title)
    if first.kind == "heading" and first.heading_level() == 1 and _compare_key(first.text()) == key:
        return first.anchor, blocks[1:]
    if first.kind != "paragraph" or first.inline is None:
        return "", blocks
    lines = _lines_of(first)
    repeats = 0
    while repeats < len(lines) and _compare_key(plain_text(lines[repeats]).text) == key:
        repeats += 1
    if repeats == len(lines):
        return "", blocks[1:]
    if repeats:
        _drop_lines(first.inline, lines, repeats)
    return "", blocks


def _drop_lines(inline: Token, lines: list[list[Token]], count: int) -> None:
    """Keep only the paragraph's children after its first ``count`` lines (content and map stay)."""
    dropped = sum(len(line) + 1 for line in lines[:count])  # each line and the break after it
    inline.children = (inline.children or [])[dropped:]


def _compare_key(text: str) -> str:
    return " ".join(text.split()).casefold()
