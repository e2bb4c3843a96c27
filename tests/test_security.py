"""Hostile notes: no page of the built site may carry active content, with or without trusted HTML,
and a build reads nothing outside the notes folder and writes nothing outside the output folder.

The corpus is ``tests/fixtures/hostile/`` (one small note per family of attack). Every check runs
on parsed HTML. ``data:`` URLs are refused everywhere, ``data:image/…`` on ``img`` included: the
trusted-HTML allow-list only knows ``http``, ``https``, ``mailto`` and the internal ``nf`` scheme.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from lxml import etree

from noteforge import Config, ParseSettings, build_site, load_wiki
from noteforge.project import project_of
from noteforge.resolve import AttachmentTarget, NoteTarget
from tests.helpers import SAMPLE_DAY, THEME_SCRIPT, MakeNotes, one, soup

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"

CONFIGS = {"default": Config(), "trusted": Config(parse=ParseSettings(trusted_html=True))}

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "base", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "srcset",
    "background",
    "data",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")


@dataclass(frozen=True, slots=True)
class Site:
    """The hostile corpus, built once with one config."""

    config: str
    notes: Path
    out: Path

    def pages(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))

    def page(self, slug: str) -> BeautifulSoup:
        return soup(self.out / "notes" / f"{slug}.html")


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    name: str = request.param
    root = tmp_path_factory.mktemp(f"hostile-{name}")
    notes = root / "notes"
    shutil.copytree(HOSTILE, notes)
    build_site(project_of(notes, root / "site", CONFIGS[name]))
    return Site(name, notes, root / "site")


def url_scheme_is_dangerous(value: str) -> bool:
    """Whether a URL would run code or carry a document: its scheme as a browser reads it,
    after dropping whitespace and control characters and ignoring case."""
    return _IGNORED_IN_URLS.sub("", value).lower().startswith(DANGEROUS_SCHEMES)


def is_our_script(node: Tag) -> bool:
    """noteforge's own scripts: the vendored bundles and data files, inline JSON data, and the
    theme's one inline script (templates/_theme_script.html, applying the reader's theme)."""
    if node.name != "script":
        return False
    source = str(node.get("src") or "")
    if source:
        return source.rsplit("/", 2)[-2] in {"assets", "vendor"} and not source.startswith(("http", "//"))
    if str(node) == THEME_SCRIPT:
        return True
    return node.get("type") == "application/json" and "<" not in node.get_text()


def problems(node: Tag) -> Iterator[str]:
    """Everything active about one element."""
    if node.name in FORBIDDEN_TAGS and not is_our_script(node):
        yield f"<{node.name}> element"
    if node.name == "meta" and node.has_attr("http-equiv"):
        yield "<meta http-equiv>"
    for name, raw in node.attrs.items():
        value = " ".join(raw) if isinstance(raw, list) else str(raw)
        lowered = name.lower()
        if lowered.startswith("on"):
            yield f"event handler {name}"
        if lowered in URL_ATTRIBUTES and url_scheme_is_dangerous(value):
            yield f"{name} URL {value!r}"
        if lowered == "style" and ("expression(" in value.lower() or "url(" in value.lower()):
            yield f"style {value!r}"


def active_content(page: Path) -> list[str]:
    return [
        f"{page.name}: {problem} in {str(node)[:160]}"
        for node in soup(page).find_all(True)
        for problem in problems(node)
    ]


def test_the_corpus_is_there_and_every_note_has_a_page(site: Site) -> None:
    written = sorted(path.stem for path in HOSTILE.glob("*.md"))
    assert len(written) >= 12
    wiki, _ = load_wiki(project_of(site.notes))
    assert sorted(note.slug for note in wiki.notes) == written
    for slug in written:
        assert (site.out / "notes" / f"{slug}.html").is_file()
    assert (site.out / "index.html").is_file() and (site.out / "missing.html").is_file()


def test_the_checker_sees_what_it_looks_for() -> None:
    page = BeautifulSoup(
        '<p onclick="x"><a href=" &#10;JaVa&#9;Script:alert(1)">a</a><img src="data:image/png;base64,AA">'
        '<td style="background: URL(x)"></td><svg><a xlink:href="vbscript:x"></a></svg>'
        '<meta http-equiv="refresh"><base href="/"><script></script></p>',
        "lxml",
    )
    found = [problem for node in page.find_all(True) for problem in problems(node)]
    assert len(found) == 8, found


def test_no_page_carries_active_content(site: Site) -> None:
    found = [problem for page in site.pages() for problem in active_content(page)]
    assert not found, f"{site.config} config:\n" + "\n".join(found)


def test_hostile_front_matter_is_shown_as_text(site: Site) -> None:
    page = site.page("front-matter")
    assert one(page, "h1").get_text() == "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" in one(page, "title").get_text()
    names = one(page, ".note-names").get_text()
    assert '"><svg onload=alert(5)>' in names and "#<script>alert(6)</script>" in names
    properties = {
        dt.get_text(): dd.get_text()
        for dt, dd in zip(page.select(".property-list dt"), page.select(".property-list dd"), strict=True)
    }
    assert properties["url"] == "javascript:alert(8)"
    assert properties["trap"] == "x<script>alert(11)</script>"
    label = one(page, ".property-list a.internal")
    assert (label.get_text(), label["href"]) == ("<img src=x onerror=alert(12)>", "a.html")
    summary = [p.get_text() for p in soup(site.out / "notes.html").select(".note-entry-summary")]
    assert '<img src=x onerror=alert(2)> " onmouseover="alert(3)' in summary


def test_hostile_link_labels_stay_visible_on_working_links(site: Site) -> None:
    page = site.page("wikilinks")
    links = {a.get_text(): str(a["href"]) for a in page.select("article a[href]:not(.heading-link)")}
    assert links["<img src=x onerror=y>"] == "a.html"
    assert links["<script>alert(1)</script>"] == "a.html"
    # [y](/etc/passwd) is a root-relative URL, left as written (a link on the web server, no file read)
    assert links.pop("y") == "/etc/passwd"
    # [x](../../secret.md) is a path that is no note or file of the wiki: kept as written (NF209),
    # so it is a URL on the web server, and no file is read
    assert links.pop("x") == "../../secret.md"
    assert all(href.startswith(("a.html", "../missing.html")) for href in links.values()), links


def test_paths_out_of_the_notes_folder_resolve_to_nothing(site: Site) -> None:
    wiki, _ = load_wiki(project_of(site.notes))
    note = wiki.note("wikilinks")
    escaping = [
        (link.target, target)
        for link, target in zip(note.links, wiki.targets["wikilinks"], strict=True)
        if "passwd" in link.target or "secret" in link.target
    ]
    assert len(escaping) == 7
    assert not [target for _, target in escaping if isinstance(target, NoteTarget | AttachmentTarget)], (
        escaping
    )
    assert not (site.out / "files").exists()


SHOWN_AS_TEXT = {
    "script-body": "Inline <script>alert(1)</script> in a sentence",
    "events": "<img src=x onerror=alert(1)>",
    "urls": '<a href="javascript:alert(14)">raw anchor</a>',
    "callout": "<script>x</script>",
    "code": '"><script>alert(1)</script>',
    "footnotes": "Note with <script>alert(1)</script>",
    "headings": "<script>alert(1)</script> heading",
}


def test_markup_is_sanitised_away(site: Site) -> None:
    """With or without trusted HTML, the sanitiser removes markup, so it is not shown as
    text either (code is always shown as written)."""
    for slug, text in SHOWN_AS_TEXT.items():
        page = site.page(slug)
        shown = text in one(page, "article").get_text() + " ".join(
            " ".join(node.get_attribute_list("class")) for node in page.select("code")
        )
        assert shown == (slug == "code"), slug


def test_comments_hide_their_content(site: Site) -> None:
    text = one(site.page("comments"), "article").get_text()
    assert "Visible text" in text and "continues." in text
    assert "alert(" not in text and "javascript" not in text


# --- the file system -------------------------------------------------------------------------

SECRET = b"NOTEFORGE-TEST-SECRET-5b1e0c9d: the contents of a file outside the notes folder\n"

READER = """# Reader

[[leak]] ![[leak]] ![[leak.png]] ![picture](leak.png) [file](leak.png)

[up](../secret.txt) ![up](../secret.txt) ![[../secret.txt]] [[../secret.txt]] [[secret.txt]] ![[secret]]

[far up](../../secret.txt) [[relative]] ![[relative]] [[linked-folder/inner]] ![[inner]]

[absolute](/etc/passwd) ![[/etc/passwd]]
"""

Snapshot = dict[str, tuple[int, int, int, bytes]]


def snapshot(root: Path, skip: Path) -> Snapshot:
    """Every entry under ``root`` except ``skip``: its mode, size, mtime and bytes (a symlink's
    target for links); symbolic links are not followed."""
    found: Snapshot = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if Path(folder, name) != skip]
        for name in (*folders, *files):
            path = Path(folder, name)
            info = path.lstat()
            if path.is_symlink():
                data = os.readlink(path).encode()
            elif path.is_file():
                data = path.read_bytes()
            else:
                data = b""
            found[path.relative_to(root).as_posix()] = (info.st_mode, info.st_size, info.st_mtime_ns, data)
    return found


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_symlinks_and_parent_paths_leak_nothing_and_write_only_the_site(config: str, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "inner.md").write_bytes(SECRET)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "reader.md").write_text(READER, encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", notes / "leak.md")
    os.symlink(tmp_path / "secret.txt", notes / "leak.png")
    os.symlink("../secret.txt", notes / "relative.md")
    os.symlink(tmp_path / "outside", notes / "linked-folder", target_is_directory=True)
    out = tmp_path / "site"
    before = snapshot(tmp_path, skip=out)

    build_site(project_of(notes, out, CONFIGS[config]))

    assert snapshot(tmp_path, skip=out) == before, "a file outside the output folder changed"
    written = [path for path in out.rglob("*") if not path.is_dir()]
    assert (out / "notes" / "reader.html").is_file()
    assert not [path for path in written if path.is_symlink()]
    assert not [path for path in written if SECRET in path.read_bytes()]
    assert not [path for path in written if SECRET.split(b":")[0] in path.read_bytes()]
    wiki, _ = load_wiki(project_of(notes))
    assert [note.path for note in wiki.notes] == ["reader.md"]
    assert not [t for t in wiki.targets["reader"] if isinstance(t, NoteTarget | AttachmentTarget)]


def test_trusted_html_cannot_forge_link_placeholders(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "a.md": 'A\n\n[[b]] <a href="nf:0000000000000000:0">forged</a> '
            '<nf-embed data-key="0000000000000000" data-index="0" data-display="block"></nf-embed>\n',
            "b.md": "B\n",
        }
    )
    out = notes.parent / "site"
    build_site(project_of(notes, out, Config(parse=ParseSettings(trusted_html=True))))
    page = soup(out / "notes" / "a.html")
    assert [a.get_text() for a in page.select("main article a[href]") if a.get_text() != "A"][:1] == ["b"]
    assert "forged" in page.get_text() and not page.select("a[href^='nf:'], nf-embed, div.embed")


HOSTILE_ATTACHMENTS = {
    "a.md": "# A\n\n[chart](chart.svg), [page](page.html), [copy](page.html.txt), [data](data.xml).\n\n"
    "![[chart.svg]]\n",
    "chart.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'onload="alert(1)">'
        "<script>alert(2)</script><rect width='10' height='10' fill='teal' onclick='alert(3)'/>"
        '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(4)</script></body></foreignObject>'
        '<a xlink:href="javascript:alert(5)"><text>x</text></a><image href="https://evil.example/x.png"/>'
        '<set attributeName="onmouseover" to="alert(6)"/></svg>'
    ),
    "page.html": "<script>alert(1)</script>",
    "page.html.txt": "a text file whose name an HTML file's published name could take",
    "data.xml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
}


def test_attachments_are_published_inert(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes(HOSTILE_ATTACHMENTS)
    build_site(project_of(notes, tmp_path / "site", Config()), SAMPLE_DAY)
    files = tmp_path / "site" / "files"
    svg = etree.fromstring((files / "chart.svg").read_bytes())
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}rect") is not None, "the drawing is kept"
    for element in svg.iter():
        assert etree.QName(element).localname not in {"script", "foreignObject"}
        for name, value in element.attrib.items():
            assert not etree.QName(name).localname.lower().startswith("on"), (name, value)
            assert "javascript:" not in value and "evil.example" not in value, (name, value)
    assert sorted(p.name for p in files.iterdir()) == [
        "chart.svg",
        "data.xml.txt",
        "page.html.txt",
        "page.html.txt.txt",
    ]
    assert (files / "page.html.txt").read_text() == HOSTILE_ATTACHMENTS["page.html"]
    assert (files / "page.html.txt.txt").read_text() == HOSTILE_ATTACHMENTS["page.html.txt"]
    links = [a["href"] for a in soup(tmp_path / "site" / "notes" / "a.html").select("main a.internal")]
    assert links == [
        "../files/chart.svg",
        "../files/page.html.txt",
        "../files/page.html.txt.txt",
        "../files/data.xml.txt",
    ]


# --- trusted HTML ----------------------------------------------------------------------------

WRAPPING = """---
title: Wrapping
---
<div class="box">

*Wrapped* Markdown, across blank lines.

</div>

<details>
<summary>More</summary>

- a **hidden** list

</details>
"""


def build_trusted(make_notes: MakeNotes, files: dict[str, str]) -> Path:
    notes = make_notes(files)
    build_site(project_of(notes, notes.parent / "site", Config(parse=ParseSettings(trusted_html=True))))
    return notes.parent / "site"


def test_trusted_html_keeps_the_markdown_a_block_wraps(make_notes: MakeNotes) -> None:
    site = build_trusted(make_notes, {"a.md": WRAPPING})
    article = one(soup(site / "notes" / "a.html"), "article")
    assert one(article, "div.box p em").get_text() == "Wrapped"
    assert "across blank lines" in one(article, "div.box").get_text()
    assert one(article, "details summary").get_text() == "More"
    assert one(article, "details ul li strong").get_text() == "hidden"


OWN_IDS = """---
title: Ids
---
A claim[^1], see [[#Part]] and [[#^blk]].

<div id="mine">raw</div>

## Part

A block. ^blk

[^1]: The footnote.
"""


def test_trusted_html_keeps_noteforges_own_ids(make_notes: MakeNotes) -> None:
    site = build_trusted(make_notes, {"a.md": OWN_IDS})
    page = soup(site / "notes" / "a.html")
    article = one(page, "article")
    for link in article.select("a[href^='#']"):
        assert page.find(id=str(link["href"])[1:].replace("%5E", "^")), link
    written = {a["href"] for a in article.select("a[href^='#']:not(.heading-link)")}
    assert written == {"#part", "#%5Eblk", "#fn1", "#fnref1"}
    assert one(article, "h2#part") and one(article, "p[id='^blk']") and one(article, "li#fn1")
    assert one(article, "section.section-intro div").get("id") is None


SCHEMES = """---
title: Schemes
---
[call](tel:+441234567) [mail](mailto:a@example.com) [vault](obsidian://open?vault=v)
<a href="tel:+449876">raw call</a> <a href="javascript:alert(1)">raw js</a>
<a href="data:text/html,x">raw data</a> <a href="vbscript:x">raw vb</a>
<a href="file:///etc/passwd">raw file</a>
"""


def test_trusted_html_keeps_safe_link_schemes_only(make_notes: MakeNotes) -> None:
    site = build_trusted(make_notes, {"a.md": SCHEMES})
    links = {
        a.get_text(): a.get("href")
        for a in one(soup(site / "notes" / "a.html"), "section.section p").select("a")
    }
    assert links == {
        "call": "tel:+441234567",
        "mail": "mailto:a@example.com",
        "vault": "obsidian://open?vault=v",
        "raw call": "tel:+449876",
        "raw js": None,
        "raw data": None,
        "raw vb": None,
        "raw file": None,
    }


REMOTE_TRICKS = [
    "/\\evil.example/a.png",
    "/\t/evil.example/b.png",
    "\\\\evil.example/c.png",
    "https:evil.example/d.png",
    " //evil.example/e.png",
    "\x01//evil.example/f.png",
    "/&#92;evil.example/g.png",
    "/\n/evil.example/h.png",
]


@pytest.mark.parametrize("url", REMOTE_TRICKS)
def test_trusted_html_loads_no_image_from_another_host(make_notes: MakeNotes, url: str) -> None:
    markup = f'<img src="{url}" alt="remote"> and <img src="ok.png" alt="local">'
    note = f"---\ntitle: Remote\n---\nAn image: {markup}\n"
    site = build_trusted(make_notes, {"a.md": note})
    images = {
        img["alt"]: img.get("src") for img in one(soup(site / "notes" / "a.html"), "article").select("img")
    }
    assert images == {"remote": None, "local": "ok.png"}


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_percent_encoded_paths_kept_as_written_stay_relative(make_notes: MakeNotes, config: str) -> None:
    note = (
        "---\ntitle: Paths\n---\n[js](%6Aavascript:alert(1)) ![img](%2F%2Fevil.example/x.png) [up](%2Fetc)\n"
    )
    notes = make_notes({"a.md": note})
    build_site(project_of(notes, notes.parent / "site", CONFIGS[config]))
    paragraph = one(soup(notes.parent / "site" / "notes" / "a.html"), "section.section p")
    assert [a["href"] for a in paragraph.select("a")] == ["./javascript:alert(1)", ".//etc"]
    assert one(paragraph, "img")["src"] == ".///evil.example/x.png"  # a path on this site
