"""Walking a markdown-it token stream."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token


def every_token(tokens: Sequence[Token]) -> list[Token]:
    """Every token, each followed by its children's, in order (a list: a walk over a big
    note's tokens costs a loop, not a generator frame per token and level)."""
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        if token.children:
            found += every_token(token.children)
    return found
