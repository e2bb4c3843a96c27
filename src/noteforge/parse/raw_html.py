"""What the sanitiser takes out of a note, and the images it does not load, as diagnostics.

The sanitiser (:func:`noteforge.syntax.html.sanitize`) is the security boundary and
works on whole sections; this module only reports, reading each piece of raw HTML and
each Markdown image where the note wrote it: NF170 names the elements, attributes and
URLs removed from one piece, NF171 an image on another host that is shown as a link.
"""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it.token import Token

from noteforge.config import ParseSettings
from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic
from noteforge.parse.links import InlinePositions
from noteforge.syntax.html import is_remote, remote_host, removed_from_raw_html
from noteforge.syntax.tokens import every_token


def raw_html_diagnostics(
    tokens: list[Token], lines: list[str], path: str, settings: ParseSettings
) -> list[Diagnostic]:
    """NF170 for each piece of raw HTML the sanitiser changes, NF171 for each image not loaded."""
    found: list[Diagnostic] = []
    for token in tokens:
        if token.type == "html_block" and token.map:
            line = token.map[0] + 1
            first = token.content.split("\n", 1)[0].strip()
            col = max(lines[line - 1].find(first), 0) + 1 if first and line <= len(lines) else 1
            found += _removed(token.content, path, line, col, settings)
        elif token.type == "inline" and token.children:
            found += _inline_diagnostics(token, lines, path, settings)
    return found


def _inline_diagnostics(
    inline: Token, lines: list[str], path: str, settings: ParseSettings
) -> Iterator[Diagnostic]:
    positions: InlinePositions | None = None  # made for the first piece to report
    for child in every_token(inline.children or []):
        if child.type not in _REPORTED or "offset" not in child.meta:
            continue  # not written by the note (a task list's checkbox)
        if child.type == "html_inline":
            positions = positions or InlinePositions(lines, inline)
            line, col = positions.find(child.meta["offset"], child.meta.get("raw", ""))
            yield from _removed(child.content, path, line, col, settings)
        elif not settings.external_images:
            src = str(child.attrGet("src") or "")
            if is_remote(src) and not src.startswith("data:"):
                positions = positions or InlinePositions(lines, inline)
                line, col = positions.find(child.meta["offset"], child.meta.get("raw", ""))
                message = f"image on another host not loaded ({remote_host(src) or src}); shown as a link"
                yield diagnostic("NF171", path, line, col, message)


_REPORTED = frozenset({"html_inline", "image"})


def _removed(raw: str, path: str, line: int, col: int, settings: ParseSettings) -> list[Diagnostic]:
    removed = removed_from_raw_html(raw, settings.trusted_html, settings.external_images)
    if not removed:
        return []
    return [diagnostic("NF170", path, line, col, f"raw HTML: removed {', '.join(removed)}")]
