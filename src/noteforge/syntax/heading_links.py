"""Heading self-links: every heading with an ``id`` ends with a small link to itself.

The link is added when headings are rendered, not to the token stream, so a heading's
text (titles, the outline, search) never contains it. Its visible ``#`` comes from the
stylesheet and its accessible name from a visually hidden label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

LABEL = "Link to this section"
_HEADING_LINK = re.compile(
    rf'<a class="heading-link" href="#[^"]*"><span class="nf-visually-hidden">{LABEL}</span></a>'
)


def heading_link(anchor: str) -> str:
    """The HTML of a link to the heading whose ``id`` is ``anchor``."""
    label = f'<span class="nf-visually-hidden">{LABEL}</span>'
    return f'<a class="heading-link" href="#{escape(anchor)}">{label}</a>'


def without_heading_links(html: str) -> str:
    """``html`` without its headings' self-links (for an embed, whose headings lose their ids)."""
    return _HEADING_LINK.sub("", html)


def heading_links_plugin(md: MarkdownIt) -> None:
    """Render a self-link before the end of every heading that has an ``id``."""
    md.add_render_rule("heading_close", _render_heading_close)


def _render_heading_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    opening = next((tokens[i] for i in range(idx - 1, -1, -1) if tokens[i].type == "heading_open"), None)
    anchor = str(opening.attrGet("id") or "") if opening is not None else ""
    closing = self.renderToken(tokens, idx, options, env)
    return heading_link(anchor) + closing if anchor else closing
