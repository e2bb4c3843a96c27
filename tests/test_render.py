"""Rendering small wikis: links, anchors, odd names and hostile input, checked on parsed HTML."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from noteforge import build_site, load_wiki
from noteforge.project import project_of
from tests.helpers import MakeNotes, classes, one, soup


def build(notes: Path) -> Path:
    out = notes.parent / "site"
    build_site(project_of(notes, out))
    return out


def test_links_with_titles_and_fragments_resolve(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "a.md": 'A\n\n[with title](b.md "The B note") and [[b#Key facts|facts]] and [[#Part]].\n'
                "\n## Part\n",
                "b.md": "B\n\n## Key facts\n\n- x. From [[a]].\n",
            }
        )
    )
    page = soup(site / "notes" / "a.html")
    links = page.select(".section-intro a")
    assert [(a.get_text(), a["href"], a.get("title")) for a in links] == [
        ("with title", "b.html", "The B note"),
        ("facts", "b.html#key-facts", None),
        ("Part", "#part", None),
    ]
    assert soup(site / "notes" / "b.html").find(id="key-facts")


def test_names_with_spaces_unicode_and_emoji_get_working_pages(make_notes: MakeNotes) -> None:
    site = build(
        make_notes({"Café de Flore.md": "Café\n\n[[🚀 Launch plan]]\n", "🚀 Launch plan.md": "Plan\n"})
    )
    page = site / "notes" / "café-de-flore.html"
    href = str(one(soup(page), "a.internal")["href"])
    assert (page.parent / unquote(href)).is_file()


def test_a_broken_note_is_built_with_its_problem_shown(make_notes: MakeNotes) -> None:
    site = build(make_notes({"bad.md": "---\ntitle: [unclosed\n---\n# Still here\n\nBody text.\n"}))
    page = soup(site / "notes" / "bad.html")
    assert one(page, "h1").get_text() == "Still here"
    problem = one(page, ".diagnostics li")
    assert "diagnostic-error" in classes(problem) and "NF101" in problem.get_text()
    assert one(page, "details.diagnostics").has_attr("open"), "errors are shown open"


def test_warnings_are_listed_but_folded(make_notes: MakeNotes) -> None:
    site = build(make_notes({"a.md": "A\n\n[[nowhere]]\n"}))
    box = one(soup(site / "notes" / "a.html"), "details.diagnostics")
    assert not box.has_attr("open") and "NF201" in box.get_text()


def test_hostile_content_is_escaped_or_sanitised(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "evil.md": '---\ntitle: "<script>alert(1)</script>"\nhomepage: "javascript:alert(1)"\n'
                'summary: "\\" onmouseover=\\"alert(1)"\n---\n'
                "<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [[x|<b onclick=alert(1)>]]\n"
                "\n## Related\n\n- <script>alert(2)</script> — <i onclick=x>\n",
            }
        )
    )
    for page in site.rglob("*.html"):
        html = soup(page)
        assert not html.select("main script:not([type='application/json']), [onerror], [onclick]")
        assert not html.select("main [onmouseover], main b")
        assert [img.attrs for img in html.select("img")] == (
            [{"src": "x"}] if page.name == "evil.html" else []
        )
        assert not [a for a in html.select("a[href]") if str(a["href"]).lower().startswith("javascript:")]
    assert one(soup(site / "notes" / "evil.html"), "h1").get_text() == "<script>alert(1)</script>"


def test_status_badges_are_labelled_in_words(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "h.md": "H\n\nThis is a new hypothesis (May 22, 2026).\n",
                "a.md": "---\nstatus: active\n---\nA\n",
                "r.md": "---\nstatus: retired\nstatus_since: 2026-01-02\n---\nR\n",
            }
        )
    )
    labels = {
        name: one(soup(site / "notes" / f"{name}.html"), ".note-header .badge").get_text(" ", strip=True)
        for name in ("h", "a", "r")
    }
    assert labels == {
        "h": "Hypothesis since 22 May 2026",
        "a": "Active thesis",
        "r": "Retired since 2 January 2026",
    }


def test_items_show_in_the_section_that_holds_them_with_nested_content(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "a.md": "A\n\n## Key facts\n\n- One. From [[b]].\n  - detail with [[b|link]]\n\n"
                "## Facts\n\n- Two.\n\n## Related\n\n- [[b]] — why\n\n  More about [[b]].\n",
                "b.md": "B\n",
            }
        )
    )
    page = soup(site / "notes" / "a.html")
    assert [len(s.select("li.fact")) for s in page.select("section.section-facts")] == [1, 1]
    detail = one(page, "li.fact ul a")
    assert (detail.get_text(), detail["href"]) == ("link", "b.html")
    nested = one(page, "li.relation p a")
    assert (nested.get_text(), nested["href"]) == ("b", "b.html")


def test_notes_sharing_a_url_keep_their_own_pages(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {"Tesla.md": "Big T\n", "tesla.md": "Small t\n", "A b.md": "Spaced\n", "a-b.md": "Dashed\n"}
    )
    wiki, diagnostics = load_wiki(project_of(notes))
    assert sorted(n.slug for n in wiki.notes) == ["a-b", "a-b-2", "tesla", "tesla-2"]
    assert sorted((d.code, d.path) for d in diagnostics) == [("NF203", "a-b.md"), ("NF203", "tesla.md")]
    site = build(notes)
    titles = {one(soup(site / "notes" / f"{s}.html"), "h1").get_text() for s in ("tesla", "tesla-2")}
    assert titles == {"Big T", "Small t"}
