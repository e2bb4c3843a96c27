"""Real-browser tests of the page shell: the three columns, the phone drawer, the sticky header,
the outline, heading self-links, fragment targets, the theme toggle and the page weight.

The site is the sample wiki plus one note written for these tests (nested headings, a block
id, a long code line, a wide table, a long word), served from ``file://`` and from an HTTP
sub-path (tests/browser_support.py). Each test ends by asserting no console or page error.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from noteforge import build_site
from noteforge.project import project_of
from tests.browser_support import Tab, browser_context, require_browser
from tests.helpers import SAMPLE_DAY, SAMPLE_NOTES, sample_config

require_browser()

from playwright.sync_api import Browser, Page, Request, ViewportSize, expect  # noqa: E402

DESKTOP: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
PAGE_BUDGET = 100 * 1024  # bytes of HTML, CSS and JS a note page loads before any interaction
FILLER = "\n\n".join(f"Filler paragraph {n} so the sections are far apart." for n in range(12))
LAYOUT_NOTE = f"""\
---
title: Layout check
type: topic
---

# Layout check

A note written for the layout tests, linking [[SMIC]].

## Long things

A word too long for a phone: Donaudampfschifffahrtsgesellschaftskapitänswitwenpensionsanspruch.

```python
print("a code line far longer than a phone is wide, which must scroll inside its own block")
```

| Column one | Column two | Column three | Column four | Column five | Column six |
| --- | --- | --- | --- | --- | --- |
| a wide table | scrolls inside | itself and | never the | whole page | sideways |

{FILLER}

### Nested heading

A paragraph with a block id. ^para-one

{FILLER}

#### Deeper heading

Text under the deeper heading.

{FILLER}

## Last section

{FILLER}

{FILLER}
"""


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample wiki with the layout note, built once into ``<tmp>/wiki``."""
    base = tmp_path_factory.mktemp("layout-site")
    notes = base / "notes"
    shutil.copytree(SAMPLE_NOTES, notes)
    (notes / "layout-check.md").write_text(LAYOUT_NOTE, encoding="utf-8")
    out = base / "wiki"
    build_site(project_of(notes, out, sample_config()), SAMPLE_DAY)
    return out


def _tab(browser: Browser, root_url: str, viewport: ViewportSize) -> Iterator[Tab]:
    with browser_context(browser, viewport=viewport, reduced_motion="reduce") as context:
        yield Tab(context.new_page(), root_url)


@pytest.fixture
def desktop(browser: Browser, root_url: str) -> Iterator[Tab]:
    yield from _tab(browser, root_url, DESKTOP)


@pytest.fixture
def phone(browser: Browser, root_url: str) -> Iterator[Tab]:
    yield from _tab(browser, root_url, PHONE)


@pytest.fixture(params=["desktop", "phone"])
def either(request: pytest.FixtureRequest, browser: Browser, root_url: str) -> Iterator[Tab]:
    """A tab at desktop size, then one at phone size."""
    yield from _tab(browser, root_url, DESKTOP if request.param == "desktop" else PHONE)


def box(page: Page, selector: str) -> dict[str, float]:
    found: dict[str, float] | None = page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            if (!el) return null;
            const r = el.getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                    width: r.width, height: r.height};
        }""",
        selector,
    )
    assert found is not None, f"no {selector}"
    return found


# ---------------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["notes/smic.html", "index.html"])
def test_three_columns_on_a_wide_screen(desktop: Tab, path: str) -> None:
    desktop.goto(path)
    page = desktop.page
    left, main, right = box(page, ".sidebar-left"), box(page, "main"), box(page, ".sidebar-right")
    assert left["width"] > 150 and main["width"] > 600, (left, main)
    assert left["right"] <= main["left"], (left, main)
    if path.startswith("notes/"):
        assert right["width"] > 150 and right["left"] >= main["right"], (main, right)
        assert abs(right["top"] - main["top"]) < 2, "the right column starts beside the note"
        expect(page.locator(".sidebar-right .outline")).to_be_visible()
        expect(page.locator(".sidebar-right #nf-local-graph")).to_be_attached()
        expect(page.locator(".menu-button, .nf-menu-button")).to_be_hidden()
    desktop.assert_clean()


@pytest.mark.parametrize("path", ["notes/layout-check.html", "notes/smic.html", "index.html"])
def test_phone_has_one_column_a_slim_header_and_no_sideways_scroll(phone: Tab, path: str) -> None:
    phone.goto(path)
    page = phone.page
    expect(page.locator(".nf-menu-button")).to_be_visible()
    expect(page.locator(".nf-search-button")).to_be_visible()
    expect(page.locator("#nf-search-input")).to_be_hidden()
    assert box(page, ".site-header")["height"] < 80
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= innerWidth"), page.evaluate(
        "() => [document.scrollingElement.scrollWidth, innerWidth]"
    )
    main = box(page, "main")
    assert main["left"] >= 0 and main["right"] <= PHONE["width"], main
    phone.assert_clean()


def test_wide_code_and_tables_scroll_inside_themselves_on_a_phone(phone: Tab) -> None:
    phone.goto("notes/layout-check.html")
    page = phone.page
    for selector in ("main pre", "main table"):
        sizes = page.evaluate(
            "(s) => [document.querySelector(s).scrollWidth, document.querySelector(s).clientWidth]",
            selector,
        )
        assert sizes[0] > sizes[1], f"{selector} is not wider than its box: the test note needs a longer line"
        assert box(page, selector)["right"] <= PHONE["width"], selector
    phone.assert_clean()


def test_phone_drawer_opens_with_the_menu_and_outline_and_closes(phone: Tab) -> None:
    phone.goto("notes/layout-check.html")
    page = phone.page
    button = page.locator(".nf-menu-button")
    drawer = page.locator("#" + (button.get_attribute("aria-controls") or ""))
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(drawer).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(drawer).to_be_visible()
    expect(drawer.locator(".site-menu a").first).to_be_visible()
    outline = drawer.locator(".outline-list a")
    expect(outline.filter(has_text="Nested heading")).to_be_visible()
    assert box(page, "#nf-sidebar")["left"] >= 0
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(drawer).to_be_hidden()
    expect(button).to_be_focused()
    button.click()
    outline.filter(has_text="Deeper heading").click()  # a link in the drawer closes it
    expect(button).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("() => location.hash") == "#deeper-heading"
    phone.assert_clean()


def test_phone_search_button_reveals_and_focuses_search(phone: Tab) -> None:
    phone.goto("notes/smic.html")
    page = phone.page
    page.locator(".nf-search-button").click()
    search = page.locator("#nf-search-input")
    expect(search).to_be_visible()
    expect(search).to_be_focused()
    search.fill("Ascend")
    expect(page.locator("#nf-search-results [role=option]").first).to_be_visible()
    assert box(page, "#nf-search-input")["right"] <= PHONE["width"]
    phone.assert_clean()


def test_header_stays_on_screen_after_scrolling(either: Tab) -> None:
    tab = either
    tab.goto("notes/layout-check.html")
    page = tab.page
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => scrollY > 1000")
    header = box(page, ".site-header")
    assert header["top"] == 0 and header["height"] > 0, header
    tab.assert_clean()


# ---------------------------------------------------------------------------------------------------
# Outline, heading links, targets
# ---------------------------------------------------------------------------------------------------


def test_outline_lists_the_headings_and_marks_the_one_scrolled_to(desktop: Tab) -> None:
    desktop.goto("notes/layout-check.html")
    page = desktop.page
    links = page.locator(".sidebar-right .outline-list a")
    expect(links).to_have_text(["Long things", "Nested heading", "Deeper heading", "Last section"])
    for anchor in ("nested-heading", "long-things", "last-section"):
        page.evaluate("(id) => document.getElementById(id).scrollIntoView({block: 'start'})", anchor)
        current = page.locator(".sidebar-right .outline-list a[aria-current]")
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("href", "#" + anchor)
    desktop.assert_clean()


def test_every_heading_links_to_itself(desktop: Tab) -> None:
    desktop.goto("notes/layout-check.html")
    page = desktop.page
    headings = page.locator("main article :is(h2, h3, h4, h5, h6)[id]")
    assert headings.count() >= 4
    for index in range(headings.count()):
        heading = headings.nth(index)
        anchor = heading.get_attribute("id")
        link = heading.locator("a.heading-link")
        expect(link).to_have_attribute("href", f"#{anchor}")
        expect(link).to_be_visible()
        expect(link).to_have_accessible_name("Link to this section")
        link.focus()
        expect(link).to_be_focused()
    nested = page.locator("#nested-heading a.heading-link")
    nested.click()
    assert page.evaluate("() => location.hash") == "#nested-heading"
    desktop.assert_clean()


@pytest.mark.parametrize("fragment", ["nested-heading", "^para-one"])
def test_a_fragment_target_is_highlighted(desktop: Tab, fragment: str) -> None:
    desktop.goto("notes/layout-check.html")
    plain = desktop.page.evaluate(
        "(id) => getComputedStyle(document.getElementById(id)).backgroundColor", fragment
    )
    desktop.page.goto("about:blank")  # arrive from elsewhere, as a link from another note does
    desktop.goto(f"notes/layout-check.html#{fragment}")
    page = desktop.page
    style = page.evaluate(
        """(id) => {
            const el = document.getElementById(id);
            const s = getComputedStyle(el);
            return {target: el.matches(':target'), background: s.backgroundColor, shadow: s.boxShadow,
                    top: el.getBoundingClientRect().top,
                    header: document.querySelector('.site-header').getBoundingClientRect().bottom};
        }""",
        fragment,
    )
    assert style["target"], style
    assert style["background"] != plain and style["shadow"] != "none", style
    assert style["top"] >= style["header"], f"the sticky header covers the target: {style}"
    desktop.assert_clean()


# ---------------------------------------------------------------------------------------------------
# Theme
# ---------------------------------------------------------------------------------------------------

_THEME_AT_FIRST_PAINT = """
new MutationObserver((_, observer) => {
    if (document.body) {
        window.__themeAtBody = document.documentElement.dataset.theme || 'system';
        observer.disconnect();
    }
}).observe(document, {childList: true, subtree: true});
"""


def _bg(page: Page) -> str:
    value: str = page.evaluate(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim()"
    )
    return value


def test_theme_toggle_cycles_and_persists_across_pages(desktop: Tab) -> None:
    page = desktop.page
    page.add_init_script(_THEME_AT_FIRST_PAINT)
    desktop.goto("notes/smic.html")
    toggle = page.locator(".site-header .nf-theme-toggle")
    expect(toggle).to_have_accessible_name("Colour theme: system")
    assert page.evaluate("() => document.documentElement.dataset.theme") is None
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    light = _bg(page)
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(toggle).to_have_accessible_name("Colour theme: dark")
    dark = _bg(page)
    assert light and dark and light != dark, (light, dark)
    assert page.evaluate("() => localStorage.getItem('nf-theme')") == "dark"
    page.locator(".site-menu a", has_text="Theses").click()
    page.wait_for_url("**/theses.html")
    assert page.evaluate("() => window.__themeAtBody") == "dark", "the theme is set before the body"
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert _bg(page) == dark
    page.locator(".site-header .nf-theme-toggle").click()
    expect(page.locator("html")).not_to_have_attribute("data-theme", "dark")
    assert page.evaluate("() => document.documentElement.dataset.theme") is None
    assert page.evaluate("() => localStorage.getItem('nf-theme')") is None
    desktop.assert_clean()


def test_code_blocks_have_one_background_in_both_themes(desktop: Tab) -> None:
    page = desktop.page
    for theme in ("light", "dark"):
        page.add_init_script(f"localStorage.setItem('nf-theme', '{theme}')")
        desktop.goto("notes/layout-check.html")
        colours = page.evaluate(
            """() => {
                const pre = document.querySelector('main pre'), code = pre.querySelector('code');
                return {pre: getComputedStyle(pre).backgroundColor,
                        code: getComputedStyle(code).backgroundColor,
                        bg: getComputedStyle(document.body).backgroundColor};
            }"""
        )
        assert colours["code"] == "rgba(0, 0, 0, 0)", f"{theme}: code paints a band per line: {colours}"
        assert colours["pre"] != colours["bg"], f"{theme}: the block has no background: {colours}"
    desktop.assert_clean()


# ---------------------------------------------------------------------------------------------------
# Weight
# ---------------------------------------------------------------------------------------------------


def test_a_note_page_loads_at_most_100_kb_before_interaction(phone: Tab, site_dir: Path) -> None:
    """Every byte of HTML, CSS and JS a note page loads by itself, on a phone, where nothing that
    loads lazily is on screen (the local graph is below the note)."""
    counted = _startup_resources(phone, "notes/smic.html")
    assert not [url for url in counted if "noteforge-graph" in url], "the graph bundle loaded at once"
    assert not [url for url in counted if "noteforge-search" in url], "the search bundle loaded at once"
    _assert_within_budget(site_dir, phone.root, counted)
    phone.assert_clean()


def test_a_note_page_names_at_most_100_kb_in_its_html(desktop: Tab, site_dir: Path) -> None:
    """On a wide screen the local graph is on screen, so its bundle is injected at once; the
    HTML and the stylesheets and scripts it names stay within the budget, and the graph's bundle
    is not one of them."""
    counted = _startup_resources(desktop, "notes/smic.html")
    html = BeautifulSoup((site_dir / "notes" / "smic.html").read_text(encoding="utf-8"), "html.parser")
    page_url = desktop.url("notes/smic.html")
    named = [page_url] + [
        urljoin(page_url, str(el.get("href") or el.get("src")))
        for el in html.select("link[rel~=stylesheet][href], script[src]")
    ]
    assert not [url for url in named if "noteforge-graph" in url or "noteforge-search" in url], named
    assert set(named) <= set(counted), (named, counted)
    _assert_within_budget(site_dir, desktop.root, named)
    desktop.assert_clean()


def _startup_resources(tab: Tab, path: str) -> list[str]:
    """The URLs of the document, stylesheets and scripts a page loads without interaction."""
    loaded: list[Request] = []
    tab.page.on("requestfinished", lambda request: loaded.append(request))
    tab.goto(path)
    tab.page.wait_for_load_state("networkidle")
    tab.page.wait_for_timeout(300)  # let lazy loaders that fire on their own do so
    counted = [r.url for r in loaded if r.resource_type in ("document", "stylesheet", "script")]
    assert tab.url(path) in counted, counted
    return counted


def _assert_within_budget(site_dir: Path, root: str, urls: list[str]) -> None:
    sizes = {url: _size_on_disk(site_dir, root, url) for url in urls}
    total = sum(sizes.values())
    report = "\n".join(f"{size:>8} {url}" for url, size in sorted(sizes.items(), key=lambda kv: -kv[1]))
    assert total <= PAGE_BUDGET, f"{total} bytes before interaction:\n{report}"


def _size_on_disk(site_dir: Path, root: str, url: str) -> int:
    """The size of the built file a URL of the site serves."""
    assert url.startswith(root), url
    relative = unquote(urlsplit(url[len(root) :]).path)
    return (site_dir / relative).stat().st_size
