"""Two real vaults nobody on this project wrote (see /work/shared/vaults/README.md): every note
becomes a record, the link counts match what Obsidian's rules give, and every link of the built
site lands on a file (and a fragment on an element id)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from noteforge import build_site, load_wiki
from noteforge.config import SiteSettings
from noteforge.graph import Wiki
from noteforge.model import Diagnostic, LinkKind, LinkSyntax, Note
from noteforge.paths import heading_slug
from noteforge.project import project_of
from noteforge.resolve import AttachmentTarget, NoteTarget, Target
from noteforge.views.home import home_note
from tests.helpers import soup

VAULTS = Path(__file__).resolve().parents[2] / "shared" / "vaults"
if not VAULTS.is_dir():
    pytest.skip(f"the shared vaults are not here ({VAULTS})", allow_module_level=True)

KEPANO = "kepano-obsidian"
FOAM = "foam-docs"


@dataclass(frozen=True, slots=True)
class Built:
    """A vault loaded with ``load_wiki`` and built into a site."""

    notes_dir: Path
    wiki: Wiki
    diagnostics: tuple[Diagnostic, ...]
    site: Path


@pytest.fixture(scope="module", params=[KEPANO, FOAM])
def vault(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    name: str = request.param
    notes_dir = VAULTS / name
    site = tmp_path_factory.mktemp(name) / "site"
    result = build_site(project_of(notes_dir, site))
    assert result.wiki is not None
    return Built(notes_dir, result.wiki, result.diagnostics, site)


@pytest.fixture(scope="module")
def kepano() -> Wiki:
    return load_wiki(project_of(VAULTS / KEPANO))[0]


@pytest.fixture(scope="module")
def foam() -> Wiki:
    return load_wiki(project_of(VAULTS / FOAM))[0]


@dataclass(frozen=True, slots=True)
class Resolved:
    """One link of one note and where it leads."""

    note: Note
    target: str
    kind: LinkKind
    syntax: LinkSyntax
    to: Target


def links(wiki: Wiki) -> Iterator[Resolved]:
    for note in wiki.notes:
        for link, to in zip(note.links, wiki.targets[note.slug], strict=True):
            yield Resolved(note, link.target, link.kind, link.syntax, to)


def body_wikilinks(wiki: Wiki) -> list[Resolved]:
    return [
        r
        for r in links(wiki)
        if r.syntax is LinkSyntax.WIKILINK and r.kind not in (LinkKind.PROPERTY, LinkKind.EMBEDS)
    ]


def unresolved(found: list[Resolved]) -> list[Resolved]:
    return [r for r in found if not isinstance(r.to, NoteTarget | AttachmentTarget)]


def shown(found: list[Resolved]) -> list[tuple[str, str]]:
    """Where each link sits and what it names: printed in assertion messages when a count differs."""
    return [(r.note.path, r.target) for r in found]


def test_every_md_file_becomes_a_record(vault: Built) -> None:
    files = sorted(
        path.relative_to(vault.notes_dir).as_posix()
        for path in vault.notes_dir.rglob("*")
        if path.is_file()
        and path.name.lower().endswith(".md")
        and not any(part.startswith(".") for part in path.relative_to(vault.notes_dir).parts)
    )
    assert files, "no .md files found"
    assert sorted(note.path for note in vault.wiki.notes) == files
    assert len(files) == {KEPANO: 103, FOAM: 86}[vault.notes_dir.name]


def test_the_site_has_a_page_per_note(vault: Built) -> None:
    for note in vault.wiki.notes:
        assert (vault.site / "notes" / f"{note.slug}.html").is_file(), note.path
    assert (vault.site / "index.html").is_file() and (vault.site / "missing.html").is_file()


def test_kepano_body_wikilinks(kepano: Wiki) -> None:
    found = body_wikilinks(kepano)
    missing = unresolved(found)
    assert len(found) == 14, shown(found)
    assert len(missing) == 11, shown(missing)
    assert {r.target for r in missing} == {
        "Everything is a remix",
        "Composability",
        "Emergence",
        "A company is a superorganism",
        "All input is error",
        "Calmness is a superpower",
        "Cross the chasm",
        "Writing is telepathy",
        "You have no obligation to your former self",
        "Creativity is combinatory uniqueness",
    }, shown(missing)


def test_kepano_front_matter_wikilinks(kepano: Wiki) -> None:
    found = [r for r in links(kepano) if r.syntax is LinkSyntax.WIKILINK and r.kind is LinkKind.PROPERTY]
    missing = unresolved(found)
    assert len(found) == 134, shown(found)
    assert len(missing) == 51, shown(missing)
    names = {r.target.casefold() for r in missing}
    assert {"authors", "japan", "published"} <= names, sorted(names)


def test_kepano_embeds_are_all_bases(kepano: Wiki) -> None:
    found = [r for r in links(kepano) if r.syntax is LinkSyntax.WIKILINK and r.kind is LinkKind.EMBEDS]
    assert len(found) == 61, shown(found)
    odd = [r for r in found if not (isinstance(r.to, AttachmentTarget) and r.to.path.endswith(".base"))]
    assert not odd, [(r.note.path, r.target, r.to) for r in odd]


def test_foam_body_wikilinks(foam: Wiki) -> None:
    found = body_wikilinks(foam)
    missing = unresolved(found)
    assert len(found) == 199, shown(found)
    assert sorted(shown(missing)) == [
        ("user/index.md", "publishing"),
        ("user/tools/cli/search.md", "cli-grep"),
    ]


def test_foam_markdown_links(foam: Wiki) -> None:
    """Links to other files; ``(#anchor)`` links within a page are not counted."""
    found = [
        r
        for r in links(foam)
        if r.syntax is LinkSyntax.MARKDOWN and r.kind is not LinkKind.EMBEDS and r.target
    ]
    missing = unresolved(found)
    assert len(found) == 20, shown(found)
    assert sorted(r.target for r in missing) == [
        "../../CONTRIBUTING.md",
        "../../user/publishing/publishing.md",
    ]


def test_foam_one_image_is_missing(foam: Wiki) -> None:
    images = [r for r in links(foam) if r.syntax is LinkSyntax.MARKDOWN and r.kind is LinkKind.EMBEDS]
    missing = unresolved(images)
    assert [
        posixpath.normpath(posixpath.join(posixpath.dirname(r.note.path), r.target)) for r in missing
    ] == ["assets/images/graph-style.gif"], shown(missing)
    assert all(isinstance(r.to, AttachmentTarget) for r in images if r not in missing)


def test_foam_has_no_front_matter_links_or_wikilink_embeds(foam: Wiki) -> None:
    wikilinks = [r for r in links(foam) if r.syntax is LinkSyntax.WIKILINK]
    assert not [r for r in wikilinks if r.kind in (LinkKind.PROPERTY, LinkKind.EMBEDS)]


_URL_ATTRIBUTES = (("a", "href"), ("img", "src"), ("link", "href"), ("audio", "src"), ("video", "src"))

# In-page links whose anchor no heading of the source note produces: dead upstream too, so not
# noteforge's doing (checked by test_the_exempted_anchors_are_dead_in_the_source), and
# reported by noteforge as missing headings (NF204).
DEAD_IN_SOURCE = {
    FOAM: {
        ("user/recipes/generate-material-for-mkdocs-site.md", "publish-your-site"),
        ("user/recipes/generate-material-for-mkdocs-site.md", "further-customise-material-for-mkdocs"),
    },
    KEPANO: set(),
}
# Fragment links in raw HTML (the all-contributors table) to ids nothing in the vault has.
RAW_HTML_DEAD_IN_SOURCE = {
    FOAM: {
        ("index.md", anchor)
        for anchor in (
            "content-theowenyoung",
            "question-thomaskoppelaar",
            "tool-cliffordfajardo",
            "tool-hezhizhen",
            "userTesting-thomaskoppelaar",
        )
    },
    KEPANO: set(),
}


@cache
def _ids(page: Path) -> frozenset[str]:
    html = BeautifulSoup(page.read_bytes(), "lxml")
    return frozenset(str(node["id"]) for node in html.find_all(id=True))


def test_every_link_in_the_site_lands_on_a_file(vault: Built) -> None:
    broken: list[tuple[str, str, str]] = []
    pages = sorted(vault.site.rglob("*.html"))
    assert len(pages) > len(vault.wiki.notes)
    exempt = {
        (f"notes/{note.slug}.html", f"#{anchor}")
        for note in vault.wiki.notes
        for path, anchor in DEAD_IN_SOURCE[vault.notes_dir.name]
        if note.path == path
    }
    assert len(exempt) == len(DEAD_IN_SOURCE[vault.notes_dir.name])
    exempt |= {
        (f"notes/{note.slug}.html", f"#{anchor}")
        for note in vault.wiki.notes
        for path, anchor in RAW_HTML_DEAD_IN_SOURCE[vault.notes_dir.name]
        if note.path == path
    }
    exempt |= _kept_as_written(vault)
    home = home_note(vault.wiki, SiteSettings())
    if home is not None:  # the home note is also the landing page, dead links and all
        exempt |= {("index.html", url) for page, url in exempt if page == f"notes/{home.slug}.html"}
    checked = 0
    for page in pages:
        html = soup(page)
        name = page.relative_to(vault.site).as_posix()
        for tag, attribute in _URL_ATTRIBUTES:
            for node in html.find_all(tag, attrs={attribute: True}):
                url = str(node[attribute])
                checked += 1
                problem = None if (name, url) in exempt else _url_problem(page, url)
                if problem:
                    broken.append((name, url, problem))
    assert checked > 2 * len(pages)
    assert not broken


def _kept_as_written(vault: Built) -> set[tuple[str, str]]:
    """Links to paths outside the wiki, kept as the author wrote them and reported (NF209)."""
    pages = {note.path: f"notes/{note.slug}.html" for note in vault.wiki.notes}
    kept = set()
    for d in vault.diagnostics:
        found = re.match(r"link to \((.*)\): no note or file", d.message) if d.code == "NF209" else None
        if found:
            kept.add((pages[d.path], found.group(1)))
    return kept


def test_dead_anchors_are_reported(vault: Built) -> None:
    reported = {(d.path, d.message) for d in vault.diagnostics if d.code == "NF204"}
    for path, anchor in DEAD_IN_SOURCE[vault.notes_dir.name]:
        assert any(p == path and f'"{anchor}"' in m for p, m in reported), anchor


def test_the_exempted_raw_html_anchors_are_dead_in_the_source() -> None:
    for vault_name, dead in RAW_HTML_DEAD_IN_SOURCE.items():
        for path, anchor in dead:
            text = (VAULTS / vault_name / path).read_text(encoding="utf-8")
            assert f'href="#{anchor}"' in text
            assert not re.search(rf"""(?:id|name)=["']?{re.escape(anchor)}""", text)


def test_the_exempted_anchors_are_dead_in_the_source() -> None:
    for vault_name, dead in DEAD_IN_SOURCE.items():
        for path, anchor in dead:
            text = (VAULTS / vault_name / path).read_text(encoding="utf-8")
            assert f"(#{anchor})" in text
            headings = [line.lstrip("#") for line in text.splitlines() if line.startswith("#")]
            assert anchor not in {heading_slug(h) for h in headings}


def _url_problem(page: Path, url: str) -> str | None:
    """Why a URL of a built page leads nowhere, or ``None`` when it lands."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "mailto"):
        return None
    if parts.scheme or parts.netloc or url.startswith("/"):
        return "not a relative URL"
    target = page if not parts.path else (page.parent / unquote(parts.path))
    if not target.is_file():
        return "no such file"
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target.resolve()):
        return "no such id"
    return None


def test_the_landing_page_is_the_vaults_home_note_not_a_list_of_every_note(vault: Built) -> None:
    landing = soup(vault.site / "index.html")
    home = {KEPANO: "Readme", FOAM: "index"}[vault.notes_dir.name]
    home_note = next(note for note in vault.wiki.notes if note.path.removesuffix(".md") == home)
    assert landing.select_one("main h1").get_text(strip=True) == home_note.title  # type: ignore[union-attr]
    assert len(landing.select("main a.internal")) < len(vault.wiki.notes) / 2
    assert landing.select_one('#nf-explorer a[aria-current="page"]') is not None


def test_a_vault_without_statuses_or_facts_has_no_theses_or_claims_in_its_menu(vault: Built) -> None:
    assert not any(note.status or note.facts for note in vault.wiki.notes)
    # Questions follow the notes: one design note of Foam's has an "Open questions" section.
    has_questions = any(note.open_questions for note in vault.wiki.notes)
    assert has_questions == (vault.notes_dir.name == FOAM)
    for path in ("index.html", "notes.html", f"notes/{vault.wiki.notes[0].slug}.html"):
        labels = [a.get_text() for a in soup(vault.site / path).select("nav.site-menu a")]
        assert "All notes" in labels and not {"Theses", "Claims"} & set(labels), (path, labels)
        assert ("Questions" in labels) == has_questions
    assert not (vault.site / "theses.html").exists() and not (vault.site / "claims.html").exists()


# Raw HTML tags real vaults write; none may reach a page as text (outside code).
_RAW_TAG_TEXT = re.compile(r"<\s*/?\s*(?:span|br|kbd|details|summary|div|sub|sup|img|p|table|mark|u)\b", re.I)


def test_no_page_shows_raw_html_tags_as_text(vault: Built) -> None:
    shown: list[str] = []
    for page in sorted(vault.site.rglob("*.html")):
        main = soup(page).find("main")
        if main is None:
            continue
        for text in main.find_all(string=_RAW_TAG_TEXT):
            if not text.find_parent(["code", "pre", "script"]):
                shown.append(f"{page.relative_to(vault.site)}: {text.strip()[:80]!r}")
    assert not shown, "\n".join(shown)


def test_foam_raw_html_is_kept_as_elements(vault: Built) -> None:
    if vault.notes_dir.name != FOAM:
        return  # the foam docs are the vault with raw HTML
    index = soup(vault.site / "notes" / "index.html")
    assert index.select("main table img[width]"), "the contributors' table keeps its images"
    assert index.select("main br") and index.select("main sub")


def test_every_note_with_a_heading_has_an_outline(vault: Built) -> None:
    """The right column's outline links each heading of the note's own text, in order."""
    with_headings = 0
    for note in vault.wiki.notes:
        page = soup(vault.site / "notes" / f"{note.slug}.html")
        article = page.select_one("main article")
        assert article is not None, note.path
        ids = [str(h["id"]) for h in article.select("section :is(h1, h2, h3, h4, h5, h6)[id]")]
        written = [f"#{anchor}" for anchor in ids if not anchor.startswith("nf-")]  # not the page's own
        outline = [str(a["href"]) for a in page.select("aside.sidebar-right nav.outline a")]
        assert outline == written, note.path
        with_headings += bool(written)
    assert with_headings >= 10
