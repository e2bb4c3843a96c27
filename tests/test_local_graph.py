"""The static local graph on note pages: built by the site model, read as HTML."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from noteforge import Config, build_site
from noteforge.project import project_of
from noteforge.views.localgraph import FONT_SIZE, NEIGHBOUR_CAP, Box, text_width
from tests.helpers import SAMPLE_DAY, MakeNotes, classes, one, soup

STATIC = Path(__file__).resolve().parents[1] / "templates" / "static"
SPOKES = 24  # notes linking to the hub: more than the cap


def _hub_notes() -> dict[str, str]:
    """A hub linked from SPOKES notes; it links back to the last five (so they are the most
    linked with it), which every spoke links to as well (dashed lines between neighbours), and
    to a missing note and a note in a folder, which every spoke links to too."""
    back = " ".join(f"[[s{j:02d}]]" for j in range(SPOKES - 5, SPOKES))
    files = {
        "hub.md": f"---\ntype: topic\n---\n# Hub\n\nSee [[ghost note]] and [[sub/deep]]. {back}\n",
        "sub/deep.md": "---\ntype: source\n---\n# A note in a folder with a rather long title indeed\n",
    }
    for i in range(SPOKES):
        kind = ("entity", "thesis", "question", "weird type!")[i % 4]
        popular = " ".join(f"[[s{j:02d}]]" for j in range(SPOKES - 5, SPOKES))
        files[f"s{i:02d}.md"] = (
            f"---\ntype: {kind}\n---\n# Spoke number {i:02d}\n\n"
            f"[[hub]] {popular} [[ghost note]] [[sub/deep]]\n"
        )
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("local-graph")
    notes = root / "notes"
    for name, text in _hub_notes().items():
        (notes / name).parent.mkdir(parents=True, exist_ok=True)
        (notes / name).write_text(text, encoding="utf-8")
    build_site(project_of(notes, root / "site", Config()), SAMPLE_DAY)
    return root / "site"


@pytest.fixture(scope="module")
def hub(site: Path) -> BeautifulSoup:
    return soup(site / "notes" / "hub.html")


def figure(page: BeautifulSoup) -> Tag:
    return one(page, "#nf-local-graph-static")


def test_neighbours_are_capped_most_linked_first_with_a_count_of_the_rest(hub: BeautifulSoup) -> None:
    links = figure(hub).select("svg a")
    assert len(links) == NEIGHBOUR_CAP
    names = {str(a["aria-label"]) for a in links}
    assert {f"Spoke number {i:02d}" for i in range(SPOKES - 5, SPOKES)} <= names
    total = SPOKES + 2  # the spokes, the folder note and the missing one
    assert one(figure(hub), ".nf-lg-more").get_text() == f"+{total - NEIGHBOUR_CAP} more"
    desc = one(figure(hub), "svg desc").get_text()
    assert f"{NEIGHBOUR_CAP} most linked with it, of its {total} linked notes" in desc


def test_neighbour_links_are_relative_and_lead_to_their_pages(site: Path, hub: BeautifulSoup) -> None:
    page = site / "notes" / "hub.html"
    for link in figure(hub).select("svg a"):
        href = str(link["href"])
        assert not urlsplit(href).scheme and not href.startswith("/"), href
        assert (page.parent / unquote(urlsplit(href).path)).resolve().is_file(), href
    deep = [a for a in figure(hub).select("svg a") if str(a["href"]).startswith("sub/")]
    assert [str(a["href"]) for a in deep] == ["sub/deep.html"]
    back = soup(site / "notes" / "sub" / "deep.html")
    hrefs = [str(a["href"]) for a in figure(back).select("svg a")]
    assert "../hub.html" in hrefs and all(h.startswith("../") for h in hrefs), hrefs


def test_missing_neighbour_is_dashed_and_links_to_the_missing_page(site: Path, hub: BeautifulSoup) -> None:
    missing = [a for a in figure(hub).select("svg a") if "nf-lg-missing" in classes(a)]
    assert len(missing) == 1
    url = urlsplit(str(missing[0]["href"]))
    assert url.path == "../missing.html"
    assert soup(site / "missing.html").find(id=url.fragment), url
    assert "(missing note)" in str(missing[0]["aria-label"])
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    assert re.search(r"\.nf-lg-missing circle \{[^}]*stroke-dasharray", css)


def drawn_lines(svg: Tag, selector: str) -> set[tuple[tuple[float, float], tuple[float, float]]]:
    """The lines one path of the figure draws (each an ``M x y L x y`` subpath), ends sorted."""
    data = str(one(svg, selector)["d"])
    found = re.findall(r"M(-?[\d.]+) (-?[\d.]+)L(-?[\d.]+) (-?[\d.]+)", data)
    assert "".join(f"M{a} {b}L{c} {d}" for a, b, c, d in found) == data, data
    ends = [((float(a), float(b)), (float(c), float(d))) for a, b, c, d in found]
    return {(min(start, end), max(start, end)) for start, end in ends}


def test_lines_join_the_note_to_each_neighbour_and_linked_neighbours(hub: BeautifulSoup) -> None:
    """A solid line from the centre to every neighbour; a dashed one between two neighbours
    that link to each other (the five most linked spokes, the folder note and the missing
    note are all linked from every shown spoke), and none between others."""
    svg = one(figure(hub), "svg")
    centre = one(svg, ".nf-lg-centre circle")
    middle = (float(str(centre["cx"])), float(str(centre["cy"])))
    points = {
        str(a["aria-label"]): (float(str(c["cx"])), float(str(c["cy"])))
        for a in svg.select("a.nf-lg-node")
        for c in a.select("circle")
    }
    spokes = drawn_lines(svg, ".nf-lg-edges path:not(.nf-lg-chord)")
    assert spokes == {(min(middle, p), max(middle, p)) for p in points.values()}
    popular = {f"Spoke number {i:02d}" for i in range(SPOKES - 5, SPOKES)}
    targets = popular | {"ghost note (missing note)", "A note in a folder with a rather long title indeed"}
    linked = {
        (min(points[a], points[b]), max(points[a], points[b]))
        for a in points
        for b in points
        if a != b and ((b in targets and a.startswith("Spoke")) or (a in targets and b.startswith("Spoke")))
    }
    assert drawn_lines(svg, ".nf-lg-edges path.nf-lg-chord") == linked
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    assert re.search(r"\.nf-lg-edges \.nf-lg-chord \{[^}]*stroke-dasharray", css)
    assert re.search(r"\.nf-lg-edges path \{[^}]*fill: none", css)


def test_colours_come_from_type_classes_never_inline(hub: BeautifulSoup) -> None:
    svg = one(figure(hub), "svg")
    for element in svg.find_all(True):
        assert not {"fill", "stroke", "style", "color"} & set(element.attrs), element
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b", str(svg))
    kinds = {c for a in svg.select("a") for c in classes(a) if c.startswith("type-")}
    assert {"type-entity", "type-thesis", "type-question"} <= kinds
    assert "type-other" in kinds, "a type that is no CSS word falls back to other"
    assert "type-topic" in classes(one(svg, ".nf-lg-centre"))


def test_every_type_colour_has_its_class_once() -> None:
    """Each ``--type-<name>`` colour has one ``.type-<name>`` class, which the note's type label
    and the graph nodes share; the nodes fall back to ``--type-other``."""
    style = (STATIC / "style.css").read_text(encoding="utf-8")
    types = set(re.findall(r"--type-([a-z0-9]+):", style))
    assert {"thesis", "entity", "question", "topic", "source", "note", "other"} <= types
    for name in types - {"other", "color"}:  # --type-color: the colour of the element's type
        assert style.count(f".type-{name} {{ --type-color: var(--type-{name}); }}") == 1, name
    assert ".nf-lg-node circle { fill: var(--type-color, var(--type-other));" in style
    graph = (STATIC / "graph.css").read_text(encoding="utf-8")
    assert not re.search(r"var\(--type-(?!color|other)", graph), "type colours are named in style.css only"


def label_box(text: Tag) -> Box:
    """The box the layout gave a label, from its text, point and anchor."""
    width, x, y = text_width(text.get_text()), float(str(text["x"])), float(str(text["y"]))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[str(text["text-anchor"])]
    middle = y - FONT_SIZE * 0.35
    return Box(left, middle - FONT_SIZE * 0.65, left + width, middle + FONT_SIZE * 0.45)


@pytest.mark.parametrize("note", ["hub", "s23", "sub/deep"])
def test_labels_lie_inside_the_view_box_and_never_overlap(site: Path, note: str) -> None:
    svg = one(figure(soup(site / "notes" / f"{note}.html")), "svg")
    _, _, width, height = (float(v) for v in str(svg["viewbox"]).split())
    texts = svg.select("text")
    assert len(texts) >= 2
    boxes = [label_box(t) for t in texts]
    nodes = [(float(str(c["cx"])), float(str(c["cy"])), float(str(c["r"]))) for c in svg.select("circle")]
    for box in boxes:
        assert box.inside(width, height), box
        assert not any(box.overlaps(Box(x - r, y - r, x + r, y + r)) for x, y, r in nodes), box
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), box
    for text in texts:
        label, link = text.get_text(), text.find_parent("a")
        if link is not None:  # the whole title, or its start and an ellipsis
            title = str(link["aria-label"]).removesuffix(" (missing note)")
            assert label == title or (label.endswith("…") and title.startswith(label[:-1].rstrip())), label


def test_ring_order_is_link_kind_then_type_then_title(hub: BeautifulSoup) -> None:
    """All links here are mentions: ordered by type (missing notes have none), then title."""
    types = {"ghost note": "", "A note in a folder with a rather long title indeed": "source"}
    types |= {
        f"Spoke number {i:02d}": ("entity", "thesis", "question", "weird type!")[i % 4] for i in range(SPOKES)
    }
    names = [str(a["aria-label"]).removesuffix(" (missing note)") for a in figure(hub).select("svg a")]
    assert names == sorted(names, key=lambda name: (types[name], name))


def test_a_note_without_links_says_so(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"alone.md": "# Alone\n\nNo links.\n"})
    build_site(project_of(notes, tmp_path / "site", Config()), SAMPLE_DAY)
    page = figure(soup(tmp_path / "site" / "notes" / "alone.html"))
    assert not page.select("svg a")
    assert one(page, "svg desc").get_text() == "Alone has no links yet."
    assert one(page, "button")["aria-label"] == "Explore the neighbourhood interactively"
