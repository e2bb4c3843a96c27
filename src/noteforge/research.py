"""Site model, part zero: what the research records say once the wiki is resolved.

Pure functions over the :class:`~noteforge.graph.Wiki` that the research views share:
where a fact's evidence comes from and how old it is, how complete a note is against
its type's expected sections, which notes nothing links to or that link nowhere, and
the status timeline of a thesis. ``today`` is always passed in (never read from the
clock here), so the same notes and the same day give the same site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from noteforge.config import SiteSettings
from noteforge.graph import Wiki
from noteforge.model import Fact, LinkKind, Note, SectionKind, Status, StatusChange
from noteforge.resolve import AttachmentTarget, NoteTarget, Target


@dataclass(frozen=True, slots=True)
class FactEvidence:
    """A fact with what backs it: where its sources lead (one target per cited link), its
    date and whether it is stale."""

    fact: Fact
    sources: tuple[Target, ...]
    dated: date | None
    stale: bool

    @property
    def sourced(self) -> bool:
        """Whether the fact cites at least one source."""
        return bool(self.fact.sources)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A note's evidence summary: how many of its facts cite a source, and the newest source date."""

    facts: tuple[FactEvidence, ...]
    newest_source: date | None

    @property
    def sourced(self) -> int:
        """How many facts cite a source."""
        return sum(fact.sourced for fact in self.facts)

    @property
    def source_count(self) -> int:
        """How many distinct notes and attachments the facts cite."""
        return len(
            {
                target
                for fact in self.facts
                for target in fact.sources
                if isinstance(target, NoteTarget | AttachmentTarget)
            }
        )


def evidence(wiki: Wiki, note: Note, config: SiteSettings, today: date) -> Evidence:
    """Each fact of a note with its sources and date; a fact without an ``as of`` date takes its
    newest source's date, and is stale when that is older than ``stale_after_days``."""
    targets = wiki.targets[note.slug]
    facts = []
    for fact in note.facts:
        sources = tuple(targets[index] for index in fact.sources)
        dated = fact.as_of or _newest(source_date(wiki, target) for target in sources)
        facts.append(FactEvidence(fact, sources, dated, is_stale(dated, config, today)))
    return Evidence(tuple(facts), _newest(source_date(wiki, t) for f in facts for t in f.sources))


def citation_counts(wiki: Wiki, note: Note) -> tuple[int, int]:
    """How many of a note's facts cite a source, and how many distinct notes and files they
    cite (:attr:`Evidence.sourced` and :attr:`Evidence.source_count`, without the dates)."""
    targets = wiki.targets[note.slug]
    cited = {targets[index] for fact in note.facts for index in fact.sources}
    counted = sum(isinstance(target, NoteTarget | AttachmentTarget) for target in cited)
    return sum(bool(fact.sources) for fact in note.facts), counted


def source_date(wiki: Wiki, target: Target) -> date | None:
    """The date of a cited note: its ``date``/file-name date, else when it was last updated."""
    if not isinstance(target, NoteTarget):
        return None
    cited = wiki.note(target.slug)
    return cited.published or cited.updated or cited.created


def is_stale(when: date | None, config: SiteSettings, today: date) -> bool:
    """Whether a date is older than the configured age."""
    return when is not None and (today - when).days > config.stale_after_days


def thesis_date(note: Note) -> date | None:
    """When a note's standing was last looked at: updated, else when it entered its status."""
    return note.updated or note.status_since


def timeline(note: Note) -> tuple[StatusChange, ...]:
    """The status history, or the current status alone when there is no history."""
    if note.status_history:
        return note.status_history
    if note.status is not None and note.status_since is not None:
        return (StatusChange(note.status_since, note.status, None, 1),)
    return ()


def completeness(note: Note, config: SiteSettings) -> tuple[tuple[SectionKind, ...], float | None]:
    """The expected sections a note lacks, and the share it has (``None`` when nothing is expected)."""
    expected = config.expected_for(note.type)
    if not expected:
        return (), None
    present = {section.kind for section in note.sections}
    missing = tuple(kind for kind in expected if kind not in present)
    return missing, (len(expected) - len(missing)) / len(expected)


def orphans(wiki: Wiki) -> tuple[Note, ...]:
    """Notes no other note links to."""
    return tuple(note for note in wiki.notes if not wiki.graph.in_degree(note.slug))


def dead_ends(wiki: Wiki) -> tuple[Note, ...]:
    """Notes that link to no other note."""
    return tuple(
        note
        for note in wiki.notes
        if not any(
            wiki.graph.nodes[target]["kind"] == "note" for _, target in wiki.graph.out_edges(note.slug)
        )
    )


def unsourced_entities(wiki: Wiki) -> tuple[Note, ...]:
    """Entities that cite no source at all."""
    return tuple(
        note
        for note in wiki.notes
        if note.type == "entity"
        and not any(kind == LinkKind.CITES for _, _, kind in wiki.graph.out_edges(note.slug, data="kind"))
    )


def status_rank(status: Status | None) -> int:
    """Order of statuses on the boards: active theses first, retired last."""
    return {Status.ACTIVE: 0, Status.HYPOTHESIS: 1, None: 2, Status.RETIRED: 3}[status]


def _newest(dates: Iterable[date | None]) -> date | None:
    found = [when for when in dates if when is not None]
    return max(found) if found else None
