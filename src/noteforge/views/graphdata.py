"""The graph as data for the browser: the whole wiki, and each note's neighbourhood.

The whole graph is written as ``assets/graph-data.js``, a classic script setting
``window.noteforgeGraphData`` (a script, not JSON fetched at run time, so the graph page
works opened from ``file://``). Each note page embeds its depth-2 neighbourhood as JSON.
URLs are relative to the site root; the page's ``data-root`` completes them.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from typing import Any

from markupsafe import Markup

from noteforge.graph import Wiki
from noteforge.linker import missing_anchor
from noteforge.paths import attachment_file, note_page
from noteforge.resolve import ATTACHMENT_PREFIX
from noteforge.views.base import TextFile

GRAPH_DATA = "assets/graph-data.js"
_NEIGHBOURHOOD_DEPTH = 2
_NEIGHBOURHOOD_LIMIT = 60


def graph_data_file(wiki: Wiki) -> TextFile:
    """``assets/graph-data.js`` for the whole-wiki graph page."""
    nodes = [_node(wiki, node) for node in sorted(wiki.graph.nodes)]
    return TextFile(
        GRAPH_DATA, f"window.noteforgeGraphData = {_json({'nodes': nodes, 'edges': _edges(wiki)})};\n"
    )


class Neighbourhoods:
    """Each note's capped depth-2 neighbourhood, from adjacency computed once per build.

    A hub can put most of the wiki within two links, so a neighbourhood is capped: direct
    neighbours first (most connected first), then second-degree ones, up to
    :data:`_NEIGHBOURHOOD_LIMIT` nodes. That keeps each page small and the build linear.
    """

    def __init__(self, wiki: Wiki) -> None:
        self.wiki = wiki
        self.nodes: dict[str, dict[str, Any]] = {}
        self.adjacent: defaultdict[str, set[str]] = defaultdict(set)
        self.kinds: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        for source, target, kind in wiki.graph.edges(data="kind"):
            self.adjacent[source].add(target)
            self.adjacent[target].add(source)
            self.kinds[(source, target)].add(kind)
        self.rank = {node: (-len(around), node) for node, around in self.adjacent.items()}
        # Each node's neighbours, most connected first: a neighbourhood then only ever looks
        # at the first few of each, however big the hubs are.
        by_rank = self.rank.__getitem__
        self.ranked = {node: sorted(around, key=by_rank) for node, around in self.adjacent.items()}

    def json(self, center: str) -> Markup:
        """The neighbourhood of a note as JSON safe inside ``<script>``."""
        depths = self._depths(center)
        inside = set(depths)  # set & set walks the smaller one, not a hub's every neighbour
        nodes = [{**self._node(node), "depth": depths[node]} for node in sorted(depths)]
        edges = [
            {"source": source, "target": target, "kind": kind}
            for source in sorted(depths)
            for target in sorted(self.adjacent[source] & inside)
            for kind in sorted(self.kinds.get((source, target), ()))
        ]
        return Markup(_json({"nodes": nodes, "edges": edges}))

    def _node(self, node: str) -> dict[str, Any]:
        if node not in self.nodes:
            self.nodes[node] = _node(self.wiki, node)
        return self.nodes[node]

    def _depths(self, center: str) -> dict[str, int]:
        depths = {center: 0}
        frontier = [center]
        for depth in range(1, _NEIGHBOURHOOD_DEPTH + 1):
            room = _NEIGHBOURHOOD_LIMIT - len(depths)
            around = {n for node in frontier for n in self.ranked.get(node, [])[:room]} - depths.keys()
            frontier = heapq.nsmallest(room, around, key=self.rank.__getitem__)
            depths.update(dict.fromkeys(frontier, depth))
        return depths


def _node(wiki: Wiki, node: str) -> dict[str, Any]:
    data = wiki.graph.nodes[node]
    kind = data["kind"]
    if kind == "note":
        url, tags = note_page(node), list(wiki.note(node).tags)
    elif kind == "attachment":
        url, tags = attachment_file(node.removeprefix(ATTACHMENT_PREFIX)), []
    else:
        url, tags = "missing.html#" + missing_anchor(data["target"]), []
    return {
        "id": node,
        "label": data["title"],
        "url": url,
        "kind": kind,
        "type": data["type"] or ("attachment" if kind == "attachment" else ""),
        "status": data["status"],
        "tags": tags,
    }


def _edges(wiki: Wiki) -> list[dict[str, str]]:
    """One edge per (source, target, kind), in a stable order."""
    seen = set(wiki.graph.edges(data="kind"))
    return [{"source": s, "target": t, "kind": k} for s, t, k in sorted(seen)]


def _json(value: object) -> str:
    """Compact JSON with no ``<`` at all, so it can neither end a ``<script>`` element nor
    open a comment in one."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
