"""Well-formed, proportional output whatever the notes hold: XML outputs parse, tag pages
never collide, and many notes sharing a title do not blow the site up."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from noteforge import Config, SiteSettings, build_site
from noteforge.export import graph_text
from noteforge.pipeline import load_wiki
from noteforge.project import project_of
from tests.helpers import SAMPLE_DAY, MakeNotes, one, soup

FORBIDDEN_IN_XML = "\x01\x0b\ufffe"


def test_xml_outputs_are_well_formed_when_a_title_holds_control_characters(
    make_notes: MakeNotes, tmp_path: Path
) -> None:
    title = "A\\x01 B\\x0b C\\ufffe D"
    notes = make_notes(
        {
            "a.md": f'---\ntitle: "{title}"\ncreated: 2026-01-02\n---\nLinks [[b\x01]].\n',
            "b\x01.md": "# B\x01\n",
        }
    )
    config = Config(site=SiteSettings(base_url="https://example.org/", site_title="Desk\x0b"))
    build_site(project_of(notes, tmp_path / "site", config), SAMPLE_DAY)
    feed = etree.parse(tmp_path / "site" / "feed.xml")
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "New note: A B C D" in titles
    sitemap = etree.parse(tmp_path / "site" / "sitemap.xml")
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/notes/b%01.html" in locations
    wiki, _ = load_wiki(project_of(notes, config=config))
    graphml = etree.fromstring(graph_text(wiki, "graphml").encode("utf-8"))
    texts = "".join(graphml.itertext())
    assert "A B C D" in texts
    assert not set(FORBIDDEN_IN_XML) & set(texts)


def test_tags_that_slug_alike_get_pages_of_their_own(make_notes: MakeNotes, tmp_path: Path) -> None:
    tags = {"a.md": "?", "b.md": "%", "c.md": "-", "d.md": "x y", "e.md": "x-y", "f.md": "X-Y"}
    notes = make_notes({name: f'---\ntags: ["{tag}"]\n---\n# {name}\n' for name, tag in tags.items()})
    build_site(project_of(notes, tmp_path / "site", Config()), SAMPLE_DAY)
    index = soup(tmp_path / "site" / "tags.html")
    links = {a.get_text(strip=True): str(a["href"]) for a in index.select("main a[href^='tags/']")}
    assert set(links) == {"#?", "#%", "#-", "#x y", "#x-y"}, "x-y and X-Y are one tag"
    assert len(set(links.values())) == 5
    listed = {
        tag: [a.get_text(strip=True) for a in soup(tmp_path / "site" / href).select("main li a")]
        for tag, href in links.items()
    }
    assert listed == {
        "#?": ["a.md"],
        "#%": ["b.md"],
        "#-": ["c.md"],
        "#x y": ["d.md"],
        "#x-y": ["e.md", "f.md"],
    }


def shared_title_wiki(count: int) -> dict[str, str]:
    return {f"n{i:04d}.md": f"---\ntitle: Same\n---\nBody {i}, see [[Same]].\n" for i in range(count)}


def test_notes_sharing_one_title_give_pages_and_messages_of_bounded_size(
    make_notes: MakeNotes, tmp_path: Path
) -> None:
    sizes = {}
    for count in (10, 100):
        notes = make_notes(shared_title_wiki(count))
        result = build_site(project_of(notes, tmp_path / f"site-{count}", Config()), SAMPLE_DAY, jobs=2)
        ambiguous = [d.message for d in result.diagnostics if d.code == "NF202"]
        assert len(ambiguous) == count
        assert all(message.count(".md") <= 6 for message in ambiguous), ambiguous[0]
        page = soup(tmp_path / f"site-{count}" / "notes" / "n0001.html")
        one(page, "#nf-explorer").decompose()  # it lists the notes beside this one, up to a cap
        sizes[count] = len(str(page))
        for path in notes.iterdir():
            path.unlink()
    assert ambiguous[0].endswith(
        "(n0000.md, n0001.md, n0002.md, n0003.md, n0004.md and 95 more); using n0000.md"
    )
    assert sizes[100] < sizes[10] + 200, "a note's page does not grow with the notes that share its title"
