"""Links keep their identity: records name their links by index, and a resolved target is typed.

A fact's sources, a question's answer and a related item's note are indices into
``Note.links``; the views follow them to ``Wiki.targets`` and never match link text again,
so two links written alike that lead to different places each keep their own target.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from noteforge import Config, build_site, load_wiki
from noteforge.export import export_wiki, graph_text
from noteforge.graph import build_wiki
from noteforge.project import project_of
from noteforge.resolve import (
    AttachmentTarget,
    MissingTarget,
    NoteTarget,
    PathTarget,
    Target,
    UnpublishedTarget,
    build_index,
    lookup_key,
    resolve_links,
    without_unpublished,
)
from tests.helpers import SAMPLE_DAY, MakeNotes, cited, examples, one, parse, soup, written

# "Bee" is b.md's alias: a wikilink [[Bee]] finds it, but a Markdown link (Bee) is a path,
# and no file is at that path, so the same text also leads nowhere. A view that looked the
# target up by its text would take whichever of the two came last.
BEE = "---\naliases: [Bee]\n---\nB\n"
ASKER = (
    "A\n\n## Key facts\n\n- Output rose. From [[ghost]] and [[chart.png]].\n\n"
    "## Open questions\n\n- Who buys? answered: [[Bee]]\n\n"
    "## Related\n\n- [[Bee]] — the supplier\n\n"
    "See [the bee](Bee) too.\n"
)


def build(notes: Path, out: Path, cache: Path | None = None) -> None:
    build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)


def test_a_fact_citing_a_missing_note_and_an_attachment_resolves_each_by_index(
    make_notes: MakeNotes,
) -> None:
    notes = make_notes({"a.md": ASKER, "b.md": BEE, "chart.png": b"\x89PNG"})
    wiki, _ = load_wiki(project_of(notes))
    note = wiki.note("a")
    [fact] = note.facts
    assert cited(note, fact) == ("ghost", "chart.png")
    assert [wiki.targets["a"][index] for index in fact.sources] == [
        MissingTarget("ghost"),
        AttachmentTarget("chart.png"),
    ]
    out = notes.parent / "site"
    build(notes, out)
    sources = soup(out / "notes" / "a.html").select(".fact-sources a")
    assert [(a["href"], a["class"]) for a in sources] == [
        ("../missing.html#missing-ghost", ["missing"]),
        ("../files/chart.png", ["internal"]),
    ]


def test_an_answer_and_a_relation_follow_their_own_link_not_one_written_alike(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": ASKER, "b.md": BEE})
    wiki, _ = load_wiki(project_of(notes))
    note = wiki.note("a")
    [question], [relation] = note.open_questions, note.related
    assert question.answer is not None and relation.target is not None
    assert written(note, question.answer) == written(note, relation.target) == "Bee"
    assert wiki.targets["a"][question.answer] == wiki.targets["a"][relation.target] == NoteTarget("b")
    assert [t for link, t in zip(note.links, wiki.targets["a"], strict=True) if link.target == "Bee"] == [
        NoteTarget("b"),
        NoteTarget("b"),
        PathTarget(),
    ]
    out = notes.parent / "site"
    build(notes, out)
    page = soup(out / "notes" / "a.html")
    answer = one(page, ".flag-answered a")
    assert (answer["href"], answer["class"], answer.get_text()) == ("b.html", ["internal"], "B")
    related = one(page, "li.relation a")
    assert (related["href"], related.get_text()) == ("b.html", "B")
    register = one(soup(out / "questions.html"), ".answered .flag-answered a")
    assert (register["href"], register.get_text()) == ("notes/b.html", "B")


def test_a_link_into_an_unpublished_note_is_text_wherever_a_record_shows_it(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "a.md": "A\n\n## Key facts\n\n- Rose. From [[secret]].\n\n## Related\n\n- [[secret]] — hidden\n",
            "secret.md": "---\npublish: false\n---\nSecret\n",
        }
    )
    wiki, _ = load_wiki(project_of(notes))
    assert set(wiki.targets["a"]) == {UnpublishedTarget("secret")}
    out = notes.parent / "site"
    build(notes, out)
    page = soup(out / "notes" / "a.html")
    assert one(page, ".fact-sources").get_text(" ", strip=True) == "Source: secret"
    assert not page.select(".fact-sources a") and not page.select("li.relation a")
    assert not (out / "missing.html").exists()


def test_a_renamed_note_is_followed_by_the_links_of_unchanged_notes(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": ASKER, "b.md": BEE, "chart.png": b"\x89PNG"})
    root, cache = notes.parent, notes.parent / "cache"
    build(notes, root / "site", cache)
    (notes / "b.md").rename(notes / "c.md")
    build(notes, root / "site", cache)
    page = soup(root / "site" / "notes" / "a.html")
    assert one(page, ".flag-answered a")["href"] == one(page, "li.relation a")["href"] == "c.html"
    assert not (root / "site" / "notes" / "b.html").exists()
    build(notes, root / "clean")
    assert tree(root / "site") == tree(root / "clean")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_export_and_graph_show_records_and_nodes_as_written(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": ASKER, "b.md": BEE, "chart.png": b"\x89PNG"})
    wiki, diagnostics = load_wiki(project_of(notes))
    exported = export_wiki(wiki, diagnostics)
    record = next(note for note in exported["notes"] if note["slug"] == "a")
    assert [fact["sources"] for fact in record["facts"]] == [["ghost", "chart.png"]]
    assert [q["answer"] for q in record["open_questions"]] == ["Bee"]
    assert [r["target"] for r in record["related"]] == ["Bee"]
    targets = {(edge["target"], edge["resolved"]) for edge in exported["edges"]}
    assert {("ghost", False), ("file:chart.png", True), ("b", True)} == targets
    graph = json.loads(graph_text(wiki, "json"))
    assert sorted(node["id"] for node in graph["nodes"]) == ["a", "b", "file:chart.png", "missing:ghost"]


NAMES = ["alpha", "Beta", "gamma.md", "notes/delta", "chart.png", "ghost", "Ghost.md", "ALPHA"]
NOTES = {"alpha.md": "Alpha\n", "beta.md": "Beta\n", "gamma.md": "Gamma\n", "notes/delta.md": "Delta\n"}
CITATION = st.lists(st.tuples(st.sampled_from(NAMES), st.booleans()), min_size=1, max_size=6)


def expected_target(name: str) -> Target:
    """Where a name written in a citation leads in the wiki of ``NOTES`` and ``chart.png``."""
    key = lookup_key(name)
    if key == "chart.png":
        return AttachmentTarget("chart.png")
    return NoteTarget(key) if f"{key}.md" in NOTES else MissingTarget(key)


@settings(max_examples=examples(60))
@given(st.lists(CITATION, min_size=1, max_size=4))
def test_every_cited_link_resolves_by_its_index(facts: list[list[tuple[str, bool]]]) -> None:
    """However sources repeat or differ only in case, each fact's link indices lead to the
    targets of exactly the names it cites."""
    lines = []
    for names in facts:
        shown = [f"[[{name}]]" if wikilink else name for name, wikilink in names]
        lines.append(f"- Claim. From {', '.join(shown)}.\n")
    # A citation lists its links first, then the names written bare.
    in_order = [
        [name for name, wikilink in names if wikilink] + [n for n, w in names if not w] for names in facts
    ]
    note = parse("Asker\n\n## Key facts\n\n" + "".join(lines), "asker.md")
    others = tuple(parse(text, path) for path, text in NOTES.items())
    everyone = (note, *others)
    published, resolution = without_unpublished(
        everyone, resolve_links(everyone, build_index(everyone, ["chart.png"]))
    )
    wiki = build_wiki(published, resolution)
    assert [list(cited(note, fact)) for fact in note.facts] == in_order
    assert [[wiki.targets["asker"][i] for i in fact.sources] for fact in note.facts] == [
        [expected_target(name) for name in names] for names in in_order
    ]
