"""The graph as data for the browser: the whole wiki, written once.

The whole graph is written as ``assets/graph-data.js``, a classic script setting
``window.noteforgeGraphData`` (a script, not JSON fetched at run time, so the pages
work opened from ``file://``). The graph page includes it; a note page names it in
``data-graph-data`` and its graph bundle loads it when the neighbourhood box comes into
view, then computes the note's capped depth-2 neighbourhood in the browser. URLs are
relative to the site root; the page's ``data-root`` completes them.
"""

from __future__ import annotations

import json
from typing import Any

from noteforge.graph import Node, Wiki, node_id
from noteforge.linker import missing_anchor
from noteforge.paths import attachment_file, note_page
from noteforge.resolve import AttachmentTarget
from noteforge.views.base import TextFile

GRAPH_DATA = "assets/graph-data.js"


def graph_data_file(wiki: Wiki) -> TextFile:
    """``assets/graph-data.js`` for the whole-wiki graph page."""
    nodes = [_node(wiki, node) for node in sorted(wiki.graph.nodes, key=node_id)]
    return TextFile(
        GRAPH_DATA, f"window.noteforgeGraphData = {_json({'nodes': nodes, 'edges': _edges(wiki)})};\n"
    )


def _node(wiki: Wiki, node: Node) -> dict[str, Any]:
    data = wiki.graph.nodes[node]
    kind = data["kind"]
    if isinstance(node, str):  # a note, by its slug
        url, tags = note_page(node), list(wiki.note(node).tags)
    elif isinstance(node, AttachmentTarget):
        url, tags = attachment_file(node.path), []
    else:
        url, tags = "missing.html#" + missing_anchor(data["target"]), []
    return {
        "id": node_id(node),
        "label": data["title"],
        "url": url,
        "kind": kind,
        "type": data["type"] or ("attachment" if kind == "attachment" else ""),
        "status": data["status"],
        "tags": tags,
    }


def _edges(wiki: Wiki) -> list[dict[str, str]]:
    """One edge per (source, target, kind), in a stable order."""
    seen = {
        (node_id(source), node_id(target), kind) for source, target, kind in wiki.graph.edges(data="kind")
    }
    return [{"source": s, "target": t, "kind": k} for s, t, k in sorted(seen)]


def _json(value: object) -> str:
    """Compact JSON with no ``<`` at all, so it can neither end a ``<script>`` element nor
    open a comment in one."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
