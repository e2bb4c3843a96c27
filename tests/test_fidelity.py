"""Obsidian fidelity that needs no browser: callout styles in the theme, display math's
MathML, and Obsidian Publish's front matter (``cssclasses``, ``permalink``, ``publish``)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from noteforge import Config, build_site, load_wiki
from noteforge.project import project_of
from noteforge.syntax.callouts import CALLOUT_STYLES
from noteforge.syntax.html import render_math
from tests.helpers import REPO, MakeNotes, classes, one, parse, soup

STYLE = (REPO / "templates" / "static" / "style.css").read_text(encoding="utf-8")
ICONS = (REPO / "templates" / "static" / "vendor" / "callout-icons.css").read_text(encoding="utf-8")


# --- callouts in the theme -------------------------------------------------------------------


@pytest.mark.parametrize("style", sorted(set(CALLOUT_STYLES.values())))
def test_each_callout_style_has_a_colour_and_an_icon(style: str) -> None:
    rule = re.search(rf"^\.callout-{style} \{{([^}}]*)\}}", STYLE, re.MULTILINE)
    assert rule, f".callout-{style} has no rule in style.css"
    assert f"--callout-color: var(--callout-{style});" in rule.group(1)
    icon = re.search(r"--callout-icon: var\(--nf-icon-([a-z-]+)\)", rule.group(1))
    assert icon and f"--nf-icon-{icon.group(1)}: url(" in ICONS
    for block in _root_blocks():
        assert re.search(rf"--callout-{style}: \d+, \d+, \d+;", block), (style, block[:60])


def test_the_callout_colours_are_set_for_light_and_both_dark_selectors() -> None:
    assert len(_root_blocks()) == 3


def _root_blocks() -> list[str]:
    """The ``:root`` blocks of the callouts section that define the colours."""
    section = STYLE.split("/* Callouts", 1)[1]
    return [found for found in re.findall(r":root[^{]*\{([^}]*)\}", section) if "--callout-note" in found]


def test_every_icon_style_css_names_is_vendored() -> None:
    for name in set(re.findall(r"var\(--nf-icon-([a-z0-9-]+)\)", STYLE)):
        assert f'--nf-icon-{name}: url("data:image/svg+xml,' in ICONS, name


# --- display math ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fences"),
    [
        (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", ("(", ")")),
        (r"\begin{vmatrix} a & b \\ c & d \end{vmatrix}", ("|", "|")),
        (r"\begin{bmatrix} a \end{bmatrix}", ("[", "]")),
        (r"\left( \frac{a}{b} \right)", ("(", ")")),
    ],
)
def test_delimiters_of_matrices_and_fractions_stretch(latex: str, fences: tuple[str, str]) -> None:
    math = one(BeautifulSoup(render_math(latex, {"display_mode": True}), "html.parser"), "math")
    assert math["display"] == "block"
    stretchy = [(mo.get_text(), mo["form"]) for mo in math.select("mo[stretchy=true]")]
    assert stretchy == [(fences[0], "prefix"), (fences[1], "postfix")]


def test_aligned_is_a_table_of_right_and_left_aligned_cells() -> None:
    math = BeautifulSoup(
        render_math(r"\begin{aligned} x &= 1 \\ y &= 2 \end{aligned}", {"display_mode": True}), "html.parser"
    )
    assert "&" not in math.get_text()
    cells = [mtd["columnalign"] for mtd in math.select("mtr:first-child mtd")]
    assert cells == ["right", "left"]


def test_display_math_css_centres_and_sizes_it() -> None:
    rule = re.search(r'math\[display="block"\] \{([^}]*)\}', STYLE)
    assert rule and "display: block math" in rule.group(1) and "text-align: center" in rule.group(1)
    assert '@font-face {\n  font-family: "Noto Sans Math"' in STYLE
    assert (REPO / "templates" / "static" / "vendor" / "noto-sans-math.woff2").stat().st_size > 100_000


# --- Obsidian Publish front matter -----------------------------------------------------------

PUBLISH = {
    "guide.md": "---\ntitle: Guide\ncssclasses: [wide, cards]\ncssclass: legacy\n"
    "permalink: /guides/setup/\n---\nSee [[Secret]] and ![[Secret]] and [[Other]].\n",
    "secret.md": "---\ntitle: Secret\npublish: false\n---\nHidden words.\n",
    "other.md": "---\ntitle: Other\ncssclasses: 'a b'\n---\nLinks [[Guide]].\n",
}


def test_publish_front_matter_is_not_listed_as_properties() -> None:
    note = parse(PUBLISH["guide.md"] + "\n")
    assert note.properties == ()
    assert note.css_classes == ("wide", "cards", "legacy")
    assert note.permalink == "guides/setup"
    assert parse(PUBLISH["secret.md"]).publish is False


def test_css_classes_go_on_the_article(make_notes: MakeNotes) -> None:
    notes = make_notes(PUBLISH)
    build_site(project_of(notes, notes.parent / "site", Config()))
    article = one(soup(notes.parent / "site" / "notes" / "guide.html"), "article")
    assert classes(article)[-3:] == ["wide", "cards", "legacy"]
    assert classes(one(soup(notes.parent / "site" / "notes" / "other.html"), "article"))[-2:] == ["a", "b"]


def test_unsafe_css_classes_are_dropped_with_a_diagnostic() -> None:
    note = parse('---\ncssclasses: ["ok", "x\\"><script>", "2bad"]\n---\nText.\n')
    assert note.css_classes == ("ok",)
    assert [d.code for d in note.diagnostics] == ["NF106", "NF106"]


def test_an_unpublished_note_gets_no_page_and_links_to_it_are_text(make_notes: MakeNotes) -> None:
    notes = make_notes(PUBLISH)
    out = notes.parent / "site"
    result = build_site(project_of(notes, out, Config()))
    assert not (out / "notes" / "secret.html").exists()
    assert not [d for d in result.diagnostics if d.code == "NF201"]
    paragraph = one(soup(out / "notes" / "guide.html"), "article section p")
    assert [a.get_text() for a in paragraph.select("a")] == ["Other"]
    assert "See Secret and" in paragraph.get_text()
    for page in out.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".js", ".xml"}:
            assert "Hidden words" not in page.read_text(encoding="utf-8"), page
    assert not [p for p in out.rglob("*.html") if "secret" in p.name]
    wiki, _ = load_wiki(project_of(notes))
    assert [note.slug for note in wiki.notes] == ["guide", "other"]
    assert not (out / "missing.html").exists(), "an unpublished note is not a missing one"


def test_a_permalink_is_a_redirect_to_the_note(make_notes: MakeNotes) -> None:
    notes = make_notes(PUBLISH)
    out = notes.parent / "site"
    build_site(project_of(notes, out, Config()))
    page = soup(out / "guides" / "setup.html")
    refresh = one(page, "meta[http-equiv=refresh]")["content"]
    assert refresh == "0; url=../notes/guide.html"
    assert one(page, "main a")["href"] == "../notes/guide.html"
    assert (out / "guides" / "setup.html").resolve().parent.parent == out.resolve()


@pytest.mark.parametrize(
    ("permalink", "reason"),
    [
        ("../outside", "not a relative path"),
        ("a/../../b", "not a relative path"),
        ("https://evil.example/x", "not a relative path"),
        ("a b", "not a relative path"),
        ("index", "take the place"),
        ("Index", "take the place"),
        ("Notes/other", "take the place"),
        ("notes/other", "take the place"),
        ("assets/style", "take the place"),
        ("notes", "take the place"),
    ],
)
def test_an_unusable_permalink_is_reported_and_overwrites_nothing(
    make_notes: MakeNotes, permalink: str, reason: str
) -> None:
    notes = make_notes({"a.md": f"---\npermalink: '{permalink}'\n---\nA.\n", "other.md": "Other\n"})
    out = notes.parent / "site"
    result = build_site(project_of(notes, out, Config()))
    problems = [d for d in result.diagnostics if d.code == "NF172"]
    assert len(problems) == 1 and reason in problems[0].message
    assert not one(soup(out / "index.html"), "head").select("meta[http-equiv]")
    assert not soup(out / "notes" / "other.html").select("meta[http-equiv]")
    assert not [p for p in notes.parent.rglob("*.html") if not p.is_relative_to(out)]


def test_two_notes_with_one_permalink_the_first_keeps_it(make_notes: MakeNotes) -> None:
    notes = make_notes({"a.md": "---\npermalink: same\n---\nA.\n", "b.md": "---\npermalink: same\n---\nB.\n"})
    out = notes.parent / "site"
    result = build_site(project_of(notes, out, Config()))
    assert one(soup(out / "same.html"), "main a")["href"] == "notes/a.html"
    assert [d.path for d in result.diagnostics if d.code == "NF172"] == ["b.md"]
