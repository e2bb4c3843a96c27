"""Bounded work for every note (issue 10, "A few hundred bytes hang the build").

Each test builds or parses the reproduction from the issue. None asserts a duration:
work is counted (characters handed to the sentence splitter or the abbreviation check,
tokens the inline parser skips over, notes transcluded), and each counter fails the test
as soon as the count passes a bound linear in the input, so the quadratic code fails fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from bs4 import BeautifulSoup
from markdown_it.parser_inline import ParserInline

import noteforge.parse as parse_package
from noteforge import build_site, limits
from noteforge.parse import inline
from noteforge.project import project_of
from tests.helpers import MakeNotes, cited, one, parse, soup


class _Budget:
    """Counts units of work; fails the test once they pass ``bound``."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self.spent = 0

    def spend(self, amount: int) -> None:
        self.spent += amount
        assert self.spent <= self.bound, f"more than {self.bound:,} units of work: not linear"


class _CountingPattern:
    """A compiled pattern whose ``search`` charges the budget for the characters it is given."""

    def __init__(self, pattern: re.Pattern[str], budget: _Budget) -> None:
        self._pattern = pattern
        self._budget = budget

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        self._budget.spend(len(text))
        return self._pattern.search(text, *args)


def _embedding_chain(notes: int, times: int) -> dict[str, str]:
    """The issue's reproduction: each note embeds the next one ``times`` times."""
    files = {}
    for number in range(notes):
        embeds = f"![[n{number + 1}]]\n\n" * times if number + 1 < notes else "The end of the chain.\n"
        files[f"n{number}.md"] = f"# Note {number}\n\n{embeds}"
    return files


def test_ten_notes_each_embedding_the_next_ten_times_stay_within_the_page_budget(
    make_notes: MakeNotes,
) -> None:
    # Without a budget, n0's page would transclude 10 + 100 + … + 10^8 notes (up to depth 8).
    notes = make_notes(_embedding_chain(10, 10))
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    page = soup(out / "notes" / "n0.html")
    assert len(page.select("div.embed")) == limits.EMBEDS_PER_PAGE
    assert page.select("a[data-embed=budget]"), "embeds beyond the budget are links"
    spent = [d for d in result.diagnostics if d.code == "NF142"]
    assert ("n0.md", 3, 1) in [(d.path, d.line, d.col) for d in spent]
    assert "n9.md" not in [d.path for d in spent]


def test_a_small_embedding_chain_is_cut_at_the_budget_too(make_notes: MakeNotes) -> None:
    # 4 notes: n0's page would transclude 10 + 100 + 1,000 parts without a budget.
    notes = make_notes(_embedding_chain(4, 10))
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    assert len(soup(out / "notes" / "n0.html").select("div.embed")) == limits.EMBEDS_PER_PAGE
    assert len(soup(out / "notes" / "n1.html").select("div.embed")) == 110, "under the budget: all"
    assert sorted(d.path for d in result.diagnostics if d.code == "NF142") == ["n0.md"]


def test_the_budget_counts_characters_of_transcluded_html(make_notes: MakeNotes) -> None:
    big = "# Big\n\n" + "Words of a long note. " * (limits.EMBED_CHARS_PER_PAGE // 30) + "\n"
    notes = make_notes({"big.md": big, "page.md": "# Page\n\n![[big]]\n\n![[big]]\n"})
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    page = soup(out / "notes" / "page.html")
    assert len(page.select("div.embed")) == 1
    assert one(page, "a[data-embed=budget]")["href"] == "big.html"
    assert [(d.code, d.line) for d in result.diagnostics if d.path == "page.md"] == [("NF142", 5)]


def _count_sentence_splitting(monkeypatch: pytest.MonkeyPatch, bound: int) -> _Budget:
    budget = _Budget(bound)
    split = inline.sentence_spans

    def counting_spans(text: str) -> list[tuple[int, int]]:
        budget.spend(len(text))
        return split(text)

    monkeypatch.setattr(inline, "sentence_spans", counting_spans)
    return budget


def test_a_paragraph_of_many_links_is_split_into_sentences_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The paragraph of links (5,000 of them, under the limit of links per note):
    # each link's context is its sentence, and the paragraph used to be split again for
    # every link.
    links = 5_000
    paragraph = " ".join(f"See [[t{i}]]." for i in range(links))
    budget = _count_sentence_splitting(monkeypatch, bound=4 * len(paragraph))
    note = parse(f"# Links\n\n{paragraph}\n")
    assert note.diagnostics == (), "parse stops at the budget's assertion (NF900) if not linear"
    assert len(note.links) == links
    assert [note.context(link) for link in note.links[:2]] == ["See t0.", "See t1."]
    assert note.links[-1].col == len(paragraph) - len(f"[[t{links - 1}]].") + 1
    assert budget.spent <= 2 * len(paragraph)


def test_more_links_than_the_limit_make_the_note_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "NOTE_LINKS", 1_000)
    paragraph = " ".join(f"See [[t{i}]]." for i in range(1_001))
    note = parse(f"---\ntitle: Links\n---\n{paragraph}\n")
    assert [(d.code, d.line) for d in note.diagnostics] == [("NF141", 4)]
    assert note.title == "Links" and note.links == ()
    assert note.section_html(note.sections[0]).count("[[t") == 1_001, "every word is kept"
    assert parse(f"# Links\n\n{paragraph.rsplit(' ', 1)[0]}\n").diagnostics == (), "at the limit: parsed"


def test_twenty_thousand_abbreviations_in_a_paragraph_are_checked_in_linear_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "A. " * 20_000
    budget = _Budget(20 * len(text))
    monkeypatch.setattr(inline, "_ABBREVIATION", _CountingPattern(inline._ABBREVIATION, budget))
    assert inline.sentence_spans(text) == [(0, len(text.rstrip()))]
    assert inline.sentence_spans("It is the U.S. Commerce rule. Then e.g. Huawei. Done.") == [
        (0, 29),
        (30, 47),
        (48, 53),
    ]


def test_twenty_thousand_abbreviations_in_a_note_parse() -> None:
    note = parse("# Abbreviations\n\n" + "A. " * 20_000 + "\n")
    assert note.diagnostics == ()
    assert note.section_html(note.sections[0]).count("A.") == 20_000


def _count_skipped_tokens(monkeypatch: pytest.MonkeyPatch, bound: int) -> _Budget:
    budget = _Budget(bound)
    skip: Callable[[ParserInline, Any], None] = ParserInline.skipToken

    def counting_skip(self: ParserInline, state: Any) -> None:
        budget.spend(1)
        skip(self, state)

    monkeypatch.setattr(ParserInline, "skipToken", counting_skip)
    return budget


def test_a_run_of_wikilink_openers_is_scanned_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # The line of `[[` (20,000 of them: a million is over the size limit): each
    # `[[` used to scan to the end of the paragraph for `]]`, and each `[` for a `]`.
    openers = "[[" * 20_000
    budget = _count_skipped_tokens(monkeypatch, bound=len(openers))
    note = parse(f"# Brackets\n\n{openers}\n")
    assert note.diagnostics == (), "parse stops at the budget's assertion (NF900) if not linear"
    assert note.links == ()
    assert note.section_html(note.sections[0]).count("[") == len(openers)
    assert budget.spent == 0


def test_wikilinks_still_close_after_unclosed_openers() -> None:
    note = parse("# Brackets\n\n[[ a [[b]] and [[c|C]] ]] [x](y.md) ![i](j.png) [[d\n")
    assert [link.target for link in note.links] == ["b", "c", "y.md", "j.png"]


def test_a_million_wikilink_openers_make_the_note_plain_text() -> None:
    text = "---\ntags: [kept]\n---\n" + "[[" * 1_000_000 + "\n"
    note = parse(text)
    assert [(d.code, d.line, d.col) for d in note.diagnostics] == [("NF140", 4, 1)]
    assert note.tags == ("kept",), "front matter is still read"
    assert note.section_html(note.sections[0]).count("[[") == 1_000_000, "nothing is dropped"


def test_a_note_of_too_many_tokens_is_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "NOTE_TOKENS", 1_000)
    words = "*a* " * 400
    note = parse(f"# Busy\n\n{words}\n")
    assert [d.code for d in note.diagnostics] == ["NF141"]
    html = note.section_html(note.sections[0])
    assert "<em>" not in html and html.count("*a*") == 400


class _CountingStarts(tuple[int, ...]):
    """A fact's child offsets that charge the budget each time one is read."""

    budget: _Budget

    def __getitem__(self, index: Any) -> Any:
        self.budget.spend(1)
        return super().__getitem__(index)


def test_a_fact_citing_many_sources_is_read_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each citation sentence used to be matched against every child of the fact, and each
    # link against every citation sentence.
    citations = 2_000
    fact = "- Claim. " + " ".join(f"From [[s{i}]]." for i in range(citations))
    _CountingStarts.budget = _Budget(100 * citations)

    def counting_plain_text(children: list[Any]) -> inline.PlainText:
        plain = inline.plain_text(children)
        return inline.PlainText(plain.text, _CountingStarts(plain.starts))

    monkeypatch.setattr(parse_package, "plain_text", counting_plain_text)
    note = parse(f"# Sourced\n\n## Key facts\n\n{fact}\n")
    assert note.diagnostics == (), "parse stops at the budget's assertion (NF900) if not linear"
    assert [cited(note, fact) for fact in note.facts] == [tuple(f"s{i}" for i in range(citations))]
    assert {link.kind.value for link in note.links} == {"cites"}


@pytest.mark.parametrize("brackets", ["[" * 50_000 + "]", "[[" * 50_000 + "]"], ids=["[", "[["])
def test_a_run_of_link_openers_before_one_closer_is_scanned_in_linear_time(
    monkeypatch: pytest.MonkeyPatch, brackets: str
) -> None:
    # Each `[` scanned for its `]`, recursing into every `[` it passed up to markdown-it's
    # nesting limit: about 100 steps a bracket (100 KB took half a minute).
    budget = _count_skipped_tokens(monkeypatch, bound=10**9)
    note = parse(f"# Brackets\n\n{brackets}\n")
    assert [(d.code, d.line) for d in note.diagnostics] == [("NF141", 3)]
    assert "shown as text" in note.diagnostics[0].message
    text = BeautifulSoup(note.section_html(note.sections[0]), "lxml").get_text()
    assert text.count("[") == brackets.count("[") and text.count("]") == 1, "all the text is there"
    spent = budget.spent
    assert spent <= limits.LABEL_SCAN_BASE + limits.LABEL_SCAN_PER_CHAR * len(brackets) + 1
    budget.spent = 0
    parse(f"# Brackets\n\n{brackets[: len(brackets) // 2]}]\n")
    assert spent <= 2 * budget.spent, "half the brackets, at least half the steps"


def test_ordinary_nested_links_and_wikilinks_are_not_cut_by_the_label_budget() -> None:
    note = parse("# Links\n\n[a [b] c](x.md) and [[wikilink]] and [![i](j.png)](k.md) [^1] [ ] [y]\n")
    assert note.diagnostics == ()
    assert [link.target for link in note.links] == ["x.md", "wikilink", "k.md", "j.png"]
    html = BeautifulSoup(note.section_html(note.sections[0]), "lxml")
    assert html.get_text().strip() == "a [b] c and wikilink and  [^1] [ ] [y]"
    assert html.select_one("a img[alt=i]") is not None


def test_the_label_budget_of_an_inline_footnote_is_reported_at_its_paragraph() -> None:
    # An inline footnote's text is parsed on its own, with a budget of its own.
    note = parse("# Brackets\n\nFirst.\n\nSee ^[" + "[" * 30_000 + "]] here\n")
    assert [(d.code, d.line) for d in note.diagnostics] == [("NF141", 5)]
