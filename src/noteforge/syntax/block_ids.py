"""Obsidian block references: ``^block-id`` markers giving a block an ``id``.

A core rule running after ``inline`` handles the two forms:

* a paragraph whose text ends with whitespace (or a line break) and ``^id``: the marker
  is removed from the text and the paragraph gets the id, or, for a paragraph inside a
  list item, the ``list_item_open`` token (tight lists render no ``<p>``);
* a paragraph holding nothing but ``^id`` right after a list, table, block quote,
  callout, code fence or other container block at the same level: the id goes to that
  block's opening token and the marker paragraph is removed. After a paragraph or a
  heading such a line stays text.

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
        if tokens[index].type == "inline" and tokens[index - 1].type == "paragraph_open":
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
    if previous.nesting != -1 or previous.type in _NOT_TARGETS:
        return None
    return next(
        (tokens[i] for i in range(index - 2, -1, -1) if tokens[i].level == level and tokens[i].nesting == 1),
        None,
    )


def _parent(tokens: list[Token], index: int) -> Token | None:
    """The opening token of the block containing ``tokens[index]``."""
    level = tokens[index].level
    return next((tokens[i] for i in range(index - 1, -1, -1) if tokens[i].level == level - 1), None)


def _assign(token: Token, block_id: str) -> None:
    token.attrSet("id", "^" + block_id)
    token.meta["block_id"] = block_id
