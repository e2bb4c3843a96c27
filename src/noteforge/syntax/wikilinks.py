"""``[[target#fragment|label]]`` as a markdown-it inline rule producing ``wikilink`` tokens.

The rule runs before the standard link rule. Each token carries, in ``meta``, the parsed
``target``, ``fragment`` and ``label``, plus ``offset`` and ``raw`` (where it starts in the
inline source and its exact text) so diagnostics can point at the file column.
The token renders as a link to ``nf:<link_index>``, an index the parse stage assigns.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def wikilinks_plugin(md: MarkdownIt) -> None:
    """Add the ``wikilink`` inline rule and its renderer."""
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)


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
    if not src.startswith("[[", start):
        return False
    end = src.find("]]", start + 2, state.posMax + 1)
    if end < 0:
        return False
    inner = src[start + 2 : end]
    if "\n" in inner or "[" in inner:
        return False
    target, fragment, label = split_wikilink(inner)
    if not target and not fragment:
        return False
    if not silent:
        token = state.push("wikilink", "a", 0)
        token.content = display_text(target, fragment, label)
        token.meta = {
            "target": target,
            "fragment": fragment,
            "label": label,
            "offset": start,
            "raw": src[start : end + 2],
        }
    state.pos = end + 2
    return True


def _render_wikilink(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    text = escape(token.content)
    index = token.meta.get("link_index")
    if index is None:
        return f'<span class="wikilink">{text}</span>'
    return f'<a href="nf:{index}">{text}</a>'
