"""The placeholders the parse stage leaves in note HTML for the site model to fill in.

A note's HTML is rendered once, before anyone knows where its links lead. Each internal
link is written as ``href="nf:<key>:<n>"`` (``src`` for images) and each embed as an
``<nf-embed>`` element, ``n`` being the link's index in :attr:`Note.links` and ``key`` the
start of the note's digest. Each query block is an ``<nf-query>`` element, ``n`` being its
index in :attr:`Note.queries`: its result depends on the whole wiki. Markdown cannot
produce any of them (``nf:`` URLs are refused by the parser), and raw HTML, which the
sanitiser lets through, cannot forge one: it would have to contain the digest of the very
file it is written in.
"""

from __future__ import annotations

import re

SCHEME = "nf:"
KEY_LENGTH = 16

LINK = re.compile(r'<a href="nf:([0-9a-f]{16}):(\d+)"([^>]*)>(.*?)</a>', re.DOTALL)
IMAGE = re.compile(r'<img src="nf:([0-9a-f]{16}):(\d+)" alt="([^"]*)"([^>]*)>')
EMBED = re.compile(
    r'<nf-embed data-key="([0-9a-f]{16})" data-index="(\d+)" data-display="(block|inline)"></nf-embed>'
)

QUERY = re.compile(r'<nf-query data-key="([0-9a-f]{16})" data-index="(\d+)"></nf-query>')


def key_of(digest: str) -> str:
    """The placeholder key of a note with this digest."""
    return digest[:KEY_LENGTH]


def href(key: str, index: int) -> str:
    """The placeholder URL of link ``index``."""
    return f"{SCHEME}{key}:{index}"


def embed(key: str, index: int, block: bool) -> str:
    """The placeholder element of embed ``index``, standing alone (block) or in text."""
    display = "block" if block else "inline"
    return f'<nf-embed data-key="{key}" data-index="{index}" data-display="{display}"></nf-embed>'


def query(key: str, index: int) -> str:
    """The placeholder element of query block ``index``."""
    return f'<nf-query data-key="{key}" data-index="{index}"></nf-query>'
