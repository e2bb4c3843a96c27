"""Property-based tests (hypothesis) for the parser, the resolver and the path algebra."""

from __future__ import annotations

import posixpath
import random
import re
from datetime import date
from html.entities import name2codepoint
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from noteforge.config import SiteSettings
from noteforge.graph import build_wiki
from noteforge.paths import note_page, note_slug, relative_url
from noteforge.resolve import NoteTarget, build_index, resolve_links
from noteforge.views import NotePage, build_pages
from tests.helpers import examples, parse

PIECES = [
    *"ab #-*>`[]|!()^:.\n\t\\_=~$%<&\"'é😀",
    *(
        "[[",
        "]]",
        "![[",
        "---\n",
        "Key facts\n",
        "- ",
        "From ",
        "> [!note]",
        "==",
        "%%",
        "$$",
        " ^id",
        "[^1]",
    ),
]
MARKDOWNISH = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH)
def test_parsing_never_fails_and_positions_stay_in_the_file(text: str) -> None:
    note = parse(text)
    assert not [d for d in note.diagnostics if d.code == "NF900"], note.diagnostics
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    positions = [(k.line, k.col) for k in note.links] + [(d.line, d.col) for d in note.diagnostics]
    for line, col in positions:
        assert 1 <= line <= len(lines)
        assert 1 <= col <= len(lines[line - 1]) + 1


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH)
def test_rendered_note_html_is_well_formed(text: str) -> None:
    note = parse(text)
    wiki = build_wiki((note,), resolve_links((note,), build_index((note,))))
    pages = build_pages(wiki, note.diagnostics, SiteSettings(), date(2026, 11, 25))
    page = next(p for p in pages if isinstance(p, NotePage))
    for section in page.sections:
        fragments = [section.html] + [f.html for f in section.facts] + [q.html for q in section.questions]
        fragments += [r.html for r in section.related]
        for fragment in fragments:
            etree.fromstring(f"<div>{_as_xml(fragment)}</div>".encode())


# HTML's void elements, which the sanitiser writes as ``<br>``, not ``<br/>``.
_VOID = re.compile(r"<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b([^>]*?)/?>")


def _as_xml(html: str) -> str:
    """HTML as XML: void elements closed, named entities (``&nbsp;``) as numeric ones."""
    html = _VOID.sub(r"<\1\2/>", html)
    return re.sub(
        r"&([A-Za-z]+);", lambda m: f"&#{name2codepoint[m[1]]};" if m[1] in name2codepoint else m[0], html
    )


NAMES = st.sampled_from(["a", "b", "c", "Dup", "x/dup", "y/z/dup", "Ghost", "e f"])
WIKI = st.dictionaries(
    keys=st.sampled_from(["a.md", "b.md", "c.md", "x/dup.md", "y/z/dup.md", "e f.md", "Dup.md"]),
    values=st.lists(NAMES, max_size=5),
    min_size=1,
)


def _notes(files: dict[str, list[str]], order: list[str]) -> tuple:  # type: ignore[type-arg]
    return tuple(parse("T\n\n" + " ".join(f"[[{t}]]" for t in files[path]) + "\n", path) for path in order)


@settings(max_examples=examples(60))
@given(WIKI, st.randoms(use_true_random=False))
def test_resolution_does_not_depend_on_file_order(files: dict[str, list[str]], rng: random.Random) -> None:
    order = sorted(files)
    shuffled = order[:]
    rng.shuffle(shuffled)
    results = []
    for paths in (order, shuffled):
        notes = _notes(files, paths)
        resolution = resolve_links(notes, build_index(notes))
        results.append((resolution.targets, sorted(resolution.diagnostics, key=repr)))
    assert results[0] == results[1]


@settings(max_examples=examples(60))
@given(WIKI)
def test_backlinks_mirror_links(files: dict[str, list[str]]) -> None:
    notes = _notes(files, sorted(files))
    wiki = build_wiki(notes, resolve_links(notes, build_index(notes)))
    links = {
        (note.slug, target.slug)
        for note in notes
        for target in wiki.targets[note.slug]
        if isinstance(target, NoteTarget) and target.slug != note.slug
    }
    backlinks = {(b.source, note.slug) for note in notes for b in wiki.backlinks(note.slug)}
    assert links == backlinks


PATHS = st.lists(st.text(alphabet="abcXY é😀-_.?#%&", min_size=1, max_size=8), min_size=1, max_size=3).map(
    lambda parts: "/".join(parts) + ".md"
)


@given(PATHS)
def test_slugs_are_idempotent_and_url_safe(path: str) -> None:
    slug = note_slug(path)
    assert note_slug(slug + ".md") == slug
    assert not any(ch in slug for ch in " ?#%&") and ".." not in slug.split("/")


@given(PATHS, PATHS, st.one_of(st.none(), st.sampled_from(["key-facts", "q-1"])))
def test_relative_urls_lead_to_their_page(a: str, b: str, fragment: str | None) -> None:
    from_page, to_page = note_page(note_slug(a)), note_page(note_slug(b))
    url = relative_url(from_page, to_page, fragment)
    path, _, anchor = url.partition("#")
    assert posixpath.normpath(posixpath.join(posixpath.dirname(from_page), unquote(path))) == to_page
    assert anchor == (fragment or "")
