"""Obsidian ``#tags`` as a markdown-it inline rule producing ``tag`` tokens.

A tag is ``#`` followed by letters (any script), digits, ``_``, ``-`` and ``/`` (for
nested tags such as ``#area/sub``), with at least one character that is not a digit and
without trailing ``/``. The ``#`` must open the inline content or follow whitespace, so
``page#fragment`` and ``https://x.org/#frag`` are not tags. Headings never reach inline
parsing with their ``#`` marks, code spans and autolinks are consumed by their own rules,
the rule declines inside link text, and a core rule turns tags in image descriptions back
into text. Each token's ``meta["tag"]`` is the name as
written, without ``#``; it renders as ``<span class="tag">#name</span>``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.common.utils import isWhiteSpace
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from noteforge.syntax.tokens import every_token


def tags_plugin(md: MarkdownIt) -> None:
    """Add the ``tag`` inline rule and its renderer."""
    md.inline.ruler.after("backticks", "tag", _tag_rule)
    md.core.ruler.after("inline", "tag_image_alts", _untag_image_alts)
    md.add_render_rule("tag", _render_tag)


def collect_tags(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The tags in a token stream, in order, each once (case-insensitively; first spelling wins)."""
    seen: dict[str, str] = {}
    for token in every_token(tokens):
        if token.type == "tag":
            name = str(token.meta["tag"])
            seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def _is_name_char(char: str) -> bool:
    # Combining marks count as letters, or decomposed accents would end a tag.
    return char.isalnum() or char in "_-/" or unicodedata.category(char).startswith("M")


def _tag_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if src[start] != "#" or state.linkLevel > 0:
        return False
    if start > 0 and not isWhiteSpace(ord(src[start - 1])):
        return False
    end = start + 1
    while end < state.posMax and _is_name_char(src[end]):
        end += 1
    name = src[start + 1 : end].rstrip("/")
    if name.isdigit() or not name:
        return False
    if not silent:
        token = state.push("tag", "span", 0)
        token.content = name
        token.markup = "#"
        token.meta = {"tag": name}
    state.pos = start + 1 + len(name)
    return True


def _untag_image_alts(state: StateCore) -> None:
    """Turn tags in image descriptions back into text: the ``alt`` attribute keeps only text.

    An image's description is parsed by a nested inline parser, which sets nothing the
    inline rule could check, hence this after-the-fact step.
    """
    if "![" not in state.src:
        return  # no image, so no description (most notes; the walk costs a pass over every token)
    for token in every_token(state.tokens):
        if token.type == "image" and token.children:
            for child in every_token(token.children):
                if child.type == "tag":
                    child.type, child.tag, child.content = "text", "", child.markup + child.content
                    child.meta = {}


def _render_tag(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<span class="tag">#{escape(tokens[idx].content)}</span>'
