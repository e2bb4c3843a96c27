"""The wiki as JSON: notes with their records, edges, missing targets and diagnostics.

This is the machine interface (``noteforge export``): stable field names, ISO dates,
and no HTML. An edge's ``target`` is a note slug, ``file:<path>`` for an attachment, or
the target as written when it is missing (``resolved: false``). A fact's ``sources``, a
question's ``answer`` and a related item's ``target`` (``""`` when it names no note) are
the targets of their links as written. Each note also carries ``url`` (its page, relative
to the output folder) and ``backlinks`` (the slugs of the notes linking to it).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from enum import Enum
from typing import Any

import networkx as nx

from noteforge.graph import Wiki, backlink_sources, node_id
from noteforge.model import Diagnostic, Note
from noteforge.paths import note_page
from noteforge.resolve import MissingTarget
from noteforge.xmltext import xml_safe

JsonValue = Any


def export_wiki(wiki: Wiki, diagnostics: tuple[Diagnostic, ...]) -> dict[str, JsonValue]:
    """The whole wiki as one JSON-ready object."""
    backlinks = backlink_sources(wiki)
    return {
        "notes": [_note(note, backlinks[note.slug]) for note in wiki.notes],
        "edges": _edges(wiki),
        "missing": [{"target": m.target, "referrers": list(m.referrers)} for m in wiki.missing()],
        "diagnostics": [to_json(d) for d in diagnostics],
    }


def to_json(value: object) -> JsonValue:
    """Records to plain JSON values: enums by value, dates in ISO form, no ``html`` fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_json(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name != "html"
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_json(item) for item in value]
    return value


def _note(note: Note, backlinks: tuple[str, ...]) -> dict[str, JsonValue]:
    record: dict[str, JsonValue] = to_json(note)
    written = [link.target for link in note.links]
    for fact in record["facts"]:
        fact["sources"] = [written[index] for index in fact["sources"]]
    for question in record["open_questions"]:
        question["answer"] = None if question["answer"] is None else written[question["answer"]]
    for relation in record["related"]:
        relation["target"] = "" if relation["target"] is None else written[relation["target"]]
    record["properties"] = {prop.key: prop.value for prop in note.properties}
    record["url"] = note_page(note.slug)
    record["backlinks"] = list(backlinks)
    return record


def _edges(wiki: Wiki) -> list[dict[str, JsonValue]]:
    edges = []
    for source, target, data in wiki.graph.edges(data=True):
        resolved = not isinstance(target, MissingTarget)
        edges.append(
            {
                "source": source,
                "target": node_id(target) if resolved else wiki.graph.nodes[target]["target"],
                "resolved": resolved,
                "kind": data["kind"],
                "label": data["label"] or None,
                "context": data["context"],
                "fragment": data["fragment"] or None,
                "line": data["line"],
                "col": data["col"],
            }
        )
    return sorted(edges, key=lambda e: (e["source"], e["line"], e["col"], e["target"]))


def portable_graph(wiki: Wiki) -> nx.MultiDiGraph:
    """The wiki's graph with plain attributes only (strings and numbers), as tools expect."""
    graph = nx.MultiDiGraph(name="noteforge")
    for node, data in wiki.graph.nodes(data=True):
        plain = {key: value for key, value in data.items() if isinstance(value, str | int)}
        graph.add_node(node_id(node), **plain)
    for source, target, key, data in wiki.graph.edges(keys=True, data=True):
        graph.add_edge(node_id(source), node_id(target), key=key, **data)
    return graph


def graph_text(wiki: Wiki, output_format: str) -> str:
    """The graph as GraphML (networkx, Gephi), node-link JSON, or Graphviz DOT."""
    graph = portable_graph(wiki)
    if output_format == "graphml":
        return "\n".join(nx.generate_graphml(_xml_safe_graph(graph))) + "\n"
    if output_format == "json":
        return json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=2) + "\n"
    return _dot(graph)


def _xml_safe_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with every text (ids and attributes) fit for XML 1.0."""
    safe = nx.MultiDiGraph(name=graph.graph["name"])

    def clean(data: dict[str, object]) -> dict[str, object]:
        return {key: xml_safe(value) if isinstance(value, str) else value for key, value in data.items()}

    for node, data in graph.nodes(data=True):
        safe.add_node(xml_safe(node), **clean(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        safe.add_edge(xml_safe(source), xml_safe(target), key=key, **clean(data))
    return safe


def _dot(graph: nx.MultiDiGraph) -> str:
    lines = ["digraph noteforge {"]
    for node, data in sorted(graph.nodes(data=True)):
        lines.append(f"  {_dot_id(node)} [{_dot_attributes(data)}];")
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["line"])):
        lines.append(f"  {_dot_id(source)} -> {_dot_id(target)} [{_dot_attributes(data)}];")
    return "\n".join([*lines, "}"]) + "\n"


def _dot_id(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_attributes(data: dict[str, object]) -> str:
    shown = {"label" if key == "title" else key: value for key, value in data.items()}
    return ", ".join(f"{key}={_dot_id(value)}" for key, value in sorted(shown.items()))
