"""Search and graph data in shards keyed by note: every note in the shard its page hashes to, the
merged graph the wiki's graph, and an edit to one note rewriting only that note's shard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noteforge import Config, build_site, load_wiki
from noteforge.graph import node_id
from noteforge.paths import note_page
from noteforge.project import project_of
from noteforge.views import datashards
from noteforge.views.datashards import shard_count
from noteforge.views.previews import shard_of
from tests.helpers import graph_data, sharded_data

NOTES = 40
# With this many notes per shard the 40 notes make 8 shards.
PER_SHARD = 6
DATA_FOLDERS = ("assets/search", "assets/graph")


def wiki_note(number: int, title: str | None = None, extra: str = "") -> str:
    """A note with a word of its own (``marker<nn>``), links to two others and to a missing note."""
    shown = title or f"Topic {number}"
    links = f"[[n{(number + 1) % NOTES:02d}]], [[n{(number * 7) % NOTES:02d}]] and [[gone-{number % 3}]]"
    return f"# {shown}\n\nThis note holds marker{number:02d}. It links to {links}.\n{extra}"


def write_wiki(notes: Path) -> None:
    """The wiki of :data:`NOTES` notes, ``n00.md`` to ``n39.md``."""
    notes.mkdir(parents=True, exist_ok=True)
    for number in range(NOTES):
        (notes / f"n{number:02d}.md").write_text(wiki_note(number), encoding="utf-8")


@pytest.fixture(autouse=True)
def small_shards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(datashards, "NOTES_PER_SHARD", PER_SHARD)
    yield


def data_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for folder in DATA_FOLDERS
        for path in sorted((site / folder).glob("*.js"))
    }


def test_each_note_is_in_the_shard_its_page_hashes_to(tmp_path: Path) -> None:
    write_wiki(tmp_path / "notes")
    build_site(project_of(tmp_path / "notes", tmp_path / "site", Config()))
    count = shard_count(NOTES)
    assert count == 8
    search = sharded_data(tmp_path / "site", "assets/search", "nfSearchData")
    graph = sharded_data(tmp_path / "site", "assets/graph", "nfGraphData")
    assert len(search) == len(graph) == count
    for number, shard in enumerate(search):
        for doc in shard:
            assert isinstance(doc, dict) and shard_of(doc["url"], count) == number
    for number, shard in enumerate(graph):
        for entry in shard:
            assert isinstance(entry, dict)
            note = entry["nodes"][0]
            assert note["kind"] == "note" and shard_of(note["url"], count) == number
    urls = sorted(doc["url"] for shard in search for doc in shard)  # type: ignore[index]
    assert urls == sorted(note_page(f"n{number:02d}") for number in range(NOTES))
    assert sum(1 for shard in search if shard) > 1, "the notes should spread over several shards"


def test_the_merged_graph_is_the_wikis_graph(tmp_path: Path) -> None:
    write_wiki(tmp_path / "notes")
    build_site(project_of(tmp_path / "notes", tmp_path / "site", Config()))
    data = graph_data(tmp_path / "site")
    wiki, _ = load_wiki(project_of(tmp_path / "notes", config=Config()))
    assert [node["id"] for node in data["nodes"]] == sorted(map(node_id, wiki.graph.nodes))
    edges = sorted({(node_id(s), node_id(t), k) for s, t, k in wiki.graph.edges(data="kind")})
    assert [(e["source"], e["target"], e["kind"]) for e in data["edges"]] == edges
    missing = [node for node in data["nodes"] if node["kind"] == "missing"]
    assert sorted(node["label"] for node in missing) == ["gone-0", "gone-1", "gone-2"]  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("text", "folders"),
    [
        pytest.param(wiki_note(5, extra="\nOne more line.\n"), ("assets/search",), id="body"),
        pytest.param(wiki_note(5, title="A new title"), DATA_FOLDERS, id="title"),
    ],
)
def test_an_edit_to_one_note_rewrites_only_its_shard(
    tmp_path: Path, text: str, folders: tuple[str, ...]
) -> None:
    """Two clean builds, before and after an edit to ``n05``: only its shards differ (the graph's
    only when what it shows of the note changes)."""
    notes = tmp_path / "notes"
    write_wiki(notes)
    build_site(project_of(notes, tmp_path / "before", Config()))
    (notes / "n05.md").write_text(text, encoding="utf-8")
    build_site(project_of(notes, tmp_path / "after", Config()))
    before, after = data_files(tmp_path / "before"), data_files(tmp_path / "after")
    assert sorted(before) == sorted(after)
    changed = sorted(path for path in before if before[path] != after[path])
    shard = shard_of(note_page("n05"), shard_count(NOTES))
    assert changed == sorted(f"{folder}/{shard}.js" for folder in folders)
