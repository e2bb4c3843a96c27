"""Resolve stage, part two: the cross-reference graph of the whole wiki.

A networkx ``MultiDiGraph`` with a node per note (``kind="note"``, keyed by its slug), per
linked attachment (``kind="attachment"``, keyed by its :class:`AttachmentTarget`) and per
missing target (``kind="missing"``, keyed by its :class:`MissingTarget`), and one edge per
link with its ``kind``
(``related``, ``cites``, ``mentions``, ``embeds``, ``property``), its ``label`` (the
reason given by a related item, or the front matter key of a property link), its
``context`` (the relation label, the cited fact, or the sentence that mentions) and its
place in the source. Backlinks, missing notes and embed cycles are computed here, once,
and only read later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic, LinkKind, Note
from noteforge.resolve import AttachmentTarget, MissingTarget, NoteTarget, Resolution, Target

if TYPE_CHECKING:
    from noteforge.querylang.bases import BaseSpec

Node = str | AttachmentTarget | MissingTarget
"""A node of the graph: a note (by its slug), a linked attachment or a missing note."""


def node_id(node: Node) -> str:
    """The id of a node where it must be a string (the graph data, ``noteforge graph`` and
    export): the note's slug, ``file:<path>`` for an attachment, ``missing:<key>`` for a
    missing note."""
    if isinstance(node, AttachmentTarget):
        return "file:" + node.path
    if isinstance(node, MissingTarget):
        return "missing:" + node.key
    return node


def target_node(target: Target) -> Node | None:
    """The node a resolved link leads to; ``None`` for a link that leads to no node (a path
    kept as written, or a note without a page)."""
    if isinstance(target, NoteTarget):
        return target.slug
    if isinstance(target, AttachmentTarget | MissingTarget):
        return target
    return None


@dataclass(frozen=True, slots=True)
class Backlink:
    """A link into a note, seen from the target: who links, how, and with what words."""

    source: str
    kind: LinkKind
    context: str
    line: int


@dataclass(frozen=True, slots=True)
class MissingNote:
    """A target no note answers to, and the notes that link to it."""

    key: str
    target: str
    referrers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Embed:
    """An embed of a whole note or file, or of a part of it: where it sits, what it names."""

    source: str
    target: Target
    fragment: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Wiki:
    """The resolved wiki: notes in slug order, where each link leads (``targets``: by note
    slug, one :data:`~noteforge.resolve.Target` per link of :attr:`Note.links`), the graph,
    the embeds of each note that has some (``embeds``, by slug), every file that is not a
    note (``files``, linked or not: queries list them) and the Obsidian bases, loaded."""

    notes: tuple[Note, ...]
    targets: dict[str, tuple[Target, ...]]
    graph: nx.MultiDiGraph
    diagnostics: tuple[Diagnostic, ...]
    embeds: dict[str, tuple[Embed, ...]]
    files: tuple[str, ...] = ()
    bases: tuple[BaseSpec, ...] = ()

    def note(self, slug: str) -> Note:
        """The note with this slug."""
        note: Note = self.graph.nodes[slug]["note"]
        return note

    def slugs(self) -> list[str]:
        """The slugs of all notes, in order."""
        return [note.slug for note in self.notes]

    def backlinks(self, slug: str) -> tuple[Backlink, ...]:
        """Links into a note from other notes, ordered by source then line."""
        found = (
            Backlink(source, LinkKind(data["kind"]), data["context"], data["line"])
            for source, _, data in self.graph.in_edges(slug, data=True)
        )
        return tuple(sorted(found, key=lambda b: (b.source, b.line, b.kind)))

    def attachments(self) -> tuple[str, ...]:
        """The paths of the attachments some note links to or embeds."""
        return tuple(sorted(node.path for node in self.graph if isinstance(node, AttachmentTarget)))

    def has_missing(self) -> bool:
        """Whether some link names a note still to be written."""
        return any(isinstance(node, MissingTarget) for node in self.graph)

    def missing(self) -> tuple[MissingNote, ...]:
        """Every missing target, most wanted first."""
        found = [
            MissingNote(
                node.key,
                data["target"],
                tuple(sorted({source for source, _ in self.graph.in_edges(node)})),
            )
            for node, data in self.graph.nodes(data=True)
            if isinstance(node, MissingTarget)
        ]
        return tuple(sorted(found, key=lambda m: (-len(m.referrers), m.key)))


# The graph's own methods, for the one place that changes a graph after it was frozen
# (patch_wiki, on a graph nothing else holds any more). Only those that change it directly:
# remove_edges_from, for one, calls the frozen instance's remove_edge and ignores its error.
_GRAPH = nx.MultiDiGraph


def build_wiki(notes: tuple[Note, ...], resolution: Resolution) -> Wiki:
    """Assemble the graph from parsed notes and their resolved links."""
    ordered = tuple(sorted(notes, key=lambda note: note.slug))
    graph = nx.MultiDiGraph()
    for note in ordered:
        graph.add_node(note.slug, **_note_data(note))
    for note in ordered:
        _add_edges(graph, note, resolution.targets[note.slug])
    embeds = {note.slug: found for note in ordered if (found := _embeds(note, resolution.targets[note.slug]))}
    return Wiki(ordered, resolution.targets, nx.freeze(graph), _problems(graph, embeds, resolution), embeds)


def patch_wiki(
    wiki: Wiki, changed: tuple[Note, ...], resolution: Resolution, relinked: Iterable[str]
) -> Wiki:
    """``wiki`` with the notes ``changed`` (each with a slug and path the wiki has) in place of
    their old selves, and the links of the notes ``relinked`` (the changed ones among them)
    leading where ``resolution`` now says. The result is :func:`build_wiki`'s for the same
    notes and resolution, but in time proportional to what changed: ``wiki``'s graph is
    changed in place, so ``wiki`` must not be used afterwards."""
    graph = wiki.graph
    for note in changed:
        graph.nodes[note.slug].update(_note_data(note))
    replaced = {note.slug: note for note in changed}
    notes = tuple(replaced.get(note.slug, note) for note in wiki.notes)
    embeds = dict(wiki.embeds)
    touched: set[Node] = set()
    for slug in relinked:
        note = graph.nodes[slug]["note"]
        touched |= {target for _, target in graph.out_edges(slug) if not isinstance(target, str)}
        for source, target, key in list(graph.out_edges(slug, keys=True)):
            _GRAPH.remove_edge(graph, source, target, key)
        targets = resolution.targets[slug]
        _add_edges(graph, note, targets)
        touched |= {target for _, target in graph.out_edges(slug) if not isinstance(target, str)}
        embeds.pop(slug, None)
        if found := _embeds(note, targets):
            embeds[slug] = found
    for node in touched:
        _settle(graph, node, resolution)
    problems = _problems(graph, embeds, resolution)
    return Wiki(notes, resolution.targets, graph, problems, embeds, wiki.files, wiki.bases)


def _note_data(note: Note) -> dict[str, object]:
    """A note's node attributes."""
    status = note.status.value if note.status else ""
    return {"kind": "note", "note": note, "title": note.title, "type": note.type, "status": status}


def _settle(graph: nx.MultiDiGraph, node: Node, resolution: Resolution) -> None:
    """After links changed: drop a file or missing node nothing links to any more, and name a
    missing one by the first way (in sort order) its referrers still write it."""
    referrers = {source for source, _ in graph.in_edges(node)}
    if not referrers:
        _GRAPH.remove_node(graph, node)
        return
    if isinstance(node, MissingTarget):
        shown = min(
            link.target
            for source in referrers
            for link, target in zip(
                graph.nodes[source]["note"].links, resolution.targets[source], strict=True
            )
            if target == node
        )
        graph.nodes[node].update(target=shown, title=shown)


def _add_edges(graph: nx.MultiDiGraph, note: Note, targets: tuple[Target, ...]) -> None:
    for link, target in zip(note.links, targets, strict=True):
        node = target_node(target)
        if node is None or node == note.slug:
            continue  # a link within the page is not a cross-reference, nor one to no node
        if isinstance(node, MissingTarget):
            _add_missing_node(graph, node, link.target)
        elif isinstance(node, AttachmentTarget):
            title = node.path.rsplit("/", 1)[-1]
            _GRAPH.add_node(graph, node, kind="attachment", title=title, path=node.path, type="", status="")
        _GRAPH.add_edge(
            graph,
            note.slug,
            node,
            kind=link.kind.value,
            label=note.context(link) if link.kind is LinkKind.RELATED else link.key or "",
            context=note.context(link),
            line=link.line,
            col=link.col,
            fragment=link.fragment or "",
        )


def _add_missing_node(graph: nx.MultiDiGraph, node: MissingTarget, written: str) -> None:
    """Add a missing node, named by the first way (in sort order) its target was written."""
    shown = min(written, graph.nodes[node]["target"]) if node in graph else written
    _GRAPH.add_node(graph, node, kind="missing", target=shown, title=shown, type="", status="")


def _embeds(note: Note, targets: tuple[Target, ...]) -> tuple[Embed, ...]:
    return tuple(
        Embed(note.slug, target, link.fragment or "", link.line, link.col)
        for link, target in zip(note.links, targets, strict=True)
        if link.kind is LinkKind.EMBEDS
    )


def _problems(
    graph: nx.MultiDiGraph, embeds: dict[str, tuple[Embed, ...]], resolution: Resolution
) -> tuple[Diagnostic, ...]:
    everyone = [embed for found in embeds.values() for embed in found]
    return (*resolution.diagnostics, *_embed_cycles(graph, everyone), *_self_embeds(graph, everyone))


def _embed_cycles(graph: nx.MultiDiGraph, embeds: list[Embed]) -> list[Diagnostic]:
    """An embed whose target embeds, directly or not, the note it sits in."""
    edges = [
        (embed, node) for embed in embeds if (node := target_node(embed.target)) not in (None, embed.source)
    ]
    component = {
        node: number
        for number, part in enumerate(
            nx.strongly_connected_components(nx.DiGraph((e.source, n) for e, n in edges))
        )
        if len(part) > 1
        for node in part
    }
    problems = []
    for embed, node in sorted(edges, key=lambda pair: (pair[0].source, pair[0].line, pair[0].col)):
        if component.get(embed.source, -1) == component.get(node, -2):
            path = graph.nodes[embed.source]["note"].path
            title = graph.nodes[node]["title"]
            message = f"embed cycle: {title} embeds this note back; the embed is shown as a link"
            problems.append(diagnostic("NF206", path, embed.line, embed.col, message))
    return problems


def _self_embeds(graph: nx.MultiDiGraph, embeds: list[Embed]) -> list[Diagnostic]:
    """A note that embeds the whole of itself (a cycle of one)."""
    return [
        diagnostic(
            "NF206",
            graph.nodes[embed.source]["note"].path,
            embed.line,
            embed.col,
            "embed cycle: this note embeds itself; shown as a link",
        )
        for embed in embeds
        if embed.target == NoteTarget(embed.source) and not embed.fragment
    ]


def backlink_sources(wiki: Wiki) -> dict[str, tuple[str, ...]]:
    """For every note, the sorted slugs of the notes linking to it."""
    sources: defaultdict[Node, set[str]] = defaultdict(set)
    for source, target in wiki.graph.edges():
        sources[target].add(source)
    return {note.slug: tuple(sorted(sources[note.slug])) for note in wiki.notes}
