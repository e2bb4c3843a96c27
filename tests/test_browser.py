"""Real-browser tests of the built sample site: Chromium driven by Playwright, plus axe-core.

The sample wiki is built once into a temporary folder and opened two ways: straight from disk
(``file://…/index.html``) and over HTTP under a sub-path (``http://127.0.0.1:<port>/wiki/``), since a
static site must work both ways. Every page visit records console errors, uncaught page errors and
every request; each test ends by asserting there were none of the first two and that every request
stayed on the site's own origin (and, over HTTP, that nothing answered 4xx/5xx).

Needs Debian's ``/usr/bin/chromium`` and the ``playwright`` Python package (its own browser download is
not used); axe-core is vendored in ``tests/browser/vendor``. Without them the module fails, saying what
to install, unless ``NOTEFORGE_BROWSER_TESTS=skip`` (see tests/browser_support.py).
"""

from __future__ import annotations

import heapq
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from noteforge import build_site
from noteforge.project import project_of
from tests.browser_support import Tab, require_browser
from tests.helpers import SAMPLE_DAY, SAMPLE_NOTES, graph_data, sample_config

AXE = Path(__file__).parent / "browser" / "vendor" / "axe.min.js"  # axe-core, see docs/dependencies.md

require_browser()

from playwright.sync_api import (  # noqa: E402
    Locator,
    Page,
    expect,
)

# ---------------------------------------------------------------------------------------------------
# Fixtures: the built site, its root (on disk or served), a browser context, a watched tab
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample wiki, built once; it lives in ``<tmp>/wiki`` so HTTP can serve it under ``/wiki/``."""
    out = tmp_path_factory.mktemp("browser-site") / "wiki"
    build_site(project_of(SAMPLE_NOTES, out, sample_config()), SAMPLE_DAY)
    return out


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------


def graph_data_node_count(site: Path) -> int:
    """How many distinct nodes the shards of ``assets/graph`` declare."""
    return len({str(node["id"]) for node in graph_data(site)["nodes"]})


def reference_neighbourhood(data: dict[str, Any], center: str, limit: int = 60) -> dict[str, int]:
    """Each node of ``center``'s capped depth-2 neighbourhood, with its depth, as the build once
    computed it in Python: what the note pages' graph must compute in the browser.

    Neighbours are ranked by (-degree, id) over the undirected adjacency of every edge. At each
    depth, with ``room`` left under ``limit``, the candidates are the first ``room`` ranked
    neighbours of each frontier node not yet placed, and the ``room`` best ranked of them get
    that depth.
    """
    adjacent: defaultdict[str, set[str]] = defaultdict(set)
    for edge in data["edges"]:
        adjacent[edge["source"]].add(edge["target"])
        adjacent[edge["target"]].add(edge["source"])
    rank = {node: (-len(around), node) for node, around in adjacent.items()}
    ranked = {node: sorted(around, key=rank.__getitem__) for node, around in adjacent.items()}
    depths = {center: 0}
    frontier = [center]
    for depth in (1, 2):
        room = limit - len(depths)
        around = {n for node in frontier for n in ranked.get(node, [])[:room]} - depths.keys()
        frontier = heapq.nsmallest(room, around, key=rank.__getitem__)
        depths.update(dict.fromkeys(frontier, depth))
    return depths


def explore_local_graph(page: Page) -> None:
    """Press "Explore" under a note page's static local graph (which loads the interactive one)."""
    button = page.get_by_role("button", name="Explore the neighbourhood interactively")
    button.scroll_into_view_if_needed()
    button.click()


def settle_graph(page: Page) -> None:
    """Show the interactive graph (a note page loads it on "Explore"), wait for the graph hook,
    stop the layout instead of waiting for it, and wait for the redraw."""
    if page.locator("#nf-local-graph-explore").count():
        explore_local_graph(page)
    page.locator(".nf-graph").first.scroll_into_view_if_needed()
    page.wait_for_function("() => window.noteforgeGraph && window.noteforgeGraph.layout")
    page.evaluate("() => { const l = window.noteforgeGraph.layout; if (l.running) l.stop(); }")
    page.wait_for_function("() => window.noteforgeGraph.timings.layoutRendered !== undefined")
    # Two frames: any refresh scheduled by the stop has been drawn.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def node_point(page: Page, container: str, node: str) -> tuple[float, float]:
    """The node's centre in page viewport coordinates (its container scrolled into view)."""
    page.locator(container).scroll_into_view_if_needed()
    point: dict[str, float] = page.evaluate(
        """([selector, node]) => {
            const g = window.noteforgeGraph;
            const p = g.renderer.framedGraphToViewport(g.renderer.getNodeDisplayData(node));
            const box = document.querySelector(selector).getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        [container, node],
    )
    x, y = point["x"], point["y"]
    assert 0 <= x <= 1280 and 0 <= y <= 900, f"node {node} is off screen at {x}, {y}"
    return x, y


def click_node(page: Page, container: str, node: str) -> None:
    x, y = node_point(page, container, node)
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def visible_text(page: Page, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


# ---------------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------------


def test_status_badges_are_visible(tab: Tab) -> None:
    tab.goto("notes/smic.html")
    badge = tab.page.locator(".note-header .badge-hypothesis")
    expect(badge).to_be_visible()
    assert visible_text(tab.page, ".note-header .badge-hypothesis") == "Hypothesis since 22 May 2026"

    tab.goto("theses.html")
    columns = tab.page.locator(".board > .board-column")
    expect(columns).to_have_count(3)
    for status, label in [("hypothesis", "Hypothesis"), ("active", "Active thesis"), ("retired", "Retired")]:
        column = tab.page.locator(f".board-column.board-{status}")
        expect(column).to_be_visible()
        expect(column.locator("h2 .badge-label")).to_have_text(label)
    tab.assert_clean()


def test_backlinks_navigate(tab: Tab) -> None:
    tab.goto("notes/smic.html")
    link = tab.page.locator("section:has(> #nf-backlinks) a.internal").first
    expect(link).to_be_visible()
    title = link.inner_text().strip()
    href = link.get_attribute("href")
    assert href and href != "smic.html", href
    link.click()
    tab.page.wait_for_url(tab.url("notes/" + href))
    expect(tab.page.locator("main h1")).to_have_text(title)
    tab.assert_clean()


def _search_ascend(tab: Tab, page_path: str) -> Locator:
    """Open search with "/", type "Ascend"; return SMIC's option once the final list is shown."""
    tab.goto(page_path)
    page = tab.page
    page.locator("body").press("/")
    expect(page.locator("#nf-search-input")).to_be_focused()
    # Lists for the prefixes typed on the way ("A", "As", …) are rendered too; note when the list
    # last changed, to wait for the final one.
    page.evaluate(
        """() => {
            const list = document.getElementById('nf-search-results');
            window.__nfListChanged = performance.now();
            new MutationObserver(() => { window.__nfListChanged = performance.now(); })
                .observe(list, {childList: true});
        }"""
    )
    page.keyboard.type("Ascend")
    results = page.locator("#nf-search-results")
    expect(results).to_be_visible()
    # The final list is the one rendered with the whole index loaded (its status invites choosing with
    # the arrows) and then left alone for a while (the search runs 60 ms after the last keystroke).
    expect(page.locator(".nf-search-status")).to_have_text(re.compile(r"results?\. Use up and down"))
    page.wait_for_function("() => performance.now() - window.__nfListChanged > 250", polling=50)
    smic = results.locator('[role="option"]').filter(
        has=page.locator(".nf-search-result-title", has_text=re.compile(r"^SMIC"))
    )
    expect(smic).to_have_count(1)
    expect(smic).to_have_attribute("href", re.compile(r"(^|/)notes/smic\.html$"))
    expect(smic.locator("mark").first).to_have_text(re.compile(r"^ascend", re.IGNORECASE))
    # Every mark in the list is a match of the query, not leftover markup.
    marks = results.locator("mark").all_inner_texts()
    assert marks and all(m.lower().startswith("ascend") for m in marks), marks
    return smic


def test_search_keyboard_from_index(tab: Tab) -> None:
    smic = _search_ascend(tab, "index.html")
    page = tab.page
    options = page.locator('#nf-search-results [role="option"]')
    for _ in range(options.count()):
        page.keyboard.press("ArrowDown")
        if smic.get_attribute("aria-selected") == "true":
            break
    expect(smic).to_have_attribute("aria-selected", "true")
    expect(page.locator("#nf-search-input")).to_have_attribute(
        "aria-activedescendant", smic.get_attribute("id") or "?"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(tab.url("notes/smic.html"))
    expect(page.locator("main h1")).to_have_text(re.compile(r"^SMIC"))
    tab.assert_clean()


def test_search_click_from_note_page(tab: Tab) -> None:
    smic = _search_ascend(tab, "notes/tsmc.html")
    assert tab.page.locator("body").get_attribute("data-root") == "../"
    smic.click()
    tab.page.wait_for_url(tab.url("notes/smic.html"))
    expect(tab.page.locator("main h1")).to_have_text(re.compile(r"^SMIC"))
    tab.assert_clean()


def test_graph_draws_and_nodes_navigate(tab: Tab, site_dir: Path) -> None:
    tab.goto("graph.html")
    page = tab.page
    settle_graph(page)
    assert page.locator("#nf-graph canvas").count() > 0
    assert page.evaluate("() => window.noteforgeGraph.graph.order") == graph_data_node_count(site_dir)
    expect(page.locator("#nf-graph")).not_to_have_class(re.compile(r"nf-graph-failed"))
    click_node(page, "#nf-graph", "smic")
    page.wait_for_url(tab.url("notes/smic.html"))
    expect(page.locator("main h1")).to_have_text(re.compile(r"^SMIC"))
    tab.assert_clean()


def test_local_graph_neighbour_navigates(tab: Tab) -> None:
    tab.goto("notes/smic.html")
    page = tab.page
    settle_graph(page)
    assert page.locator("#nf-local-graph canvas").count() > 0
    neighbour: dict[str, str] = page.evaluate(
        """() => {
            const g = window.noteforgeGraph;
            const ids = g.graph.neighbors(g.center).filter(
                n => g.graph.getNodeAttribute(n, 'nfKind') === 'note' && g.graph.getNodeAttribute(n, 'url'));
            ids.sort();
            return {id: ids[0], url: g.graph.getNodeAttribute(ids[0], 'url')};
        }"""
    )
    click_node(page, "#nf-local-graph", neighbour["id"])
    page.wait_for_url(tab.url(neighbour["url"]))
    tab.assert_clean()


def local_graph_depths(page: Page) -> dict[str, int]:
    """Switch the note page's graph to two steps; return each drawn node's depth."""
    settle_graph(page)
    page.get_by_label("Two steps").check()
    depths: dict[str, int] = page.evaluate(
        """() => {
            const g = window.noteforgeGraph.graph;
            return Object.fromEntries(g.nodes().map(n => [n, g.getNodeAttribute(n, 'nfDepth')]));
        }"""
    )
    return depths


def local_graph_edges(page: Page) -> list[tuple[str, str, str]]:
    """The edges of the neighbourhood computed in the page (before merging into drawn edges)."""
    edges: list[list[str]] = page.evaluate(
        "() => window.noteforgeGraph.data.edges.map(e => [e.source, e.target, e.kind])"
    )
    return [(s, t, k) for s, t, k in edges]


def inside_edges(data: dict[str, Any], depths: dict[str, int]) -> list[tuple[str, str, str]]:
    return [
        (e["source"], e["target"], e["kind"])
        for e in data["edges"]
        if e["source"] in depths and e["target"] in depths
    ]


GRAPH_BUNDLE = "/vendor/noteforge-graph.js"
GRAPH_DATA = "/assets/graph/"


def test_local_graph_is_loaded_on_explore(tab: Tab) -> None:
    """A note page shows its static local graph and asks for the graph bundle and
    the graph data (``assets/graph/``) only once the reader presses "Explore", even with the graph on screen
    and after scrolling the whole page."""
    page = tab.page
    page.set_viewport_size({"width": 1366, "height": 900})
    try:
        tab.goto("notes/smic.html")
        expect(page.locator("#nf-local-graph-static svg")).to_be_visible()
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.wait_for_timeout(300)  # a lazy loader would have fired by now: nothing should come
        assert not any(GRAPH_DATA in url or url.endswith(GRAPH_BUNDLE) for url in tab.requests), tab.requests
        assert page.evaluate("() => window.nfGraphData === undefined && !window.noteforgeGraph")
        settle_graph(page)
        expect(page.locator("#nf-local-graph-static")).to_be_hidden()
        assert page.locator("#nf-local-graph canvas").count() > 0
        assert [url for url in tab.requests if GRAPH_DATA in url] == [
            tab.url("assets/graph/index.js"),
            tab.url("assets/graph/0.js"),
        ]
        bundle = [url for url in tab.requests if url.endswith(GRAPH_BUNDLE)]
        assert bundle == [tab.url("assets" + GRAPH_BUNDLE)]
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    tab.assert_clean()


STATIC_LABEL_BOXES = """() => {
    const svg = document.querySelector('#nf-local-graph-static svg');
    const view = svg.viewBox.baseVal;
    const boxes = [...svg.querySelectorAll('text')].map(t => {
        const b = t.getBBox();
        return {text: t.textContent, left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height};
    });
    return {width: view.width, height: view.height, boxes};
}"""


def test_static_local_graph_labels_fit_and_do_not_overlap(tab: Tab) -> None:
    """Measured by the browser: every label of the static graph lies inside the view box and no
    two overlap."""
    tab.goto("notes/nvidia.html")
    found = tab.page.evaluate(STATIC_LABEL_BOXES)
    boxes = found["boxes"]
    assert len(boxes) >= 5, boxes
    for box in boxes:
        assert box["left"] >= 0 and box["top"] >= 0, box
        assert box["right"] <= found["width"] and box["bottom"] <= found["height"], box
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["right"] <= b["left"] or b["right"] <= a["left"]
                or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            )  # fmt: skip
            assert apart, (a, b)
    tab.assert_clean()


def test_static_local_graph_links_are_keyboard_reachable_and_navigate(tab: Tab) -> None:
    tab.goto("notes/smic.html")
    page = tab.page
    link = page.locator("#nf-local-graph-static a:not(.nf-lg-missing)").first
    href = link.get_attribute("href")
    assert href
    link.focus()
    ring = page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement.querySelector('circle'));
            return [style.strokeWidth, style.stroke];
        }"""
    )
    assert ring[0] == "4px" and ring[1] not in ("none", ""), f"no visible focus ring: {ring}"
    page.keyboard.press("Enter")
    page.wait_for_url(tab.url("notes/" + href))
    tab.assert_clean()


def test_global_graph_fills_the_viewport_below_the_header(tab: Tab) -> None:
    tab.goto("graph.html")
    page = tab.page
    settle_graph(page)
    box = page.evaluate(
        """() => {
            const r = document.getElementById('nf-graph').getBoundingClientRect();
            const header = document.querySelector('.site-header').getBoundingClientRect();
            const main = document.querySelector('main').getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, header: header.bottom,
                    height: innerHeight, viewport: document.documentElement.clientWidth,
                    mainLeft: main.left};
        }"""
    )
    assert abs(box["bottom"] - box["height"]) <= 2, box
    assert box["header"] - 1 <= box["top"] <= box["header"] + 40, box
    # Beside the site's navigation column, the graph takes all the rest of the width.
    assert box["left"] <= box["mainLeft"] + 1 and box["right"] >= box["viewport"] - 24, box
    assert box["right"] - box["left"] >= 0.7 * box["viewport"], box
    tab.assert_clean()


def test_global_graph_filters_fold_into_a_panel(tab: Tab) -> None:
    tab.goto("graph.html")
    page = tab.page
    settle_graph(page)
    toggle = page.locator("button[aria-controls=nf-graph-panel]")
    panel = page.locator("#nf-graph-panel")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(panel.locator("form.nf-graph-controls")).to_be_visible()
    panel.locator("input[type=checkbox]").first.focus()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(toggle).to_be_focused()
    toggle.click()
    expect(panel).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()
    tab.assert_clean()


def label_boxes(page: Page) -> dict[str, Any]:
    """The drawn label boxes (from the graph's test hook) and the canvas size, after a redraw."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    result: dict[str, Any] = page.evaluate(
        """() => {
            const g = window.noteforgeGraph;
            const d = g.renderer.getDimensions();
            return {boxes: g.labels(), width: d.width, height: d.height};
        }"""
    )
    return result


def assert_labels_tidy(found: dict[str, Any]) -> None:
    boxes = found["boxes"]
    assert boxes, "no label is drawn"
    for b in boxes:
        assert b["x"] >= 0 and b["y"] >= 0, b
        assert b["x"] + b["width"] <= found["width"] and b["y"] + b["height"] <= found["height"], (b, found)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, f"labels overlap: {a} {b}"


@pytest.mark.parametrize("path", ["graph.html", "notes/smic.html"])
def test_graph_labels_never_overlap_nor_leave_the_canvas(tab: Tab, path: str) -> None:
    tab.goto(path)
    page = tab.page
    settle_graph(page)
    assert_labels_tidy(label_boxes(page))
    for ratio in (0.4, 2.5):  # zoomed in (more labels fit) and out
        page.evaluate(f"() => window.noteforgeGraph.renderer.getCamera().setState({{ratio: {ratio}}})")
        assert_labels_tidy(label_boxes(page))
    page.evaluate("() => window.noteforgeGraph.renderer.getCamera().setState({ratio: 0.4, x: 0.9, y: 0.9})")
    found = label_boxes(page)
    if found["boxes"]:
        assert_labels_tidy(found)
    tab.assert_clean()


def test_graph_hovered_node_and_neighbours_are_labelled(tab: Tab) -> None:
    tab.goto("graph.html")
    page = tab.page
    settle_graph(page)
    x, y = node_point(page, "#nf-graph", "smic")
    page.mouse.move(x, y)
    page.wait_for_function("() => window.noteforgeGraph.state.hovered === 'smic'")
    found = label_boxes(page)
    assert_labels_tidy(found)
    labelled = {b["node"] for b in found["boxes"]}
    neighbours = set(page.evaluate("() => window.noteforgeGraph.graph.neighbors('smic')"))
    assert "smic" in labelled
    assert labelled <= neighbours | {"smic"}
    assert len(labelled & neighbours) >= len(neighbours) // 2, (labelled, neighbours)
    tab.assert_clean()


def test_graph_node_focused_in_the_text_list_is_labelled(tab: Tab) -> None:
    tab.goto("notes/smic.html")
    page = tab.page
    settle_graph(page)
    page.locator("#nf-local-graph-more > summary").click()
    item = page.locator("#nf-local-graph-more li[data-node]").last
    node = item.get_attribute("data-node")
    item.locator("a").focus()
    page.wait_for_function("(node) => window.noteforgeGraph.state.hovered === node", arg=node)
    found = label_boxes(page)
    assert_labels_tidy(found)
    assert node in {b["node"] for b in found["boxes"]}
    page.locator("#nf-local-graph-more > summary").focus()
    page.wait_for_function("() => window.noteforgeGraph.state.hovered === null")
    tab.assert_clean()


NODE_COLOURS = """() => {
    const g = window.noteforgeGraph;
    const style = getComputedStyle(document.documentElement);
    const probe = document.createElement('canvas').getContext('2d');
    const out = [];
    g.graph.forEachNode((n, a) => {
        if (a.nfKind !== 'note' || a.nfStatus === 'retired') return;
        const known = /^[a-z0-9-]+$/.test(a.nfType) && style.getPropertyValue('--type-' + a.nfType).trim();
        probe.fillStyle = style.getPropertyValue('--type-' + (known ? a.nfType : 'other')).trim();
        out.push([n, a.color, probe.fillStyle]);
    });
    return out;
}"""


@pytest.mark.parametrize("path", ["graph.html", "notes/smic.html"])
def test_graph_node_colours_are_the_css_type_colours(tab: Tab, path: str) -> None:
    tab.goto(path)
    page = tab.page
    settle_graph(page)
    light = page.evaluate(NODE_COLOURS)
    assert light and all(drawn == css for _, drawn, css in light), light
    page.evaluate("() => document.documentElement.setAttribute('data-theme', 'dark')")
    page.wait_for_function(
        "(before) => window.noteforgeGraph.graph.getNodeAttribute(before[0], 'color') !== before[1]",
        arg=light[0],
    )
    dark = page.evaluate(NODE_COLOURS)
    assert all(drawn == css for _, drawn, css in dark), dark
    assert {n: c for n, c, _ in dark} != {n: c for n, c, _ in light}
    swatch = page.evaluate(
        "() => getComputedStyle(document.querySelector('.nf-graph-swatch-node')).backgroundColor"
    )
    assert swatch, "the legend has type swatches"
    tab.assert_clean()


def test_local_graph_fits_a_narrow_column(tab: Tab) -> None:
    """Sized by its container (a 16rem sidebar or a phone), square-ish, redrawn when resized."""
    tab.goto("notes/smic.html")
    page = tab.page
    settle_graph(page)
    page.evaluate("() => { document.getElementById('nf-local-graph').style.width = '256px'; }")
    page.wait_for_function("() => window.noteforgeGraph.renderer.getDimensions().width === 256")
    found = label_boxes(page)
    assert abs(found["height"] - 256) <= 2, found
    assert_labels_tidy(found)
    tab.assert_clean()


def test_local_graph_data_that_does_not_load_is_reported(tab: Tab) -> None:
    tab.goto("notes/smic.html")
    page = tab.page
    assert not any(GRAPH_DATA in url for url in tab.requests), tab.requests
    page.evaluate(
        "() => document.getElementById('nf-local-graph').dataset.graphData = '../assets/no-such-data.js'"
    )
    explore_local_graph(page)
    expect(page.locator("#nf-local-graph .nf-graph-message")).to_have_text(
        "No neighbourhood data for this note."
    )
    assert not tab.page_errors, tab.page_errors
    assert any(url.endswith("/assets/no-such-data.js") for url in tab.requests), tab.requests


def test_local_graph_neighbourhood_matches_the_reference(tab: Tab, site_dir: Path) -> None:
    data = graph_data(site_dir)
    expected = reference_neighbourhood(data, "smic")
    assert 2 in expected.values(), "the sample's smic has no second-degree neighbours to compare"
    tab.goto("notes/smic.html")
    page = tab.page
    assert local_graph_depths(page) == expected
    assert local_graph_edges(page) == inside_edges(data, expected)
    tab.assert_clean()


def synthetic_graph_data(seed: int) -> dict[str, Any]:
    """A made-up wiki graph around ``smic`` big enough for the cap of 60 nodes to bite, with many
    equal degrees (ties broken by id), hubs, self-links and several kinds between one pair."""
    rng = random.Random(seed)
    ids = [f"n{i:03d}" for i in range(300)] + ["Hub-A", "hub-b", "Zeta", "alpha-2", "alpha-10", "émile"]
    kinds = ["mentions", "cites", "related", "embeds", "property"]
    edges: set[tuple[str, str, str]] = set()
    for neighbour in rng.sample(ids, 35):
        edges.add(
            ("smic", neighbour, rng.choice(kinds)) if rng.random() < 0.7 else (neighbour, "smic", "mentions")
        )
    for node in ids:
        for other in rng.sample(ids, rng.randint(1, 6)):
            edges.add((node, other, rng.choice(kinds)))
    for hub in ("Hub-A", "hub-b", "n007"):
        for other in rng.sample(ids, 80):
            edges.add((other, hub, rng.choice(kinds)))
    edges.update({("Hub-A", "smic", "cites"), ("Hub-A", "smic", "related")})
    edges.update({("Hub-A", "Hub-A", "mentions"), ("n007", "n007", "embeds")})
    nodes = [
        {
            "id": node,
            "label": node,
            "url": f"notes/{node}.html",
            "kind": "note",
            "type": "entity",
            "status": "",
            "tags": [],
        }
        for node in sorted(["smic", *ids])
    ]
    return {
        "nodes": nodes,
        "edges": [{"source": s, "target": t, "kind": k} for s, t, k in sorted(edges)],
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_local_graph_cap_matches_the_reference(tab: Tab, seed: int) -> None:
    """Data already on the page is used as it is, and the capped neighbourhood is the reference one."""
    data = synthetic_graph_data(seed)
    expected = reference_neighbourhood(data, "smic")
    assert len(expected) == 60 and 2 in expected.values()
    page = tab.page
    page.add_init_script(f"window.noteforgeGraphData = {json.dumps(data)};")
    tab.goto("notes/smic.html")
    assert local_graph_depths(page) == expected
    assert local_graph_edges(page) == inside_edges(data, expected)
    assert not any(GRAPH_DATA in url for url in tab.requests), tab.requests
    tab.assert_clean()


def test_keyboard_reaches_skip_link_with_visible_focus(tab: Tab) -> None:
    tab.goto("index.html")
    page = tab.page
    page.keyboard.press("Tab")
    focused: dict[str, Any] = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                cls: el.className, href: el.getAttribute('href'), focusVisible: el.matches(':focus-visible'),
                outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
                inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                    && box.top < innerHeight && box.left < innerWidth,
            };
        }"""
    )
    assert focused["cls"] == "skip-link" and focused["href"] == "#main", focused
    assert focused["focusVisible"], focused
    assert focused["outline"] != "none" and focused["outlineWidth"] > 0, focused
    assert focused["inView"], f"the focused skip link is not on screen: {focused}"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    tab.assert_clean()


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "notes/smic.html",
        "theses.html",
        "graph.html",
        "questions.html",
        "claims.html",
        "gaps.html",
        "notes.html",
        "tags.html",
        "tags/china.html",
        "identifiers.html",
        "missing.html",
    ],
)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_serious_violations(tab: Tab, path: str, theme: str) -> None:
    """In both themes, as the reader chose them with the toggle (remembered in localStorage)."""
    page = tab.page
    page.add_init_script(f"localStorage.setItem('nf-theme', '{theme}')")
    tab.goto(path)
    assert page.evaluate("() => document.documentElement.dataset.theme") == theme
    if path in ("graph.html", "notes/smic.html"):
        settle_graph(page)  # the graph adds its controls, legend and text list
    tab.assert_clean()  # the page itself; what axe does next is the test tool's business
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    # preload: false stops axe fetching the stylesheets with XHR, which file:// pages may not do
    # (it only feeds the css-orientation-lock rule).
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], preload: false})"
    )
    bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node.get('failureSummary', '')}" for node in v["nodes"])
        for v in bad
    )
    assert not bad, f"axe-core found serious or critical violations on {path}:\n{report}"
