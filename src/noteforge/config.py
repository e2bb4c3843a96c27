"""Build settings: a frozen value every stage may read, never mutate.

Only the vocabulary that shapes parsing lives here for now (section names, note types,
qualifier phrases) plus the site title; the defaults describe the seed's note format.
"""

from __future__ import annotations

from dataclasses import dataclass

from noteforge.model import SectionKind

DEFAULT_SECTION_NAMES: tuple[tuple[SectionKind, tuple[str, ...]], ...] = (
    (SectionKind.WHY, ("why it matters",)),
    (SectionKind.FACTS, ("key facts", "facts")),
    (SectionKind.QUESTIONS, ("open questions", "questions")),
    (SectionKind.RELATED, ("related", "see also")),
)

DEFAULT_NOTE_TYPES: tuple[str, ...] = ("entity", "question", "source", "thesis", "topic", "note")

# A trailing sentence of a fact that contains one of these is its qualifier, kept apart
# from the claim: "Huawei claim; not independently benchmarked."
DEFAULT_QUALIFIER_PHRASES: tuple[str, ...] = (
    "claim",
    "not independently",
    "unconfirmed",
    "unverified",
    "reportedly",
    "alleged",
    "rumour",
    "rumor",
    "according to",
    "self-reported",
    "estimate",
    "speculative",
    "disputed",
    "unaudited",
)


@dataclass(frozen=True, slots=True)
class Config:
    """Settings for one build. Construct with keywords; every field has a default."""

    site_title: str = "Research notes"
    section_names: tuple[tuple[SectionKind, tuple[str, ...]], ...] = DEFAULT_SECTION_NAMES
    note_types: tuple[str, ...] = DEFAULT_NOTE_TYPES
    qualifier_phrases: tuple[str, ...] = DEFAULT_QUALIFIER_PHRASES

    def section_kind(self, heading: str) -> SectionKind:
        """The research section a heading opens, compared case-insensitively."""
        key = normalise_heading(heading)
        for kind, names in self.section_names:
            if key in names:
                return kind
        return SectionKind.OTHER

    def is_section_heading(self, line: str) -> bool:
        """Whether a plain line of text names a research section (the seed's headings)."""
        return self.section_kind(line) is not SectionKind.OTHER


def normalise_heading(text: str) -> str:
    """Heading text as compared against section names: lower case, no trailing colon or markup."""
    return text.strip().strip("*_#").strip().rstrip(":").strip().casefold()
