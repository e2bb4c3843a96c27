"""Obsidian's size syntax for Markdown images: ``![250](url)``, ``![alt|250](url)`` and
``![alt|250x100](url)`` set the image's width (and height) and leave ``alt`` as the alt text.

A core rule after ``inline`` reads the end of each image's alt text; the size is taken
off both the token's ``content`` and its last text child, so the alt attribute and every
plain-text reading of the image no longer show it.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_SIZE = re.compile(r"(?:^|\|)\s*(\d{1,5})(?:x(\d{1,5}))?\s*$")


def image_sizes_rule(state: StateCore) -> None:
    """Size every image whose alt text ends in ``|W`` or ``|WxH`` or is ``W`` or ``WxH``."""
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "image":
                _apply_size(token)


def _apply_size(image: Token) -> None:
    children = image.children or []
    last = children[-1] if children else None
    if last is None or last.type != "text":
        return
    found = _SIZE.search(last.content)
    if found is None or (found.group(0)[:1] != "|" and len(children) > 1):
        return
    width, height = found.group(1), found.group(2)
    last.content = last.content[: found.start()]
    image.content = image.content.removesuffix(found.group(0))
    image.attrSet("width", width)
    if height:
        image.attrSet("height", height)
