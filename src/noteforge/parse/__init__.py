"""Parse stage: one note's bytes → one :class:`~noteforge.model.Note` record. Pure; never raises.

The note is parsed once, front matter included, so token line numbers are file line
numbers. The token stream is then read top-down: title, sections, the research items
inside them, the status sentence and every link. Each section is rendered to HTML with
internal links left as ``nf:<index>`` placeholders, resolved later by the site model.
The result depends only on the note's path, its bytes and the :class:`ParseSettings`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import traceback
from datetime import date
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from noteforge import limits
from noteforge.config import ParseSettings
from noteforge.diagnostics import diagnostic
from noteforge.model import (
    Diagnostic,
    Fact,
    Fragment,
    Heading,
    LinkKind,
    Note,
    Property,
    QueryBlock,
    Question,
    Relation,
    Section,
    SectionKind,
    SourceFile,
    Status,
)
from noteforge.parse.bases import query_block_diagnostics
from noteforge.parse.blocks import Block, split_blocks, take_title
from noteforge.parse.fields import read_inline_fields, read_tasks
from noteforge.parse.frontmatter import WIKILINK_IN_VALUE, FrontMatter, read_front_matter
from noteforge.parse.inline import plain_text, sentence_spans, split_children
from noteforge.parse.items import answer_child, citation_targets, kind_in_fact, split_fact, split_relation
from noteforge.parse.links import LINKING_TYPES, LinkCollector, is_link_token, may_link
from noteforge.parse.raw_html import raw_html_diagnostics
from noteforge.parse.status import as_of_date, match_status
from noteforge.parse.text import decode_note
from noteforge.paths import date_prefix, heading_slug, is_date_prefixed, note_slug, without_md
from noteforge.syntax import html_renderer, make_parser, own_ids, placeholders
from noteforge.syntax.html import sanitize
from noteforge.syntax.link_helpers import budget_spent
from noteforge.syntax.query_blocks import SCRIPT_LANGUAGE, fence_language, mark_query_blocks
from noteforge.syntax.tags import collect_tags
from noteforge.syntax.wikilinks import display_text, split_wikilink

__all__ = ["parse_note"]

_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LIST_KINDS = {"bullet_list", "ordered_list"}
_ITEM_SECTIONS = {SectionKind.FACTS, SectionKind.QUESTIONS, SectionKind.RELATED}
# The line that may close front matter (mdit_py_plugins.front_matter's rule, less its
# "at least as many dashes" check, which the parse of the cut text then applies).
# A status sentence names one of these (parse/status.py); a paragraph without any has none.
_STATUS_WORD = re.compile(r"hypothesis|active|retired", re.IGNORECASE)
_FRONT_MATTER_END = re.compile(r"^ {0,3}(?:-{3,}|\.\.\.)[ \t]*$", re.MULTILINE)


def parse_note(source: SourceFile, settings: ParseSettings) -> Note:
    """Parse one note file. Problems become diagnostics on the record, never exceptions."""
    try:
        return _NoteReader(source, settings).read()
    except Exception as error:  # crash isolation: one broken note must not stop the build
        return _failed_note(source, error)


# The parsers made so far, by the digest of the settings they were made for.
_PARSERS: dict[str, MarkdownIt] = {}
_PARSERS_KEPT = 8


def _parser(settings: ParseSettings) -> MarkdownIt:
    """The markdown-it parser for these settings, made once per :attr:`ParseSettings.digest`."""
    md = _PARSERS.get(settings.digest)
    if md is None:
        if len(_PARSERS) >= _PARSERS_KEPT:
            del _PARSERS[next(iter(_PARSERS))]
        md = _PARSERS[settings.digest] = make_parser(
            settings.is_section_heading, settings.trusted_html, settings.external_images
        )
    return md


class _NoteReader:
    """The state of reading one note: its tokens, the links found so far, the diagnostics."""

    def __init__(self, source: SourceFile, settings: ParseSettings) -> None:
        self.source = source
        self.settings = settings
        self.md = _parser(settings)
        self.renderer = html_renderer(self.md)
        self.text, decode_diagnostics = decode_note(source.path, source.data)
        self.lines = self.text.split("\n")
        self.digest = hashlib.sha256(source.data).hexdigest()
        self.links = LinkCollector(self.lines, placeholders.key_of(self.digest))
        self.diagnostics: list[Diagnostic] = list(decode_diagnostics)
        self.facts: list[Fact] = []
        self.questions: list[Question] = []
        self.related: list[Relation] = []
        self.own_ids: frozenset[str] = frozenset()
        # Without raw HTML every block's HTML is whole elements, so a run of blocks
        # sanitised block by block equals it sanitised as one: each block is then
        # sanitised once, however many sections and fragments it is part of.
        self.blocks_are_whole = False
        self.safe_blocks: dict[int, str] = {}

    def read(self) -> Note:
        oversized = len(self.source.data) > limits.NOTE_BYTES
        env: dict[str, object] = {}
        tokens = self.md.parse(self._front_matter_text() if oversized else self.text, env)
        self._report_label_budget(tokens, budget_spent(env))
        self.own_ids = own_ids(tokens)
        self.blocks_are_whole = "<" not in self.text or not _has_raw_html(tokens)
        if "<" in self.text or "![" in self.text:  # raw HTML starts with "<", an image with "!["
            self.diagnostics += raw_html_diagnostics(tokens, self.lines, self.source.path, self.settings)
        front_token = tokens[0] if tokens and tokens[0].type == "front_matter" else None
        front, front_diagnostics = read_front_matter(front_token, self.source.path, self.settings)
        self.diagnostics += front_diagnostics
        properties = self._properties(front)
        slug = note_slug(self.source.path)
        over_limit = self._over_limit(tokens, oversized)
        if over_limit:
            tokens = self._as_plain_text(tokens, front_token, *over_limit)
        queries = self._queries(tokens) if "```" in self.text or "~~~" in self.text else ()
        if "`$=" in self.text:
            self._report_inline_scripts(tokens)
        body = split_blocks(tokens[1:] if front_token else tokens)
        fallback_title = without_md(self.source.path).rsplit("/", 1)[-1]
        title, anchor, body = take_title(body, front.title, fallback_title, self.settings.is_section_heading)
        parts = _split_sections(body)
        read_sections = [self._read_section(*part) for part in parts]
        # Each top-level block is rendered once (links now have their indices); the body's
        # HTML is joined from these pieces, and sanitised once joined, so raw HTML that opens
        # in one block and closes in another keeps what it wraps. Sections and embeddable
        # fragments are slices of it.
        html = {id(block): self._render(block.tokens, sanitise=False) for block in body}
        body_html, spans = self._body_html(html, body)
        sections = tuple(
            Section(title, kind, anchor, line, start, end, level, heading_html, _subheadings(kept), own)
            for title, kind, anchor, line, level, heading_html, kept in read_sections
            for start, end, own in [self._span(html, spans, kept)]
        )
        status, since = self._status(front, body)
        fragments = self._fragments(body, anchor, html, body_html, spans)
        return Note(
            slug=slug,
            path=self.source.path,
            digest=self.digest,
            title=title,
            anchor=anchor,
            type=self._note_type(front, slug, title),
            status=status,
            status_since=since,
            status_history=front.status_history,
            created=front.created,
            updated=front.updated,
            published=front.published or date_prefix(slug),
            summary=front.summary or _intro_summary(parts),
            tags=_merge_tags(front.tags, collect_tags(tokens)),
            aliases=front.aliases,
            sections=sections,
            facts=tuple(self.facts),
            open_questions=tuple(self.questions),
            related=tuple(self.related),
            links=self.links.links,
            contexts=self.links.contexts,
            properties=properties,
            identifiers=front.identifiers,
            body_html=body_html,
            fragments=fragments,
            body_text=" ".join(plain_text(t.children).text for b in body for t in b.tokens if t.children),
            diagnostics=tuple(self.diagnostics),
            css_classes=front.css_classes,
            permalink=front.permalink,
            publish=front.publish,
            queries=queries,
            front_matter=front_token.content if front_token else "",
            size=len(self.source.data),
            fields=read_inline_fields(tokens, self.lines),
            tasks=read_tasks(tokens),
        )

    def _front_matter_text(self) -> str:
        """The text up to the end of the front matter (empty if there is none).

        A note too large to parse in full still gets its front matter read.
        """
        if not self.text.startswith("---"):
            return ""
        end = _FRONT_MATTER_END.search(self.text, self.text.find("\n") + 1 or len(self.text))
        return self.text[: end.end()] if end else ""

    def _queries(self, tokens: list[Token]) -> tuple[QueryBlock, ...]:
        """The note's query blocks, marked for the renderer, each checked (a base's keys and
        expressions, a Dataview query's syntax); a ``dataviewjs`` block is reported, since
        it stays code."""
        for token in tokens:
            if token.type == "fence" and fence_language(token) == SCRIPT_LANGUAGE:
                line = token.map[0] + 1 if token.map else 1
                message = "dataviewjs block shown as code: DataviewJS is not evaluated"
                self.diagnostics.append(diagnostic("NF544", self.source.path, line, 1, message))
        blocks = mark_query_blocks(tokens, placeholders.key_of(self.digest))
        for block in blocks:
            self.diagnostics += query_block_diagnostics(block, self.source.path)
        return blocks

    def _report_inline_scripts(self, tokens: list[Token]) -> None:
        """NF544 at each inline DataviewJS query (a code span starting ``$=``), shown as code."""
        for token in tokens:
            for child in token.children or ():
                if child.type == "code_inline" and child.content.startswith("$="):
                    line = token.map[0] + 1 if token.map else 1
                    message = "inline DataviewJS query shown as code: DataviewJS is not evaluated"
                    self.diagnostics.append(diagnostic("NF544", self.source.path, line, 1, message))

    def _report_label_budget(self, tokens: list[Token], spent: list[str]) -> None:
        """NF141 at each paragraph whose scans for link labels ran out of budget
        (:mod:`noteforge.syntax.link_helpers`); a spent source may be part of a paragraph
        (an inline footnote's text is parsed on its own)."""
        paragraphs = [token for token in tokens if token.type == "inline" and token.map]
        lines = {next((t.map[0] for t in paragraphs if t.map and s in t.content), 0) for s in spent}
        message = (
            "paragraph too complex for its brackets (a long run of `[`?); "
            "its later brackets are shown as text"
        )
        for line in sorted(lines):
            self.diagnostics.append(diagnostic("NF141", self.source.path, line + 1, 1, message))

    def _over_limit(self, tokens: list[Token], oversized: bool) -> tuple[str, int | None, str] | None:
        """``(code, line, message)`` when the note crosses one of the limits of its size and
        complexity (:mod:`noteforge.limits`); ``line`` is ``None`` for the body's first."""
        if oversized:
            size = f"{len(self.source.data):,} bytes, over the limit of {limits.NOTE_BYTES:,}"
            return "NF140", None, f"note is {size}; its body is shown as plain text"
        if _nesting_limit_reached(tokens, self.md):
            deepest = max(tokens, key=lambda token: token.level)
            message = f"nesting deeper than {limits.NESTING} levels; the note is shown as plain text"
            return "NF114", (deepest.map[0] + 1 if deepest.map else None), message
        count = len(tokens) + sum(len(token.children) for token in tokens if token.children)
        if count > limits.NOTE_TOKENS:
            message = f"{count:,} Markdown tokens, over the limit of {limits.NOTE_TOKENS:,}"
            return "NF141", None, f"note has {message}; its body is shown as plain text"
        # Only tokens of a linking type can link: the URLs are read when there are enough.
        linking = [c for t in tokens if t.children for c in t.children if c.type in LINKING_TYPES]
        links = sum(map(is_link_token, linking)) if len(linking) > limits.NOTE_LINKS else 0
        if links > limits.NOTE_LINKS:
            message = f"{links:,} links, over the limit of {limits.NOTE_LINKS:,}"
            return "NF141", None, f"note has {message}; its body is shown as plain text"
        return None

    def _as_plain_text(
        self, tokens: list[Token], front_token: Token | None, code: str, line: int | None, message: str
    ) -> list[Token]:
        """The note's body as one preformatted block, when it is beyond a limit.

        markdown-it stops at its nesting limit and drops what lies deeper, and a note too
        large or complex would take too long; showing the text as it is written keeps
        every word of it.
        """
        first_body_line = front_token.map[1] if front_token and front_token.map else 0
        where = line if line is not None else first_body_line + 1
        self.diagnostics.append(diagnostic(code, self.source.path, where, 1, message))
        block = Token("code_block", "code", 0, content="\n".join(self.lines[first_body_line:]) + "\n")
        block.map = [first_body_line, len(self.lines)]
        return [*([front_token] if front_token else []), block]

    # -- sections -------------------------------------------------------------

    def _read_section(
        self, heading: Block | None, blocks: list[Block]
    ) -> tuple[str, SectionKind, str, int, int, str, list[Block]]:
        """Read a section's research items and links; return its heading (title, kind, anchor,
        line, level, inline HTML) and the blocks that are not items (they make up the
        section's own HTML)."""
        if heading is None:
            kind, title, anchor, line, level, heading_html = SectionKind.INTRO, "", "", blocks[0].line, 0, ""
        else:
            self._collect_links(heading.tokens)
            title = heading.text()
            kind = self.settings.section_kind(title)
            anchor, line, level = heading.anchor, heading.line, heading.heading_level()
            heading_html = self._render_inline(heading.inline.children or []) if heading.inline else ""
        kept: list[Block] = []
        for block in blocks:
            if kind in _ITEM_SECTIONS and block.kind in _LIST_KINDS:
                self._read_items(kind, block)
            else:
                self._collect_links(block.tokens)
                kept.append(block)
        return title, kind, anchor, line, level, heading_html, kept

    def _read_items(self, kind: SectionKind, block: Block) -> None:
        for line, inline, rest in _list_items(block.tokens):
            if kind is SectionKind.FACTS:
                self._read_fact(line, inline, rest)
            elif kind is SectionKind.QUESTIONS:
                self._read_question(line, inline, rest)
            else:
                self._read_relation(line, inline, rest)

    # -- research items -------------------------------------------------------

    def _read_fact(self, line: int, inline: Token | None, rest: list[Token]) -> None:
        children = inline.children or [] if inline else []
        plain = plain_text(children)
        parts = split_fact(children, plain, self.settings.qualifier_phrases)
        claim = plain.text[: parts.claim_end].strip()
        # Read before the links are recorded, which rewrites a Markdown link's href.
        citations = [citation_targets(children, plain, span) for span in parts.citation_spans]
        sources: list[int] = []
        if inline is not None:
            kinds = lambda i: kind_in_fact(i, plain, parts.citation_spans)  # noqa: E731
            link_at = self.links.add_all(inline, children, plain, kinds, context=claim)
            for link_children, bare in citations:
                sources += (link_at[child] for child in link_children)
                sources += (self.links.add_bare(slug, inline, LinkKind.CITES, claim) for slug in bare)
        head, _ = split_children(children, plain, parts.claim_end)
        self._collect_links(rest)
        html = self._render_inline(head).strip() + self._render(rest)
        if not sources:
            message = f'fact cites no source: "{_clip(claim)}"'
            self.diagnostics.append(
                diagnostic("NF121", self.source.path, line, self._item_col(line), message)
            )
        self.facts.append(Fact(claim, tuple(sources), parts.qualifier, line, html, as_of_date(plain.text)))

    def _read_question(self, line: int, inline: Token | None, rest: list[Token]) -> None:
        children = inline.children or [] if inline else []
        ticked = bool(children) and children[0].type == "html_inline" and "checked" in children[0].content
        plain = plain_text(children)
        answer_at = answer_child(children, plain)
        answer = None
        if inline is not None:
            link_at = self.links.add_all(inline, children, plain, lambda _: LinkKind.MENTIONS)
            answer = link_at[answer_at] if answer_at is not None else None
        self._collect_links(rest)
        html = self._render_inline(children) + self._render(rest)
        text = plain.text.strip()
        anchor = self._unique_anchor("q-" + heading_slug(text)[:60].strip("-"))
        self.questions.append(Question(text, line, html, anchor, ticked or answer is not None, answer))

    def _unique_anchor(self, anchor: str) -> str:
        taken = {question.anchor for question in self.questions}
        return next(
            f"{anchor}-{n}" if n else anchor
            for n in itertools.count()
            if (f"{anchor}-{n}" if n else anchor) not in taken
        )

    def _read_relation(self, line: int, inline: Token | None, rest: list[Token]) -> None:
        children = inline.children or [] if inline else []
        plain = plain_text(children)
        parts = split_relation(children, plain)
        target = None
        if inline is not None:
            context = parts.label or plain.text.strip()
            kinds = lambda i: LinkKind.RELATED if i == parts.link_index else LinkKind.MENTIONS  # noqa: E731
            link_at = self.links.add_all(inline, children, plain, kinds, context=context)
            if parts.link_index is not None:
                target = link_at[parts.link_index]
            elif parts.bare_target is not None:
                target = self.links.add_bare(parts.bare_target, inline, LinkKind.RELATED, context)
        self._collect_links(rest)
        if target is None:
            message = f'related item names no note: "{_clip(plain.text.strip())}"'
            self.diagnostics.append(
                diagnostic("NF122", self.source.path, line, self._item_col(line), message)
            )
        self.related.append(Relation(target, parts.label, line, self._render(rest)))

    # -- front matter and fragments --------------------------------------------

    def _properties(self, front: FrontMatter) -> tuple[Property, ...]:
        """Display properties, their wikilinks recorded as links and rendered as placeholders."""
        indices: dict[str, list[int]] = {}
        for key, found in front.property_links:
            indices.setdefault(key, []).append(self.links.add_property(key, found))
        return tuple(
            Property(key, value, _property_html(value, indices.get(key, []), self.links.key))
            for key, value in front.properties
        )

    def _body_html(self, html: dict[int, str], body: list[Block]) -> tuple[str, dict[int, tuple[int, int]]]:
        """The body's HTML and, when its blocks are whole elements (:attr:`blocks_are_whole`),
        the span of each block's HTML in it, by ``id(block)``.

        Without raw HTML the body is its blocks' HTML end to end, so every part of it that
        sections and fragments show is a slice of it; with it, a part is sanitised on its own.
        """
        whole = self._joined(html, body)
        spans: dict[int, tuple[int, int]] = {}
        if self.blocks_are_whole:
            start = 0
            for block in body:
                end = start + len(self._safe_block(html, block))
                spans[id(block)] = (start, end)
                start = end
        return whole, spans

    def _span(
        self, html: dict[int, str], spans: dict[int, tuple[int, int]], blocks: list[Block]
    ) -> tuple[int, int, str | None]:
        """Where the HTML of ``blocks`` is in the body's HTML, ``(start, end, None)``, or
        ``(0, 0, html)`` when it is not one slice of it."""
        if not blocks:
            return 0, 0, None
        if self.blocks_are_whole and all(
            spans[id(a)][1] == spans[id(b)][0] for a, b in itertools.pairwise(blocks)
        ):
            return spans[id(blocks[0])][0], spans[id(blocks[-1])][1], None
        return 0, 0, self._joined(html, blocks)

    def _fragments(
        self,
        body: list[Block],
        title_anchor: str,
        html: dict[int, str],
        whole: str,
        spans: dict[int, tuple[int, int]],
    ) -> tuple[Fragment, ...]:
        """What other notes may embed, as slices of the body's HTML (``whole``) where they can
        be: the whole body (also under the title heading's anchor), each block with an id,
        each heading's part."""
        fragments = [Fragment("", 0, len(whole))]
        fragments += [Fragment(title_anchor, 0, len(whole))] if title_anchor else []
        for block in body:
            fragments += self._block_fragments(block, html, whole, spans)
        for index, block in enumerate(body):
            level = block.heading_level()
            if level:
                end = next(
                    (j for j in range(index + 1, len(body)) if 0 < body[j].heading_level() <= level),
                    len(body),
                )
                fragments.append(Fragment(block.anchor, *self._span(html, spans, body[index:end])))
        return tuple(fragments)

    def _block_fragments(
        self, block: Block, html: dict[int, str], whole: str, spans: dict[int, tuple[int, int]]
    ) -> list[Fragment]:
        """The fragments of a block's ids: the block itself, or an element inside it (a list
        item…), looked for in the block's HTML from where the last one was found."""
        fragments: list[Fragment] = []
        cursor, end = spans.get(id(block), (0, 0))
        for position, token in enumerate(block.tokens):
            if "block_id" not in token.meta:
                continue
            anchor = "^" + token.meta["block_id"]
            if position == 0:
                fragments.append(Fragment(anchor, *self._span(html, spans, [block])))
                continue
            element = self._render(_element(block.tokens, position))
            found = whole.find(element, cursor, end) if self.blocks_are_whole else -1
            cursor = max(found, cursor)
            own = Fragment(anchor, 0, 0, element)
            fragments.append(Fragment(anchor, found, found + len(element)) if found >= 0 else own)
        return fragments

    # -- helpers --------------------------------------------------------------

    def _collect_links(self, tokens: list[Token]) -> None:
        """Record the links of ordinary content (body prose, headings, nested blocks)."""
        for token in tokens:
            if token.type == "inline" and token.children and may_link(token.children):
                plain = plain_text(token.children)
                self.links.add_all(token, token.children, plain, lambda _: LinkKind.MENTIONS)

    def _item_col(self, line: int) -> int:
        """The column where a list item's text starts, after its bullet."""
        found = _LIST_MARKER.match(self.lines[line - 1]) if line <= len(self.lines) else None
        return found.end() + 1 if found else 1

    def _render(self, tokens: list[Token], sanitise: bool = True) -> str:
        if not tokens:
            return ""
        html = self.renderer.render(tokens, self.md.options, {})
        return self._safe(html) if sanitise else html

    def _joined(self, html: dict[int, str], blocks: list[Block]) -> str:
        """The HTML of consecutive blocks rendered by :meth:`_render` unsanitised, as one whole."""
        if self.blocks_are_whole:
            return "".join(self._safe_block(html, block) for block in blocks)
        return self._safe("".join(html[id(block)] for block in blocks))

    def _safe_block(self, html: dict[int, str], block: Block) -> str:
        """One block's HTML sanitised, once per block."""
        key = id(block)
        if key not in self.safe_blocks:
            self.safe_blocks[key] = self._safe(html[key])
        return self.safe_blocks[key]

    def _render_inline(self, children: list[Token]) -> str:
        return self._safe(self.renderer.renderInline(children, self.md.options, {}))

    def _safe(self, html: str) -> str:
        """Raw HTML only reaches the output sanitised."""
        return sanitize(html, self.own_ids, self.settings.external_images)

    def _status(self, front: FrontMatter, body: list[Block]) -> tuple[Status | None, date | None]:
        """Front matter wins; else the prose status line; else the last history entry.

        Disagreements between them, and leaving ``retired`` without a reason, are reported.
        """
        prose = _prose_status(body)
        history = front.status_history
        status = front.status or (prose[0] if prose else None) or (history[-1].status if history else None)
        since = front.status_since or (prose[1] if prose else None)
        if history and history[-1].status is status:
            since = since or history[-1].when
        if prose and front.status and (prose[0] is not front.status or (prose[1] and prose[1] != since)):
            said = f"{prose[0].value}" + (f" since {prose[1].isoformat()}" if prose[1] else "")
            meta = f"{front.status.value}" + (f" since {since.isoformat()}" if since else "")
            message = f"status line says {said}, front matter says {meta}"
            self.diagnostics.append(diagnostic("NF130", self.source.path, prose[2], 1, message))
        if history and status and history[-1].status is not status:
            message = f"status is {status.value} but status_history ends with {history[-1].status.value}"
            self.diagnostics.append(diagnostic("NF130", self.source.path, history[-1].line, 1, message))
        for before, after in itertools.pairwise(history):
            if before.status is Status.RETIRED and after.status is not Status.RETIRED and not after.reason:
                message = (
                    f"{after.status.value} again after retired ({after.when.isoformat()}) without a reason"
                )
                self.diagnostics.append(diagnostic("NF131", self.source.path, after.line, 1, message))
        return status, since

    def _note_type(self, front: FrontMatter, slug: str, title: str) -> str:
        if front.type:
            return front.type
        if is_date_prefixed(slug):
            return "source"
        if title.rstrip().endswith("?"):
            return "question"
        return "entity" if self.facts or self.related else "note"


def _subheadings(blocks: list[Block]) -> tuple[Heading, ...]:
    """The headings below H2 among a section's blocks, for the page's outline."""
    return tuple(
        Heading(block.heading_level(), block.anchor, block.text())
        for block in blocks
        if block.heading_level() > 2 and block.anchor
    )


def _split_sections(body: list[Block]) -> list[tuple[Block | None, list[Block]]]:
    """Cut the body at H1/H2 headings; blocks before the first form the intro."""
    parts: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for block in body:
        if block.heading_level() in {1, 2}:
            parts.append((block, []))
        else:
            parts[-1][1].append(block)
    return parts if parts[0][1] else parts[1:]


def _list_items(tokens: list[Token]) -> list[tuple[int, Token | None, list[Token]]]:
    """``(line, first inline, remaining tokens)`` for each item of a top-level list."""
    items: list[tuple[int, Token | None, list[Token]]] = []
    item_level = tokens[0].level + 1
    start = 0
    for index, token in enumerate(tokens):
        if token.level != item_level:
            continue
        if token.type == "list_item_open":
            start = index + 1
        elif token.type == "list_item_close":
            content = tokens[start:index]
            line = (tokens[start - 1].map or [0])[0] + 1
            if len(content) >= 3 and content[0].type == "paragraph_open":
                items.append((line, content[1], content[3:]))
            else:
                items.append((line, None, content))
    return items


def _intro_summary(parts: list[tuple[Block | None, list[Block]]]) -> str:
    """The plain text of the first paragraph before any section heading."""
    if not parts or parts[0][0] is not None:
        return ""
    return next((block.text() for block in parts[0][1] if block.kind == "paragraph"), "")


def _prose_status(body: list[Block]) -> tuple[Status, date | None, int] | None:
    """The first status sentence of the body's paragraphs, with its line."""
    for block in body:
        if block.kind != "paragraph":
            continue
        plain = plain_text(block.inline.children or [] if block.inline else [])
        if not _STATUS_WORD.search(plain.text):
            continue
        for start, end in sentence_spans(plain.text):
            found = match_status(plain.text[start:end])
            if found:
                return found[0], found[1], block.line
    return None


def _has_raw_html(tokens: list[Token]) -> bool:
    """Whether the note holds raw HTML (a block, or inline in a paragraph or heading)."""
    return any(
        token.type == "html_block" or any(child.type == "html_inline" for child in token.children or ())
        for token in tokens
    )


def _nesting_limit_reached(tokens: list[Token], md: MarkdownIt) -> bool:
    deepest = md.options["maxNesting"] - 1
    return any(token.level >= deepest for token in tokens)


def _element(tokens: list[Token], start: int) -> list[Token]:
    """The tokens of the element that opens at ``start``, up to its closing token."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth <= 0:
            return tokens[start : index + 1]
    return tokens[start:]


def _merge_tags(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Tags from front matter and from the text, each once (compared case-insensitively)."""
    seen: dict[str, str] = {}
    for tag in (tag for group in groups for tag in group):
        seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


def _property_html(value: str, link_indices: list[int], key: str) -> str:
    """A property value as HTML, its wikilinks (in order) turned into link placeholders."""
    parts: list[str] = []
    last = 0
    pending = iter(link_indices)
    for found in WIKILINK_IN_VALUE.finditer(value):
        shown = escape(display_text(*split_wikilink(found.group(1))))
        index = next(pending, None)
        parts += [escape(value[last : found.start()])]
        parts += [f'<a href="{placeholders.href(key, index)}">{shown}</a>' if index is not None else shown]
        last = found.end()
    return "".join([*parts, escape(value[last:])])


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _failed_note(source: SourceFile, error: Exception) -> Note:
    slug = note_slug(source.path)
    where = traceback.extract_tb(error.__traceback__)[-1]
    message = (
        f"internal error while parsing: {type(error).__name__}: {error} (at {where.name}:{where.lineno})"
    )
    return Note(
        slug=slug,
        path=source.path,
        digest=hashlib.sha256(source.data).hexdigest(),
        title=without_md(source.path).rsplit("/", 1)[-1],
        anchor="",
        type="note",
        status=None,
        status_since=None,
        status_history=(),
        created=None,
        updated=None,
        published=None,
        summary="",
        tags=(),
        aliases=(),
        sections=(),
        facts=(),
        open_questions=(),
        related=(),
        links=(),
        contexts=(),
        properties=(),
        identifiers=(),
        body_html="",
        fragments=(),
        body_text="",
        diagnostics=(diagnostic("NF900", source.path, 1, 1, message),),
    )
