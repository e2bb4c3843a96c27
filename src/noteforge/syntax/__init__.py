"""The Markdown dialect of research notes: one markdown-it parser with our rules added.

``make_parser`` is the single factory. It adds, as markdown-it rules (never as regular
expressions over raw text, so code spans and fences are left alone):

* front matter (mdit-py-plugins), kept in the token stream so line numbers match the file;
* ``[[wikilinks]]`` and ``![[embeds]]`` (:mod:`noteforge.syntax.wikilinks`);
* plain-line section headings such as the seed's ``Key facts``
  (:mod:`noteforge.syntax.section_lines`);
* source offsets on Markdown links and images, so diagnostics can point at them;
* heading anchors made by :func:`noteforge.paths.heading_slug`.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as _image_rule
from markdown_it.rules_inline.link import link as _link_rule
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from noteforge.paths import heading_slug
from noteforge.syntax import placeholders
from noteforge.syntax.section_lines import section_lines_plugin
from noteforge.syntax.wikilinks import wikilinks_plugin

__all__ = ["html_renderer", "make_parser"]

InlineRule = Callable[[StateInline, bool], bool]


class _NoteParser(MarkdownIt):
    """A MarkdownIt that refuses our internal placeholder scheme in user-written links."""

    def validateLink(self, url: str) -> bool:
        return super().validateLink(url) and not url.strip().lower().startswith(placeholders.SCHEME)


def make_parser(is_section_heading: Callable[[str], bool]) -> MarkdownIt:
    """The parser for note files; ``is_section_heading`` says which plain lines are headings."""
    md = _NoteParser("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(wikilinks_plugin)
    md.use(section_lines_plugin, is_heading=is_section_heading)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=heading_slug)
    md.inline.ruler.at("link", _positioned(_link_rule, "link_open"))
    md.inline.ruler.at("image", _positioned(_image_rule, "image"))
    return md


def html_renderer(md: MarkdownIt) -> RendererHTML:
    """The parser's HTML renderer, typed as such."""
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    return renderer


def _positioned(rule: InlineRule, token_type: str) -> InlineRule:
    """Wrap a standard inline rule so its token records where in the inline source it starts."""

    def positioned_rule(state: StateInline, silent: bool) -> bool:
        start, first_token = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            # Pending text is flushed into a token of its own before ours.
            token = next(t for t in state.tokens[first_token:] if t.type == token_type)
            token.meta["offset"] = start
            token.meta["raw"] = state.src[start : state.pos]
        return True

    return positioned_rule
