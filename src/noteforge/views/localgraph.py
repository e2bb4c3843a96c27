"""The local graph drawn at build time: a note and its direct neighbours as a static SVG.

A note page shows this figure until the reader asks to explore (the interactive graph
and the whole-wiki data load only then). The layout is radial and deterministic: the note
in the middle, the neighbours most linked with it (at most ``NEIGHBOUR_CAP``) on a circle in
order of link kind, type and title. Labels are placed outside the circle, truncated with
an ellipsis to fit the view box, and left out where they would overlap another label or a
node. Text widths are estimated on the generous side, so the boxes computed here contain
the drawn text. Cost: O(neighbours²) for the edges between neighbours, nothing wiki-wide.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, NamedTuple

from noteforge.graph import Node, Wiki, node_id
from noteforge.linker import MISSING_PAGE, missing_anchor
from noteforge.model import LinkKind
from noteforge.paths import attachment_file, note_page, relative_url
from noteforge.resolve import AttachmentTarget, MissingTarget

NEIGHBOUR_CAP = 16
WIDTH = 400
HEIGHT = 300
FONT_SIZE = 14  # in view-box units; the template's CSS uses the same figure
_MARGIN = 4
_RING = 92  # radius of the neighbours' circle
_CENTRE_RADIUS = 10
_NODE_RADIUS = 7
_GAP = 6  # between a node and its label
_MIDDLE_ROOM = 2.6 * _RING  # the widest label above or below a node
_MIN_CHARS = 3  # a label shorter than this (before the ellipsis) is left out
_ELLIPSIS = "…"
_KIND_RANK = {kind.value: rank for rank, kind in enumerate(LinkKind)}
_NO_RANK = len(_KIND_RANK)
_CLASS_WORD = re.compile(r"^[a-z0-9-]+$")

Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in view-box units."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True, slots=True)
class GraphLabel:
    """A node's visible label: its (maybe truncated) text, baseline point and box."""

    text: str
    x: float
    y: float
    anchor: Anchor
    box: Box


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A node of the figure; ``href`` is relative to the page (empty for the note itself)."""

    title: str
    type_class: str
    href: str
    missing: bool
    x: float
    y: float
    r: float
    label: GraphLabel | None

    @property
    def box(self) -> Box:
        return Box(self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)


@dataclass(frozen=True, slots=True)
class LocalGraphView:
    """The static local graph of one note page. Its lines are drawn as two SVG paths, one
    line a subpath (``M x y L x y``): ``spokes`` join the note to each neighbour, ``chords``
    join neighbours linked to each other (a page has dozens of lines; one element each
    made a tenth of a note page's rendering)."""

    width: int
    height: int
    font_size: int
    centre: GraphNode
    neighbours: tuple[GraphNode, ...]
    spokes: str
    chords: str
    total: int
    more: int


class _Neighbour(NamedTuple):
    """A neighbour as the layout sees it (a tuple: a page makes dozens)."""

    node: Node
    title: str
    kind: str
    type: str
    link_kind: int
    connections: int


def local_graph_view(wiki: Wiki, slug: str, page: str) -> LocalGraphView:
    """The figure of ``slug`` and its direct neighbours, linked from ``page``."""
    total, best = _neighbours(wiki, slug)
    shown = sorted(best, key=lambda n: (n.link_kind, n.type, n.title.casefold(), node_id(n.node)))
    cx, cy = WIDTH / 2, HEIGHT / 2
    data = wiki.graph.nodes[slug]
    centre = GraphNode(
        title=data["title"],
        type_class=_type_class(data["type"]),
        href="",
        missing=False,
        x=cx,
        y=cy,
        r=_CENTRE_RADIUS,
        label=_centre_label(data["title"], cx, cy),
    )
    points = _ring(len(shown))
    labels = _ring_labels(shown, points, centre)
    nodes = tuple(
        GraphNode(
            title=n.title,
            type_class=_type_class(n.type),
            href=_href(wiki, n.node, page),
            missing=n.kind == "missing",
            x=x,
            y=y,
            r=_NODE_RADIUS,
            label=label,
        )
        for n, (x, y), label in zip(shown, points, labels, strict=True)
    )
    return LocalGraphView(
        width=WIDTH,
        height=HEIGHT,
        font_size=FONT_SIZE,
        centre=centre,
        neighbours=nodes,
        spokes=_spokes(len(shown)),
        chords="".join(_chord(len(shown), i, j) for i, j in _linked_pairs(wiki, shown)),
        total=total,
        more=total - len(shown),
    )


def _ring_labels(
    shown: list[_Neighbour], points: tuple[tuple[float, float], ...], centre: GraphNode
) -> list[GraphLabel | None]:
    """Each ring node's label, placed most linked first, clear of every node and label so far."""
    taken = [*_ring_boxes(len(points)), centre.box]
    if centre.label:
        taken.append(centre.label.box)
    labels: list[GraphLabel | None] = [None] * len(shown)
    for i in sorted(range(len(shown)), key=lambda i: (-shown[i].connections, shown[i].title.casefold())):
        label = _beside(shown[i].title, points[i])
        if label is not None and not _overlaps_any(label.box, taken):
            labels[i] = label
            taken.append(label.box)
    return labels


def _neighbours(wiki: Wiki, slug: str) -> tuple[int, list[_Neighbour]]:
    """How many nodes link to or from ``slug``, and the :data:`NEIGHBOUR_CAP` most linked
    with it (then by title), each with its closest link kind and how many links join the two:
    the page depends on its own links only, not on the neighbours' others. Hubs have
    thousands of neighbours, so only the ones shown are looked at closely."""
    graph = wiki.graph
    kinds: dict[Node, int] = {}
    links: dict[Node, int] = {}
    # The graph's own adjacency dicts (node -> key -> edge data), read without networkx's
    # views, which wrap each item: this runs for every note page.
    for adjacent in (graph._succ[slug], graph._pred[slug]):
        for other, edges in adjacent.items():
            if other != slug:
                rank = kinds.get(other, _NO_RANK)
                for data in edges.values():
                    rank = min(rank, _KIND_RANK.get(data["kind"], _NO_RANK))
                kinds[other] = rank
                links[other] = links.get(other, 0) + len(edges)
    nodes = graph._node
    best = heapq.nsmallest(
        NEIGHBOUR_CAP,
        _most_linked(links),
        key=lambda node: (-links[node], nodes[node]["title"].casefold(), node_id(node)),
    )
    shown = [
        _Neighbour(node, data["title"], data["kind"], data["type"], kinds[node], links[node])
        for node, data in ((node, nodes[node]) for node in best)
    ]
    return len(kinds), shown


def _most_linked(links: dict[Node, int]) -> list[Node]:
    """The nodes that may be among the :data:`NEIGHBOUR_CAP` most linked: all those with at
    least as many links as the cap-th (only these need their titles looked up)."""
    if len(links) <= NEIGHBOUR_CAP:
        return list(links)
    bar = heapq.nlargest(NEIGHBOUR_CAP, links.values())[-1]
    return [node for node, count in links.items() if count >= bar]


def _href(wiki: Wiki, node: Node, page: str) -> str:
    if isinstance(node, AttachmentTarget):
        return relative_url(page, attachment_file(node.path))
    if isinstance(node, MissingTarget):
        return relative_url(page, MISSING_PAGE, missing_anchor(wiki.graph.nodes[node]["target"]))
    return relative_url(page, note_page(node))


def _type_class(note_type: str) -> str:
    """The CSS class naming a type's colour; style.css falls back to --type-other."""
    word = note_type.casefold()
    return "type-" + (word if _CLASS_WORD.match(word) else "other")


@cache
def _ring(count: int) -> tuple[tuple[float, float], ...]:
    """``count`` points on the circle around the centre, clockwise from the top."""
    return tuple(_on_ring(index, count, WIDTH / 2, HEIGHT / 2) for index in range(count))


@cache
def _ring_boxes(count: int) -> tuple[Box, ...]:
    """The boxes of the nodes at the ``count`` points on the circle."""
    reach = _NODE_RADIUS
    return tuple(Box(x - reach, y - reach, x + reach, y + reach) for x, y in _ring(count))


@cache
def _spokes(count: int) -> str:
    """The lines from the centre to each of ``count`` points on the circle."""
    return _lines((WIDTH / 2, HEIGHT / 2, x, y) for x, y in _ring(count))


def _on_ring(index: int, count: int, cx: float, cy: float) -> tuple[float, float]:
    """The ``index``-th of ``count`` points on the circle, clockwise from the top."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return round(cx + _RING * math.cos(angle), 1), round(cy + _RING * math.sin(angle), 1)


def _linked_pairs(wiki: Wiki, shown: list[_Neighbour]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of shown neighbours with a link between them, in order.

    Each neighbour's few successors are looked up among the shown; a hub's thousands are not
    walked: each shown neighbour is looked up among them instead."""
    succ = wiki.graph._succ  # node -> successor -> edges, as in _neighbours
    index = {neighbour.node: i for i, neighbour in enumerate(shown)}
    pairs: set[tuple[int, int]] = set()
    for i, neighbour in enumerate(shown):
        successors = succ[neighbour.node]
        if len(successors) <= len(shown):
            found = [index[other] for other in successors if other in index]
        else:
            found = [j for j, other in enumerate(shown) if other.node in successors]
        pairs.update((i, j) if i < j else (j, i) for j in found if j != i)
    return sorted(pairs)


@cache
def _chord(count: int, i: int, j: int) -> str:
    """The line between the ``i``-th and ``j``-th of ``count`` points on the circle."""
    points = _ring(count)
    return _lines([(*points[i], *points[j])])


def _lines(lines: Iterable[tuple[float, float, float, float]]) -> str:
    """SVG path data drawing each line ``(x1, y1, x2, y2)`` as a subpath of its own."""
    return "".join(f"M{x1} {y1}L{x2} {y2}" for x1, y1, x2, y2 in lines)


@lru_cache(maxsize=1 << 16)
def text_width(text: str) -> float:
    """A generous estimate of ``text``'s width at ``FONT_SIZE`` in a sans-serif font (a
    title is measured once: it is drawn on the page of each of its neighbours)."""
    return FONT_SIZE * sum(map(_char_width, text))


@cache
def _char_width(char: str) -> float:
    if unicodedata.east_asian_width(char) in "WF":
        return 1.05
    if char.isupper() or char in "mwMW@%&":
        return 0.8
    if char in "ijlI.,:;'|!() ":
        return 0.4
    return 0.62


@lru_cache(maxsize=1 << 16)
def _fit(title: str, room: float) -> str | None:
    """``title`` shortened (with an ellipsis) to fit ``room``, or None when too little fits."""
    if text_width(title) <= room:
        return title
    budget, width, end = room - text_width(_ELLIPSIS), 0.0, 0
    for char in title:
        width += FONT_SIZE * _char_width(char)
        if width > budget:
            break
        end += 1
    return title[:end].rstrip() + _ELLIPSIS if end >= _MIN_CHARS else None


def _label(text: str, x: float, middle_y: float, anchor: Anchor) -> GraphLabel:
    width = text_width(text)
    left = x if anchor == "start" else x - width / 2 if anchor == "middle" else x - width
    box = Box(left, middle_y - FONT_SIZE * 0.65, left + width, middle_y + FONT_SIZE * 0.45)
    return GraphLabel(text, round(x, 1), round(middle_y + FONT_SIZE * 0.35, 1), anchor, box)


def _centre_label(title: str, cx: float, cy: float) -> GraphLabel | None:
    text = _fit(title, 2 * (_RING - _NODE_RADIUS - _GAP))
    middle = cy + _CENTRE_RADIUS + _GAP + FONT_SIZE * 0.65
    return _label(text, cx, middle, "middle") if text else None


@lru_cache(maxsize=1 << 16)
def _beside(title: str, point: tuple[float, float]) -> GraphLabel | None:
    """A label beside a ring node, facing away from the centre, or None if none fits in the
    view box (a popular note sits at the same point on many pages: placed once)."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    x, y = point
    dx, dy = (x - cx) / _RING, (y - cy) / _RING
    reach = _NODE_RADIUS + _GAP
    if abs(dx) > 0.35:
        anchor: Anchor = "start" if dx > 0 else "end"
        at_x = x + reach if dx > 0 else x - reach
        room = (WIDTH - _MARGIN - at_x) if dx > 0 else (at_x - _MARGIN)
        middle = y
    else:
        anchor, at_x = "middle", x
        room = min(_MIDDLE_ROOM, 2 * min(x - _MARGIN, WIDTH - _MARGIN - x))
        middle = y + (reach + FONT_SIZE * 0.65) * (1 if dy > 0 else -1)
    text = _fit(title, room)
    if text is None:
        return None
    label = _label(text, at_x, middle, anchor)
    return label if label.box.inside(WIDTH, HEIGHT) else None


def _overlaps_any(box: Box, taken: list[Box]) -> bool:
    """Whether ``box`` overlaps one of ``taken`` (:meth:`Box.overlaps`, unrolled: a page
    tests each of its labels against every box placed before it)."""
    left, top, right, bottom = box.left, box.top, box.right, box.bottom
    for other in taken:
        if left < other.right and other.left < right and top < other.bottom and other.top < bottom:
            return True
    return False
