"""The typed records every stage passes on: frozen, slotted dataclasses holding tuples.

Records compare by value, pickle cleanly (to and from worker processes) and encode with
msgspec (the parse cache), so per-note work can be cached and run in worker processes.
Nothing here knows about files, Markdown or HTML templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    """Where a note stands in the research life cycle."""

    HYPOTHESIS = "hypothesis"
    ACTIVE = "active"
    RETIRED = "retired"


class LinkKind(StrEnum):
    """The role a link plays; also the kind of the graph edge it becomes."""

    MENTIONS = "mentions"
    CITES = "cites"
    RELATED = "related"
    EMBEDS = "embeds"
    PROPERTY = "property"


class LinkSyntax(StrEnum):
    """How a link was written in the note."""

    WIKILINK = "wikilink"
    MARKDOWN = "markdown"
    BARE = "bare"


class SectionKind(StrEnum):
    """The research sections noteforge understands; anything else is ``OTHER``."""

    INTRO = "intro"
    WHY = "why"
    FACTS = "facts"
    QUESTIONS = "questions"
    RELATED = "related"
    OTHER = "other"


class Severity(StrEnum):
    """How serious a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A compiler-style message about a place in a note (or about the whole wiki)."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """Render as ``path:line:col: severity NFxxx: message``."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity} {self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class Link:
    """One outgoing reference from a note, as written.

    In the note's HTML a link appears as ``href="nf:<n>"``, ``n`` being its index in
    :attr:`Note.links`; the site model (:mod:`noteforge.linker`) swaps that for the resolved
    URL. ``context_index`` is the index in :attr:`Note.contexts` of the sentence (or list
    item) the link sits in, shown beside backlinks (:meth:`Note.context`).
    ``key`` is the front matter key of a ``property`` link.
    """

    target: str
    fragment: str | None
    label: str | None
    kind: LinkKind
    syntax: LinkSyntax
    line: int
    col: int
    context_index: int
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A "Key facts" item: its claim, the links that cite its sources (``sources``: their
    indices in :attr:`Note.links`, in the order written), any qualifier, and the date it
    holds as of when the text says so ("as of 2026-05-01")."""

    text: str
    sources: tuple[int, ...]
    qualifier: str | None
    line: int
    html: str
    as_of: date | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """An "Open questions" item; ``answered`` when ticked (``- [x]``) or when it names its
    answer (``answered: [[note]]``, then ``answer`` is that link's index in :attr:`Note.links`)."""

    text: str
    line: int
    html: str
    anchor: str = ""
    answered: bool = False
    answer: int | None = None


@dataclass(frozen=True, slots=True)
class StatusChange:
    """An entry of a note's status history: from ``when`` on, the note had ``status``."""

    when: date
    status: Status
    reason: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Relation:
    """A "Related" item: the link naming the note it points at (``target``, its index in
    :attr:`Note.links`; ``None`` when the item names no note) and why (``label``; ``html``:
    anything nested under it)."""

    target: int | None
    label: str | None
    line: int
    html: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading nested inside a section (H3 to H6): its level, ``id`` and plain text."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the note body under one heading, rendered to HTML (:meth:`Note.section_html`).

    For the research sections (facts, questions, related) the HTML holds only what is
    not already captured as records, so nothing the author wrote is lost. It is
    ``Note.body_html[start:end]``, unless the section has its own ``html`` (a research
    section whose other blocks are apart, or a part sanitised on its own: see
    :class:`Fragment`). ``level`` is the level of its heading as written (1 or 2; 0 for the
    intro, which has none), ``heading_html`` the heading's inline markup, links as
    placeholders like the body's, and ``subheadings`` the headings written inside it, in order.
    """

    title: str
    kind: SectionKind
    anchor: str
    line: int
    start: int
    end: int
    level: int
    heading_html: str
    subheadings: tuple[Heading, ...] = ()
    html: str | None = None


@dataclass(frozen=True, slots=True)
class Fragment:
    """A part of a note another note can embed: the whole body (anchor ``""``), the part
    under a heading (its anchor, e.g. ``key-facts``) or a block (``^block-id``).

    Its HTML is ``Note.body_html[start:end]``, stored once for all the note's fragments
    (:meth:`Note.fragment_html`), unless it has its own ``html``: a part of a note with raw
    HTML is sanitised on its own, which can give other bytes than the same part of the whole.
    """

    anchor: str
    start: int
    end: int
    html: str | None = None


@dataclass(frozen=True, slots=True)
class Property:
    """A front matter entry that is not one of the note fields, as display text and as HTML
    (its wikilinks as ``nf:`` placeholders)."""

    key: str
    value: str
    html: str


class QueryLanguage(StrEnum):
    """The language of a query block in a note: an Obsidian base or a Dataview query."""

    BASE = "base"
    DATAVIEW = "dataview"


@dataclass(frozen=True, slots=True)
class QueryBlock:
    """A fenced query in a note (```` ```base ```` or ```` ```dataview ````): its language,
    its text and the line of its first text line. It is the ``n`` of its placeholder
    (``<nf-query>``), which the site model fills with the query's result."""

    language: QueryLanguage
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class InlineField:
    """A Dataview inline field (``key:: value``, ``[key:: value]``, ``(key:: value)``): its key
    without formatting marks, its value as written (trimmed), and where it starts."""

    key: str
    value: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Task:
    """A task list item (``- [ ] text``, ``- [x] text``) at any depth: its text as written
    after the checkbox, whether it is ticked, and its line."""

    text: str
    completed: bool
    line: int


@dataclass(frozen=True, slots=True)
class Note:
    """Everything the parse stage learns from one note file.

    ``digest`` is the SHA-256 of the file's bytes. ``anchor`` is the id of the title
    heading (``""`` when the title is not a heading in the text), so ``[[note#Title]]``
    links land on the page's title. ``published`` is a source's date (front matter
    ``date``, else the date its file name starts with). ``identifiers`` are the values of
    the configured identifier keys (``tickers``…), as ``(key, value)`` pairs.
    ``contexts`` holds the sentences its links sit in, each once (many links share one).
    ``body_text`` is the plain text of the body, for full-text search, and ``body_html``
    its HTML (links as placeholders), which the ``sections`` and ``fragments`` are slices of.
    Obsidian Publish's front matter: ``css_classes`` (``cssclasses``) go on the page's
    article, ``permalink`` is a further address of the page (a path without ``.html``),
    and a note with ``publish: false`` gets no page. ``fields`` are its Dataview inline
    fields and ``tasks`` its task list items, in the order written. ``queries`` are its
    query blocks, and ``front_matter`` the YAML text of its front matter, which queries read
    as typed values; ``size`` is the file's size in bytes.
    """

    slug: str
    path: str
    digest: str
    title: str
    anchor: str
    type: str
    status: Status | None
    status_since: date | None
    status_history: tuple[StatusChange, ...]
    created: date | None
    updated: date | None
    published: date | None
    summary: str
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    sections: tuple[Section, ...]
    facts: tuple[Fact, ...]
    open_questions: tuple[Question, ...]
    related: tuple[Relation, ...]
    links: tuple[Link, ...]
    contexts: tuple[str, ...]
    properties: tuple[Property, ...]
    identifiers: tuple[tuple[str, str], ...]
    body_html: str
    fragments: tuple[Fragment, ...]
    body_text: str
    diagnostics: tuple[Diagnostic, ...]
    css_classes: tuple[str, ...] = ()
    permalink: str | None = None
    publish: bool = True
    queries: tuple[QueryBlock, ...] = ()
    front_matter: str = ""
    size: int = 0
    fields: tuple[InlineField, ...] = ()
    tasks: tuple[Task, ...] = ()

    def fragment(self, anchor: str) -> Fragment | None:
        """The embeddable fragment with this anchor, if the note has it."""
        return next((f for f in self.fragments if f.anchor == anchor), None)

    def context(self, link: Link) -> str:
        """The sentence (or list item) one of the note's links sits in."""
        return self.contexts[link.context_index]

    def section_html(self, section: Section) -> str:
        """The HTML of one of the note's sections."""
        return self.body_html[section.start : section.end] if section.html is None else section.html

    def fragment_html(self, anchor: str) -> str | None:
        """The HTML of the embeddable fragment with this anchor, if the note has it."""
        found = self.fragment(anchor)
        if found is None:
            return None
        return self.body_html[found.start : found.end] if found.html is None else found.html


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A note file as read from disk: its path relative to the notes folder and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Vault:
    """What discovery found: note files (read), other files (only listed) and problems."""

    notes: tuple[SourceFile, ...]
    attachments: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    # (shown path, path on disk) of each attachment whose name is not UTF-8: the path on
    # disk keeps those bytes as surrogate escapes (``os.fsdecode``), the shown one as U+FFFD.
    renamed: tuple[tuple[str, str], ...] = ()
    # The Obsidian bases (``.base`` files) among the attachments, read.
    bases: tuple[SourceFile, ...] = ()

    def on_disk(self, attachment: str) -> str:
        """The path of an attachment on disk, relative to the notes folder."""
        return dict(self.renamed).get(attachment, attachment)
