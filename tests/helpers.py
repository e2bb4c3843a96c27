"""Helpers shared by the tests: paths of the fixtures and one-call parsing and building."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from hypothesis import settings

from noteforge import Config, Note
from noteforge.config import parse_config
from noteforge.model import Fact, SourceFile
from noteforge.parse import parse_note

REPO = Path(__file__).resolve().parents[1]
SAMPLE_NOTES = REPO / "notes"
# The theme's one inline script (it applies the reader's theme before the page is drawn).
THEME_SCRIPT = (REPO / "templates" / "_theme_script.html").read_text(encoding="utf-8").strip()
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_78fbf154efc15efe.txt"
SEED_COPY = Path(__file__).parent / "fixtures" / "seed-smic.md"

MakeNotes = Callable[[Mapping[str, str | bytes]], Path]

# The sample wiki is built as of a fixed day, so "days in status" and "stale" stay put.
SAMPLE_DAY = date(2026, 11, 25)


def sample_config() -> Config:
    """The sample wiki's own configuration (``noteforge.yaml`` at the repository root)."""
    return parse_config((REPO / "noteforge.yaml").read_text(encoding="utf-8"), "noteforge.yaml")


def parse(text: str, path: str = "note.md", config: Config | None = None) -> Note:
    """Parse one note from text, with the parse settings of ``config``."""
    return parse_note(SourceFile(path, text.encode("utf-8")), (config or Config()).parse)


def written(note: Note, index: int | None) -> str | None:
    """The target of a note's link ``index`` (a record's link index) as written; ``None`` for none."""
    return None if index is None else note.links[index].target


def cited(note: Note, fact: Fact) -> tuple[str, ...]:
    """The targets a fact's citation names, as written."""
    return tuple(note.links[index].target for index in fact.sources)


def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed."""
    return BeautifulSoup(path.read_bytes(), "lxml")


def one(node: Tag, selector: str) -> Tag:
    """The single element matching a CSS selector; fails the test if there is none."""
    found = node.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def classes(node: Tag) -> list[str]:
    """The element's class names."""
    return list(node.get_attribute_list("class"))


# The same day as a Unix time, for builds in a subprocess (``SOURCE_DATE_EPOCH``).
SAMPLE_EPOCH = str(int(datetime.combine(SAMPLE_DAY, time(), UTC).timestamp()))


def run(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m noteforge ARGS`` in ``cwd`` (with ``env`` added to the environment), its
    output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "noteforge", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env} if env else None,
        timeout=timeout,
    )


def examples(quick: int) -> int:
    """A property test's example budget: ``quick`` in a normal run, scaled up with the
    hypothesis profile (``HYPOTHESIS_PROFILE=deep``: twenty times; see conftest.py)."""
    budget: int = settings().max_examples
    return max(1, quick * budget // 100)


def sharded_data(site: Path, folder: str, registry: str) -> list[list[object]]:
    """The entries of each shard of a sharded data set (``assets/search``, ``assets/graph``), in
    shard order, read from the scripts as the browser runs them: the index names the count."""
    index = (site / folder / "index.js").read_text(encoding="utf-8")
    count = int(index.removeprefix(f"window.{registry}.shards(").removesuffix(");\n"))
    shards = []
    for number in range(count):
        text = (site / folder / f"{number}.js").read_text(encoding="utf-8")
        prefix = f"window.{registry}.add({number},"
        assert text.startswith(prefix) and text.endswith(");\n"), text[:80]
        shards.append(json.loads(text[len(prefix) : -len(");\n")]))
    return shards


def search_docs(site: Path) -> list[dict[str, str]]:
    """Every document search indexes, in shard order."""
    return [doc for shard in sharded_data(site, "assets/search", "nfSearchData") for doc in shard]  # type: ignore[misc]


def graph_data(site: Path) -> dict[str, list[dict[str, object]]]:
    """The whole graph as the browser merges its shards: each node once, nodes sorted by id and
    edges by (source, target, kind)."""
    nodes: dict[str, dict[str, object]] = {}
    edges: list[dict[str, object]] = []
    for shard in sharded_data(site, "assets/graph", "nfGraphData"):
        for entry in shard:
            assert isinstance(entry, dict)
            source = entry["nodes"][0]["id"]
            nodes.update((str(node["id"]), node) for node in entry["nodes"])
            edges.extend({"source": source, "target": t, "kind": k} for t, k in entry["edges"])
    key = ("source", "target", "kind")
    return {
        "nodes": [nodes[id_] for id_ in sorted(nodes)],
        "edges": sorted(edges, key=lambda edge: tuple(str(edge[k]) for k in key)),
    }
