"""The page shell read as HTML and CSS: the layout's parts, the outline, heading self-links,
the theme's custom properties (see tests/test_layout_browser.py for the same in a browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from noteforge import Config, ParseSettings, build_site
from noteforge.project import project_of
from noteforge.views.base import TYPE_ORDER
from noteforge.views.note import OutlineEntry, outline
from tests.helpers import SAMPLE_DAY, SAMPLE_NOTES, MakeNotes, one, parse, sample_config, soup

STYLE = Path(__file__).parents[1] / "templates" / "static" / "style.css"
PYGMENTS = Path(__file__).parents[1] / "templates" / "static" / "pygments.css"
CONTRACT_PROPERTIES = ("--bg", "--fg", "--muted", "--rule", "--panel", "--link", "--accent", "--code-bg")
NESTED = """\
# Nested

Intro text.

## First [[other|part]]

### Inside first

#### Deeper *still*

## Second

### Inside second
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shell") / "site"
    build_site(project_of(SAMPLE_NOTES, out, sample_config()), SAMPLE_DAY)
    return out


def test_outline_lists_section_and_nested_headings_in_order() -> None:
    assert outline(parse(NESTED)) == (
        OutlineEntry(2, "first", "First part"),
        OutlineEntry(3, "inside-first", "Inside first"),
        OutlineEntry(4, "deeper-still", "Deeper still"),
        OutlineEntry(2, "second", "Second"),
        OutlineEntry(3, "inside-second", "Inside second"),
    )


def test_a_note_without_headings_has_no_outline(make_notes: MakeNotes) -> None:
    notes = make_notes({"plain.md": "# Plain\n\nJust a paragraph.\n"})
    build_site(project_of(notes, notes.parent / "site"))
    page = soup(notes.parent / "site" / "notes" / "plain.html")
    assert not page.select(".outline"), "no empty outline"
    assert parse("# Plain\n\nJust a paragraph.\n").sections and outline(parse("# Plain\n\nText.\n")) == ()


def test_outline_is_in_the_right_column_and_the_drawer_linking_each_heading(site: Path) -> None:
    page = soup(site / "notes" / "smic.html")
    right = one(page, "aside.sidebar-right nav.outline")
    drawer = one(page, "aside#nf-sidebar nav.drawer-outline")
    entries = [(a["href"], a.get_text()) for a in right.select(".outline-list a")]
    assert entries == [(a["href"], a.get_text()) for a in drawer.select(".outline-list a")]
    assert entries == [
        ("#why-it-matters", "Why it matters"),
        ("#key-facts", "Key facts"),
        ("#open-questions", "Open questions"),
        ("#related", "Related"),
    ]
    for href, _ in entries:
        assert page.find(id=href[1:]) is not None, href
    assert "#" not in "".join(text for _, text in entries), "self-links stay out of the outline"


def test_note_page_layout_parts_and_the_right_column(site: Path) -> None:
    page = soup(site / "notes" / "smic.html")
    layout = one(page, "body > div.layout")
    assert [child.name for child in layout.find_all(recursive=False)] == ["aside", "main", "aside"]
    left = one(layout, "aside.sidebar-left#nf-sidebar")
    assert one(left, "nav.site-menu a[href='../notes.html']")
    assert one(page, ".site-header .nf-menu-button")["aria-controls"] == "nf-sidebar"
    assert one(page, ".site-header .nf-menu-button")["aria-expanded"] == "false"
    assert one(page, ".site-header .nf-search-button")["aria-label"] == "Search"
    assert one(page, ".site-header .nf-theme-toggle")["type"] == "button"
    right = one(layout, "aside.sidebar-right")
    assert one(right, "#nf-local-graph-static svg.nf-lg-svg")  # the static figure, and behind "Explore":
    assert one(right, "#nf-local-graph").has_attr("hidden")
    summary = {a.get_text(): a["href"] for a in right.select(".backlinks-summary a")}
    assert summary == {"Related from": "#nf-backlinks-related", "Mentioned in": "#nf-backlinks-mentions"}
    for href in summary.values():
        assert one(page, f"main .backlinks {href}").name == "h3"
    counts = [one(li, ".count").get_text() for li in right.select(".backlinks-summary li")]
    groups = [len(ul.select(":scope > li")) for ul in page.select("main .backlink-list")]
    assert counts == [str(n) for n in groups]
    assert not page.select("main #nf-local-graph"), "the graph moved to the right column"


def test_the_theme_is_applied_by_a_head_script_before_the_stylesheets(site: Path) -> None:
    head = one(soup(site / "index.html"), "head")
    first_script = head.find("script")
    assert first_script is not None and not first_script.get("src")
    assert "nf-theme" in first_script.get_text() and "dataset.theme" in first_script.get_text()
    assert first_script.find_next("link", rel="stylesheet") is not None, "it runs before any stylesheet"
    assert one(head, "script[src$='assets/site.js']").has_attr("defer")


def test_every_heading_of_a_note_links_to_itself(make_notes: MakeNotes) -> None:
    notes = make_notes({"nested.md": NESTED, "other.md": "# Other\n"})
    build_site(project_of(notes, notes.parent / "site"))
    page = soup(notes.parent / "site" / "notes" / "nested.html")
    headings = page.select("article :is(h2, h3, h4, h5, h6)[id]")
    assert len(headings) >= 6  # the five written, and "Referenced by"
    for heading in headings:
        link = one(heading, "a.heading-link")
        assert link["href"] == f"#{heading['id']}"
        assert link.get_text() == "Link to this section"
    assert one(page, "h1").select("a.heading-link") == [], "the title has none"


def test_embedded_headings_have_no_self_links(make_notes: MakeNotes) -> None:
    notes = make_notes({"nested.md": NESTED, "other.md": "# Other\n\n![[nested#Second]]\n"})
    build_site(project_of(notes, notes.parent / "site"))
    embed = one(soup(notes.parent / "site" / "notes" / "other.html"), "div.embed")
    assert embed.select("h3") and not embed.select("[id], a.heading-link"), embed


def test_heading_links_survive_trusted_html(make_notes: MakeNotes) -> None:
    notes = make_notes({"nested.md": NESTED + "\n<b>raw</b>\n", "other.md": "# Other\n"})
    build_site(project_of(notes, notes.parent / "site", Config(parse=ParseSettings(trusted_html=True))))
    page = soup(notes.parent / "site" / "notes" / "nested.html")
    assert one(page, "#inside-second a.heading-link")["href"] == "#inside-second"


def test_self_links_stay_out_of_search_text_and_titles(site: Path) -> None:
    search = "".join(path.read_text(encoding="utf-8") for path in (site / "assets" / "search").glob("*.js"))
    assert "Link to this section" not in search and "heading-link" not in search


def _declarations(css: str, selector: str) -> dict[str, str]:
    """The custom properties declared in the first block opened by ``selector {``."""
    start = css.index(selector + " {") + len(selector) + 2
    body = css[start : css.index("}", start)]
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", body))


def test_custom_properties_are_defined_for_light_and_dark() -> None:
    css = STYLE.read_text(encoding="utf-8")
    light = _declarations(css, ":root")
    chosen = _declarations(css, ":root[data-theme=dark]")
    by_system = _declarations(css, "  :root:not([data-theme=light])")
    types = tuple(f"--type-{t}" for t in (*TYPE_ORDER, "other"))
    for name in CONTRACT_PROPERTIES + types:
        assert name in light, name
        assert name in chosen, name
        assert chosen[name] != light[name] or name.startswith("--type-note"), name
    assert chosen == by_system, "the chosen dark theme and the system's dark theme are the same"
    assert set(chosen) <= set(light), "a dark value for every light one"


def test_code_highlighting_follows_the_theme_and_paints_no_band_per_line() -> None:
    css = PYGMENTS.read_text(encoding="utf-8")
    assert not re.search(r"(^|\n)[^\n{]*pre code \{[^}]*background", css), "code has no background"
    assert ":root[data-theme=dark] pre code .k" in css
    media = css[css.index("@media (prefers-color-scheme: dark) {") :]
    assert ":root:not([data-theme=light]) pre code .k" in media


def test_code_and_callout_stylesheets_load_only_where_a_page_needs_them(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "plain.md": "# Plain\n\nText only.\n",
            "code.md": "# Code\n\n```python\nx = 1\n```\n",
            "callout.md": "# Callout\n\n> [!tip] Try it\n> Text.\n",
            "embeds.md": "# Embeds\n\n![[code]]\n",
        }
    )
    out = notes.parent / "site"
    build_site(project_of(notes, out))

    def sheets(page: str) -> set[str]:
        links = soup(out / "notes" / page).select("link[rel=stylesheet]")
        return {str(link["href"]).removeprefix("../assets/") for link in links}

    optional = {"pygments.css", "vendor/callout-icons.css"}
    assert sheets("plain.html") & optional == set()
    assert sheets("code.html") & optional == {"pygments.css"}
    assert sheets("callout.html") & optional == {"vendor/callout-icons.css"}
    assert sheets("embeds.html") & optional == {"pygments.css"}  # the embedded note's code
    assert {"style.css", "search.css"} <= sheets("plain.html")
