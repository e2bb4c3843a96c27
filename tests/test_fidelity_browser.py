"""Obsidian fidelity in a real browser: callouts (colours, icons, folding), display math
(centred, stretching), sanitised raw HTML and external images, from ``file://`` and over
HTTP under a sub-path (the fixtures of ``browser_support.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noteforge import Config, SiteSettings, build_site
from noteforge.project import project_of
from noteforge.syntax.callouts import CALLOUT_STYLES
from tests.browser_support import Tab, browser_context, require_browser
from tests.helpers import SAMPLE_DAY

require_browser()

from playwright.sync_api import Browser, BrowserContext  # noqa: E402

STYLES = sorted(set(CALLOUT_STYLES.values()))
CALLOUTS = "\n".join(f"> [!{style}] The {style} callout\n> Body of {style}.\n" for style in STYLES)

NOTES = {
    "callouts.md": f"""# Callouts

{CALLOUTS}
> [!faq]- Folded question
> The hidden answer.

> [!tip]+ Open tip
> Shown at once.
> > [!warning] Nested warning
> > Inside.
""",
    "math.md": r"""# Math

Text before the equations, as long as a sentence of prose so the column has its width.

$$
\begin{pmatrix} a & b \\ c & d \\ e & f \end{pmatrix}
$$

$$
\begin{vmatrix} a & b \\ c & d \end{vmatrix} = \left( \frac{a}{b} \right)
$$

Inline $x^2$ math.
""",
    "html.md": """# Raw HTML

A <span class="x" onclick="alert(1)">kept span</span>, <kbd>Ctrl</kbd> and
<a href="javascript:alert(2)">a bad link</a>.<script>alert(3)</script>

<details><summary>More</summary>

Hidden **text**.

</details>

![Remote chart|200](https://img.example.com/chart.png)
""",
}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fidelity-site")
    notes = root / "notes"
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    out = root / "wiki"
    build_site(project_of(notes, out, Config(site=SiteSettings(site_title="Fidelity"))), SAMPLE_DAY)
    return out


@pytest.fixture(scope="module", params=["light", "dark"])
def context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserContext]:
    options = {
        "viewport": {"width": 1280, "height": 900},
        "reduced_motion": "reduce",
        "color_scheme": request.param,
    }
    with browser_context(browser, **options) as ctx:
        yield ctx


def test_callout_types_have_distinct_colours_and_an_icon(tab: Tab) -> None:
    tab.goto("notes/callouts.html")
    seen = tab.page.evaluate(
        """() => [...document.querySelectorAll('article .callout')].map(c => {
            const title = c.querySelector(':scope > .callout-title');
            const icon = getComputedStyle(title, '::before');
            return {
              type: c.dataset.callout,
              border: getComputedStyle(c).borderLeftColor,
              background: getComputedStyle(c).backgroundColor,
              title: getComputedStyle(title).color,
              mask: icon.maskImage || icon.webkitMaskImage,
              iconWidth: parseFloat(icon.width),
            };
        })"""
    )
    by_type = {entry["type"]: entry for entry in seen}
    assert set(STYLES) <= set(by_type)
    for entry in seen:
        assert entry["mask"].startswith('url("data:image/svg+xml'), entry
        assert entry["iconWidth"] > 8, entry
        assert entry["background"] != "rgba(0, 0, 0, 0)", entry
        assert entry["title"] == entry["border"], entry  # the title is tinted with the type's colour
    colours = {by_type[style]["border"] for style in STYLES}
    assert len(colours) == len(STYLES), "each callout type has its own colour"
    icons = {by_type[style]["mask"] for style in STYLES}
    assert len(icons) == len(STYLES), "each callout type has its own icon"
    assert by_type["faq"]["border"] == by_type["question"]["border"]  # an alias takes its type's style
    tab.assert_clean()


def test_foldable_callouts_toggle(tab: Tab) -> None:
    tab.goto("notes/callouts.html")
    folded = tab.page.locator("details.callout[data-callout=faq]")
    answer = folded.get_by_text("The hidden answer.")
    assert not answer.is_visible()
    folded.locator("summary").click()
    assert answer.is_visible()
    folded.locator("summary").focus()
    tab.page.keyboard.press("Enter")
    assert not answer.is_visible()
    open_tip = tab.page.locator("details.callout[data-callout=tip]")
    assert open_tip.get_by_text("Shown at once.").is_visible()
    nested = open_tip.locator(".callout[data-callout=warning]")
    assert nested.is_visible()
    tab.assert_clean()


def test_display_math_is_centred_and_stretches(tab: Tab) -> None:
    tab.goto("notes/math.html")
    tab.page.evaluate("document.fonts.ready")
    boxes = tab.page.evaluate(
        """() => {
            const paragraph = document.querySelector('article section p');
            const line = parseFloat(getComputedStyle(paragraph).lineHeight);
            const column = paragraph.getBoundingClientRect();
            return [...document.querySelectorAll('math[display=block]')].map(m => {
              const content = m.firstElementChild.getBoundingClientRect();
              // each stretchy fence with the height of what it encloses (its tallest sibling)
              const fences = [...m.querySelectorAll('mo[stretchy=true]')].map(f => [
                f.getBoundingClientRect().height,
                Math.max(...[...f.parentElement.children].filter(c => c.localName !== 'mo')
                  .map(c => c.getBoundingClientRect().height)),
              ]);
              return {
                line, columnLeft: column.left, columnRight: column.right,
                left: content.left, right: content.right, height: content.height,
                fences,
                fontSize: parseFloat(getComputedStyle(m).fontSize),
                textSize: parseFloat(getComputedStyle(paragraph).fontSize),
              };
            });
        }"""
    )
    assert len(boxes) == 2
    for box in boxes:
        centre = (box["left"] + box["right"]) / 2
        column_centre = (box["columnLeft"] + box["columnRight"]) / 2
        assert abs(centre - column_centre) < 4, box
        assert box["fontSize"] >= box["textSize"], box
        assert box["height"] > 1.5 * box["line"], box  # the matrix makes the equation taller than a line
        for fence, enclosed in box["fences"]:
            assert enclosed > box["line"], box
            assert fence >= 0.9 * enclosed, box  # parentheses and bars span the matrix or fraction
    assert len(boxes[0]["fences"]) == 2 and len(boxes[1]["fences"]) == 4
    tab.assert_clean()


def test_sanitised_raw_html_keeps_its_class_and_loses_scripts(tab: Tab) -> None:
    tab.goto("notes/html.html")
    page = tab.page
    span = page.locator("article span.x")
    assert span.inner_text() == "kept span"
    assert span.get_attribute("onclick") is None
    assert page.locator("article kbd").inner_text() == "Ctrl"
    assert page.locator("article script").count() == 0
    assert page.get_by_text("a bad link").get_attribute("href") is None
    assert not page.get_by_text("Hidden text").is_visible()
    page.get_by_text("More", exact=True).click()
    assert page.get_by_text("Hidden text").is_visible()
    external = page.locator("a.external-image")
    assert external.get_attribute("href") == "https://img.example.com/chart.png"
    assert "img.example.com" in external.inner_text()
    assert page.locator("article img").count() == 0
    tab.assert_clean()  # in particular, no request to img.example.com


AXE = Path(__file__).parent / "browser" / "vendor" / "axe.min.js"  # axe-core, see docs/dependencies.md


@pytest.mark.parametrize("page", ["callouts", "math", "html"])
def test_axe_finds_no_serious_violation_in_the_note_body(tab: Tab, page: str) -> None:
    tab.goto(f"notes/{page}.html")
    if page == "callouts":
        tab.page.locator("details.callout[data-callout=faq] summary").click()  # the folded body too
    tab.assert_clean()  # the page itself; what axe does next is the test tool's business
    tab.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    # preload: false stops axe fetching the stylesheets with XHR, which file:// pages may not do
    violations = tab.page.evaluate(
        """async () => (await axe.run({include: [['article section.section-intro']]},
                                      {resultTypes: ['violations'], preload: false})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
    )
    assert not violations, violations
