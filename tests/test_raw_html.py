"""Raw HTML as Obsidian shows it: kept through the sanitiser by default, with a diagnostic
naming what was removed; external images and the image size syntax.

The hostile cases (scripts, handlers, URL tricks) are in ``tests/fixtures/hostile/raw-html.md``,
checked with the rest of the hostile corpus by ``test_security.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from noteforge import Config, build_site
from noteforge.config import ParseSettings, parse_config
from noteforge.project import project_of
from tests.helpers import MakeNotes, classes, one, parse, soup


def article_of(make_notes: MakeNotes, text: str, config: Config | None = None) -> BeautifulSoup:
    notes = make_notes({"a.md": text})
    build_site(project_of(notes, notes.parent / "site", config or Config()))
    return soup(notes.parent / "site" / "notes" / "a.html")


def test_obsidian_formatting_elements_are_kept_by_default(make_notes: MakeNotes) -> None:
    text = (
        "# A\n\n"
        'Press <kbd>Ctrl</kbd>+<kbd>K</kbd>, <span class="x" title="t">marked</span>, H<sub>2</sub>O,'
        " x<sup>2</sup>, <mark>hi</mark>, <u>u</u>, <s>s</s>,<br>next line, <abbr title='a'>ab</abbr>,"
        " <ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>.\n\n"
        "<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n\n"
        '<p align="center"><img src="pic.png" width="60" alt="pic"></p>\n'
    )
    article = one(article_of(make_notes, text), "article")
    assert [k.get_text() for k in article.select("kbd")] == ["Ctrl", "K"]
    span = one(article, "span.x")
    assert (span.get_text(), span["title"]) == ("marked", "t")
    for tag in ("sub", "sup", "mark", "u", "s", "br", "abbr", "ruby", "rt"):
        assert article.select(tag), tag
    assert one(article, "details summary").get_text() == "More"
    assert one(article, "details p em").get_text() == "text"
    image = one(article, "p[align=center] img")
    assert (image["src"], image["width"]) == ("pic.png", "60")
    assert "<" not in article.get_text()


def test_inline_html_split_across_tokens_comes_out_balanced(make_notes: MakeNotes) -> None:
    text = (
        '# A\n\nBefore <span class="x">one *two* [[b]]</span> after.\n\n'
        "<b>unclosed in one paragraph\n\nNext.\n"
    )
    article = one(article_of(make_notes, text), "article")
    span = one(article, "span.x")
    assert span.get_text() == "one two b"
    assert one(span, "em").get_text() == "two" and one(span, "a").get_text() == "b"
    assert str(span.next_sibling) == " after."
    assert one(article, "p b").get_text().startswith("unclosed")
    assert "</" not in article.get_text()


def test_style_keeps_only_colour_alignment_and_emphasis(make_notes: MakeNotes) -> None:
    text = '# A\n\n<span style="color: red; position: fixed; font-weight: bold; width: 100%">red</span>\n'
    span = one(article_of(make_notes, text), "article span")
    assert str(span["style"]).replace(" ", "") == "color:red;font-weight:bold"


@pytest.mark.parametrize(("trusted", "inputs"), [(False, 0), (True, 1)])
def test_form_controls_are_kept_only_when_trusted(make_notes: MakeNotes, trusted: bool, inputs: int) -> None:
    text = '# A\n\n- [x] a task\n\nA box: <input type="checkbox" checked disabled> <button>b</button>\n'
    article = one(article_of(make_notes, text, Config(parse=ParseSettings(trusted_html=trusted))), "article")
    assert len(article.select("li.task-list-item input[type=checkbox]")) == 1  # noteforge's own
    paragraph = one(article, "section.section-intro > p")
    assert len(paragraph.select("input")) == inputs
    assert not article.select("button") and paragraph.get_text().endswith(" b")


def test_a_diagnostic_names_what_was_removed_where(make_notes: MakeNotes) -> None:
    text = (
        "# A\n\n"
        'Fine <span class="x">x</span> and <a href=" javascript:alert(1)" onclick="y()">bad</a>\n\n'
        "<div>\n<script>alert(1)</script>\n</div>\n\n"
        "> <iframe src='https://example.com'></iframe>\n"
    )
    note = parse(text)
    found = [(d.code, d.line, d.col, d.message) for d in note.diagnostics]
    assert found == [
        ("NF170", 3, 35, "raw HTML: removed javascript: URL, onclick attribute"),
        ("NF170", 5, 1, "raw HTML: removed <script>"),
        ("NF170", 9, 3, "raw HTML: removed <iframe>"),
    ]
    assert {d.severity.value for d in note.diagnostics} == {"info"}


def test_nothing_is_reported_for_html_that_is_kept() -> None:
    note = parse(
        '# A\n\n<span class="x">a</span><br><details open><summary>s</summary></details>\n\n- [ ] t\n'
    )
    assert not note.diagnostics


# --- external images -------------------------------------------------------------------------

REMOTE = (
    "# A\n\n![A chart|300](https://img.example.com/chart.png)\n\n"
    "<img src='https://img.example.com/raw.png' alt='raw'>\n"
)


def test_external_images_are_links_by_default(make_notes: MakeNotes) -> None:
    article = one(article_of(make_notes, REMOTE), "article")
    link = one(article, "a.external-image")
    assert link["href"] == "https://img.example.com/chart.png"
    assert "A chart" in link.get_text() and "img.example.com" in link.get_text()
    assert [img.get("src") for img in article.select("img")] == [None]  # the raw one, without source
    note = parse(REMOTE)
    assert [(d.code, d.line, d.col) for d in note.diagnostics] == [("NF171", 3, 1), ("NF170", 5, 1)]
    assert "img.example.com" in note.diagnostics[0].message


def test_external_images_option_loads_them(make_notes: MakeNotes) -> None:
    article = one(
        article_of(make_notes, REMOTE, Config(parse=ParseSettings(external_images=True))), "article"
    )
    assert not article.select("a.external-image")
    images = {img["alt"]: img for img in article.select("img")}
    assert images["A chart"]["src"] == "https://img.example.com/chart.png"
    assert images["A chart"]["width"] == "300"
    assert images["raw"]["src"] == "https://img.example.com/raw.png"
    assert not parse(REMOTE, config=Config(parse=ParseSettings(external_images=True))).diagnostics


def test_external_images_is_a_validated_option() -> None:
    assert parse_config("external_images: true\n", "c.yaml").parse.external_images is True
    assert parse_config("site_title: x\n", "c.yaml").parse.external_images is False
    with pytest.raises(Exception, match="external_images"):
        parse_config("external_images: sometimes\n", "c.yaml")


@pytest.mark.parametrize(
    ("markdown", "alt", "width", "height"),
    [
        ("![250](pic.png)", "", "250", None),
        ("![A pic|250](pic.png)", "A pic", "250", None),
        ("![A pic|250x100](pic.png)", "A pic", "250", "100"),
        ("![[pic.png|250]]", "pic.png", "250", None),
        ("![[pic.png|250x100]]", "pic.png", "250", "100"),
        ("![A pic](pic.png)", "A pic", None, None),
        ("![a|b](pic.png)", "a|b", None, None),
    ],
)
def test_image_size_syntax(
    make_notes: MakeNotes, markdown: str, alt: str, width: str | None, height: str | None
) -> None:
    notes = make_notes({"a.md": f"# A\n\n{markdown}\n", "pic.png": b"\x89PNG\r\n\x1a\n"})
    build_site(project_of(notes, notes.parent / "site", Config()))
    image = one(soup(notes.parent / "site" / "notes" / "a.html"), "article img")
    assert (image.get("alt"), image.get("width"), image.get("height")) == (alt, width, height)


def test_shared_assets_and_classes_survive_the_sanitiser(make_notes: MakeNotes, tmp_path: Path) -> None:
    """noteforge's own markup goes through the sanitiser too: footnotes, tasks, callouts, math."""
    text = "# A\n\nA claim[^1] and $x^2$.\n\n> [!tip]- Fold\n> body\n\n- [ ] open\n\n[^1]: Note.\n"
    article = one(article_of(make_notes, text), "article")
    assert one(article, "sup.footnote-ref a")["href"] == "#fn1"
    assert "callout" in classes(one(article, "details.callout"))
    assert article.select("math mi") and article.select("li.task-list-item input")
