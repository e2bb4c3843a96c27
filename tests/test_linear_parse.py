"""No quadratic note (issue 12): per-link and per-block parse work is constant amortised.

None asserts a duration: work is counted (characters handed to the sentence splitter, to
the position lookups or to the sanitiser) for a note and for the same note with twice the
links or blocks, and the count may at most about double. Beside them, the behaviour the
faster code keeps: link contexts and columns, in paragraphs and in table cells.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from markdown_it.rules_block.table import escapedSplit

import noteforge.parse as parse_package
from noteforge.parse import inline, links
from noteforge.syntax.html import sanitize
from noteforge.syntax.tables import split_row
from tests.helpers import examples, parse


class _Counter:
    """Characters handed to a wrapped function, summed."""

    def __init__(self) -> None:
        self.spent = 0

    def wrap(self, function: Callable[..., Any], *, text_at: int = 0) -> Callable[..., Any]:
        def counting(*args: Any) -> Any:
            self.spent += len(args[text_at])
            return function(*args)

        return counting


def _work(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    """Characters scanned while parsing ``text``: by the sentence splitter, by the search
    for a link's occurrence in its file line, and by the sanitiser."""
    counter = _Counter()
    with monkeypatch.context() as patch:
        patch.setattr(inline, "sentence_spans", counter.wrap(inline.sentence_spans))
        patch.setattr(links, "_nth_index", counter.wrap(links._nth_index))
        patch.setattr(parse_package, "sanitize", counter.wrap(sanitize))
        note = parse(text)
    assert not [d for d in note.diagnostics if d.code == "NF900"]
    return counter.spent


def _linear(work: Callable[[int], int], size: int = 2_000) -> None:
    once, twice = work(size), work(2 * size)
    assert twice <= 2.2 * once, f"work grew {twice / once:.2f}x for twice the input: not linear"


def _paragraph_of_links(count: int, tail: str = "") -> str:
    sentences = (f"As e.g. the U.S. view in [[t{i}]] says, no. See [[u{i}|Unit]]." for i in range(count))
    return "# Links\n\n" + " ".join(sentences) + tail + "\n"


def test_a_paragraph_of_links_costs_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    _linear(lambda n: _work(monkeypatch, _paragraph_of_links(n)))


def test_a_paragraph_of_links_with_a_block_id_costs_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # The block id is cut from the paragraph's text, so its line no longer ends the file
    # line: each link's column used to be found by scanning the line from its start.
    _linear(lambda n: _work(monkeypatch, _paragraph_of_links(n, " ^links")))


def test_a_table_of_links_costs_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def table(rows: int) -> str:
        body = "".join(f"| [[t{i}]] | [[g{i}]] and [[t{i}]] | Used by [[s{i}]]. |\n" for i in range(rows))
        return "# Table\n\n| ID | Name | Description |\n| --- | --- | --- |\n" + body

    _linear(lambda n: _work(monkeypatch, table(n)))


def test_nested_headings_sanitise_each_block_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sections, the whole body and every heading's part are embeddable fragments: each
    # block used to be sanitised once for each of them (four times at depth three).
    def note(parts: int) -> str:
        text = "".join(
            f"### Part {i}\n\nText [[t{i}]] here.\n\n| a |\n| --- |\n| [[c{i}]] |\n\n" for i in range(parts)
        )
        return f"# Title\n\nIntro.\n\n## Section\n\n{text}"

    _linear(lambda n: _work(monkeypatch, note(n)), size=200)
    html = parse(note(200)).body_html
    assert _work(monkeypatch, note(200)) < 1.5 * len(html), "each block is sanitised once"


def test_contexts_of_many_links_in_one_paragraph_are_their_sentences() -> None:
    note = parse(_paragraph_of_links(1_000))
    assert len(note.links) == 2_000
    assert note.context(note.links[0]) == "As e.g. the U.S. view in t0 says, no."
    assert note.context(note.links[1]) == "See Unit."
    assert note.context(note.links[-2]) == "As e.g. the U.S. view in t999 says, no."
    assert {link.line for link in note.links} == {3}


def test_columns_in_a_paragraph_ending_in_a_block_id() -> None:
    line = "See [[a]]. Then [[b]] here and [[a]] again. ^blk"
    note = parse(f"# T\n\n{line}\n")
    assert [link.col for link in note.links] == [
        line.index("[[a]]") + 1,
        line.index("[[b]]") + 1,
        line.rindex("[[a]]") + 1,
    ]
    assert note.fragments[-1].anchor == "^blk"


def test_links_in_table_cells_have_their_cell_as_context_and_their_own_column() -> None:
    rows = ["| [[x]] and [[yy]]. Second one. | [[x]] |", "| [[x]] | [[x]] |", "| a \\| b | [[z\\|Z]] |"]
    note = parse("# T\n\n| A | B |\n| --- | --- |\n" + "\n".join(rows) + "\n")
    found = [(link.target, link.line, link.col, note.context(link)) for link in note.links]
    assert found == [
        ("x", 5, 3, "x and yy."),
        ("yy", 5, 13, "x and yy."),
        ("x", 5, rows[0].rindex("[[x]]") + 1, "x"),
        ("x", 6, 3, "x"),
        ("x", 6, 11, "x"),
        ("z", 7, rows[2].index("[[z") + 1, "Z"),
    ]


def test_sanitising_keeps_each_calls_own_ids() -> None:
    html = '<h2 id="a">A</h2><p id="b">B</p>'
    assert sanitize(html, frozenset({"a"})) == '<h2 id="a">A</h2><p>B</p>'
    assert sanitize(html, frozenset({"b"})) == '<h2>A</h2><p id="b">B</p>'
    assert sanitize(html, frozenset()) == "<h2>A</h2><p>B</p>"


@hypothesis_settings(max_examples=examples(300))
@given(st.text(alphabet="ab|\\ `", max_size=30))
def test_table_rows_split_into_the_cells_markdown_it_finds(row: str) -> None:
    assert split_row(row) == escapedSplit(row)
