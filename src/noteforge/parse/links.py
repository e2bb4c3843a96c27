"""Collecting a note's outgoing links, in document order, with their file positions.

Each link token gets a ``link_index`` and ``link_key`` (wikilinks, embeds) or an
``nf:<key>:<index>`` href or src (Markdown links and images), so the rendered HTML
refers to :attr:`Note.links` by position and the site model can swap in the resolved
URL without parsing the Markdown again. Embeds and images are always links of kind
``embeds``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from urllib.parse import unquote

from markdown_it.token import Token

from noteforge.model import Link, LinkKind, LinkSyntax
from noteforge.parse.frontmatter import PropertyLink
from noteforge.parse.inline import PlainText, Sentences
from noteforge.syntax import placeholders

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_NEWLINE = re.compile("\n")


def internal_href(href: str) -> tuple[str, str | None] | None:
    """``(path, fragment)`` if a Markdown link href points into the wiki (``#x`` is this note)."""
    if not href or href.startswith(("//", "/")) or _SCHEME.match(href):
        return None
    path, _, fragment = href.partition("#")
    return unquote(path), (unquote(fragment) or None)


_URL_ATTRIBUTE = {"link_open": "href", "image": "src"}


def is_link_token(token: Token) -> bool:
    """Whether a token links into the wiki: a wikilink, an embed, or a relative link or image."""
    if token.type in {"wikilink", "embed"}:
        return True
    return token.type in _URL_ATTRIBUTE and _internal(token) is not None


def may_link(children: list[Token]) -> bool:
    """Whether any of ``children`` is of a type that can link (a cheap test before
    :func:`is_link_token`, which reads URLs)."""
    return any(child.type in LINKING_TYPES for child in children)


LINKING_TYPES = frozenset({"wikilink", "embed", *_URL_ATTRIBUTE})
"""The token types that may link into the wiki (:func:`is_link_token` says which do)."""


def _internal(token: Token) -> tuple[str, str | None] | None:
    return internal_href(str(token.attrGet(_URL_ATTRIBUTE[token.type]) or ""))


def link_target(token: Token) -> str:
    """The target a link token names, as written."""
    if token.type in {"wikilink", "embed"}:
        return str(token.meta["target"])
    found = _internal(token)
    return found[0] if found else ""


class LinkCollector:
    """Builds the note's :class:`Link` tuple while the parse stage walks its tokens."""

    def __init__(self, lines: list[str], placeholder_key: str) -> None:
        self._lines = lines
        self._key = placeholder_key
        self._links: list[Link] = []
        self._contexts: dict[str, int] = {}
        self._positions: InlinePositions | None = None

    @property
    def key(self) -> str:
        """The placeholder key of this note's links."""
        return self._key

    @property
    def links(self) -> tuple[Link, ...]:
        """The links collected so far, in the order they were added."""
        return tuple(self._links)

    @property
    def contexts(self) -> tuple[str, ...]:
        """The sentences the links sit in, each once, by their ``context_index``."""
        return tuple(self._contexts)

    def _context_index(self, context: str) -> int:
        return self._contexts.setdefault(context, len(self._contexts))

    def add_token(self, token: Token, inline: Token, kind: LinkKind, context: str) -> int:
        """Record a wikilink or internal Markdown link token, point its HTML at the record and
        return the record's index."""
        line, col = self._positions_in(inline).find(token.meta.get("offset", 0), token.meta.get("raw", ""))
        index = len(self._links)
        if token.type in {"embed", "image"}:
            kind = LinkKind.EMBEDS
        if token.type in {"wikilink", "embed"}:
            target, fragment, label = token.meta["target"], token.meta["fragment"], token.meta["label"]
            syntax = LinkSyntax.WIKILINK
            token.meta["link_index"], token.meta["link_key"] = index, self._key
        else:
            target, fragment = _internal(token)  # type: ignore[misc]
            label, syntax = None, LinkSyntax.MARKDOWN
            token.attrSet(_URL_ATTRIBUTE[token.type], placeholders.href(self._key, index))
        context_index = self._context_index(context)
        self._links.append(Link(target, fragment, label, kind, syntax, line, col, context_index))
        return index

    def add_bare(self, target: str, inline: Token, kind: LinkKind, context: str) -> int:
        """Record a note named by its bare slug (a related item's first word, or a citation's
        last); return its index."""
        content = inline.content
        offset = content.find(target) if kind is LinkKind.RELATED else content.rfind(target)
        line, col = self._positions_in(inline).find(max(offset, 0), target)
        context_index = self._context_index(context)
        self._links.append(Link(target, None, None, kind, LinkSyntax.BARE, line, col, context_index))
        return len(self._links) - 1

    def add_property(self, key: str, found: PropertyLink) -> int:
        """Record a wikilink written in a front matter value; return its index."""
        context = f"{key}: {found.raw}"
        link = Link(
            found.target,
            found.fragment,
            found.label,
            LinkKind.PROPERTY,
            LinkSyntax.WIKILINK,
            found.line,
            found.col,
            self._context_index(context),
            key,
        )
        self._links.append(link)
        return len(self._links) - 1

    def add_all(
        self,
        inline: Token,
        children: list[Token],
        plain: PlainText,
        kind_of: Callable[[int], LinkKind],
        context: str | None = None,
    ) -> dict[int, int]:
        """Record every link among ``children``; ``kind_of(i)`` gives the kind of child ``i``.
        Returns the index in :attr:`Note.links` of each link child, by its position in ``children``.

        Each link's context is ``context`` if given, else the sentence it sits in (the
        text is split into sentences once, whatever the number of links).
        """
        sentences = Sentences(plain.text)
        indices: dict[int, int] = {}
        for index, child in enumerate(children):
            if is_link_token(child):
                around = context or sentences.around(plain.starts[index])
                indices[index] = self.add_token(child, inline, kind_of(index), around)
        return indices

    def _positions_in(self, inline: Token) -> InlinePositions:
        """The position finder of ``inline``, kept while its links are being added."""
        if self._positions is None or self._positions.inline is not inline:
            after = self._positions.end() if self._positions else None
            self._positions = InlinePositions(self._lines, inline, after)
        return self._positions


class InlinePositions:
    """Maps offsets in one inline token's content to file lines and columns.

    Inline content has block indentation and markers (``> ``, ``- ``) removed. Where a
    content line appears whole at the end of its file line, or else inside it (a
    paragraph ending in a ``^block-id``, a table cell: its first occurrence after
    ``after``, where the previous inline token ended, a table row's previous cell), a
    column is its offset plus that shift; elsewhere (table cells with ``\\|``, expanded
    tabs) the same occurrence of ``raw`` is looked for in the file line itself. The
    content's line breaks and each line's shift are found once, so each position costs
    the same however many links a line holds.
    """

    def __init__(self, lines: list[str], inline: Token, after: tuple[int, int] | None = None) -> None:
        self.inline = inline
        self._lines = lines
        self._after = after
        self._first_line = inline.map[0] if inline.map else 0
        content = inline.content
        self._line_starts = [0] + [found.end() for found in _NEWLINE.finditer(content)]
        self._shifts: dict[int, int] = {}

    def find(self, offset: int, raw: str) -> tuple[int, int]:
        """1-based file line and column of ``raw``, found at ``offset`` in the content."""
        within = bisect.bisect_right(self._line_starts, offset) - 1
        line_index = min(self._first_line + within, len(self._lines) - 1)
        line_start = self._line_starts[within]
        shift = self._shift(within, line_index)
        if shift >= 0:
            return line_index + 1, shift + offset - line_start + 1
        content = self.inline.content
        occurrence = content.count(raw, line_start, offset) if raw else 0
        file_line = self._lines[line_index] if self._lines else ""
        for candidate in (raw, raw.replace("|", "\\|")):
            col = _nth_index(file_line, candidate, occurrence) if candidate else -1
            if col >= 0:
                return line_index + 1, col + 1
        return line_index + 1, 1

    def _shift(self, within: int, line_index: int) -> int:
        """Where content line ``within`` starts in its file line, or -1 if it is not its tail."""
        if within not in self._shifts:
            starts, content = self._line_starts, self.inline.content
            end = starts[within + 1] - 1 if within + 1 < len(starts) else len(content)
            text = content[starts[within] : end].rstrip()
            file_line = self._lines[line_index].rstrip() if self._lines else ""
            if not text.strip():
                self._shifts[within] = -1
            elif file_line.endswith(text):
                self._shifts[within] = len(file_line) - len(text)
            else:
                floor = self._after[1] if self._after and self._after[0] == line_index else 0
                self._shifts[within] = file_line.find(text, floor)
        return self._shifts[within]

    def end(self) -> tuple[int, int] | None:
        """(file line index, column) just after this content's last line, if it was found."""
        within = len(self._line_starts) - 1
        line_index = min(self._first_line + within, len(self._lines) - 1)
        shift = self._shift(within, line_index) if self._lines else -1
        if shift < 0:
            return None
        return line_index, shift + len(self.inline.content) - self._line_starts[within]


def _nth_index(text: str, needle: str, n: int) -> int:
    position = -1
    for _ in range(n + 1):
        position = text.find(needle, position + 1)
        if position < 0:
            return -1
    return position
