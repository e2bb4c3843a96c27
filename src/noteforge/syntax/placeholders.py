"""The placeholders the parse stage leaves in note HTML for the site model to fill in.

A note's HTML is rendered once, before anyone knows where its links lead. Each internal
link is written as ``href="nf:<n>"`` (``src`` for images) and each embed as an
``<nf-embed>`` element, ``n`` being the link's index in :attr:`Note.links`. User-written
Markdown can never produce either: ``nf:`` URLs are refused by the parser and raw HTML
is escaped (or, when trusted, sanitised).
"""

from __future__ import annotations

import re

SCHEME = "nf:"

LINK = re.compile(r'<a href="nf:(\d+)"([^>]*)>(.*?)</a>', re.DOTALL)
IMAGE = re.compile(r'<img src="nf:(\d+)" alt="([^"]*)"([^>]*)>')
EMBED = re.compile(r'<nf-embed data-index="(\d+)" data-display="(block|inline)"></nf-embed>')


def href(index: int) -> str:
    """The placeholder URL of link ``index``."""
    return f"{SCHEME}{index}"


def embed(index: int, block: bool) -> str:
    """The placeholder element of embed ``index``, standing alone (block) or in text."""
    display = "block" if block else "inline"
    return f'<nf-embed data-index="{index}" data-display="{display}"></nf-embed>'
