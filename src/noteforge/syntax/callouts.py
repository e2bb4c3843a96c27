"""Obsidian callouts: block quotes opening with ``[!type]``, rewritten after inline parsing.

``> [!warning]- Unverified claim`` starts a callout of type ``warning`` titled
``Unverified claim``. ``+`` or ``-`` after the marker makes it foldable (open or closed
by default). A core rule running after ``inline`` rewrites such a block quote in place:

* ``blockquote_open`` / ``blockquote_close`` become ``callout_open`` / ``callout_close``,
  a ``div`` (or ``details`` when foldable) with ``class="callout callout-STYLE"`` and
  ``data-callout="TYPE"``; ``meta`` holds ``callout`` (the type as written), ``style``
  and ``fold`` (``"+"``, ``"-"`` or ``None``). STYLE is the Obsidian type whose colour
  and icon the type takes (:data:`CALLOUT_STYLES`: ``faq`` is a ``question``); a type
  Obsidian does not know is styled as a ``note`` but keeps its name in ``data-callout``,
  for a theme to style. Attributes already set, such as a block id, are kept.
* the marker line becomes ``callout_title_open`` / ``inline`` / ``callout_title_close``
  (``<p class="callout-title">`` or ``<summary class="callout-title">``). The title's inline
  tokens are those of the marker line, so it may hold emphasis or links, and it is a
  normal ``inline`` token for anything that walks them; its ``content`` is the whole
  marker line, a prefix of the paragraph source its children's offsets refer to. An
  empty title becomes the capitalised type.
* the rest of the first paragraph stays a paragraph. Its ``inline`` token keeps the
  paragraph's original ``content`` and ``map``, which child tokens' source offsets
  (wikilinks' ``meta["offset"]``) refer to.

TYPE is lower-cased, and any type outside ``[a-z0-9-]`` becomes ``note``. Titles and types
are escaped by the standard renderer like all other note text. The marker must lie
within the first text token of the paragraph, which holds for any marker whose type is
plain text. Nested callouts work because every block quote is looked at on its own.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_TYPE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_FALLBACK_TYPE = "note"
# Obsidian's callout types and aliases → the type whose colour and icon they take
# (style.css has a rule for each distinct value; a test keeps the two in step).
CALLOUT_STYLES: dict[str, str] = {
    "note": "note",
    "abstract": "abstract", "summary": "abstract", "tldr": "abstract",
    "info": "info",
    "todo": "todo",
    "tip": "tip", "hint": "tip", "important": "tip",
    "success": "success", "check": "success", "done": "success",
    "question": "question", "help": "question", "faq": "question",
    "warning": "warning", "caution": "warning", "attention": "warning",
    "failure": "failure", "fail": "failure", "missing": "failure",
    "danger": "danger", "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote", "cite": "quote",
}  # fmt: skip
_FOLD_MARKS = ("+", "-")
_BREAKS = ("softbreak", "hardbreak")


def callouts_plugin(md: MarkdownIt) -> None:
    """Add the ``callouts`` core rule."""
    md.core.ruler.after("inline", "callouts", _callouts_rule)


def _callouts_rule(state: StateCore) -> None:
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        if tokens[index].type == "blockquote_open":
            _rewrite_callout(tokens, index)
        index += 1


def _rewrite_callout(tokens: list[Token], start: int) -> None:
    """Turn the block quote opening at ``start`` into a callout if it has a marker."""
    if start + 3 >= len(tokens) or tokens[start + 1].type != "paragraph_open":
        return
    inline = tokens[start + 2]
    children = inline.children or []
    if not children or children[0].type != "text":
        return
    marker = _parse_marker(children[0].content)
    if marker is None:
        return
    kind, fold, rest = marker
    end = _matching_close(tokens, start)
    first_break = _first_line_end(children)
    children[0].content = rest
    title_children = children[:first_break]
    body_children = children[first_break + 1 :]

    opening, closing = tokens[start], tokens[end]
    tag = "div" if fold is None else "details"
    style = CALLOUT_STYLES.get(kind, _FALLBACK_TYPE)
    for token, kind_name in ((opening, "callout_open"), (closing, "callout_close")):
        token.type = kind_name
        token.tag = tag
        token.meta = {**token.meta, "callout": kind, "style": style, "fold": fold}
    opening.attrSet("class", f"callout callout-{style}")
    opening.attrSet("data-callout", kind)
    if fold == "+":
        opening.attrSet("open", "")

    title = _title_tokens(inline, title_children, kind, "p" if fold is None else "summary")
    if body_children:
        inline.children = body_children
        tokens[start + 1 : start + 1] = title
    else:
        tokens[start + 1 : start + 4] = title


def _first_line_end(children: list[Token]) -> int:
    """Index of the first line break outside any emphasis or link (so both halves stay
    balanced), or the number of children when there is none."""
    depth = 0
    for index, child in enumerate(children):
        depth += child.nesting
        if child.type in _BREAKS and depth == 0:
            return index
    return len(children)


def _parse_marker(text: str) -> tuple[str, str | None, str] | None:
    """``(type, fold mark, rest of the text)`` for text starting with ``[!type]``."""
    if not text.startswith("[!"):
        return None
    close = text.find("]", 2)
    if close <= 2:
        return None
    kind = text[2:close].lower()
    if not set(kind) <= _TYPE_CHARS:
        kind = _FALLBACK_TYPE
    rest = text[close + 1 :]
    fold = rest[:1] if rest[:1] in _FOLD_MARKS else None
    if fold:
        rest = rest[1:]
    return kind, fold, rest


def _matching_close(tokens: list[Token], start: int) -> int:
    level = tokens[start].level
    return next(
        i
        for i in range(start + 1, len(tokens))
        if tokens[i].type == "blockquote_close" and tokens[i].level == level
    )


def _title_tokens(paragraph_inline: Token, children: list[Token], kind: str, tag: str) -> list[Token]:
    """``callout_title_open``, its ``inline`` token and ``callout_title_close``."""
    children = _strip_edges(children)
    if not children:
        children = [Token("text", "", 0, content=kind.capitalize())]
    level = paragraph_inline.level - 1
    opening = Token("callout_title_open", tag, 1, level=level, block=True)
    opening.attrSet("class", "callout-title")
    first_line = paragraph_inline.content.split("\n", 1)[0]
    inline = Token("inline", "", 0, level=level + 1, block=True, content=first_line, children=children)
    if paragraph_inline.map:
        inline.map = [paragraph_inline.map[0], paragraph_inline.map[0] + 1]
        opening.map = list(inline.map)
    closing = Token("callout_title_close", tag, -1, level=level, block=True)
    return [opening, inline, closing]


def _strip_edges(children: list[Token]) -> list[Token]:
    """Children without leading whitespace, trailing whitespace or empty text tokens."""
    if children and children[0].type == "text":
        children[0].content = children[0].content.lstrip()
    if children and children[-1].type == "text":
        children[-1].content = children[-1].content.rstrip()
    return [child for child in children if child.type != "text" or child.content]
