"""The grammar of research list items: key facts, open questions and related notes.

A *fact* is a claim followed by optional trailing sentences: a citation ("From
[[source]]." or "From source-slug.", also "Source:"/"Sources:"/"Via") naming the source
notes, and a qualifier ("Huawei claim; not independently benchmarked.") recognised by
the configured qualifier phrases. The first sentence is always the claim.

A *related* item names a note (a link, or a bare slug) and, after a dash or colon, the
reason it is related: ``huawei — primary customer for Ascend AI chips``.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from markdown_it.token import Token

from noteforge.model import LinkKind
from noteforge.parse.inline import PlainText, sentence_spans
from noteforge.parse.links import is_link_token

_CITATION = re.compile(r"^(?:from|sources?\s*:|via)\s+", re.IGNORECASE)
_CITATION_SEPARATOR = re.compile(r"[,;&]|\band\b")
_BARE_SLUG = re.compile(r"^[^\s,;:()\[\]{}<>\"']+$")
_RELATION_SEPARATOR = re.compile(r"^\s*(?:[—–]|--?|:)\s*")
_BARE_RELATION = re.compile(r"\s+(?:[—–]|--?)\s+|:\s+")


@dataclass(frozen=True, slots=True)
class FactParts:
    """Where a fact's claim ends, and what its trailing sentences say."""

    claim_end: int
    citation_spans: tuple[tuple[int, int], ...]
    qualifier: str | None


def split_fact(children: list[Token], plain: PlainText, qualifier_phrases: tuple[str, ...]) -> FactParts:
    """Separate a fact's claim from its trailing citation and qualifier sentences."""
    spans = sentence_spans(plain.text)
    claim_end = len(plain.text.rstrip())
    citations: list[tuple[int, int]] = []
    qualifiers: list[tuple[int, int]] = []
    for start, end in reversed(spans[1:]):
        sentence = plain.text[start:end]
        if _CITATION.match(sentence) and any(citation_targets(children, plain, (start, end))):
            citations.append((start, end))
        elif is_qualifier(sentence, qualifier_phrases):
            qualifiers.append((start, end))
        else:
            break
        claim_end = start
    qualifier = " ".join(plain.text[start:end] for start, end in reversed(qualifiers)) or None
    return FactParts(claim_end, tuple(reversed(citations)), qualifier)


def is_qualifier(sentence: str, phrases: tuple[str, ...]) -> bool:
    """Whether a sentence hedges the claim, by the configured vocabulary."""
    return _qualifier_pattern(phrases).search(sentence.casefold()) is not None


@functools.cache
def _qualifier_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all the phrases (none matches nothing), each at a word start."""
    alternatives = "|".join(re.escape(phrase.casefold()) for phrase in phrases)
    return re.compile(rf"\b(?:{alternatives})" if phrases else r"(?!)")


def citation_targets(
    children: list[Token], plain: PlainText, span: tuple[int, int]
) -> tuple[list[int], list[str]]:
    """The link children (by position) and the bare slugs a citation sentence names, in order.

    When both lists are empty the sentence is not a citation after all. Only the children
    from the one the span starts in to the span's end are looked at, so a fact's citations
    together cost what the fact's children do.
    """
    link_children: list[int] = []
    text_parts: list[str] = []
    inside_link = False
    first = max(bisect.bisect_left(plain.starts, span[0]) - 1, 0)
    last = bisect.bisect_left(plain.starts, span[1])
    for index in range(first, last):
        child, start = children[index], plain.starts[index]
        if child.type == "text" and not inside_link:
            text_parts.append(child.content[max(span[0] - start, 0) : max(span[1] - start, 0)])
        elif not span[0] <= start < span[1]:
            continue
        elif is_link_token(child):
            link_children.append(index)
            text_parts.append(",")
            inside_link = child.type == "link_open"
        elif child.type == "link_close":
            inside_link = False
    return link_children, bare_citations("".join(text_parts))


def bare_citations(text: str) -> list[str]:
    """Slugs written as plain text in a citation: ``From a-source, b-source.``."""
    text = _CITATION.sub("", text.strip(), count=1)
    pieces = (piece.strip().rstrip(".").strip() for piece in _CITATION_SEPARATOR.split(text))
    return [
        piece for piece in pieces if piece and _BARE_SLUG.match(piece) and any(c.isalnum() for c in piece)
    ]


@dataclass(frozen=True, slots=True)
class RelationParts:
    """What a related item names: a link child or a bare slug, and the reason given."""

    link_index: int | None
    bare_target: str | None
    label: str | None


def split_relation(children: list[Token], plain: PlainText) -> RelationParts:
    """Find the note a related item names and its label."""
    first = next((i for i, child in enumerate(children) if plain.text[plain.starts[i] :].strip()), None)
    if first is not None and is_link_token(children[first]):
        link_end = _link_end(children, first)
        rest = plain.text[plain.starts[link_end] if link_end < len(children) else len(plain.text) :]
        label = _RELATION_SEPARATOR.sub("", rest, count=1).strip() or None
        return RelationParts(first, None, label)
    head, _, label = _partition_relation(plain.text.strip())
    if _BARE_SLUG.match(head):
        return RelationParts(None, head, label or None)
    return RelationParts(None, None, plain.text.strip() or None)


def answer_child(children: list[Token], plain: PlainText) -> int | None:
    """The position among ``children`` of the link an open question names as its answer:
    ``… answered: [[note]]``."""
    marker = plain.text.casefold().find("answered:")
    if marker < 0:
        return None
    after = (i for i, child in enumerate(children) if plain.starts[i] > marker and is_link_token(child))
    return next(after, None)


def _link_end(children: list[Token], index: int) -> int:
    """Index just past the link starting at ``index`` (past ``link_close`` for Markdown links)."""
    if children[index].type == "wikilink":
        return index + 1
    closing = next((i for i in range(index, len(children)) if children[i].type == "link_close"), index)
    return closing + 1


def _partition_relation(text: str) -> tuple[str, str, str]:
    found = _BARE_RELATION.search(text)
    if not found:
        return text, "", ""
    return text[: found.start()].strip(), found.group(), text[found.end() :].strip()


def kind_in_fact(index: int, plain: PlainText, citation_spans: tuple[tuple[int, int], ...]) -> LinkKind:
    """A link inside a fact cites when it sits in a citation sentence; otherwise it mentions."""
    start = plain.starts[index]
    around = bisect.bisect_right(citation_spans, (start, float("inf"))) - 1
    inside = around >= 0 and start < citation_spans[around][1]
    return LinkKind.CITES if inside else LinkKind.MENTIONS
