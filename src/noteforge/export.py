"""The wiki as JSON: notes with their records, edges, missing targets and diagnostics.

This is the machine interface (``noteforge export``): stable field names, ISO dates,
and no HTML. An edge's ``target`` is a note slug, ``file:<path>`` for an attachment, or
the target as written when it is missing (``resolved: false``). Each note also carries
``url`` (its page, relative to the output folder) and ``backlinks`` (the slugs of the
notes linking to it).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from noteforge.graph import Wiki, backlink_sources
from noteforge.model import Diagnostic, Note
from noteforge.paths import note_page

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
    record["properties"] = {prop.key: prop.value for prop in note.properties}
    record["url"] = note_page(note.slug)
    record["backlinks"] = list(backlinks)
    return record


def _edges(wiki: Wiki) -> list[dict[str, JsonValue]]:
    edges = []
    for source, target, data in wiki.graph.edges(data=True):
        node = wiki.graph.nodes[target]
        resolved = node["kind"] != "missing"
        edges.append(
            {
                "source": source,
                "target": target if resolved else node["target"],
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
