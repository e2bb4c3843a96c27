"""``[[target#fragment|label]]`` and ``![[embed]]`` as a markdown-it inline rule.

The rule runs before the standard link rule and produces ``wikilink`` and ``embed``
tokens. Each carries, in ``meta``, the parsed ``target``, ``fragment`` and ``label``, plus
``offset`` and ``raw`` (where it starts in the inline source and its exact text) so
diagnostics can point at the file column. Once the parse stage has given the token a
``link_key`` and ``link_index``, a wikilink renders as a placeholder link and an embed
as an ``<nf-embed>`` placeholder (see :mod:`noteforge.syntax.placeholders`). A paragraph that
holds nothing but embeds is unwrapped, so a transcluded note is not put inside ``<p>``;
when it carries a block id (``![[image.png]] ^id``) it becomes a ``<div>`` instead, so
the id has an element to mark.

A wikilink wins over a reference link: ``[[foo]]`` is a wikilink even when the note defines
``[foo]: url``, as in Obsidian, and as Foam's generated link definitions expect. No wikilink
is made inside the text of a Markdown link (links do not nest).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from noteforge.syntax import placeholders

# What ends the search for a wikilink's ``]]``: the closer, or a ``[`` or line break, which
# a wikilink cannot hold. Each search stops at the next ``[``, so a line of a million
# ``[[`` is scanned once in all, not once per ``[[``.
_CLOSER_OR_STOP = re.compile(r"\]\]|[\[\n]")


def wikilinks_plugin(md: MarkdownIt) -> None:
    """Add the ``wikilink``/``embed`` inline rule, its renderers and embed-paragraph unwrapping."""
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.core.ruler.after("inline", "embed_paragraphs", _unwrap_embed_paragraphs)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("embed", _render_embed)


def split_wikilink(inner: str) -> tuple[str, str | None, str | None]:
    """Split the text between ``[[`` and ``]]`` into target, fragment and label.

    ``\\|`` counts as ``|`` so wikilinks work inside table cells.
    """
    inner = inner.replace("\\|", "|")
    destination, bar, label = inner.partition("|")
    target, hash_, fragment = destination.partition("#")
    return (
        target.strip(),
        fragment.strip() if hash_ and fragment.strip() else None,
        label.strip() if bar and label.strip() else None,
    )


def display_text(target: str, fragment: str | None, label: str | None) -> str:
    """What a wikilink shows: its label, else ``target > fragment`` as Obsidian does."""
    if label:
        return label
    if fragment:
        shown = fragment.replace("#", " > ")
        return f"{target} > {shown}" if target else shown
    return target


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    is_embed = src.startswith("![[", start)
    opening = start + 1 if is_embed else start
    if not src.startswith("[[", opening):
        return False
    stop = _CLOSER_OR_STOP.search(src, opening + 2, state.posMax + 1)
    if stop is None or stop.group() != "]]":
        return False
    end = stop.start()
    inner = src[opening + 2 : end]
    if state.linkLevel and not is_embed:
        return False
    target, fragment, label = split_wikilink(inner)
    if not target and not fragment:
        return False
    if not silent:
        token = state.push("embed" if is_embed else "wikilink", "", 0)
        token.content = display_text(target, fragment, None if is_embed else label)
        token.meta = {
            "target": target,
            "fragment": fragment,
            "label": label,
            "offset": start,
            "raw": src[start : end + 2],
        }
    state.pos = end + 2
    return True


def _unwrap_embed_paragraphs(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        children = tokens[index + 1].children or []
        if token.type == "paragraph_open" and children and all(map(_embed_or_space, children)):
            if "block_id" in token.meta:
                token.tag = tokens[index + 2].tag = "div"
            else:
                token.hidden = tokens[index + 2].hidden = True
            for child in children:
                child.meta["block"] = True


def _embed_or_space(token: Token) -> bool:
    return token.type in {"embed", "softbreak"} or (token.type == "text" and not token.content.strip())


def _render_wikilink(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    text = escape(token.content)
    if "link_index" not in token.meta:
        return f'<span class="wikilink">{text}</span>'
    return f'<a href="{placeholders.href(token.meta["link_key"], token.meta["link_index"])}">{text}</a>'


def _render_embed(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if "link_index" not in token.meta:
        return f'<span class="embed">{escape(token.content)}</span>'
    return placeholders.embed(token.meta["link_key"], token.meta["link_index"], bool(token.meta.get("block")))
