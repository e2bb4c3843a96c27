"""Search and the graph in a real browser on a wiki whose data comes in several shards, from
``file://`` and over HTTP under a sub-path: every note is found, every node drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from noteforge import Config, build_site
from noteforge.project import project_of
from noteforge.views import datashards
from tests.browser_support import Tab, require_browser
from tests.helpers import graph_data, sharded_data
from tests.test_datashards import NOTES, PER_SHARD, write_wiki

require_browser()

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wiki of ``tests/test_datashards.py`` built with small shards, in ``<tmp>/wiki``."""
    folder = tmp_path_factory.mktemp("sharded")
    write_wiki(folder / "notes")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(datashards, "NOTES_PER_SHARD", PER_SHARD)
        build_site(project_of(folder / "notes", folder / "wiki", Config()))
    assert len(sharded_data(folder / "wiki", "assets/search", "nfSearchData")) > 1
    return folder / "wiki"


def test_search_finds_every_note(tab: Tab, site_dir: Path) -> None:
    tab.goto("index.html")
    page = tab.page
    page.locator("body").press("/")
    field = page.locator("#nf-search-input")
    expect(field).to_be_focused()
    for number in range(NOTES):
        field.fill(f"marker{number:02d}")
        first = page.locator('#nf-search-results [role="option"]').first
        expect(first).to_have_attribute("href", f"notes/n{number:02d}.html")
    count = len(sharded_data(site_dir, "assets/search", "nfSearchData"))
    loaded = {url.rsplit("/", 1)[1] for url in tab.requests if "/assets/search/" in url}
    assert loaded == {"index.js", *(f"{n}.js" for n in range(count))}
    tab.assert_clean()


def test_graph_shows_every_node_once(tab: Tab, site_dir: Path) -> None:
    tab.goto("graph.html")
    page = tab.page
    page.wait_for_function("() => window.noteforgeGraph && window.noteforgeGraph.graph")
    nodes = page.evaluate("() => window.noteforgeGraph.graph.nodes().sort()")
    data = graph_data(site_dir)
    assert nodes == [node["id"] for node in data["nodes"]]
    assert len([node for node in nodes if node.startswith("n")]) == NOTES
    edges = page.evaluate("() => window.noteforgeGraph.graph.size")
    assert edges > 0
    page.evaluate("() => { const l = window.noteforgeGraph.layout; if (l && l.running) l.stop(); }")
    tab.assert_clean()
