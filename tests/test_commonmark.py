"""Standard Markdown renders as the CommonMark spec says.

Every example of the CommonMark 0.31.2 spec (``tests/fixtures/commonmark/``, see
docs/dependencies.md) is written as a note with front matter, the whole set is built
into one site, and each note's body on its page is compared with the spec's HTML.
Both sides are parsed and compared as trees, whitespace between blocks ignored.
What noteforge adds on purpose is taken out of its side first: heading ids and self-links,
the ``internal`` class of links it resolved, and the highlighting spans inside fenced code.

The examples that render differently on purpose are listed, each with its reason, in
docs/note-format.md ("Differences from CommonMark"); this test reads that table, so
the list has one home. A listed example that renders as the spec says fails too: the
list must stay exact.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from noteforge import Config, build_site, load_wiki
from noteforge.project import project_of
from tests.helpers import REPO, MakeNotes, one, soup

SPEC = Path(__file__).parent / "fixtures" / "commonmark" / "spec-0.31.2.json"
NOTE_FORMAT = REPO / "docs" / "note-format.md"
_DIFFERENCE_ROW = re.compile(r"^\| (\d+) \| [^|]+ \| (.+) \|$")
_PAGE_SECTIONS = {"timeline", "local-graph", "backlinks", "properties"}
_PRE_FORMATTED = {"pre", "code"}


@dataclass(frozen=True, slots=True)
class Example:
    number: int
    section: str
    markdown: str
    html: str


def spec_examples() -> list[Example]:
    """The spec's examples, tabs restored (the spec shows them as ``→``)."""
    raw = json.loads(SPEC.read_text(encoding="utf-8"))
    return [
        Example(e["number"], e["section"], e["markdown"].replace("→", "\t"), e["html"].replace("→", "\t"))
        for e in raw
    ]


@functools.cache
def documented_differences() -> dict[int, str]:
    """Example number → reason, from the table in docs/note-format.md."""
    text = NOTE_FORMAT.read_text(encoding="utf-8")
    table = text.split("## Differences from CommonMark", 1)[1].split("\n## ", 1)[0]
    found: dict[int, str] = {}
    for line in table.splitlines():
        row = _DIFFERENCE_ROW.match(line)
        if row:
            assert int(row.group(1)) not in found, f"example {row.group(1)} is listed twice"
            found[int(row.group(1))] = row.group(2)
    return found


def note_text(example: Example) -> str:
    return f"---\ntitle: Example {example.number}\n---\n{example.markdown}"


def note_slug(example: Example) -> str:
    return f"example-{example.number:03d}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("commonmark")
    notes = root / "notes"
    notes.mkdir()
    for example in spec_examples():
        (notes / f"{note_slug(example)}.md").write_text(note_text(example), encoding="utf-8")
    build_site(project_of(notes, root / "site", Config()))
    return root / "site"


def rendered_body(site: Path, example: Example) -> str:
    """The note's body as its page shows it: the HTML of its sections, in order."""
    page = BeautifulSoup((site / "notes" / f"{note_slug(example)}.html").read_bytes(), "lxml")
    article = page.select_one("article.note")
    assert article is not None
    parts = []
    for section in article.find_all("section", recursive=False):
        if not _PAGE_SECTIONS.intersection(section.get_attribute_list("class")):
            parts += [str(child) for child in section.children]
    return "".join(parts)


def canonical(html: str) -> str:
    """A tree as text: elements with sorted attributes, text with whitespace collapsed
    (kept as is inside ``pre``), whitespace-only text between elements dropped."""
    tree = BeautifulSoup(f"<body>{html}</body>", "lxml").body
    assert tree is not None
    return "".join(_canonical_nodes(tree, preformatted=False)).strip()


def _canonical_nodes(node: Tag, preformatted: bool) -> list[str]:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            text = str(child)
            if not preformatted:
                text = re.sub(r"\s+", " ", text)
                if not text.strip():
                    continue
            out.append(text)
        elif isinstance(child, Tag):
            keeps_space = preformatted or child.name in _PRE_FORMATTED
            inner = "".join(_canonical_nodes(child, keeps_space))
            attributes = "".join(f' {name}="{_value(value)}"' for name, value in sorted(child.attrs.items()))
            out.append(f"<{child.name}{attributes}>{inner if keeps_space else inner.strip()}</{child.name}>")
    return out


def _value(value: object) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def without_our_additions(html: str) -> str:
    """noteforge's own additions taken out: heading ids and self-links, the class of resolved
    links and highlighting spans in code."""
    tree = BeautifulSoup(f"<body>{html}</body>", "lxml").body
    assert tree is not None
    for heading in tree.find_all(re.compile(r"^h[1-6]$")):
        del heading["id"]
    for link in tree.select("a.heading-link"):
        link.decompose()
    for link in tree.select("a.internal"):
        del link["class"]
    for span in tree.select("pre > code span"):
        span.unwrap()
    return "".join(str(child) for child in tree.children)


EXAMPLES = spec_examples()


def test_the_fixture_holds_the_whole_spec() -> None:
    assert [example.number for example in EXAMPLES] == list(range(1, 653))


def test_every_documented_difference_names_a_spec_example() -> None:
    differences = documented_differences()
    assert differences, "docs/note-format.md lists no differences"
    assert set(differences) <= {example.number for example in EXAMPLES}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: f"example-{example.number}")
def test_example_renders_as_the_spec_says(site: Path, example: Example) -> None:
    body = rendered_body(site, example)
    assert not html_errors((site / "notes" / f"{note_slug(example)}.html").read_text(encoding="utf-8"))
    rendered = canonical(without_our_additions(body))
    expected = canonical(example.html)
    reason = documented_differences().get(example.number)
    if reason is None:
        assert rendered == expected, f"{example.section}: {example.markdown!r}"
    else:
        assert rendered != expected, f"example {example.number} renders as the spec says: unlist it"


# --- valid HTML -----------------------------------------------------------------------------


class _Validator(HTMLParser):
    """Reads HTML as written (lxml and BeautifulSoup would merge duplicate attributes and
    split nested links silently) and notes duplicate attributes and links inside links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.errors: list[str] = []
        self.open_links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        self.errors += [f"<{tag}> has {name!r} twice" for name in sorted(set(names)) if names.count(name) > 1]
        if tag == "a":
            if self.open_links:
                self.errors.append(f"<a {attrs}> inside another link")
            self.open_links += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.open_links = max(0, self.open_links - 1)


def html_errors(html: str) -> list[str]:
    """Duplicate attributes and nested links in a page."""
    validator = _Validator()
    validator.feed(html)
    validator.close()
    return validator.errors


def test_the_validator_sees_what_it_looks_for() -> None:
    found = html_errors('<a title="x" href="y" title="z"><img src="a"><a href="b">b</a></a>')
    assert found == ["<a> has 'title' twice", "<a [('href', 'b')]> inside another link"]


VALIDITY = """---
title: Links in links
---
[titled](nowhere.md "My title") and [[nowhere|wiki]] and [titled note](b.md "B's title").

[![moon](moon.jpg)](/uri) and [![a note](b.md)](https://example.com) and [![[b]]](https://example.com).

[before [[b]] after](https://example.com) and [![[b#Part]] x](/uri) [![[chart.png]]](/uri)
"""


def test_the_html_is_valid_with_titles_and_images_inside_links(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": VALIDITY, "b.md": "B\n\n## Part\n\nText.\n", "chart.png": b"png"})
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    page = (out / "notes" / "a.html").read_text(encoding="utf-8")
    assert not html_errors(page)
    article = one(soup(out / "notes" / "a.html"), "article")
    titles = {a.get_text(): a.get("title") for a in article.select("a")}
    assert titles["titled"] == "My title" and titles["titled note"] == "B's title"
    moon = one(article, "a[href='/uri'] img")
    assert (moon["src"], moon["alt"]) == ("moon.jpg", "moon")
    assert one(article, "a[href='/uri'] img[alt='chart.png']")["src"] == "../files/chart.png"


# --- headings -------------------------------------------------------------------------------

HEADINGS = """---
title: Headings
---
Intro.

# One *emphasis* and `code`

Text.

## Two [a link](https://example.com) and **strong** and [[b]]

### Three *deep*
"""


def test_headings_keep_their_inline_markup_and_their_level(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": HEADINGS, "b.md": "B\n"})
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    article = one(soup(out / "notes" / "a.html"), "article")
    headings = article.select("header h1, section.section-other :is(h1, h2, h3)")
    assert [h.name for h in headings] == ["h1", "h1", "h2", "h3"]
    title, one_, two, three = headings
    assert title.get_text() == "Headings"
    assert (one_["id"], one(one_, "em").get_text(), one(one_, "code").get_text()) == (
        "one-emphasis-and-code",
        "emphasis",
        "code",
    )
    assert one(two, "a[href='https://example.com']").get_text() == "a link"
    assert one(two, "strong").get_text() == "strong"
    assert one(two, "a.internal")["href"] == "b.html"
    assert one(three, "em").get_text() == "deep"


# --- links ----------------------------------------------------------------------------------

REFERENCES = """---
title: References
---
A [foo] and [[foo]] and [bar][] and ![chart][].

[foo]: https://example.com/foo
[bar]: local/bar.html
[chart]: img/chart.png "A chart"
"""


def test_a_reference_definition_wins_over_a_note_lookup(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": REFERENCES, "foo.md": "Foo\n", "bar.md": "Bar\n"})
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    paragraph = one(soup(out / "notes" / "a.html"), "section.section p")
    hrefs = [(a.get_text(), a["href"]) for a in paragraph.select("a")]
    # [[foo]] stays a wikilink (as in Obsidian; Foam writes such definitions for its wikilinks)
    assert hrefs == [("foo", "https://example.com/foo"), ("foo", "foo.html"), ("bar", "local/bar.html")]
    assert paragraph.get_text().startswith("A foo and foo and bar")
    image = one(paragraph, "img")
    assert (image["src"], image["alt"], image["title"]) == ("img/chart.png", "chart", "A chart")


UNKNOWN_PATHS = """---
title: Paths
---
See [the plan](plans/q3.md "Q3") and ![chart](chart.png) and [a note](b.md).
"""


def test_a_path_that_is_no_note_or_file_stays_a_link_or_an_image(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": UNKNOWN_PATHS, "b.md": "B\n"})
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    paragraph = one(soup(out / "notes" / "a.html"), "section.section p")
    assert [(a.get_text(), a["href"], a.get("title")) for a in paragraph.select("a")] == [
        ("the plan", "plans/q3.md", "Q3"),
        ("a note", "b.html", None),
    ]
    image = one(paragraph, "img")
    assert (image["src"], image["alt"]) == ("chart.png", "chart")
    assert not (out / "missing.html").exists(), "no note is missing"
    _, diagnostics = load_wiki(project_of(notes))
    found = [(d.code, d.line, d.col) for d in diagnostics]
    assert found == [("NF209", 4, 5), ("NF209", 4, 38)]
