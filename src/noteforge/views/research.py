"""The research views across the wiki: theses board, claims to verify, open questions, gaps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from markupsafe import Markup

from noteforge.config import SiteSettings
from noteforge.graph import Wiki
from noteforge.linker import Linker, NoteRef, StatusView
from noteforge.model import Note, Status
from noteforge.paths import root_prefix
from noteforge.research import (
    completeness,
    dead_ends,
    evidence,
    is_stale,
    orphans,
    status_rank,
    thesis_date,
    unsourced_entities,
)
from noteforge.views.base import Page, SiteInfo, status_badge
from noteforge.views.lists import status_counts
from noteforge.views.note import SECTION_LABELS
from noteforge.views.paging import Part, Shelf, ShelfNav, ShelvesPage, shelves_page

THESES_PAGE = "theses.html"
CLAIMS_PAGE = "claims.html"
QUESTIONS_PAGE = "questions.html"
GAPS_PAGE = "gaps.html"


@dataclass(frozen=True, slots=True)
class ThesisRow:
    note: NoteRef
    type: str
    since: date | None
    days: int | None
    facts: int
    sources: int
    questions: int
    stale: bool


@dataclass(frozen=True, slots=True)
class StatusColumn:
    status: StatusView
    rows: tuple[ThesisRow, ...]


@dataclass(frozen=True, slots=True)
class ThesesPage(Page):
    template: ClassVar[str] = "theses.html"
    columns: tuple[StatusColumn, ...]
    stale_after_days: int
    shelves: ShelfNav | None


@dataclass(frozen=True, slots=True)
class Claim:
    html: Markup
    unsourced: bool
    qualifier: str | None
    stale: bool
    dated: date | None
    anchor: str


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    note: NoteRef
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class ClaimsPage(Page):
    template: ClassVar[str] = "claims.html"
    groups: tuple[ClaimGroup, ...]
    qualifier_phrases: tuple[str, ...]
    stale_after_days: int
    shelves: ShelfNav | None


@dataclass(frozen=True, slots=True)
class QuestionItem:
    anchor: str
    html: Markup
    link: NoteRef
    answer: NoteRef | None


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    note: NoteRef
    questions: tuple[QuestionItem, ...]


@dataclass(frozen=True, slots=True)
class QuestionSection:
    label: str
    status: StatusView | None
    groups: tuple[QuestionGroup, ...]


@dataclass(frozen=True, slots=True)
class QuestionsPage(Page):
    template: ClassVar[str] = "questions.html"
    sections: tuple[QuestionSection, ...]
    answered: tuple[QuestionGroup, ...]
    open_count: int
    shelves: ShelfNav | None


@dataclass(frozen=True, slots=True)
class Gap:
    note: NoteRef
    detail: str


@dataclass(frozen=True, slots=True)
class GapsPage(Page):
    template: ClassVar[str] = "gaps.html"
    missing: tuple[Gap, ...]
    orphans: tuple[NoteRef, ...]
    dead_ends: tuple[NoteRef, ...]
    unsourced: tuple[NoteRef, ...]
    incomplete: tuple[Gap, ...]


THESIS_STATUSES = (Status.HYPOTHESIS, Status.ACTIVE, Status.RETIRED)


def theses_page(wiki: Wiki, config: SiteSettings, site: SiteInfo, part: Part) -> ThesesPage:
    """The notes of ``part`` with a status, by status, with how long each has stood and what backs it."""
    linker = Linker(wiki, part.path, site.labels)
    columns = []
    for status in THESIS_STATUSES:
        rows = [
            _thesis_row(wiki, linker, note, config, site.today)
            for note in part.notes
            if note.status is status
        ]
        rows.sort(key=lambda row: (row.since or date.max, row.note.title.casefold()))
        columns.append(StatusColumn(status_badge(status, site), tuple(rows)))
    description = "Hypotheses, active theses and retired theses, with their evidence"
    return ThesesPage(
        part.path,
        root_prefix(part.path),
        part.title("Theses"),
        description,
        site,
        tuple(columns),
        config.stale_after_days,
        part.nav,
    )


def _thesis_row(wiki: Wiki, linker: Linker, note: Note, config: SiteSettings, today: date) -> ThesisRow:
    proof = evidence(wiki, note, config, today)
    since = note.status_since
    return ThesisRow(
        linker.to_note(note.slug),
        note.type,
        since,
        (today - since).days if since else None,
        len(note.facts),
        proof.source_count,
        sum(not q.answered for q in note.open_questions),
        note.status is not Status.RETIRED and is_stale(thesis_date(note), config, today),
    )


def claims_page(wiki: Wiki, config: SiteSettings, site: SiteInfo, part: Part) -> ClaimsPage:
    """The facts of the notes of ``part`` with no source, with a qualifier, or stale, grouped by note."""
    linker = Linker(wiki, part.path, site.labels)
    groups = []
    for note in sorted(part.notes, key=lambda n: (status_rank(n.status), n.title.casefold())):
        claims = tuple(
            Claim(
                linker.note_html(note, proof.fact.html),
                not proof.sourced,
                proof.fact.qualifier,
                proof.stale,
                proof.dated,
                f"{note.slug}-fact-{number}",
            )
            for number, proof in enumerate(evidence(wiki, note, config, site.today).facts, 1)
            if not proof.sourced or proof.fact.qualifier or proof.stale
        )
        if claims:
            groups.append(ClaimGroup(linker.to_note(note.slug), claims))
    description = "Facts with no source, facts hedged by a qualifier, and stale facts"
    return ClaimsPage(
        path=part.path,
        root=root_prefix(part.path),
        title=part.title("Claims to verify"),
        description=description,
        site=site,
        groups=tuple(groups),
        qualifier_phrases=config.qualifier_phrases,
        stale_after_days=config.stale_after_days,
        shelves=part.nav,
    )


QUESTION_SECTIONS = (
    (Status.ACTIVE, "Active theses"),
    (Status.HYPOTHESIS, "Hypotheses"),
    (None, "Notes without a status"),
    (Status.RETIRED, "Retired theses"),
)


def questions_page(wiki: Wiki, site: SiteInfo, part: Part) -> QuestionsPage:
    """The open questions of the notes of ``part``, by the status of their note, then the answered ones."""
    linker = Linker(wiki, part.path, site.labels)
    sections = []
    for status, label in QUESTION_SECTIONS:
        notes = [note for note in part.notes if note.status is status]
        groups = _question_groups(linker, notes, answered=False)
        if groups:
            sections.append(QuestionSection(label, status_badge(status, site) if status else None, groups))
    answered = _question_groups(linker, part.notes, answered=True)
    open_count = sum(len(group.questions) for section in sections for group in section.groups)
    where = f"in notes titled “{part.label}…”" if part.label else "across the wiki"
    description = f"{open_count} open questions {where}"
    return QuestionsPage(
        part.path,
        root_prefix(part.path),
        part.title("Open questions"),
        description,
        site,
        tuple(sections),
        answered,
        open_count,
        part.nav,
    )


def question_anchor(note: Note, anchor: str) -> str:
    """The anchor of a question on the register (stable: it follows the question's text)."""
    return f"{note.slug}-{anchor}".replace("/", "-")


def _question_groups(linker: Linker, notes: Iterable[Note], answered: bool) -> tuple[QuestionGroup, ...]:
    groups = []
    for note in sorted(notes, key=lambda n: n.title.casefold()):
        items = tuple(
            QuestionItem(
                question_anchor(note, q.anchor),
                linker.note_html(note, q.html),
                linker.to_note(note.slug, q.anchor or None),
                linker.to_link(note, q.answer) if q.answer is not None else None,
            )
            for q in note.open_questions
            if q.answered is answered
        )
        if items:
            groups.append(QuestionGroup(linker.to_note(note.slug), items))
    return tuple(groups)


def gaps_page(wiki: Wiki, config: SiteSettings, site: SiteInfo) -> GapsPage:
    """What the wiki lacks: missing notes, orphans, dead ends, unsourced entities, missing sections."""
    linker = Linker(wiki, GAPS_PAGE, site.labels)
    missing = tuple(
        Gap(
            linker.to_missing(m.target),
            f"wanted by {len(m.referrers)} note{'s' if len(m.referrers) != 1 else ''}",
        )
        for m in wiki.missing()
    )
    incomplete = []
    for note in wiki.notes:
        lacking, share = completeness(note, config)
        if lacking and share is not None:
            names = ", ".join(SECTION_LABELS.get(kind, kind.value) for kind in lacking)
            incomplete.append(
                (share, Gap(linker.to_note(note.slug), f"{round(share * 100)}% complete; missing {names}"))
            )
    incomplete.sort(key=lambda pair: (pair[0], pair[1].note.title.casefold()))
    description = "Missing notes, orphans, dead ends and incomplete notes"
    return GapsPage(
        path=GAPS_PAGE,
        root="",
        title="Gaps",
        description=description,
        site=site,
        missing=missing,
        orphans=_refs(linker, orphans(wiki)),
        dead_ends=_refs(linker, dead_ends(wiki)),
        unsourced=_refs(linker, unsourced_entities(wiki)),
        incomplete=tuple(gap for _, gap in incomplete),
    )


def _refs(linker: Linker, notes: Iterable[Note]) -> tuple[NoteRef, ...]:
    return tuple(linker.to_note(note.slug) for note in notes)


def theses_index(wiki: Wiki, site: SiteInfo, all_shelves: tuple[Shelf, ...]) -> ShelvesPage:
    """The index of the pages of the theses: how many notes have each status, and each page."""
    lede = (
        "Every note with a status, by the start of its title: when it entered that status, "
        "how long it has stood, and what backs it."
    )
    index = shelves_page(THESES_PAGE, "Theses", lede, ("note", "notes"), site, all_shelves)
    statuses = [note for note in wiki.notes if note.status in THESIS_STATUSES]
    return replace(index, status_counts=status_counts(statuses, site))


def claims_index(config: SiteSettings, site: SiteInfo, all_shelves: tuple[Shelf, ...]) -> ShelvesPage:
    """The index of the pages of claims to verify, by the start of their notes' titles."""
    qualifiers = ", ".join(config.qualifier_phrases)
    lede = (
        f"Facts that cite no source, facts hedged by a qualifier ({qualifiers}), and facts older than "
        f"{config.stale_after_days} days, by note, and the notes by the start of their titles."
    )
    return shelves_page(
        CLAIMS_PAGE, "Claims to verify", lede, ("note with facts", "notes with facts"), site, all_shelves
    )


def questions_index(wiki: Wiki, site: SiteInfo, all_shelves: tuple[Shelf, ...]) -> ShelvesPage:
    """The index of the pages of open questions: how many are open, and each page."""
    open_count = sum(not q.answered for note in wiki.notes for q in note.open_questions)
    lede = (
        f"{open_count} open question{'s' if open_count != 1 else ''}, by the standing of the note that "
        "asks them, and the notes by the start of their titles."
    )
    return shelves_page(
        QUESTIONS_PAGE,
        "Open questions",
        lede,
        ("note with questions", "notes with questions"),
        site,
        all_shelves,
    )
