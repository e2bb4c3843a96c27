"""Extreme input builds without a crash: huge notes and absurd nesting."""

from __future__ import annotations

from noteforge import build_site
from tests.helpers import MakeNotes, one, soup


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
    result = build_site(notes, out)
    assert not [d for d in result.diagnostics if d.code == "NF900"]
    assert [(d.code, d.path) for d in result.diagnostics] == [("NF114", "deep.md"), ("NF140", "huge.md")]
    assert one(soup(out / "notes" / "huge.html"), "pre").get_text().count(paragraph.strip()) > 130_000
    assert "listed" in soup(out / "notes" / "deep.html").get_text()
