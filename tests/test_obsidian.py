"""Obsidian-flavoured Markdown end to end: parsed into records, rendered into pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup

from noteforge import Config, ParseSettings, build_site, load_wiki
from noteforge.model import LinkKind
from noteforge.project import project_of
from noteforge.resolve import NoteTarget
from tests.helpers import MakeNotes, classes, one, parse, soup

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def build(notes: Path) -> Path:
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    return out


def test_inline_tags_merge_with_front_matter_tags_once() -> None:
    note = parse(
        "---\ntags: [Research, chips]\n---\nT\n\nSee #research and #area/sub, not `#code` or [#x](y.md).\n"
    )
    assert note.tags == ("Research", "chips", "area/sub")


def test_comments_are_dropped_with_the_links_inside_them() -> None:
    note = parse("T\n\nVisible %%hidden [[secret]]%% text.\n\n%%\nblock [[also-secret]]\n%%\n")
    assert note.links == ()
    html = note.section_html(note.sections[0])
    assert "hidden" not in html and "Visible" in html


def test_block_ids_and_headings_become_embeddable_fragments() -> None:
    note = parse("T\n\nA claim worth quoting. ^claim\n\n## Part\n\nUnder the part.\n")
    assert {f.anchor for f in note.fragments} == {"", "^claim", "part"}
    assert "worth quoting" in (note.fragment_html("^claim") or "")
    assert "^claim" not in BeautifulSoup(note.section_html(note.sections[0]), "lxml").get_text()


def test_embeds_transclude_notes_headings_and_blocks(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "a.md": "A\n\n![[b]]\n\n![[b#Details]]\n\n![[b#^key]]\n\nInline ![[b]] in text.\n",
                "b.md": "B\n\nThe key sentence. ^key\n\n## Details\n\nDetail text with [[a|back link]].\n",
            }
        )
    )
    page = soup(site / "notes" / "a.html")
    embeds = page.select("div.embed")
    assert len(embeds) == 3
    assert "The key sentence." in embeds[0].get_text() and "Detail text" in embeds[0].get_text()
    assert "Detail text" in embeds[1].get_text() and "key sentence" not in embeds[1].get_text()
    assert embeds[2].get_text(" ", strip=True).endswith("The key sentence.")
    back = one(embeds[1], "p:not(.embed-source) a")
    assert (back.get_text(), back["href"]) == ("back link", "a.html")
    assert not [e for e in embeds if e.select("[id]")], "embedded HTML must not repeat ids"
    inline = one(page, "p a[data-embed]")
    assert inline.get_text() == "B"


def test_block_anchors_after_images_embeds_and_tables(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "a.md": "A\n\n![[chart.png]] ^pic\n\n![[b#Part]]\n^emb\n\n| x |\n|---|\n| 1 |\n^tbl\n",
            "b.md": "B\n\n[[a#^pic]] [[a#^emb]] [[a#^tbl]]\n\n## Part\n\nPart text.\n",
        }
    )
    (notes / "chart.png").write_bytes(PNG)
    site = build(notes)
    page = soup(site / "notes" / "a.html")
    assert one(page, "[id='^pic'] img")["src"] == "../files/chart.png"
    assert "Part text." in one(page, "[id='^emb'] div.embed").get_text()
    assert one(page, "table")["id"] == "^tbl"
    assert not [s for s in page.select("article > section:not(.backlinks)") if "^" in s.get_text()]
    links = soup(site / "notes" / "b.html").select(".section-intro a.internal")
    anchors = [str(link["href"]).partition("#")[2] for link in links]
    assert anchors == ["%5Epic", "%5Eemb", "%5Etbl"]
    assert all(page.find(id=unquote(anchor)) for anchor in anchors)


def test_embed_headers_name_the_heading_or_a_block(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "a.md": "A\n\n![[b#Details]]\n\n![[b#^b15695]]\n",
                "b.md": "B\n\nThe key sentence. ^b15695\n\n## Details\n\nDetail text.\n",
            }
        )
    )
    headers = [p.get_text() for p in soup(site / "notes" / "a.html").select("p.embed-source")]
    assert headers == ["B › Details", "B › block"]


def test_embed_cycles_end_and_are_reported(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": "A\n\n![[b]]\n", "b.md": "B\n\n![[a]]\n"})
    _, diagnostics = load_wiki(project_of(notes))
    assert sorted((d.code, d.path, d.line) for d in diagnostics) == [
        ("NF206", "a.md", 3),
        ("NF206", "b.md", 3),
    ]
    page = soup(build(notes) / "notes" / "a.html")
    assert len(page.select("div.embed")) == 1
    assert one(page, "div.embed a[data-embed]").get_text() == "A"


def test_images_and_attachments(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "a.md": "A\n\n![[chart.png|300]]\n\n![Chart](assets/chart.png)\n\n"
            "![[report.pdf]]\n\n[the data](data.csv)\n",
            "assets/chart.png": PNG,
            "report.pdf": b"%PDF-1.4",
            "data.csv": "a,b\n",
            "unused.png": PNG,
        }
    )
    site = build(notes)
    page = soup(site / "notes" / "a.html")
    images = page.select("img")
    assert [(img["src"], img.get("width")) for img in images] == [
        ("../files/assets/chart.png", "300"),
        ("../files/assets/chart.png", None),
    ]
    assert one(page, "a.attachment")["href"] == "../files/report.pdf"
    assert (site / "files" / "assets" / "chart.png").read_bytes() == PNG
    assert (site / "files" / "data.csv").is_file() and (site / "files" / "report.pdf").is_file()
    assert not (site / "files" / "unused.png").exists()


def test_obsidian_markup_renders(make_notes: MakeNotes) -> None:
    text = (
        "T\n\n> [!warning]- Unverified claim\n> Body **text**.\n\n==marked== and ~~struck~~ [^1]\n\n"
        "- [x] done\n- [ ] open\n\n| a | b |\n|---|---|\n| [[b\\|Bee]] | $x^2$ |\n\n"
        "```python\nprint('hi')\n```\n\n$$\n\\frac{a}{b}\n$$\n\n[^1]: The footnote.\n"
    )
    site = build(make_notes({"t.md": text, "b.md": "B\n"}))
    page = soup(site / "notes" / "t.html")
    callout = one(page, "details.callout")
    assert "callout-warning" in classes(callout) and not callout.has_attr("open")
    assert one(callout, "summary").get_text(strip=True) == "Unverified claim"
    assert one(page, "mark").get_text() == "marked" and one(page, "s").get_text() == "struck"
    assert [box.has_attr("checked") for box in page.select("li.task-list-item input")] == [True, False]
    assert one(page, "td a")["href"] == "b.html" and one(page, "td a").get_text() == "Bee"
    assert one(page, "td math") is not None and one(page, "math[display=block] mfrac") is not None
    assert one(page, "pre code").select("span"), "code is highlighted"
    assert "The footnote." in one(page, ".footnotes").get_text()


def test_front_matter_wikilinks_are_property_links(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {"a.md": '---\nup: "[[b]]"\nsources:\n  - "[[c]]"\n  - "[[b|Bee]]"\n---\nA\n', "b.md": "B\n"}
    )
    wiki, diagnostics = load_wiki(project_of(notes))
    links = wiki.note("a").links
    assert [(k.target, k.kind, k.key, k.line, k.col) for k in links] == [
        ("b", LinkKind.PROPERTY, "up", 2, 6),
        ("c", LinkKind.PROPERTY, "sources", 4, 6),
        ("b", LinkKind.PROPERTY, "sources", 5, 6),
    ]
    assert [(b.source, b.kind) for b in wiki.backlinks("b")] == [
        ("a", LinkKind.PROPERTY),
        ("a", LinkKind.PROPERTY),
    ]
    assert [d.code for d in diagnostics] == ["NF201"]
    page = soup(build(notes) / "notes" / "a.html")
    assert [a.get_text() for a in page.select(".property-list a")] == ["b", "c", "Bee"]
    assert "Linked from properties of" in soup(notes.parent / "site" / "notes" / "b.html").get_text()


def test_fragments_are_checked_against_the_target(make_notes: MakeNotes) -> None:
    line = "[[b#Key facts]] [[b#Nope]] [[b#^blk]] [[b#^gone]] [[#Here]] [[#Gone]]"
    notes = make_notes({"a.md": f"A\n\n{line}\n\n## Here\n", "b.md": "B\n\n## Key facts\n\nText ^blk\n"})
    _, diagnostics = load_wiki(project_of(notes))
    expected = [("NF204", "[[b#Nope"), ("NF205", "[[b#^gone"), ("NF204", "[[#Gone")]
    assert [(d.code, d.col) for d in diagnostics] == [(code, line.index(text) + 1) for code, text in expected]


def test_resolution_prefers_the_nearest_of_several_and_path_suffixes(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "x/y/dup.md": "near\n",
            "z/dup.md": "far\n",
            "x/y/main.md": "M\n\n[[dup]] [[z/dup]] [[y/dup]]\n",
        }
    )
    wiki, diagnostics = load_wiki(project_of(notes))
    assert wiki.targets["x/y/main"] == tuple(map(NoteTarget, ("x/y/dup", "z/dup", "x/y/dup")))
    [ambiguous] = diagnostics
    assert ambiguous.code == "NF202" and "x/y/dup.md, z/dup.md" in ambiguous.message


def test_alias_claimed_by_two_notes_is_reported(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {"a.md": "---\naliases: [Shared]\n---\nA\n", "b.md": "---\naliases: [shared]\n---\nB\n"}
    )
    _, diagnostics = load_wiki(project_of(notes))
    assert sorted((d.code, d.path) for d in diagnostics) == [("NF207", "a.md"), ("NF207", "b.md")]


def test_empty_and_front_matter_only_notes_get_pages(make_notes: MakeNotes) -> None:
    site = build(
        make_notes({"empty.md": "", "meta.md": "---\ntitle: Only metadata\n---\n", "bin.md": b"\x00\x01"})
    )
    assert one(soup(site / "notes" / "empty.html"), "h1").get_text() == "empty"
    assert one(soup(site / "notes" / "meta.html"), "h1").get_text() == "Only metadata"
    assert not (site / "notes" / "bin.html").exists()


def test_embeds_and_links_work_in_trusted_mode(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": "A\n\n<b>raw</b> [[b]]\n\n![[b]]\n", "b.md": "B\n\nEmbedded body.\n"})
    out = notes.parent / "site"
    build_site(project_of(notes, out, Config(parse=ParseSettings(trusted_html=True))))
    page = soup(out / "notes" / "a.html")
    assert one(page, "section.section-intro b").get_text() == "raw"
    assert one(page, "section.section-intro a.internal")["href"] == "b.html"
    assert "Embedded body." in one(page, "div.embed").get_text()
