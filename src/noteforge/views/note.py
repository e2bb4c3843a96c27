"""The page of one note: its records in order, the evidence behind them, and who links here."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Protocol, TypeVar

from markupsafe import Markup, escape

from noteforge.config import SiteSettings
from noteforge.graph import Backlink, Wiki
from noteforge.linker import Linker, NoteRef, QueryHtml, StatusView, status_view
from noteforge.model import Diagnostic, LinkKind, Note, Property, SectionKind, Status
from noteforge.paths import note_folder, note_page, root_prefix, tag_page
from noteforge.research import FactEvidence, completeness, evidence, is_stale, thesis_date, timeline
from noteforge.views.base import Page, SiteInfo, status_badge
from noteforge.views.explorer import FolderTree, explorer_view, note_breadcrumbs
from noteforge.views.localgraph import LocalGraphView, local_graph_view

BACKLINK_GROUPS = (
    (LinkKind.RELATED, "Related from"),
    (LinkKind.CITES, "Cited by"),
    (LinkKind.MENTIONS, "Mentioned in"),
    (LinkKind.EMBEDS, "Embedded in"),
    (LinkKind.PROPERTY, "Linked from properties of"),
)
SECTION_LABELS = {
    SectionKind.WHY: "Why it matters",
    SectionKind.FACTS: "Key facts",
    SectionKind.QUESTIONS: "Open questions",
    SectionKind.RELATED: "Related",
}

_V = TypeVar("_V")
_LIVE = {Status.HYPOTHESIS, Status.ACTIVE}  # a retired thesis cannot go stale


class _Lined(Protocol):
    @property
    def line(self) -> int: ...


@dataclass(frozen=True, slots=True)
class FactView:
    html: Markup
    qualifier: str | None
    sources: tuple[NoteRef, ...]
    dated: date | None
    stale: bool


@dataclass(frozen=True, slots=True)
class QuestionView:
    html: Markup
    anchor: str
    answered: bool
    answer: NoteRef | None


@dataclass(frozen=True, slots=True)
class RelationView:
    note: NoteRef | None
    label: str | None
    html: Markup


@dataclass(frozen=True, slots=True)
class SectionView:
    """A section of a note page with the research items written in it."""

    title: str
    kind: str
    anchor: str
    html: Markup
    level: int
    heading: Markup
    facts: tuple[FactView, ...] = ()
    questions: tuple[QuestionView, ...] = ()
    related: tuple[RelationView, ...] = ()


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One heading of a note page's outline: its level (1 to 6), ``id`` and plain text."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class BacklinkView:
    """One note linking here, with the words of each of its links."""

    note: NoteRef
    contexts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BacklinkGroup:
    label: str
    kind: str
    entries: tuple[BacklinkView, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    when: date
    status: StatusView
    reason: str | None


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """The evidence summary: sourced facts out of all, distinct sources, newest source, stale facts."""

    facts: int
    sourced: int
    sources: int
    newest_source: date | None
    stale: int


@dataclass(frozen=True, slots=True)
class CompletenessView:
    score: int
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NotePage(Page):
    template: ClassVar[str] = "note.html"
    anchor: str
    type: str
    status: StatusView | None
    stale: bool
    timeline: tuple[TimelineEntry, ...]
    evidence: EvidenceView | None
    completeness: CompletenessView | None
    open_questions: int
    aliases: tuple[str, ...]
    tags: tuple[NoteRef, ...]
    sections: tuple[SectionView, ...]
    outline: tuple[OutlineEntry, ...]
    backlinks: tuple[BacklinkGroup, ...]
    properties: tuple[tuple[str, Markup], ...]
    diagnostics: tuple[Diagnostic, ...]
    local_graph_center: str
    local_graph: LocalGraphView
    css_classes: tuple[str, ...] = ()
    stylesheets: tuple[str, ...] = ()


def note_page_view(
    wiki: Wiki,
    note: Note,
    diagnostics: tuple[Diagnostic, ...],
    config: SiteSettings,
    site: SiteInfo,
    tree: FolderTree,
    path: str | None = None,
    queries: QueryHtml | None = None,
) -> NotePage:
    """The view of one note's page, at ``path`` (default: the note's own page; the landing
    page shows the home note, without breadcrumbs), its queries filled in by ``queries``."""
    own = path is None
    path = path or note_page(note.slug)
    linker = Linker(wiki, path, site.labels, queries)
    proof = evidence(wiki, note, config, site.today)
    sections = _section_views(linker, note, proof.facts)
    return NotePage(
        path=path,
        root=root_prefix(path),
        title=note.title,
        description=note.summary,
        site=site,
        anchor=note.anchor,
        type=note.type,
        status=status_view(note, site.labels),
        stale=note.status in _LIVE and is_stale(thesis_date(note), config, site.today),
        timeline=tuple(TimelineEntry(c.when, status_badge(c.status, site), c.reason) for c in timeline(note)),
        evidence=_evidence_view(proof.facts, proof.newest_source, proof.source_count) if note.facts else None,
        completeness=_completeness_view(note, config),
        open_questions=sum(not q.answered for q in note.open_questions),
        aliases=note.aliases,
        tags=tuple(tag_ref(linker, tag) for tag in note.tags),
        sections=sections,
        outline=outline(note),
        backlinks=_backlink_groups(linker, wiki.backlinks(note.slug)),
        properties=tuple(_property_row(linker, note, p) for p in note.properties),
        diagnostics=diagnostics,
        local_graph_center=note.slug,
        breadcrumbs=note_breadcrumbs(tree, path, note) if own else (),
        explorer=explorer_view(tree, path, note_folder(note.slug), note.slug),
        css_classes=note.css_classes,
        stylesheets=stylesheets_for(sections),
        local_graph=local_graph_view(wiki, note.slug, path),
    )


# Stylesheets only some pages need, each with the mark its markup leaves in a page's HTML
# (embedded notes included): highlighted code, and callouts with their icons.
_PAGE_STYLESHEETS = (("<pre", "assets/pygments.css"), ('class="callout', "assets/vendor/callout-icons.css"))


def stylesheets_for(sections: tuple[SectionView, ...]) -> tuple[str, ...]:
    """The site paths of the stylesheets a note page needs beyond the ones every page loads."""
    html = "".join(section.html for section in sections)
    return tuple(sheet for mark, sheet in _PAGE_STYLESHEETS if mark in html)


def tag_ref(linker: Linker, tag: str) -> NoteRef:
    """A link to a tag's page."""
    return NoteRef("#" + tag, linker.relative(tag_page(tag)))


def _evidence_view(facts: tuple[FactEvidence, ...], newest: date | None, sources: int) -> EvidenceView:
    return EvidenceView(
        len(facts), sum(f.sourced for f in facts), sources, newest, sum(f.stale for f in facts)
    )


def _completeness_view(note: Note, config: SiteSettings) -> CompletenessView | None:
    missing, share = completeness(note, config)
    if share is None:
        return None
    return CompletenessView(
        round(share * 100), tuple(SECTION_LABELS.get(kind, kind.value) for kind in missing)
    )


def _section_views(
    linker: Linker, note: Note, facts_evidence: tuple[FactEvidence, ...]
) -> tuple[SectionView, ...]:
    """Each section with the facts, questions and related items written under it."""
    facts = [
        FactView(
            linker.note_html(note, proof.fact.html),
            proof.fact.qualifier,
            tuple(linker.to_link(note, source) for source in proof.fact.sources),
            proof.dated,
            proof.stale,
        )
        for proof in facts_evidence
    ]
    questions = [
        QuestionView(
            linker.note_html(note, q.html),
            q.anchor,
            q.answered,
            linker.to_link(note, q.answer) if q.answer is not None else None,
        )
        for q in note.open_questions
    ]
    related = [
        RelationView(
            linker.to_link(note, r.target) if r.target is not None else None,
            r.label,
            linker.note_html(note, r.html),
        )
        for r in note.related
    ]
    starts = [section.line for section in note.sections] + [sys.maxsize]
    return tuple(
        SectionView(
            section.title,
            section.kind.value,
            section.anchor,
            linker.note_html(note, note.section_html(section)),
            section.level,
            linker.note_html(note, section.heading_html),
            _between(facts, note.facts, section.line, end),
            _between(questions, note.open_questions, section.line, end),
            _between(related, note.related, section.line, end),
        )
        for section, end in zip(note.sections, starts[1:], strict=True)
    )


def outline(note: Note) -> tuple[OutlineEntry, ...]:
    """The note's headings in order: each section's heading, then the headings inside it."""
    entries: list[OutlineEntry] = []
    for section in note.sections:
        if section.level and section.anchor:
            entries.append(OutlineEntry(section.level, section.anchor, section.title))
        entries.extend(OutlineEntry(h.level, h.anchor, h.text) for h in section.subheadings)
    return tuple(entries)


def _between(views: list[_V], items: tuple[_Lined, ...], start: int, end: int) -> tuple[_V, ...]:
    """The views of the items whose source line falls in ``[start, end)``."""
    if not items:
        return ()
    return tuple(view for view, item in zip(views, items, strict=True) if start <= item.line < end)


def _backlink_groups(linker: Linker, backlinks: tuple[Backlink, ...]) -> tuple[BacklinkGroup, ...]:
    by_kind: defaultdict[LinkKind, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for backlink in backlinks:
        words = by_kind[backlink.kind][backlink.source]  # created even when empty: the link itself counts
        if backlink.context and backlink.context not in words:
            words.append(backlink.context)
    refs: dict[str, NoteRef] = {}  # a note linking here in several ways is linked once
    groups: list[BacklinkGroup] = []
    for kind, label in BACKLINK_GROUPS:
        contexts = by_kind.get(kind)
        if contexts:
            entries = tuple(
                BacklinkView(refs.get(source) or refs.setdefault(source, linker.to_note(source)), tuple(c))
                for source, c in contexts.items()
            )
            groups.append(BacklinkGroup(label, kind.value, entries))
    return tuple(groups)


def _property_row(linker: Linker, note: Note, prop: Property) -> tuple[str, Markup]:
    """``(key, html)``: wikilinks in the value become links, and so does a lone http(s) URL."""
    if re.match(r"^https?://[^\s\"'<>]+$", prop.value):
        url = escape(prop.value)
        return prop.key, Markup(f'<a class="external" href="{url}" rel="noopener noreferrer">{url}</a>')
    return prop.key, linker.note_html(note, prop.html)
