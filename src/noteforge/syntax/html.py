"""HTML that notes turn into beyond plain Markdown: highlighted code, math, trusted raw HTML.

* Fenced code is highlighted by Pygments into class-based spans (the theme's
  ``pygments.css`` colours them, light and dark).
* ``$…$`` and ``$$…$$`` math becomes MathML (latex2mathml), which browsers draw
  natively: no script, no web font, no CDN. latex2mathml passes some input through
  unescaped (``\\text{<b>}``, ``\\href``), so its output goes through an allow-list of
  MathML elements and attributes (nh3).
* With ``trusted_html`` on, raw HTML written in notes is kept, but only through nh3 with
  an allow-list: no script, no event-handler attribute, no ``javascript:`` URL, no image
  from another host, and only the ``id``s noteforge itself gave (headings, blocks,
  footnotes). It is applied to a section's HTML as a whole, so raw HTML that wraps
  Markdown across blank lines keeps it.
* Whether a URL leads to another host is decided on the URL as a browser reads it
  (:func:`browser_url`), so ``/\\host``, ``/<TAB>/host`` or ``https:host`` are not taken
  for paths on this site.
"""

from __future__ import annotations

import functools
import re
from html import escape
from typing import Any

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_all_lexers, get_lexer_by_name

_MATHML_TAGS = {
    "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac",
    "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded",
    "mphantom", "menclose", "semantics", "annotation", "mmultiscripts", "mprescripts", "none",
}  # fmt: skip
_MATHML_ATTRIBUTES = {
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "columnalign",
    "rowalign", "accent", "accentunder", "linethickness", "width", "height", "depth", "displaystyle",
    "scriptlevel", "notation", "open", "close", "movablelimits", "minsize", "maxsize", "symmetric",
    "largeop", "form", "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "encoding",
}  # fmt: skip

_TRUSTED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "nf-embed", *_MATHML_TAGS,
}  # fmt: skip
_TRUSTED_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir", "id"},  # ids: only noteforge's own (see _kept_attribute)
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "time": {"datetime"},
    "details": {"open"},
    "div": {"data-callout"},
    "nf-embed": {"data-key", "data-index", "data-display"},
    **{tag: _MATHML_ATTRIBUTES for tag in _MATHML_TAGS},
}
# Schemes a link may keep: the web, mail and telephone, and apps notes commonly link to.
# Never javascript:, vbscript:, data: or file:. "nf" is our own placeholder scheme.
_URL_SCHEMES = {
    "http", "https", "mailto", "tel", "sms", "ftp", "sftp", "irc", "ircs", "xmpp", "geo", "magnet",
    "news", "obsidian", "zotero", "nf",
}  # fmt: skip
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def highlight_code(code: str, language: str, attributes: str) -> str:
    """Highlight a fenced code block; ``""`` (plain, escaped code) for unknown languages."""
    name = language.strip().casefold()
    if name not in _builtin_languages():
        return ""
    return highlight(code, get_lexer_by_name(name), HtmlFormatter(nowrap=True))


@functools.cache
def _builtin_languages() -> frozenset[str]:
    """Pygments' own language names; plugin lexers are not loaded, so output does not
    depend on what else is installed (and importing them can have side effects)."""
    return frozenset(alias for _, aliases, _, _ in get_all_lexers(plugins=False) for alias in aliases)


def pygments_css() -> str:
    """The stylesheet for highlighted code: a light style, and a dark one for dark mode."""
    light = HtmlFormatter(style="default").get_style_defs("pre code")  # type: ignore[no-untyped-call]
    dark = HtmlFormatter(style="monokai").get_style_defs("pre code")  # type: ignore[no-untyped-call]
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


def render_math(latex: str, options: dict[str, Any]) -> str:
    """LaTeX as sanitised MathML; the escaped source if it cannot be converted."""
    display = "block" if options.get("display_mode") else "inline"
    try:
        mathml = latex_to_mathml(latex, display=display)
    except Exception:  # latex2mathml raises many kinds of errors on malformed input
        return f'<code class="math-error">{escape(latex)}</code>'
    return nh3.clean(
        mathml, tags=_MATHML_TAGS, attributes={t: _MATHML_ATTRIBUTES | {"xmlns"} for t in _MATHML_TAGS}
    )


def sanitize_trusted(html: str, own_ids: frozenset[str]) -> str:
    """HTML of a trusted note, raw HTML included, reduced to the allow-list; ``own_ids``
    are the ids noteforge gave the note's elements, the only ones kept."""
    return nh3.clean(
        html,
        tags=_TRUSTED_TAGS,
        attributes=_TRUSTED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},  # table alignment only: no url(), no expression()
        attribute_filter=functools.partial(_kept_attribute, own_ids),
    )


def _kept_attribute(own_ids: frozenset[str], element: str, attribute: str, value: str) -> str | None:
    """Drop an image source on another host (pages never make requests to other hosts) and
    any id noteforge did not give (raw HTML must not clash with noteforge's anchors)."""
    if attribute == "id":
        return value if value in own_ids else None
    if element == "img" and attribute == "src" and is_remote(value):
        return None
    return value


def browser_url(url: str) -> str:
    """A URL as a browser reads it before resolving it on an http(s) page: leading and
    trailing controls and spaces stripped, tabs and newlines removed, ``\\`` read as ``/``."""
    return _TAB_OR_NEWLINE.sub("", url.strip(_C0_AND_SPACE)).replace("\\", "/")


def is_remote(url: str) -> bool:
    """Whether a browser would leave this site for ``url``: it has a scheme (other than
    our ``nf:`` placeholders) or starts with ``//`` (another host, same scheme)."""
    read = browser_url(url)
    return read.startswith("//") or (_SCHEME.match(read) is not None and not read.startswith("nf:"))


def is_relative_path(url: str) -> bool:
    """Whether a browser reads ``url`` as a path relative to the page (no scheme, no ``/``)."""
    read = browser_url(url)
    return not read.startswith("/") and _SCHEME.match(read) is None
