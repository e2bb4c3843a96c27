"""Obsidian block references: ``^block-id`` markers giving a block an ``id``.

A core rule running after ``inline`` handles the two forms:

* a paragraph whose text ends with whitespace (or a line break) and ``^id``: the marker
  is removed from the text and the paragraph gets the id, or, for a paragraph inside a
  list item, the ``list_item_open`` token (tight lists render no ``<p>``);
* a paragraph holding nothing but ``^id`` right after a list, table, block quote,
  callout, code fence, other container block or paragraph of nothing but embeds at the
  same level: the id goes to that block's opening token and the marker paragraph is
  removed. After another paragraph or a heading such a line stays text;
* a table whose last row reads just ``^id`` (the marker written on the line right after
  the table, which Markdown reads as a row): the row is removed and the table gets the id.

A paragraph of nothing but embeds (an image, a transcluded note) that gets an id is kept
as a ``<div>`` wrapper by the embed-paragraph rule (:mod:`noteforge.syntax.wikilinks`),
so the anchor survives.

The id is ``[A-Za-z0-9-]+``. The receiving token gets ``id="^ID"`` and ``meta["block_id"]``.
The rule runs before ``text_join``, so an escaped ``\\^`` is still a separate token and
never read as a marker.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
_BREAKS = ("softbreak", "hardbreak")
_LEAF_BLOCKS = ("fence", "code_block")
_NOT_TARGETS = ("paragraph_close", "heading_close", "callout_title_close")
_EMBED_LINE = frozenset({"embed", "softbreak"})


def block_ids_plugin(md: MarkdownIt) -> None:
    """Add the ``block_ids`` core rule."""
    md.core.ruler.after("inline", "block_ids", _block_ids_rule)


def collect_block_ids(tokens: Sequence[Token]) -> tuple[str, ...]:
    """Every block id in a token stream, in order."""
    return tuple(str(token.meta["block_id"]) for token in _walk(tokens) if "block_id" in token.meta)


def _walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _block_ids_rule(state: StateCore) -> None:
    tokens = state.tokens
    index = 1
    while index < len(tokens):
        if tokens[index].type == "table_close":
            index -= _table_row_marker(tokens, index)
        elif tokens[index].type == "inline" and tokens[index - 1].type == "paragraph_open":
            if _standalone_marker(tokens, index):
                del tokens[index - 1 : index + 2]
                continue
            _trailing_marker(tokens, index)
        index += 1


def _standalone_marker(tokens: list[Token], index: int) -> bool:
    """Give the block before a paragraph reading just ``^id`` that id; whether it did."""
    children = tokens[index].children or []
    if len(children) != 1 or children[0].type != "text":
        return False
    block_id = _marker_id(children[0].content.strip())
    if block_id is None or index < 2:
        return False
    target = _block_before(tokens, index - 1)
    if target is None:
        return False
    _assign(target, block_id)
    return True


def _trailing_marker(tokens: list[Token], index: int) -> None:
    """Move a ``^id`` ending the paragraph's text onto the paragraph or its list item."""
    inline = tokens[index]
    children = inline.children or []
    if not children or children[-1].type != "text":
        return
    last = children[-1]
    text = last.content.rstrip()
    before, caret, marker = text.rpartition("^")
    block_id = _marker_id(caret + marker)
    if block_id is None:
        return
    if before:
        if not before[-1].isspace():
            return
        last.content = before.rstrip()
        if not last.content:
            children.pop()
    elif len(children) >= 2 and children[-2].type in _BREAKS:
        del children[-2:]
    else:
        return
    inline.content = inline.content.rstrip().removesuffix(caret + marker).rstrip()
    paragraph = tokens[index - 1]
    parent = _parent(tokens, index - 1)
    _assign(parent if parent is not None and parent.type == "list_item_open" else paragraph, block_id)


def _table_row_marker(tokens: list[Token], index: int) -> int:
    """Give the table closing at ``tokens[index]`` the id its last row reads (just ``^id``,
    in its first cell), removing that row; how many tokens it removed."""
    start = next((i for i in range(index - 1, -1, -1) if tokens[i].type == "tr_open"), None)
    if start is None or tokens[start - 1].type == "thead_open":
        return 0
    cells = [token for token in tokens[start:index] if token.type == "inline"]
    if not cells or any(cell.content.strip() for cell in cells[1:]):
        return 0
    block_id = _marker_id(cells[0].content.strip())
    table = next((tokens[i] for i in range(start, -1, -1) if tokens[i].type == "table_open"), None)
    if block_id is None or table is None:
        return 0
    end = next(i for i in range(start, index) if tokens[i].type == "tr_close")
    del tokens[start : end + 1]
    _assign(table, block_id)
    return end + 1 - start


def _marker_id(text: str) -> str | None:
    """``id`` when ``text`` is exactly ``^id``."""
    if text.startswith("^") and len(text) > 1 and set(text[1:]) <= _ID_CHARS:
        return text[1:]
    return None


def _block_before(tokens: list[Token], index: int) -> Token | None:
    """The opening token of the block just before ``tokens[index]``, if it may take an id."""
    previous = tokens[index - 1]
    level = tokens[index].level
    if previous.level != level:
        return None
    if previous.nesting == 0:
        return previous if previous.type in _LEAF_BLOCKS else None
    if previous.nesting != -1:
        return None
    opening = next(
        (i for i in range(index - 2, -1, -1) if tokens[i].level == level and tokens[i].nesting == 1), None
    )
    if opening is None or (previous.type in _NOT_TARGETS and not _embeds_only(tokens, opening)):
        return None
    return tokens[opening]


def _embeds_only(tokens: list[Token], opening: int) -> bool:
    """Whether ``tokens[opening]`` opens a paragraph holding nothing but embeds."""
    if tokens[opening].type != "paragraph_open":
        return False
    children = tokens[opening + 1].children or []
    blank = [child for child in children if child.type == "text" and not child.content.strip()]
    return any(child.type == "embed" for child in children) and all(
        child.type in _EMBED_LINE or child in blank for child in children
    )


def _parent(tokens: list[Token], index: int) -> Token | None:
    """The opening token of the block containing ``tokens[index]``."""
    level = tokens[index].level
    return next((tokens[i] for i in range(index - 1, -1, -1) if tokens[i].level == level - 1), None)


def _assign(token: Token, block_id: str) -> None:
    token.attrSet("id", "^" + block_id)
    token.meta["block_id"] = block_id
