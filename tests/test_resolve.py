"""The resolve stage: link targets → notes, and the graph built from them."""

from __future__ import annotations

import pytest

from noteforge.graph import Wiki, backlink_sources, build_wiki
from noteforge.model import LinkKind
from noteforge.resolve import (
    MissingTarget,
    NoteTarget,
    PathTarget,
    Target,
    build_index,
    lookup_key,
    resolve_links,
)
from tests.helpers import parse


def wiki_of(files: dict[str, str]) -> Wiki:
    notes = tuple(parse(text, path) for path, text in files.items())
    return build_wiki(notes, resolve_links(notes, build_index(notes)))


def target_of(wiki: Wiki, slug: str, index: int = 0) -> Target:
    return wiki.targets[slug][index]


@pytest.mark.parametrize(
    "written",
    [
        "[[Huawei]]",
        "[[huawei.md]]",
        "[[HUAWEI]]",
        "[[Huawei Technologies]]",
        "[[华为]]",
        "[x](huawei.md)",
        "[[companies/huawei]]",
    ],
)
def test_targets_resolve_by_path_name_alias_and_title(written: str) -> None:
    wiki = wiki_of(
        {
            "companies/huawei.md": "---\naliases: [华为]\n---\n# Huawei Technologies\n",
            "companies/smic.md": f"SMIC\n\nSee {written}.\n",
        }
    )
    assert target_of(wiki, "companies/smic") == NoteTarget("companies/huawei")
    assert wiki.diagnostics == ()


def test_lookup_is_unicode_normalised() -> None:
    decomposed = "Cafe\u0301"
    assert lookup_key(decomposed) == lookup_key("Café") == "café"


def test_path_beats_file_name_beats_alias_beats_title() -> None:
    wiki = wiki_of(
        {
            "x.md": "---\ntitle: y\naliases: [z]\n---\n",
            "y.md": "---\naliases: [w]\n---\n",
            "z.md": "---\ntitle: w\n---\n",
            "w.md": "W\n\n[[x]] [[y]] [[z]] [[w]]\n",
        }
    )
    assert wiki.targets["w"] == tuple(map(NoteTarget, ("x", "y", "z", "w")))


def test_markdown_links_are_relative_to_the_linking_note() -> None:
    wiki = wiki_of(
        {
            "a/one.md": "One\n\n[two](../b/two.md) [root](b/two.md) [up](../../two.md)\n",
            "b/two.md": "Two\n",
        }
    )
    assert wiki.targets["a/one"] == (NoteTarget("b/two"), NoteTarget("b/two"), PathTarget())
    assert wiki.missing() == (), "a path kept as written is not a missing note"


def test_unresolved_link_is_kept_as_a_missing_node_and_reported_with_a_suggestion() -> None:
    wiki = wiki_of({"huawei.md": "Huawei\n", "smic.md": "SMIC\n\nSee [[huawai]] and [[Nowhere]].\n"})
    assert wiki.targets["smic"] == (MissingTarget("huawai"), MissingTarget("nowhere"))
    [first, second] = wiki.diagnostics
    assert (first.code, first.line, first.col) == ("NF201", 3, 5)
    assert "did you mean [[huawei]]?" in first.message
    assert "did you mean" not in second.message
    [missing_a, missing_b] = wiki.missing()
    assert {(m.target, m.referrers) for m in (missing_a, missing_b)} == {
        ("huawai", ("smic",)),
        ("Nowhere", ("smic",)),
    }


def test_missing_targets_written_differently_are_one_node() -> None:
    wiki = wiki_of({"a.md": "A\n\n[[Ghost]]\n", "b.md": "B\n\n[[ghost]] [[GHOST.md]]\n"})
    [ghost] = wiki.missing()
    assert (ghost.key, ghost.target, ghost.referrers) == ("ghost", "GHOST.md", ("a", "b"))


def test_ambiguous_link_picks_the_shortest_path_and_says_so() -> None:
    wiki = wiki_of({"deep/er/dup.md": "D1\n", "b/dup.md": "D2\n", "main.md": "M\n\n[[dup]]\n"})
    assert target_of(wiki, "main") == NoteTarget("b/dup")
    [problem] = wiki.diagnostics
    assert problem.code == "NF202"
    assert "b/dup.md" in problem.message and "deep/er/dup.md" in problem.message


def test_fragment_only_link_points_at_its_own_note_and_adds_no_edge() -> None:
    wiki = wiki_of({"a.md": "A\n\n## Part\n\nSee [[#Part]].\n"})
    assert target_of(wiki, "a") == NoteTarget("a")
    assert wiki.graph.number_of_edges() == 0


def test_graph_has_typed_edges_with_context() -> None:
    wiki = wiki_of(
        {
            "smic.md": "SMIC\n\nMakes chips for [[huawei]].\n\n"
            "## Key facts\n\n- Uses N+2. From 2026-01-01-src.\n\n"
            "## Related\n\n- huawei — primary customer\n",
            "huawei.md": "Huawei\n",
            "2026-01-01-src.md": "Src\n",
        }
    )
    edges = sorted((s, t, d["kind"], d["context"]) for s, t, d in wiki.graph.edges(data=True))
    assert edges == [
        ("smic", "2026-01-01-src", "cites", "Uses N+2."),
        ("smic", "huawei", "mentions", "Makes chips for huawei."),
        ("smic", "huawei", "related", "primary customer"),
    ]
    related_labels = [d["label"] for _, _, d in wiki.graph.edges(data=True) if d["kind"] == "related"]
    assert related_labels == ["primary customer"]
    assert [(b.source, b.kind) for b in wiki.backlinks("huawei")] == [
        ("smic", LinkKind.MENTIONS),
        ("smic", LinkKind.RELATED),
    ]
    assert backlink_sources(wiki) == {"2026-01-01-src": ("smic",), "huawei": ("smic",), "smic": ()}


def test_graph_nodes_carry_type_and_status() -> None:
    wiki = wiki_of({"t.md": "---\ntype: thesis\nstatus: retired\n---\nT\n\n[[gone]]\n"})
    assert wiki.graph.nodes["t"]["type"] == "thesis"
    assert wiki.graph.nodes["t"]["status"] == "retired"
    assert wiki.graph.nodes[MissingTarget("gone")]["kind"] == "missing"
