"""Navigation: the landing page (home note or designed), folder pages, the notes index by
folder, breadcrumbs, the explorer's markup and data, and the menu of the views present."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from noteforge import Config, build_site
from noteforge.config import SiteSettings, parse_config
from noteforge.errors import NoteforgeError
from noteforge.project import project_of
from noteforge.views.explorer import EXPLORER_LIMIT
from tests.helpers import SAMPLE_DAY, SAMPLE_NOTES, MakeNotes, one, sample_config, soup

# A wiki in folders: notes at the root, nested folders, one folder longer than the explorer shows.
FOLDERED: dict[str, str] = {
    "zeta.md": "# zeta\n\nLast at the root.\n",
    "Alpha.md": "---\nupdated: 2026-03-01\n---\n# Alpha\n\nFirst at the root. See [[Beta]].\n",
    "Projects/Beta.md": (
        "---\nstatus: active\nsummary: The beta project.\ncreated: 2026-01-05\n---\n# Beta\n\nBody.\n"
    ),
    "Projects/gamma.md": "# Gamma\n\nAnother project.\n",
    "Projects/Archive/Old.md": "---\ncreated: 2025-12-01\n---\n# Old\n\nAn old one.\n",
    "Sources/2026-01-02-report.md": "# A report\n\nFrom a source.\n",
    **{
        f"Many/n{number:02}.md": f"# Note {number:02}\n\nNumber {number}.\n"
        for number in range(EXPLORER_LIMIT + 5)
    },
}
# No research and no gaps: every note links to another and is linked to.
PLAIN = {
    "a.md": "# A\n\nSee [[b]], [[c]].\n",
    "b.md": "# B\n\nBack to [[a]].\n",
    "sub/c.md": "# C\n\nSee [[a]].\n",
}


def build(make_notes: MakeNotes, tmp_path: Path, files: dict[str, str], config: Config | None = None) -> Path:
    out = tmp_path / "site"
    build_site(project_of(make_notes(files), out, config or Config()), SAMPLE_DAY)
    return out


@pytest.fixture(scope="module")
def foldered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:data:`FOLDERED`, built once."""
    root = tmp_path_factory.mktemp("foldered")
    for name, text in FOLDERED.items():
        (root / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "notes" / name).write_text(text, encoding="utf-8")
    build_site(project_of(root / "notes", root / "site", Config()), SAMPLE_DAY)
    return root / "site"


def menu(page: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in page.select("nav.site-menu a")]


def crumbs(page: BeautifulSoup) -> list[tuple[str, str | None]]:
    nav = one(page, 'nav[aria-label="Breadcrumb"]')
    return [
        (li.get_text(strip=True), str(a["href"]) if (a := li.find("a")) else None)
        for li in nav.select("ol > li")
    ]


def assert_no_dead_links(site: Path) -> None:
    """Every relative link and script of every page leads to a file of the site."""
    checked = 0
    for page in site.rglob("*.html"):
        html = soup(page)
        for node in html.select("a[href], script[src], link[href]"):
            url = str(node.get("href") or node.get("src"))
            parts = urlsplit(url)
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: {url} leads nowhere"
            checked += 1
    assert checked


# --- The landing page -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index.md", "Home.md", "README.md", "Readme.md", "HOME.MD"])
def test_a_home_note_at_the_root_is_the_landing_page(
    make_notes: MakeNotes, tmp_path: Path, name: str
) -> None:
    site = build(make_notes, tmp_path, {**PLAIN, name: "# Welcome\n\nStart with [[a]].\n"})
    landing = soup(site / "index.html")
    assert one(landing, "main h1").get_text() == "Welcome"
    link = one(landing, "main article a.internal")
    assert (link.get_text(), link["href"]) == ("a", "notes/a.html")
    own = site / "notes" / (Path(name).stem.casefold() + ".html")
    assert one(soup(own), "main h1").get_text() == "Welcome", "the home note keeps its own page"
    assert "All notes" in menu(landing) and (site / "notes.html").is_file()


def test_index_md_wins_over_home_and_readme(make_notes: MakeNotes, tmp_path: Path) -> None:
    files = {**PLAIN, "Readme.md": "# Readme\n", "Home.md": "# Home\n", "index.md": "# Index\n"}
    site = build(make_notes, tmp_path, files)
    assert one(soup(site / "index.html"), "main h1").get_text() == "Index"


def test_a_home_note_in_a_folder_is_not_the_landing_page(make_notes: MakeNotes, tmp_path: Path) -> None:
    site = build(make_notes, tmp_path, {**PLAIN, "sub/Readme.md": "# Sub readme\n"})
    assert one(soup(site / "index.html"), "main h1").get_text() == "Research notes"


def test_the_home_option_names_the_landing_note(make_notes: MakeNotes, tmp_path: Path) -> None:
    config = parse_config("home: sub/C\n", "noteforge.yaml")
    site = build(make_notes, tmp_path, {**PLAIN, "Readme.md": "# Readme\n"}, config)
    landing = soup(site / "index.html")
    assert one(landing, "main h1").get_text() == "C"
    assert one(landing, '#nf-explorer a[aria-current="page"]').get_text() == "C"
    assert not landing.select('nav[aria-label="Breadcrumb"]'), "the landing page is Home itself"


def test_a_home_option_naming_no_note_is_a_diagnostic_and_the_build_goes_on(
    make_notes: MakeNotes, tmp_path: Path
) -> None:
    config = parse_config("site_title: Desk\nhome: Nowhere\n", "noteforge.yaml")
    out = tmp_path / "site"
    result = build_site(project_of(make_notes({**PLAIN, "Readme.md": "# Readme\n"}), out, config), SAMPLE_DAY)
    found = [d for d in result.diagnostics if d.code == "NF150"]
    assert [(d.path, d.line, d.col) for d in found] == [("noteforge.yaml", 2, 1)]
    assert "Nowhere" in found[0].message
    assert one(soup(out / "index.html"), "main h1").get_text() == "Readme", "the default home is used"


def test_the_designed_landing_page_without_statuses(make_notes: MakeNotes, tmp_path: Path) -> None:
    files = {key: value.replace("status: active\n", "") for key, value in FOLDERED.items()}
    landing = soup(build(make_notes, tmp_path, files) / "index.html")
    recent = [one(li, "a").get_text() for li in landing.select(".recent-list li")]
    assert recent == ["Alpha", "Beta", "Old"], "newest first, by the notes' own dates"
    assert not landing.select(".home-theses") and "Theses" not in menu(landing)
    folders = {
        one(li, "a").get_text(): one(li, ".count").get_text() for li in landing.select(".home-folders li")
    }
    assert folders == {"Many": str(EXPLORER_LIMIT + 5), "Projects": "3", "Sources": "1"}
    assert [a.get_text() for a in landing.select(".home-top li a")] == ["Alpha", "zeta"]
    assert landing.select_one('main a[href="notes.html"]') is not None


def test_the_designed_landing_page_with_statuses_summarises_the_theses(foldered: Path) -> None:
    landing = soup(foldered / "index.html")
    panel = one(landing, ".home-theses")
    assert one(panel, "h2 a")["href"] == "theses.html"
    counts = {one(li, ".badge-label").get_text(): one(li, ".count").get_text() for li in panel.select("li")}
    assert counts == {"Hypothesis": "0", "Active thesis": "1", "Retired": "0"}


def test_the_sample_wiki_gets_the_designed_landing_page(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(project_of(SAMPLE_NOTES, out, sample_config()), SAMPLE_DAY)
    landing = soup(out / "index.html")
    assert landing.select(".recent-list li") and landing.select(".home-theses")
    assert len(landing.select("main li")) < 40, "not a flat list of every note"


# --- Folders, the notes index, breadcrumbs --------------------------------------------------------


def test_each_folder_has_a_page_of_its_subfolders_and_notes(foldered: Path) -> None:
    site = foldered
    projects = soup(site / "folders" / "projects.html")
    assert one(projects, "main h1").get_text() == "Projects"
    subfolder = one(projects, ".folder-subfolders a")
    assert (subfolder.get_text(), subfolder["href"]) == ("Archive", "projects/archive.html")
    entries = projects.select(".folder-notes .note-entry")
    assert [one(e, "a").get_text() for e in entries] == ["Beta", "Gamma"], "active first, then by title"
    assert one(entries[0], ".note-entry-summary").get_text() == "The beta project."
    assert one(entries[0], ".badge-label").get_text() == "Active thesis"
    archive = soup(site / "folders" / "projects" / "archive.html")
    assert crumbs(archive) == [
        ("Home", "../../index.html"),
        ("Projects", "../projects.html"),
        ("Archive", None),
    ]
    assert one(archive, ".note-entry a")["href"] == "../../notes/projects/archive/old.html"


def test_the_notes_index_is_grouped_by_folder(foldered: Path) -> None:
    index = soup(foldered / "notes.html")
    groups = [(one(s, "h2").get_text(), len(s.select(".note-entry"))) for s in index.select(".note-group")]
    assert groups == [
        ("Top level", 2),
        ("Many", EXPLORER_LIMIT + 5),
        ("Projects", 2),
        ("Projects / Archive", 1),
        ("Sources", 1),
    ]
    assert one(index, "#folder-projects-archive a")["href"] == "folders/projects/archive.html"


def test_note_pages_have_breadcrumbs_to_their_folders(foldered: Path) -> None:
    site = foldered
    old = soup(site / "notes" / "projects" / "archive" / "old.html")
    assert crumbs(old) == [
        ("Home", "../../../index.html"),
        ("Projects", "../../../folders/projects.html"),
        ("Archive", "../../../folders/projects/archive.html"),
        ("Old", None),
    ]
    assert one(old, 'nav[aria-label="Breadcrumb"] [aria-current="page"]').get_text() == "Old"
    assert crumbs(soup(site / "notes" / "alpha.html")) == [("Home", "../index.html"), ("Alpha", None)]
    assert_no_dead_links(site)


# --- The explorer ---------------------------------------------------------------------------------


def explorer_tree(page: BeautifulSoup) -> list[object]:
    """The explorer's entries: a note's title, or ``(folder, open, [entries])``."""

    def entries(ul: object) -> list[object]:
        found: list[object] = []
        for li in ul.find_all("li", recursive=False):  # type: ignore[attr-defined]
            button = li.find("button", recursive=False)
            if button is None:
                found.append(li.get_text(strip=True))
                continue
            name = one(button, ".explorer-name").get_text()
            found.append((name, button["aria-expanded"] == "true", entries(li.find("ul", recursive=False))))
        return found

    return entries(one(page, "#nf-explorer > ul"))


def test_the_explorer_opens_the_way_to_the_current_note(foldered: Path) -> None:
    site = foldered
    old = soup(site / "notes" / "projects" / "archive" / "old.html")
    assert explorer_tree(old) == [
        ("Many", False, []),
        ("Projects", True, [("Archive", True, ["Old"]), "Beta", "Gamma"]),
        ("Sources", False, []),
        "Alpha",
        "zeta",
    ]
    current = one(old, '#nf-explorer a[aria-current="page"]')
    assert (current.get_text(), current["href"]) == ("Old", "old.html")
    toggle = one(old, '#nf-explorer button[aria-controls="nf-folder-many"]')
    assert toggle["aria-expanded"] == "false" and toggle.find_next_sibling("ul").has_attr("hidden")  # type: ignore[union-attr]
    assert one(old, "#nf-explorer .count").get_text() == str(EXPLORER_LIMIT + 5)
    assert_no_dead_links(site)


def test_the_explorer_caps_a_long_folder_and_keeps_the_current_note(foldered: Path) -> None:
    site = foldered
    last = soup(site / "notes" / "many" / f"n{EXPLORER_LIMIT + 4:02}.html")
    listing = one(last, "#nf-folder-many")
    notes = [a.get_text() for a in listing.select(".explorer-note a")]
    assert len(notes) == EXPLORER_LIMIT + 1 and notes[-1] == f"Note {EXPLORER_LIMIT + 4:02}"
    more = one(listing, ".explorer-more a")
    assert more["href"] == "../../folders/many.html" and more.get_text().startswith("4 more")


def test_folder_listings_ship_as_scripts_for_the_explorer(foldered: Path) -> None:
    site = foldered
    text = (site / "assets" / "explorer" / "many.js").read_text(encoding="utf-8")
    found = re.fullmatch(r"noteforgeExplorer\.apply\(null,(.*)\);\n", text, re.DOTALL)
    assert found, text[:80]
    key, entries, more, folder = json.loads(found.group(1))
    assert (key, len(entries), more, folder) == ("many", EXPLORER_LIMIT, 5, "folders/many.html")
    assert entries[0] == {"t": "Note 00", "u": "notes/many/n00.html"}
    projects = json.loads(
        (site / "assets" / "explorer" / "projects.js").read_text()[len("noteforgeExplorer.apply(null,") : -3]
    )
    assert projects[1][0] == {
        "t": "Archive",
        "u": "folders/projects/archive.html",
        "k": "projects/archive",
        "n": 1,
        "d": "assets/explorer/projects/archive.js",
    }


def test_a_big_flat_wiki_puts_a_capped_explorer_on_each_page(make_notes: MakeNotes, tmp_path: Path) -> None:
    files = {f"note-{number:04}.md": f"# Note {number:04}\n\nText.\n" for number in range(600)}
    site = build(make_notes, tmp_path, files)
    page = soup(site / "notes" / "note-0300.html")
    entries = page.select("#nf-explorer li")
    assert len(entries) == EXPLORER_LIMIT + 2, "the cap, the current note and the link to the rest"
    assert one(page, '#nf-explorer a[aria-current="page"]').get_text() == "Note 0300"
    assert one(page, "#nf-explorer .explorer-more a")["href"] == "../notes.html"


# --- The menu of views ----------------------------------------------------------------------------


def test_a_wiki_without_research_has_no_research_views(make_notes: MakeNotes, tmp_path: Path) -> None:
    config = Config(site=SiteSettings(base_url="https://example.org/w/"))
    site = build(make_notes, tmp_path, PLAIN, config)
    for page in site.rglob("*.html"):
        assert menu(soup(page)) == ["All notes", "Graph"], page
    for view in ("theses", "claims", "questions", "gaps", "identifiers", "tags", "missing"):
        assert not (site / f"{view}.html").exists(), view
    sitemap = BeautifulSoup((site / "sitemap.xml").read_bytes(), "xml")
    urls = {loc.get_text().removeprefix("https://example.org/w/") for loc in sitemap.find_all("loc")}
    assert urls == {
        "index.html",
        "notes.html",
        "graph.html",
        "folders/sub.html",
        "notes/a.html",
        "notes/b.html",
        "notes/sub/c.html",
    }
    assert_no_dead_links(site)


def test_a_research_wiki_has_its_research_views(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(project_of(SAMPLE_NOTES, out, sample_config()), SAMPLE_DAY)
    index = soup(out / "index.html")
    assert menu(index) == [
        "All notes",
        "Theses",
        "Claims",
        "Questions",
        "Gaps",
        "Tags",
        "Identifiers",
        "Graph",
        "Missing notes",
    ]
    assert one(soup(out / "claims.html"), 'nav.site-menu a[aria-current="page"]').get_text() == "Claims"
    assert_no_dead_links(out)


def test_the_views_option_forces_views_on_and_off(make_notes: MakeNotes, tmp_path: Path) -> None:
    config = parse_config(
        "base_url: https://example.org/\nviews: {theses: true, graph: false, gaps: false}\n", "noteforge.yaml"
    )
    site = build(make_notes, tmp_path, {**PLAIN, "d.md": "# D\n\n[[nowhere]]\n"}, config)
    assert menu(soup(site / "notes" / "a.html")) == ["All notes", "Theses", "Missing notes"]
    assert (site / "theses.html").is_file()
    assert not (site / "graph.html").exists() and not (site / "gaps.html").exists()
    sitemap = (site / "sitemap.xml").read_text()
    assert "theses.html" in sitemap and "graph.html" not in sitemap and "gaps.html" not in sitemap
    assert_no_dead_links(site)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("views: {thesis: false}", "unknown view `thesis` (did you mean `theses`?)"),
        ("views: {claims: maybe}", "`views.claims` must be true or false"),
        ("views: [theses]", "`views` must map views to true or false"),
        ("home: 3", "`home` must name a note"),
        ("hom: Readme", "unknown key `hom` (did you mean `home`?)"),
    ],
)
def test_bad_navigation_options_are_errors(text: str, message: str) -> None:
    with pytest.raises(NoteforgeError, match=re.escape(message)):
        parse_config(text + "\n", "noteforge.yaml")
