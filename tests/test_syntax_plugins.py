"""The Obsidian syntax plugins, each on a plain CommonMark parser."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from markdown_it.token import Token

from noteforge.syntax.block_ids import block_ids_plugin, collect_block_ids
from noteforge.syntax.callouts import callouts_plugin
from noteforge.syntax.comments import comments_plugin
from noteforge.syntax.highlight import highlight_plugin
from noteforge.syntax.tags import collect_tags, tags_plugin
from noteforge.syntax.wikilinks import wikilinks_plugin
from tests.helpers import classes, one

Plugin = Callable[[MarkdownIt], None]


def parser(*plugins: Plugin, html: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html}).enable("table")
    for plugin in plugins:
        md.use(plugin)
    return md


def render(md: MarkdownIt, text: str) -> BeautifulSoup:
    return BeautifulSoup(md.render(text), "lxml")


def walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def types(md: MarkdownIt, text: str) -> list[str]:
    """Every token type, inline children included, in stream order."""
    return [token.type for token in walk(md.parse(text))]


def body_children(page: BeautifulSoup) -> list[Tag]:
    body = page.body
    return [] if body is None else [child for child in body.children if isinstance(child, Tag)]


# -- highlight -------------------------------------------------------------------

HIGHLIGHT = parser(highlight_plugin)


def test_highlight_wraps_its_inside_in_mark() -> None:
    mark = one(render(HIGHLIGHT, "a ==marked text== b"), "p > mark")
    assert mark.get_text() == "marked text"


def test_highlight_inside_is_inline_markdown() -> None:
    mark = one(render(HIGHLIGHT, "==*em* [link](https://x.org) `code`=="), "mark")
    assert one(mark, "em").get_text() == "em"
    assert one(mark, "a")["href"] == "https://x.org"
    assert one(mark, "code").get_text() == "code"


def test_highlight_nests_and_works_inside_words() -> None:
    page = render(HIGHLIGHT, "==a ==b== c== x==y==z")
    outer = page.select("p > mark")
    assert [m.get_text() for m in outer] == ["a b c", "y"]
    assert one(outer[0], "mark").get_text() == "b"


@pytest.mark.parametrize(
    "text",
    [
        "`==code==`",
        "===three===",
        "== spaced ==",
        "==unclosed",
        "closing only==",
        "==a ==",
        "====",
        "[a ==b](https://x.org) c==",
    ],
)
def test_highlight_markers_that_stay_text(text: str) -> None:
    assert "mark_open" not in types(HIGHLIGHT, text)
    assert render(HIGHLIGHT, text).select("mark") == []


def test_highlight_leaves_code_spans_alone() -> None:
    page = render(HIGHLIGHT, "==a `b==` c==")
    assert one(page, "mark code").get_text() == "b=="
    assert one(page, "mark").get_text() == "a b== c"


def test_highlight_and_emphasis_cannot_overlap() -> None:
    page = render(HIGHLIGHT, "*a ==b* c==")
    assert one(page, "em").get_text() == "a ==b"
    assert page.select("mark") == []


# -- comments --------------------------------------------------------------------

COMMENTS = parser(comments_plugin, wikilinks_plugin)


def test_inline_comment_produces_no_tokens() -> None:
    tokens = types(COMMENTS, "before %%a [link](https://x.org) and [[note]]%% after")
    assert tokens == ["paragraph_open", "inline", "text", "paragraph_close"]
    assert render(COMMENTS, "before %%secret%% after").get_text() == "before  after\n"


def test_inline_comment_over_several_lines_of_a_paragraph() -> None:
    paragraphs = render(COMMENTS, "one %%two\nthree%% four").select("p")
    assert [p.get_text() for p in paragraphs] == ["one  four"]


def test_block_comment_spans_blank_lines() -> None:
    page = render(COMMENTS, "%% start\n\n[[hidden]] [x](https://x.org)\n\nend %%\n\nshown")
    assert [p.get_text() for p in page.select("p")] == ["shown"]
    assert page.select("a") == []


def test_block_comment_closed_on_its_first_line() -> None:
    assert types(COMMENTS, "%% note to self %%\nshown") == [
        "paragraph_open",
        "inline",
        "text",
        "paragraph_close",
    ]


def test_unclosed_block_comment_runs_to_the_end() -> None:
    page = render(COMMENTS, "shown\n\n%% unclosed\n\n# hidden heading\n\nhidden")
    assert [child.name for child in body_children(page)] == ["p"]
    assert page.get_text() == "shown\n"


def test_text_after_a_multi_line_comment_stays() -> None:
    page = render(COMMENTS, "%% a\n\nb %% tail")
    assert [p.get_text() for p in page.select("p")] == ["tail"]


def test_multi_line_comment_interrupts_the_paragraph_above() -> None:
    page = render(COMMENTS, "shown\n%% start\n\nhidden %%\nalso shown")
    assert [p.get_text() for p in page.select("p")] == ["shown", "also shown"]


def test_unclosed_inline_comment_hides_the_rest_of_the_paragraph() -> None:
    page = render(COMMENTS, "shown %% hidden\nhidden\n\nnext")
    assert [p.get_text() for p in page.select("p")] == ["shown ", "next"]


def test_comments_in_block_quotes_and_list_items() -> None:
    page = render(COMMENTS, "> q\n> %% c\n>\n> d %%\n\n- item\n  %% e\n\n  f %%\n- two")
    assert one(page, "blockquote").get_text(strip=True) == "q"
    assert [li.get_text(strip=True) for li in page.select("li")] == ["item", "two"]


@pytest.mark.parametrize(
    ("text", "selector", "expected"),
    [
        ("`%%x%%` y", "code", "%%x%%"),
        ("```\n%%\nnot a comment\n```", "pre > code", "%%\nnot a comment\n"),
        ("    %% indented code", "pre > code", "%% indented code\n"),
    ],
)
def test_comment_markers_inside_code_are_left_alone(text: str, selector: str, expected: str) -> None:
    assert one(render(COMMENTS, text), selector).get_text() == expected


# -- callouts --------------------------------------------------------------------

CALLOUTS = parser(callouts_plugin, html=False)


def test_callout_with_title_and_body() -> None:
    page = render(CALLOUTS, "> [!warning] Check *this*\n> first line\n>\n> second para")
    callout = one(page, "div.callout")
    assert classes(callout) == ["callout", "callout-warning"]
    assert callout["data-callout"] == "warning"
    title = one(callout, "p.callout-title")
    assert title.get_text() == "Check this"
    assert one(title, "em").get_text() == "this"
    assert [p.get_text() for p in callout.select("p:not(.callout-title)")] == ["first line", "second para"]
    assert page.select("blockquote") == []


def test_callout_without_title_uses_the_type() -> None:
    callout = one(render(CALLOUTS, "> [!INFO]\n> body"), "div.callout")
    assert callout["data-callout"] == "info"
    assert one(callout, ".callout-title").get_text() == "Info"


@pytest.mark.parametrize(("fold", "is_open"), [("+", True), ("-", False)])
def test_foldable_callouts_are_details(fold: str, is_open: bool) -> None:
    details = one(render(CALLOUTS, f"> [!tip]{fold} Unverified claim\n> body"), "details")
    assert classes(details) == ["callout", "callout-tip"]
    assert details.has_attr("open") is is_open
    assert one(details, "summary.callout-title").get_text() == "Unverified claim"
    assert one(details, "p").get_text() == "body"


def test_nested_callouts() -> None:
    page = render(CALLOUTS, "> [!note] Outer\n> > [!example]- Inner\n> > inner body\n>\n> outer body")
    outer = one(page, "body > div.callout")
    inner = one(outer, "details.callout")
    assert inner["data-callout"] == "example"
    assert one(inner, "summary").get_text() == "Inner"
    assert one(inner, "p").get_text() == "inner body"
    assert [p.get_text() for p in outer.find_all("p", recursive=False)] == ["Outer", "outer body"]


OBSIDIAN_CALLOUTS = {
    "note": ["note"],
    "abstract": ["abstract", "summary", "tldr"],
    "info": ["info"],
    "todo": ["todo"],
    "tip": ["tip", "hint", "important"],
    "success": ["success", "check", "done"],
    "question": ["question", "help", "faq"],
    "warning": ["warning", "caution", "attention"],
    "failure": ["failure", "fail", "missing"],
    "danger": ["danger", "error"],
    "bug": ["bug"],
    "example": ["example"],
    "quote": ["quote", "cite"],
}


@pytest.mark.parametrize(
    ("written", "style"),
    [(alias, style) for style, aliases in OBSIDIAN_CALLOUTS.items() for alias in aliases],
)
def test_every_obsidian_callout_type_and_alias_takes_its_style(written: str, style: str) -> None:
    callout = one(render(CALLOUTS, f"> [!{written.upper()}]\n> body"), "div.callout")
    assert classes(callout) == ["callout", f"callout-{style}"]
    assert callout["data-callout"] == written
    assert one(callout, ".callout-title").get_text() == written.capitalize()


def test_an_unknown_callout_type_is_styled_as_a_note_and_keeps_its_name() -> None:
    callout = one(render(CALLOUTS, "> [!recipe] Soup\n> body"), "div.callout")
    assert classes(callout) == ["callout", "callout-note"]
    assert callout["data-callout"] == "recipe"


def test_a_title_only_callout_has_no_body() -> None:
    callout = one(render(CALLOUTS, "> [!tip] Just **this**"), "div.callout")
    assert [child.name for child in callout.find_all(recursive=False)] == ["p"]
    assert one(callout, "p.callout-title strong").get_text() == "this"


def test_plain_block_quotes_are_untouched() -> None:
    page = render(CALLOUTS, "> just a quote\n\n> [not a callout]\n\n> text [!note]")
    assert len(page.select("blockquote")) == 3
    assert page.select(".callout") == []


def test_hostile_callout_type_and_title_are_escaped() -> None:
    page = render(CALLOUTS, '> [!x" onclick="y] <script>alert(1)</script>\n> body')
    callout = one(page, "div.callout")
    assert callout.attrs == {"class": ["callout", "callout-note"], "data-callout": "note"}
    assert one(callout, ".callout-title").get_text() == "<script>alert(1)</script>"
    assert page.select("script") == []
    assert page.select("[onclick]") == []


def test_callout_title_is_an_inline_token() -> None:
    tokens = CALLOUTS.parse("> [!todo] See [x](https://x.org)\n> body")
    assert [t.type for t in tokens] == [
        "callout_open",
        "callout_title_open",
        "inline",
        "callout_title_close",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "callout_close",
    ]
    assert tokens[0].meta == {"callout": "todo", "style": "todo", "fold": None}
    assert [child.type for child in tokens[2].children or []] == ["text", "link_open", "text", "link_close"]


# -- tags ------------------------------------------------------------------------

TAGS = parser(tags_plugin)


def tag_names(text: str) -> list[str]:
    return [str(token.meta["tag"]) for token in walk(TAGS.parse(text)) if token.type == "tag"]


def test_tags_render_as_spans() -> None:
    spans = render(TAGS, "#first then #area/sub/ and #Café").select("span.tag")
    assert [span.get_text() for span in spans] == ["#first", "#area/sub", "#Café"]
    assert tag_names("#first then #area/sub/ and #Café") == ["first", "area/sub", "Café"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#123 #y1984 #2024-review", ["y1984", "2024-review"]),
        ("word#nottag (#nottag) **#nottag**", []),
        ("`#code` and <https://x.org/#frag>", []),
        ("https://x.org/#frag and page#frag", []),
        ("[#x](https://x.org) [see #y](https://x.org)", []),
        ("![#alt](i.png)", []),
        ("\\#escaped &#35;entity", []),
        ("# Heading #inner", ["inner"]),
        ("#under_score #tag. #tag's", ["under_score", "tag", "tag"]),
        ("line one\n#second-line", ["second-line"]),
    ],
)
def test_what_is_a_tag(text: str, expected: list[str]) -> None:
    assert tag_names(text) == expected


def test_tags_in_image_descriptions_stay_in_the_alt_text() -> None:
    assert one(render(TAGS, "![a #b](i.png)"), "img")["alt"] == "a #b"


def test_tag_names_are_escaped() -> None:
    token = Token("tag", "span", 0, content="<b>")
    assert TAGS.renderer.render([token], TAGS.options, {}) == '<span class="tag">#&lt;b&gt;</span>'


def test_collect_tags_keeps_first_spelling_in_order() -> None:
    tokens = TAGS.parse("#Draft and #draft\n\n- item #Area/sub #DRAFT\n\n> #quoted")
    assert collect_tags(tokens) == ("Draft", "Area/sub", "quoted")
    assert collect_tags([]) == ()


# -- block ids -------------------------------------------------------------------

BLOCK_IDS = parser(block_ids_plugin)


def test_paragraph_block_id() -> None:
    paragraph = one(render(BLOCK_IDS, "Some claim ^claim-1"), "p")
    assert paragraph["id"] == "^claim-1"
    assert paragraph.get_text() == "Some claim"
    tokens = BLOCK_IDS.parse("Some claim ^claim-1")
    assert tokens[0].meta["block_id"] == "claim-1"
    assert tokens[1].content == "Some claim"


def test_block_id_on_its_own_line_of_the_paragraph() -> None:
    paragraph = one(render(BLOCK_IDS, "Some [claim](https://x.org)\n^c2"), "p")
    assert paragraph["id"] == "^c2"
    assert paragraph.get_text() == "Some claim"


def test_list_item_block_ids_go_on_the_item() -> None:
    page = render(BLOCK_IDS, "- first ^one\n- second\n\n1. loose\n\n   more text ^two")
    items = page.select("li")
    assert [li.get("id") for li in items] == ["^one", None, "^two"]
    assert items[0].get_text() == "first"
    assert page.select("p[id]") == []


@pytest.mark.parametrize(
    ("text", "selector"),
    [
        ("- a\n- b\n\n^blk", "ul"),
        ("| a |\n|---|\n| b |\n\n^blk", "table"),
        ("> quoted\n\n^blk", "blockquote"),
        ("```\ncode\n```\n^blk", "pre > code"),
        ("- a\n  - nested\n\n  ^blk", "ul ul"),
    ],
)
def test_block_id_after_a_block(text: str, selector: str) -> None:
    page = render(BLOCK_IDS, text)
    assert one(page, selector)["id"] == "^blk"
    assert "^blk" not in page.get_text()
    assert collect_block_ids(BLOCK_IDS.parse(text)) == ("blk",)


def test_block_id_on_the_line_after_a_table_marks_the_table_not_a_row() -> None:
    page = render(BLOCK_IDS, "| a | b |\n|---|---|\n| 1 | 2 |\n^tbl\n\nafter")
    table = one(page, "table")
    assert table["id"] == "^tbl"
    assert [row.get_text(" ", strip=True) for row in table.select("tr")] == ["a b", "1 2"]
    assert "^tbl" not in page.get_text()


def test_a_table_row_that_is_not_just_a_marker_stays() -> None:
    page = render(BLOCK_IDS, "| a | b |\n|---|---|\n| ^x | 2 |\n")
    assert one(page, "table").get("id") is None
    assert len(page.select("tbody tr")) == 1


@pytest.mark.parametrize(
    "text",
    ["![[chart.png]] ^blk", "![[chart.png]]\n^blk", "![[other#Part]] ^blk", "![[other]]\n\n^blk"],
)
def test_block_id_after_an_embed_wraps_it(text: str) -> None:
    md = parser(wikilinks_plugin, block_ids_plugin)
    page = render(md, text)
    wrapper = one(page, "div")
    assert wrapper["id"] == "^blk"
    assert page.select("p") == [] and "^blk" not in page.get_text()
    assert collect_block_ids(md.parse(text)) == ("blk",)


def test_embeds_without_a_block_id_are_not_wrapped() -> None:
    page = render(parser(wikilinks_plugin, block_ids_plugin), "![[chart.png]]\n\ntext\n\n^x")
    assert page.select("div") == [] and "^x" in page.get_text()


def test_block_id_after_a_callout() -> None:
    md = parser(callouts_plugin, block_ids_plugin)
    callout = one(render(md, "> [!note] Title\n> body\n\n^co"), "div.callout")
    assert callout["id"] == "^co"
    assert classes(callout) == ["callout", "callout-note"]


@pytest.mark.parametrize(
    "text",
    ["^alone", "para\n\n^after-paragraph", "# Heading ^h", "x^glued", "a ^bad_id", "a \\^escaped"],
)
def test_markers_that_stay_text(text: str) -> None:
    assert collect_block_ids(BLOCK_IDS.parse(text)) == ()
    assert "^" in render(BLOCK_IDS, text).get_text()


def test_collect_block_ids_in_order() -> None:
    tokens = BLOCK_IDS.parse("a ^x\n\n- b ^y\n\n> c\n\n^z")
    assert collect_block_ids(tokens) == ("x", "y", "z")
