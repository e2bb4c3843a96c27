"""Query blocks: a ```` ```base ```` or ```` ```dataview ```` fence is a query, not code.

Parse marks each such fence (:func:`mark_query_blocks`: its language and index go in the
token's ``meta``) and the fence renderer writes an ``<nf-query>`` placeholder in its place
(:func:`query_blocks_plugin`), which the site model fills with the query's result. A
```` ```dataviewjs ```` fence stays code: noteforge runs no JavaScript from a note.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML, RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from noteforge.model import QueryBlock, QueryLanguage
from noteforge.syntax import placeholders

_LANGUAGES = {language.value: language for language in QueryLanguage}
SCRIPT_LANGUAGE = "dataviewjs"


def fence_language(token: Token) -> str:
    """The language a fence names (its info string's first word, lower case)."""
    return token.info.strip().split(maxsplit=1)[0].casefold() if token.info.strip() else ""


def mark_query_blocks(tokens: Sequence[Token], key: str) -> tuple[QueryBlock, ...]:
    """Mark the query fences among ``tokens`` for the renderer and return them in order."""
    blocks: list[QueryBlock] = []
    for token in tokens:
        language = _LANGUAGES.get(fence_language(token)) if token.type == "fence" else None
        if language is None:
            continue
        token.meta = {**(token.meta or {}), "query_key": key, "query_index": len(blocks)}
        blocks.append(QueryBlock(language, token.content, (token.map[0] + 2) if token.map else 1))
    return tuple(blocks)


def query_blocks_plugin(md: MarkdownIt) -> None:
    """Render marked query fences as placeholders, every other fence as before."""
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    code_fence = renderer.rules["fence"]

    def fence(
        self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        meta = tokens[idx].meta or {}
        if "query_index" in meta:
            return placeholders.query(meta["query_key"], meta["query_index"]) + "\n"
        return str(code_fence(tokens, idx, options, env))

    md.add_render_rule("fence", fence)
