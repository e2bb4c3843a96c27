"""The parse stage: note text → Note record."""

from __future__ import annotations

from datetime import date

import pytest

from noteforge.model import LinkKind, LinkSyntax, SectionKind, Status
from tests.helpers import cited, parse, written

SOURCE = "2026-05-22-autoresearch-china-blackwell-compute-routing-may-2026"


# -- the seed, verbatim ----------------------------------------------------------


def test_seed_title_status_and_summary(seed_text: str) -> None:
    note = parse(seed_text, "smic.md")
    assert note.slug == "smic"
    assert note.title == "SMIC (Semiconductor Manufacturing International Corporation)"
    assert note.status is Status.HYPOTHESIS
    assert note.status_since == date(2026, 5, 22)
    assert note.summary.startswith("China's leading domestic foundry. ")
    assert note.type == "entity"


def test_seed_facts_keep_sources_and_qualifier_apart(seed_text: str) -> None:
    note = parse(seed_text, "smic.md")
    facts = note.facts
    assert len(facts) == 5
    assert cited(note, facts[0]) == (SOURCE,)
    assert facts[0].text == "Manufactures Huawei Ascend 950PR on SMIC N+2 node (7nm-class process)."
    assert facts[1].qualifier == "Huawei claim; not independently benchmarked."
    assert (
        facts[1].text
        == "Ascend 950PR specs: 1.56 PFLOPS FP4, 2.8x Nvidia H20 performance, in-house HiBL 1.0 HBM."
    )
    assert "claim" not in facts[1].html
    assert [f.line for f in facts] == [8, 9, 10, 11, 12]
    assert all(f.qualifier is None for f in facts[2:])


def test_seed_questions_and_related(seed_text: str) -> None:
    note = parse(seed_text, "smic.md")
    assert [q.line for q in note.open_questions] == [14, 15, 16]
    assert note.open_questions[1].text.startswith("Can SMIC scale Ascend volumes")
    assert [(written(note, r.target), r.label) for r in note.related] == [
        ("huawei", "primary customer for Ascend AI chips"),
        ("china-blackwell-offshore-compute-routing", "the question that surfaces SMIC as beneficiary"),
        ("nvidia", "the displaced alternative"),
    ]


def test_seed_sections_in_order_and_title_not_repeated(seed_text: str) -> None:
    note = parse(seed_text, "smic.md")
    assert [(s.kind, s.title) for s in note.sections] == [
        (SectionKind.INTRO, ""),
        (SectionKind.WHY, "Why it matters"),
        (SectionKind.FACTS, "Key facts"),
        (SectionKind.QUESTIONS, "Open questions"),
        (SectionKind.RELATED, "Related"),
    ]
    assert "SMIC (Semiconductor" not in note.section_html(note.sections[0])
    assert "This is a new hypothesis" in note.section_html(note.sections[1])


def test_seed_links_are_bare_citations_and_relations_with_file_positions(seed_text: str) -> None:
    links = parse(seed_text, "smic.md").links
    assert [(link.target, link.kind, link.syntax) for link in links] == [
        (SOURCE, LinkKind.CITES, LinkSyntax.BARE),
        ("huawei", LinkKind.RELATED, LinkSyntax.BARE),
        ("china-blackwell-offshore-compute-routing", LinkKind.RELATED, LinkSyntax.BARE),
        ("nvidia", LinkKind.RELATED, LinkSyntax.BARE),
    ]
    lines = seed_text.split("\n")
    for link in links:
        assert lines[link.line - 1][link.col - 1 :].startswith(link.target)


# -- front matter ----------------------------------------------------------------

FRONT = """---
title: Huawei Technologies
type: Entity
status: active
status_since: 2026-03-10
tags: [china, "#chips"]
aliases: Huawei, 华为
tickers: [0981.HK, 002502]
founded: 1987
---

# A heading that is not the title

Body [[smic]].
"""


def test_front_matter_wins_and_is_normalised() -> None:
    note = parse(FRONT, "huawei.md")
    assert note.title == "Huawei Technologies"
    assert note.type == "entity"
    assert note.status is Status.ACTIVE
    assert note.status_since == date(2026, 3, 10)
    assert note.tags == ("china", "chips")
    assert note.aliases == ("Huawei", "华为")
    assert {p.key: p.value for p in note.properties} == {"tickers": "0981.HK, 002502", "founded": "1987"}
    assert note.diagnostics == ()


def test_line_numbers_count_the_front_matter() -> None:
    link = parse(FRONT, "huawei.md").links[0]
    assert (link.line, link.col) == (14, 6)


@pytest.mark.parametrize("value", ["no", "off", "yes", "maybe"])
def test_yaml_words_are_not_booleans_and_unknown_status_is_reported(value: str) -> None:
    note = parse(f"---\nstatus: {value}\n---\nText\n")
    assert note.status is None
    [problem] = note.diagnostics
    assert (problem.code, problem.line, problem.col) == ("NF103", 2, 1)
    assert f'"{value}"' in problem.message


def test_invalid_yaml_is_reported_at_its_line_and_the_body_kept() -> None:
    note = parse("---\ntitle: ok\ntags: [a, b\n---\n# Real title\n\nBody kept.\n")
    [problem] = note.diagnostics
    assert problem.code == "NF101"
    assert problem.line in {3, 4}
    assert note.title == "Real title"
    assert "Body kept." in note.section_html(note.sections[0])


def test_front_matter_that_is_not_a_mapping() -> None:
    note = parse("---\n- a\n- b\n---\nText\n")
    assert [d.code for d in note.diagnostics] == ["NF102"]


def test_unknown_type_and_bad_date_are_reported() -> None:
    note = parse("---\ntype: widget\nstatus_since: someday\n---\nText\n")
    assert [(d.code, d.line) for d in note.diagnostics] == [("NF104", 2), ("NF105", 3)]
    assert note.status_since is None


def test_wrong_field_type_is_reported() -> None:
    note = parse("---\ntitle: [a, b]\ntags: {a: 1}\n---\nFirst line\n")
    assert [d.code for d in note.diagnostics] == ["NF106", "NF106"]
    assert note.title == "First line"


# -- inference -------------------------------------------------------------------


def test_title_from_first_h1_else_first_line_else_file_name() -> None:
    assert parse("Intro line.\n\n# The title\n").title == "The title"
    assert parse("## Books\n\n# Clippings\n", "People/Kevin Kelly.md").title == "Kevin Kelly"
    assert parse("First line\nsecond line\n").title == "First line"
    assert parse("- a list first\n", "dir/My note.md").title == "My note"


def test_first_line_title_is_not_repeated_in_the_body() -> None:
    note = parse("Apple\nApple\nA fruit company.\n")
    assert note.title == "Apple"
    assert note.summary == "A fruit company."
    assert "Apple" not in note.section_html(note.sections[0])


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("2026-01-02-report.md", "Report\n", "source"),
        ("why.md", "Why is the sky blue?\n", "question"),
        ("acme.md", "Acme\n\n## Key facts\n\n- A fact.\n", "entity"),
        ("misc.md", "Misc\n\nJust prose.\n", "note"),
        ("2026-01-02-x.md", "---\ntype: thesis\n---\nX\n", "thesis"),
    ],
)
def test_type_inference(path: str, text: str, expected: str) -> None:
    assert parse(text, path).type == expected


@pytest.mark.parametrize(
    ("sentence", "status", "since"),
    [
        (
            "This is a new hypothesis (May 22, 2026) — not yet an active thesis.",
            Status.HYPOTHESIS,
            date(2026, 5, 22),
        ),
        ("This is an active thesis (since March 10, 2026).", Status.ACTIVE, date(2026, 3, 10)),
        ("This thesis was retired (28 April 2026): the data moved.", Status.RETIRED, date(2026, 4, 28)),
        ("It became an active thesis on 2026-03-01.", Status.ACTIVE, date(2026, 3, 1)),
        ("This is a hypothesis.", Status.HYPOTHESIS, None),
    ],
)
def test_status_sentence(sentence: str, status: Status, since: date | None) -> None:
    note = parse(f"Title\n\nSome context. {sentence} More text.\n")
    assert (note.status, note.status_since) == (status, since)


def test_sentences_that_only_mention_a_status_do_not_set_one() -> None:
    assert parse("Title\n\nThis is not a hypothesis. We want an active thesis.\n").status is None


# -- sections and items ----------------------------------------------------------


def test_sections_match_case_insensitively_and_unknown_ones_are_kept_in_order() -> None:
    note = parse("# T\n\n## KEY FACTS:\n\n- f\n\n## Timeline\n\nt\n\n## related\n\n- [[x]]\n")
    assert [(s.kind, s.title) for s in note.sections] == [
        (SectionKind.FACTS, "KEY FACTS:"),
        (SectionKind.OTHER, "Timeline"),
        (SectionKind.RELATED, "related"),
    ]
    assert "<p>t</p>" in note.section_html(note.sections[1])


def test_plain_line_headings_end_the_list_above_them() -> None:
    note = parse("T\n\nKey facts\n- one\n- two\nOpen questions\n- why?\nRelated\n- a — b\n")
    assert [f.text for f in note.facts] == ["one", "two"]
    assert [q.text for q in note.open_questions] == ["why?"]
    assert [(written(note, r.target), r.label) for r in note.related] == [("a", "b")]


def test_plain_line_headings_need_a_line_of_their_own_at_column_zero() -> None:
    note = parse("T\n\n> Key facts\n\n    Related\n\nkey facts\n")
    assert [s.kind for s in note.sections] == [SectionKind.INTRO]


def test_content_around_research_lists_is_kept() -> None:
    note = parse("T\n\n## Key facts\n\nAs of May:\n\n- Output rose. From [[s]].\n\n> a quote\n")
    facts = next(s for s in note.sections if s.kind is SectionKind.FACTS)
    assert "As of May:" in note.section_html(facts) and "a quote" in note.section_html(facts)
    assert cited(note, note.facts[0]) == ("s",)


@pytest.mark.parametrize(
    ("item", "sources", "qualifier"),
    [
        ("Claim. From [[a]] and [[b|B]].", ("a", "b"), None),
        ("Claim. Sources: a-one, b-two.", ("a-one", "b-two"), None),
        ("Claim. From [the report](reports/r.md).", ("reports/r.md",), None),
        ("Claim. Company claim. From x.", ("x",), "Company claim."),
        ("Claim. From src-a. Reportedly so.", ("src-a",), "Reportedly so."),
        ("Company claims it works.", (), None),
        ("Claim from a friend of mine.", (), None),
        ("Claim. From Reuters, April 2026.", ("Reuters",), None),
        ("The U.S. Commerce claim is X.", (), None),
    ],
)
def test_fact_grammar(item: str, sources: tuple[str, ...], qualifier: str | None) -> None:
    note = parse(f"T\n\n## Key facts\n\n- {item}\n")
    [fact] = note.facts
    assert (cited(note, fact), fact.qualifier) == (sources, qualifier)


def test_fact_without_a_source_gets_an_info_diagnostic() -> None:
    note = parse("T\n\n## Key facts\n\n- Unsourced.\n")
    [problem] = note.diagnostics
    assert (problem.code, problem.line, problem.col, problem.severity) == ("NF121", 5, 3, "info")


@pytest.mark.parametrize(
    ("item", "target", "label"),
    [
        ("[[huawei]] — primary customer", "huawei", "primary customer"),
        ("[[huawei|Huawei]]: primary customer", "huawei", "primary customer"),
        ("[Huawei](huawei.md) - primary customer", "huawei.md", "primary customer"),
        ("huawei – primary customer", "huawei", "primary customer"),
        ("huawei", "huawei", None),
        ("[[huawei]]", "huawei", None),
    ],
)
def test_related_item_forms(item: str, target: str, label: str | None) -> None:
    note = parse(f"T\n\n## Related\n\n- {item}\n")
    assert [(written(note, r.target), r.label) for r in note.related] == [(target, label)]
    assert [link.kind for link in note.links] == [LinkKind.RELATED]


def test_related_item_without_a_note_is_reported() -> None:
    note = parse("T\n\n## Related\n\n- some people think so\n")
    assert note.related[0].target is None
    assert [d.code for d in note.diagnostics] == ["NF122"]


# -- links -----------------------------------------------------------------------


def test_link_forms_and_positions() -> None:
    line = "See [[a]], [[b|Bee]], [[c#Key facts]] and [d](d.md#x) or [e](https://e.org)."
    note = parse(f"T\n\n{line}\n")
    assert [(k.target, k.fragment, k.label, k.syntax, k.col) for k in note.links] == [
        ("a", None, None, LinkSyntax.WIKILINK, line.index("[[a") + 1),
        ("b", None, "Bee", LinkSyntax.WIKILINK, line.index("[[b") + 1),
        ("c", "Key facts", None, LinkSyntax.WIKILINK, line.index("[[c") + 1),
        ("d.md", "x", None, LinkSyntax.MARKDOWN, line.index("[d]") + 1),
    ]
    assert all(link.line == 3 and link.kind is LinkKind.MENTIONS for link in note.links)


def test_nothing_in_code_is_a_link() -> None:
    note = parse("T\n\n`[[a]]`\n\n```\n[[b]]\n```\n\n    [[c]]\n")
    assert note.links == ()


def test_link_context_is_the_sentence_around_it() -> None:
    note = parse("T\n\nFirst sentence. Second mentions [[x]] here. Third.\n")
    assert note.context(note.links[0]) == "Second mentions x here."


def test_link_placeholders_point_at_link_records() -> None:
    note = parse("T\n\nSee [[a]] and [b](b.md).\n")
    html = note.section_html(note.sections[0])
    key = note.digest[:16]
    assert f'href="nf:{key}:0"' in html and f'href="nf:{key}:1"' in html


def test_user_written_placeholder_scheme_is_not_a_link() -> None:
    note = parse("T\n\n[trap](nf:0) and [js](javascript:alert(1))\n")
    assert "href" not in note.section_html(note.sections[0])


def test_raw_html_is_sanitised_not_escaped() -> None:
    note = parse("T\n\n<script>alert(1)</script>\n\n<kbd>K</kbd>\n")
    html = note.section_html(note.sections[0])
    assert "<script>" not in html and "alert" not in html
    assert "&lt;" not in html and "<kbd>K</kbd>" in html


def test_crlf_bom_and_bad_utf8() -> None:
    note = parse_bytes(b"\xef\xbb\xbfTitle\r\n\r\nBad \xff byte [[x]].\r\n")
    assert note.title == "Title"
    assert [(d.code, d.line, d.col) for d in note.diagnostics] == [("NF110", 3, 5)]
    assert (note.links[0].line, note.links[0].col) == (3, 12)  # columns count characters


def parse_bytes(data: bytes):  # type: ignore[no-untyped-def]
    from noteforge import ParseSettings
    from noteforge.model import SourceFile
    from noteforge.parse import parse_note

    return parse_note(SourceFile("n.md", data), ParseSettings())
