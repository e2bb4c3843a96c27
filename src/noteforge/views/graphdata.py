"""The graph as data for the browser: the whole wiki, and each note's neighbourhood.

The whole graph is written as ``assets/graph-data.js``, a classic script setting
``window.noteforgeGraphData`` (a script, not JSON fetched at run time, so the graph page
works opened from ``file://``). Each note page embeds its depth-2 neighbourhood as JSON.
URLs are relative to the site root; the page's ``data-root`` completes them.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
from markupsafe import Markup

from noteforge.graph import Wiki
from noteforge.linker import missing_anchor
from noteforge.paths import attachment_file, note_page
from noteforge.resolve import ATTACHMENT_PREFIX
from noteforge.views.base import TextFile

GRAPH_DATA = "assets/graph-data.js"
_NEIGHBOURHOOD_DEPTH = 2


def graph_data_file(wiki: Wiki) -> TextFile:
    """``assets/graph-data.js`` for the whole-wiki graph page."""
    nodes = [_node(wiki, node) for node in sorted(wiki.graph.nodes)]
    return TextFile(
        GRAPH_DATA, f"window.noteforgeGraphData = {_json({'nodes': nodes, 'edges': _edges(wiki, None)})};\n"
    )


def neighbourhood_json(wiki: Wiki, center: str) -> Markup:
    """The nodes within two links of a note (either direction), as JSON safe inside ``<script>``."""
    undirected = wiki.graph.to_undirected(as_view=True)
    depths: dict[str, int] = nx.single_source_shortest_path_length(
        undirected, center, cutoff=_NEIGHBOURHOOD_DEPTH
    )
    nodes = [{**_node(wiki, node), "depth": depths[node]} for node in sorted(depths)]
    return Markup(_json({"nodes": nodes, "edges": _edges(wiki, set(depths))}))


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


def _edges(wiki: Wiki, within: set[str] | None) -> list[dict[str, str]]:
    """One edge per (source, target, kind), in a stable order."""
    seen = {
        (source, target, kind)
        for source, target, kind in wiki.graph.edges(data="kind")
        if within is None or (source in within and target in within)
    }
    return [{"source": s, "target": t, "kind": k} for s, t, k in sorted(seen)]


def _json(value: object) -> str:
    """Compact JSON with no ``<`` at all, so it can neither end a ``<script>`` element nor
    open a comment in one."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
