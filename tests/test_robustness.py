"""Extreme input builds without a crash: huge notes and absurd nesting."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

import pytest

from noteforge import build_site
from noteforge.project import project_of
from tests.helpers import MakeNotes, one, soup


@pytest.mark.timeout(300)  # the heaviest test: about 35 s of CPU alone, so 120 s is tight beside other work
def test_a_10_mb_note_and_5000_deep_nesting_build(make_notes: MakeNotes) -> None:
    paragraph = "A research note paragraph, long enough to be typical of an agent's notes.\n\n"
    deep = "\n\n".join(
        [
            ">" * 5000 + " quoted",
            "- " * 5000 + "listed",
            "[" * 5000 + "x" + "]" * 5000,
            "*" * 5000 + "x" + "*" * 5000,
        ]
    )
    notes = make_notes(
        {"huge.md": "# Huge\n\n" + paragraph * (10_000_000 // len(paragraph) + 1), "deep.md": deep}
    )
    assert (notes / "huge.md").stat().st_size >= 10_000_000
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    assert not [d for d in result.diagnostics if d.code == "NF900"]
    assert [(d.code, d.path) for d in result.diagnostics] == [("NF114", "deep.md"), ("NF140", "huge.md")]
    assert one(soup(out / "notes" / "huge.html"), "pre").get_text().count(paragraph.strip()) > 130_000
    assert "listed" in soup(out / "notes" / "deep.html").get_text()


def test_names_that_are_not_utf8_build_with_their_files_copied_and_linked(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": "# A\n"})
    folder = os.fsdecode(os.fsencode(notes) + b"/reports \xfe")
    os.mkdir(folder)
    Path(folder, "tsmc.md").write_text("# TSMC\n\n![[chart.png]]\n", encoding="utf-8")
    Path(folder, "chart.png").write_bytes(b"\x89PNG")
    Path(os.fsdecode(os.fsencode(notes) + b"/unused \xff.pdf")).write_bytes(b"%PDF")
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    assert {d.code for d in result.diagnostics} == {"NF107"}
    page = out / "notes" / "reports-\ufffd" / "tsmc.html"
    src = one(soup(page), "img")["src"]
    assert src == "../../files/reports%20%EF%BF%BD/chart.png"
    assert (page.parent / unquote(str(src))).read_bytes() == b"\x89PNG"


def test_an_alias_bomb_in_front_matter_is_capped_and_the_body_renders(make_notes: MakeNotes) -> None:
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
        f"{name}: &{name} [{','.join(['*' + below] * 9)}]" for below, name in pairs
    ]
    notes = make_notes({"bomb.md": "---\n" + "\n".join(levels) + "\n---\n# Bomb\n\nThe body.\n"})
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    assert [(d.code, d.line) for d in result.diagnostics] == [("NF109", 6)]
    page = soup(out / "notes" / "bomb.html")
    assert "The body." in page.get_text()
    assert (out / "notes" / "bomb.html").stat().st_size < 100_000


def test_a_yaml_set_shows_in_sorted_order(make_notes: MakeNotes) -> None:
    notes = make_notes({"s.md": "---\nthings: !!set {kiwi, apple, mango, fig, banana, cherry}\n---\n# S\n"})
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    assert "apple, banana, cherry, fig, kiwi, mango" in soup(out / "notes" / "s.html").get_text()


def test_impossible_dates_and_deep_yaml_keep_the_note_and_its_body(make_notes: MakeNotes) -> None:
    deep = "x: " + "[" * 300 + "]" * 300
    notes = make_notes(
        {
            "date.md": "---\ntitle: Dated\ncreated: 2026-02-30\n---\n# Dated\n\nDate body.\n",
            "deep.md": f"---\n{deep}\n---\n# Deep\n\nDeep body.\n",
        }
    )
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [
        ("NF105", "date.md", 3),
        ("NF109", "deep.md", 2),
    ]
    assert "Date body." in soup(out / "notes" / "date.html").get_text()
    assert "Deep body." in soup(out / "notes" / "deep.html").get_text()


def test_a_lone_surrogate_in_front_matter_is_replaced(make_notes: MakeNotes) -> None:
    notes = make_notes({"s.md": '---\ntitle: "Chips \\udc80"\n---\nThe body.\n'})
    out = notes.parent / "site"
    result = build_site(project_of(notes, out))
    assert [(d.code, d.line) for d in result.diagnostics] == [("NF115", 2)]
    assert one(soup(out / "notes" / "s.html"), "h1").get_text() == "Chips \ufffd"


def test_a_tag_too_long_for_a_file_name_gets_a_shortened_page(make_notes: MakeNotes) -> None:
    tag = "t" * 300
    notes = make_notes({"a.md": f"# A\n\n#{tag}\n"})
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    (page,) = [path for path in (out / "tags").iterdir() if path.name.startswith("ttt")]
    assert len(page.name.encode()) == 255
    link = one(soup(out / "notes" / "a.html"), f'a[href$="{page.name}"]')
    assert link.get_text().lstrip("#") == tag
