"""The graph as data for the browser: the whole wiki, in shards keyed by note.

The graph is written as ``assets/graph/index.js`` and its shards (see
:mod:`noteforge.views.datashards`): each shard holds its notes' nodes, their outgoing edges
(as ``[target, kind]``: the note is their source) and the attachment and missing nodes
those edges reach (a node linked from notes of several
shards is in each of them; the browser keeps one). The graph page loads them all; a note
page names the index in ``data-graph-data`` and its graph bundle loads the shards when the
reader explores the neighbourhood, then computes the note's capped depth-2 neighbourhood in
the browser. URLs are relative to the site root; the page's ``data-root`` completes them.
"""

from __future__ import annotations

from typing import Any

from noteforge.graph import Node, Wiki, node_id
from noteforge.linker import missing_anchor
from noteforge.model import Note
from noteforge.paths import attachment_file, note_page
from noteforge.resolve import AttachmentTarget
from noteforge.views.datashards import ShardedData

GRAPH_DATA = ShardedData("assets/graph", "nfGraphData")


def graph_entry(wiki: Wiki, note: Note) -> dict[str, list[Any]]:
    """One note's part of the graph: its node, then the attachment and missing nodes its links
    reach, and its outgoing edges as ``[target, kind]`` (the note is their source; one per
    target and kind, in a stable order)."""
    out = {(target, kind) for _, target, kind in wiki.graph.out_edges(note.slug, data="kind")}
    reached = sorted({target for target, _ in out if wiki.graph.nodes[target]["kind"] != "note"}, key=node_id)
    return {
        "nodes": [_node(wiki, node) for node in [note.slug, *reached]],
        "edges": [[target, kind] for target, kind in sorted((node_id(t), k) for t, k in out)],
    }


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
