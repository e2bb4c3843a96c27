"""A parsed note holds its body's HTML once: fragments are slices of it."""

from __future__ import annotations

import msgspec
from bs4 import BeautifulSoup

from tests.helpers import parse

NOTE = """# Title

Intro with [[a]].

## Part

Under the part. ^claim

### Deeper

- first item
- second item ^item

## Next

After the part.
"""


def _text(html: str | None) -> str:
    assert html is not None
    return BeautifulSoup(html, "lxml").get_text(" ", strip=True).replace(" Link to this section", "")


def test_fragments_are_slices_of_the_body_html() -> None:
    note = parse(NOTE)
    assert [f.anchor for f in note.fragments] == ["", "title", "^claim", "^item", "part", "deeper", "next"]
    assert all(f.html is None for f in note.fragments)
    assert note.fragment_html("") == note.fragment_html("title") == note.body_html
    assert _text(note.fragment_html("part")) == "Part Under the part. Deeper first item second item"
    assert _text(note.fragment_html("deeper")) == "Deeper first item second item"
    assert _text(note.fragment_html("next")) == "Next After the part."
    assert _text(note.fragment_html("^claim")) == "Under the part."
    assert (note.fragment_html("^item") or "").startswith("<li")
    assert _text(note.fragment_html("^item")) == "second item"
    assert note.fragment_html("nowhere") is None


def test_a_part_of_a_note_with_raw_html_is_sanitised_on_its_own() -> None:
    note = parse('# T\n\n<div class="box">\n\n## Part\n\nInside.\n\n</div>\n\n## Next\n\nAfter.\n')
    part = note.fragment("part")
    assert part is not None and part.html is not None
    assert _text(part.html) == "Part Inside."
    assert BeautifulSoup(note.body_html, "lxml").select_one("div.box h2#part") is not None


def test_the_cached_note_holds_its_body_html_once() -> None:
    words = "Words and more words. " * 20
    sections = "".join(f"## Part {i}\n\n### Sub {i}\n\n{words}\n\n" for i in range(20))
    note = parse(f"# Long\n\nIntro.\n\n{sections}")
    body = len(note.body_html.encode("utf-8"))
    assert body > 10_000 and len(note.fragments) == 42
    # As HTML of their own, the whole body under the title's anchor and each heading's
    # part would hold it three times over.
    assert len(msgspec.msgpack.encode(note.fragments)) < 0.2 * body


def test_a_sentence_many_links_sit_in_is_stored_once() -> None:
    note = parse("# T\n\nSee [[a]], [[b]] and [[c]] here. Then [[d]].\n\n- item with [[e]] and [[a]]\n")
    assert [note.context(link) for link in note.links] == [
        *["See a, b and c here."] * 3,
        "Then d.",
        *["item with e and a"] * 2,
    ]
    assert note.contexts == ("See a, b and c here.", "Then d.", "item with e and a")
    assert [link.context_index for link in note.links] == [0, 0, 0, 1, 2, 2]


def test_sections_are_slices_of_the_body_html_where_their_blocks_are_together() -> None:
    note = parse(
        "# T\n\nIntro.\n\n## Why it matters\n\nBecause.\n\n### More\n\nStill.\n\n"
        "## Key facts\n\nBefore the list.\n\n- A fact. [[s]]\n\nBetween.\n\n- Another. [[s]]\n\n"
        "## Open questions\n\n- Why?\n"
    )
    intro, why, facts, questions = note.sections
    assert (intro.html, why.html, questions.html) == (None, None, None)
    assert _text(note.section_html(intro)) == "Intro."
    assert _text(note.section_html(why)) == "Because. More Still."
    assert note.section_html(questions) == ""
    # The facts are records: the blocks between them are apart in the body's HTML.
    assert facts.html is not None and _text(facts.html) == "Before the list. Between."
    assert [fact.text for fact in note.facts] == ["A fact. s", "Another. s"]
