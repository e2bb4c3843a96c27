"""The Markdown dialect of research notes: one markdown-it parser with our rules added.

``make_parser`` is the single factory. On top of CommonMark with GFM tables,
strikethrough and task lists, it adds, as markdown-it rules (never as regular
expressions over raw text, so code spans and fences are left alone):

* front matter (mdit-py-plugins), kept in the token stream so line numbers match the file;
* GFM tables as markdown-it reads them, its row splitter made fast
  (:mod:`~noteforge.syntax.tables`);
* ``[[wikilinks]]`` and ``![[embeds]]`` (:mod:`~noteforge.syntax.wikilinks`);
* plain-line section headings such as the seed's ``Key facts``
  (:mod:`~noteforge.syntax.section_lines`);
* Obsidian's ``#tags``, ``^block-ids``, ``> [!callouts]``, ``==highlights==`` and
  ``%%comments%%`` (one module each);
* Dataview's inline fields ``key:: value``, ``[key:: value]`` and ``(key:: value)``
  (:mod:`~noteforge.syntax.inline_fields`);
* footnotes, ``$math$`` (as MathML) and highlighted code (:mod:`~noteforge.syntax.html`);
* a budget on the scans for link labels' ``]`` (:mod:`~noteforge.syntax.link_helpers`);
* source offsets on Markdown links and images, so diagnostics can point at them;
* ```` ```base ```` and ```` ```dataview ```` fences as query placeholders
  (:mod:`~noteforge.syntax.query_blocks`);
* heading anchors made by :func:`noteforge.paths.heading_slug`, each heading ending with a
  link to itself (:mod:`~noteforge.syntax.heading_links`).

Raw HTML is kept, to be sanitised with the rest of the note's HTML
(:func:`~noteforge.syntax.html.sanitize`); without ``trusted_html`` the elements only
trusted notes may use are renamed first. Images on other hosts become links unless
``external_images`` is on. Obsidian's ``![alt|250](url)`` size syntax sets an image's width.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from html import escape

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.html_inline import html_inline as _html_inline_rule
from markdown_it.rules_inline.image import image as _image_rule
from markdown_it.rules_inline.link import link as _link_rule
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from noteforge import limits
from noteforge.paths import heading_slug
from noteforge.syntax import image_sizes, link_helpers, placeholders
from noteforge.syntax.block_ids import block_ids_plugin
from noteforge.syntax.callouts import callouts_plugin
from noteforge.syntax.comments import comments_plugin
from noteforge.syntax.heading_links import heading_links_plugin
from noteforge.syntax.highlight import highlight_plugin
from noteforge.syntax.html import (
    highlight_code,
    is_relative_path,
    is_remote,
    remote_host,
    render_math,
    untrusted_raw_html,
)
from noteforge.syntax.inline_fields import inline_fields_plugin
from noteforge.syntax.query_blocks import query_blocks_plugin
from noteforge.syntax.section_lines import section_lines_plugin
from noteforge.syntax.tables import fast_tables_plugin
from noteforge.syntax.tags import tags_plugin
from noteforge.syntax.tokens import every_token
from noteforge.syntax.wikilinks import wikilinks_plugin

__all__ = ["html_renderer", "make_parser", "own_ids", "written_url"]

InlineRule = Callable[[StateInline, bool], bool]


class _NoteParser(MarkdownIt):
    """A MarkdownIt that refuses our internal placeholder scheme in user-written links."""

    def validateLink(self, url: str) -> bool:
        return super().validateLink(url) and not url.strip().lower().startswith(placeholders.SCHEME)


def make_parser(
    is_section_heading: Callable[[str], bool], trusted_html: bool = False, external_images: bool = False
) -> MarkdownIt:
    """The parser for note files; ``is_section_heading`` says which plain lines are headings."""
    options = {"html": True, "linkify": False, "typographer": False, "highlight": highlight_code}
    md = _NoteParser("commonmark", options)
    md.options["maxNesting"] = limits.NESTING
    md.helpers = link_helpers
    md.enable(["table", "strikethrough"])
    md.use(fast_tables_plugin)
    md.use(front_matter_plugin)
    md.use(comments_plugin)
    md.use(wikilinks_plugin)
    md.use(section_lines_plugin, is_heading=is_section_heading)
    md.use(tags_plugin)
    md.use(inline_fields_plugin)
    md.use(highlight_plugin)
    md.use(callouts_plugin)
    md.use(block_ids_plugin)
    md.use(footnote_plugin)
    md.use(tasklists_plugin)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_labels=False, renderer=render_math)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=heading_slug)
    md.use(heading_links_plugin)
    md.use(query_blocks_plugin)
    md.inline.ruler.at("link", _closable(_positioned(_link_rule, "link_open")))
    md.inline.ruler.at("image", _closable(_positioned(_image_rule, "image")))
    md.inline.ruler.at("html_inline", _positioned(_html_inline_rule, "html_inline"))
    md.core.ruler.after("inline", "image_sizes", image_sizes.image_sizes_rule)
    md.add_render_rule("image", _render_image if external_images else _render_local_image)
    if not trusted_html:
        md.add_render_rule("html_inline", _render_untrusted_raw_html)
        md.add_render_rule("html_block", _render_untrusted_raw_html)
    return md


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Any image, as markdown-it renders it (``external_images`` is on)."""
    return self.image(tokens, idx, options, env)


def _render_local_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Images from other hosts become links: by default a page never makes a request to
    another host."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if src.startswith("data:image/") or not is_remote(src):
        return self.image(tokens, idx, options, env)
    alt = escape(self.renderInlineAsText(token.children or [], options, env))
    host = escape(remote_host(src))
    label = f"{alt} " if alt else ""
    return (
        f'<a class="external-image" href="{escape(src)}" title="External image on {host}, not loaded">'
        f'{label}<span class="external-image-host">(image: {host})</span></a>'
    )


def _render_untrusted_raw_html(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A note's own raw HTML (not the task-list plugin's checkbox), made untrusted."""
    token = tokens[idx]
    if token.type == "html_inline" and "offset" not in token.meta:
        return token.content
    return untrusted_raw_html(token.content)


def written_url(path: str, fragment: str | None) -> str:
    """The URL of a relative Markdown link as the note wrote it, encoded as markdown-it does.

    The path was percent-decoded to be looked up (``%2F%2Fhost``, ``%6Aavascript:``), so it
    is kept relative: ``./`` goes before anything a browser would read otherwise.
    """
    url = normalizeLink(path + (f"#{fragment}" if fragment is not None else ""))
    return url if is_relative_path(url) else f"./{url}"


def own_ids(tokens: Sequence[Token]) -> frozenset[str]:
    """The ids noteforge gives a note's elements: heading anchors, ``^block`` ids, and the
    footnote plugin's ``fn<n>`` and ``fnref<n>[:<sub>]`` (its own numbering, 1-based)."""
    found: set[str] = set()
    for token in every_token(tokens):
        given = token.attrs.get("id")
        if given:
            found.add(str(given))
        if token.type in _FOOTNOTE_TYPES:
            number = token.meta.get("id")
            if not isinstance(number, int):
                continue
            if token.type == "footnote_open":
                found.add(f"fn{number + 1}")
            else:
                sub = token.meta.get("subId", -1)
                found.add(f"fnref{number + 1}" + (f":{sub}" if sub > 0 else ""))
    return frozenset(found)


_FOOTNOTE_TYPES = frozenset({"footnote_open", "footnote_ref"})


def html_renderer(md: MarkdownIt) -> RendererHTML:
    """The parser's HTML renderer, typed as such."""
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    return renderer


_LAST_CLOSER: weakref.WeakKeyDictionary[StateInline, int] = weakref.WeakKeyDictionary()


def _closable(rule: InlineRule) -> InlineRule:
    """Wrap the link or image rule so it declines at once where no ``]`` follows.

    Otherwise each ``[`` of a run with no closer scans ahead for one, which makes a
    line of ``[[[…`` quadratic. The last ``]`` of an inline source is found once.
    """

    def closable_rule(state: StateInline, silent: bool) -> bool:
        last = _LAST_CLOSER.get(state)
        if last is None:
            last = _LAST_CLOSER[state] = state.src.rfind("]")
        return last > state.pos and rule(state, silent)

    return closable_rule


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
