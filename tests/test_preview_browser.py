"""Hover previews in a real browser, from ``file://`` and from an http sub-path.

A small wiki, padded with filler notes so that its previews span several shards (the
loader's hash must agree with the build's), is built once; see tests/browser_support.py for
the served root and the watched :class:`Tab`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from noteforge import build_site
from noteforge.project import project_of
from noteforge.views.previews import PREVIEW_FOLDER, shard_of
from tests.browser_support import TIMEOUT_MS, Tab, browser_context, require_browser

require_browser()

from playwright.sync_api import Browser, BrowserContext, Locator, expect  # noqa: E402

from tests.test_browser import AXE  # noqa: E402

Scheme = Literal["light", "dark"]
FILLERS = 100
NOTES = {
    "start.md": "Start\n\nSee [[alpha]], [[beta#Details]], [[beta#^key]] and [[Nowhere]].\n",
    "alpha.md": "---\nstatus: active\nsummary: Alpha in one line.\n---\n# Alpha\n\nAlpha body, see [[beta]].",
    "beta.md": "# Beta\n\nThe key sentence. ^key\n\n## Details\n\nDetail text about beta.\n\n## Later\n\nNo.",
    "deep/x/gamma.md": "Gamma\n\nGamma links [[alpha]] and [[nowhere]].\n",
    **{f"filler/f{i:03}.md": f"Filler {i}\n\nNext: [[f{(i + 1) % FILLERS:03}]].\n" for i in range(FILLERS)},
}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wiki, built once into ``<tmp>/wiki`` so HTTP can serve it under ``/wiki/``."""
    base = tmp_path_factory.mktemp("preview-site")
    notes = base / "notes"
    for name, text in NOTES.items():
        (notes / name).parent.mkdir(parents=True, exist_ok=True)
        (notes / name).write_text(text, "utf-8")
    build_site(project_of(notes, base / "wiki"))
    return base / "wiki"


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    with browser_context(browser, viewport={"width": 1280, "height": 900}) as ctx:
        yield ctx


def popover(tab: Tab) -> Locator:
    return tab.page.locator("#nf-preview")


def link(tab: Tab, href: str) -> Locator:
    return tab.page.locator(f"article a[href='{href}']").first


def test_the_wiki_spreads_its_previews_over_shards(site_dir: Path) -> None:
    count = len(list((site_dir / PREVIEW_FOLDER).glob("[0-9]*.js")))
    keys = ["notes/alpha.html", "notes/beta.html", "missing.html#missing-nowhere"]
    assert count > 1 and len({shard_of(key, count) for key in keys}) > 1


def test_hovering_a_link_shows_its_notes_preview(tab: Tab) -> None:
    tab.goto("notes/start.html")
    link(tab, "alpha.html").hover()
    box = popover(tab)
    expect(box).to_be_visible()
    expect(box.locator(".nf-preview-title")).to_contain_text("Alpha")
    expect(box.locator(".nf-preview-title .badge.badge-active .badge-label")).to_be_visible()
    expect(box.locator(".nf-preview-summary")).to_have_text("Alpha in one line.")
    expect(box.locator(".nf-preview-body")).to_contain_text("Alpha body")
    expect(box).to_have_attribute("role", "tooltip")
    expect(link(tab, "alpha.html")).to_have_attribute("aria-describedby", "nf-preview")
    tab.page.mouse.move(5, 5)
    expect(box).to_be_hidden()
    tab.assert_clean()


def test_keyboard_focus_shows_the_preview_and_escape_closes_it(tab: Tab) -> None:
    tab.goto("notes/start.html")
    target = link(tab, "alpha.html")
    for _ in range(80):
        tab.page.keyboard.press("Tab")
        if target.evaluate("a => a === document.activeElement"):
            break
    expect(target).to_be_focused()
    box = popover(tab)
    expect(box).to_be_visible()
    expect(box).to_contain_text("Alpha")
    tab.page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(target).to_be_focused()
    expect(target).not_to_have_attribute("aria-describedby", "nf-preview")
    tab.page.keyboard.press("Tab")
    expect(box).to_be_visible()  # the next link, focused, shows its own
    expect(box).not_to_contain_text("Alpha in one line")
    tab.assert_clean()


def test_a_fragment_links_preview_shows_its_section_or_block(tab: Tab) -> None:
    tab.goto("notes/start.html")
    box = popover(tab)
    link(tab, "beta.html#details").hover()
    expect(box.locator(".nf-preview-title")).to_contain_text("Beta › Details")
    expect(box).to_contain_text("Detail text about beta.")
    expect(box).not_to_contain_text("The key sentence")
    link(tab, "beta.html#%5Ekey").hover()
    expect(box.locator(".nf-preview-title")).to_contain_text("Beta › block")
    expect(box).to_contain_text("The key sentence.")
    expect(box).not_to_contain_text("Detail text")
    tab.assert_clean()


def test_a_missing_links_preview_lists_who_wants_it(tab: Tab) -> None:
    tab.goto("notes/start.html")
    missing = tab.page.locator("article a.missing").first
    title = missing.get_attribute("title")
    missing.hover()
    box = popover(tab)
    expect(box).to_contain_text("Wanted by")
    expect(box.locator(".nf-preview-body a")).to_have_text(["Gamma", "Start"])
    assert title and missing.get_attribute("title") is None, "no native tooltip over the popover"
    tab.page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(missing).to_have_attribute("title", title)
    tab.assert_clean()


def test_links_in_a_preview_lead_to_the_right_pages_from_any_depth(tab: Tab) -> None:
    tab.goto("notes/deep/x/gamma.html")
    box = popover(tab)
    tab.page.locator("article a.missing").first.hover()
    expect(box.locator(".nf-preview-body a")).to_have_count(2)
    assert resolved(box.locator(".nf-preview-body a")) == [
        tab.url("notes/deep/x/gamma.html"),
        tab.url("notes/start.html"),
    ]
    link(tab, "../../alpha.html").hover()
    expect(box.locator(".nf-preview-title a")).to_have_attribute("href", "../../alpha.html")
    inner = box.locator(".nf-preview-body a")
    expect(inner).to_have_count(1)
    assert resolved(inner) == [tab.url("notes/beta.html")]
    inner.click()
    tab.page.wait_for_url(tab.url("notes/beta.html"))
    expect(tab.page.locator("h1")).to_have_text("Beta")
    tab.assert_clean()


def test_previews_work_on_a_page_at_the_site_root(tab: Tab) -> None:
    tab.goto("index.html")
    tab.page.locator("main a.internal[href='notes/alpha.html']").first.hover()
    box = popover(tab)
    expect(box.locator(".nf-preview-title")).to_contain_text("Alpha")
    assert resolved(box.locator(".nf-preview-body a")) == [tab.url("notes/beta.html")]
    tab.assert_clean()


def resolved(links: Locator) -> list[str]:
    """The URLs links lead to, checking each is written relative (no scheme, no leading ``/``)."""
    pairs: list[list[str]] = links.evaluate_all("l => l.map(a => [a.getAttribute('href'), a.href])")
    assert not [written for written, _ in pairs if ":" in written or written.startswith("/")]
    return [url for _, url in pairs]


def test_no_previews_on_a_touch_only_device(browser: Browser, root_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        tab = Tab(ctx.new_page(), root_url)
        tab.goto("notes/start.html")
        assert tab.page.evaluate("matchMedia('(hover: none)').matches")
        target = link(tab, "alpha.html")
        target.hover()
        target.focus()
        target.dispatch_event("pointerover", {"pointerType": "touch", "bubbles": True})
        tab.page.wait_for_timeout(1000)  # longer than the hover delay: nothing may show
        assert tab.page.locator("#nf-preview").count() == 0
        assert not [url for url in tab.requests if "/previews/" in url]
        tab.assert_clean()
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_popover_stays_in_the_viewport_and_flips_near_the_bottom(tab: Tab, scheme: Scheme) -> None:
    tab.page.emulate_media(color_scheme=scheme)
    tab.goto("notes/start.html")
    target = link(tab, "beta.html#details")
    bottom = target.evaluate("a => a.getBoundingClientRect().bottom")
    tab.page.set_viewport_size({"width": 1280, "height": int(bottom) + 20})
    target.hover()
    box = popover(tab)
    expect(box).to_be_visible()
    above = box.evaluate(
        "(b, a) => b.getBoundingClientRect().bottom <= a.getBoundingClientRect().top",
        target.element_handle(),
    )
    rect = box.bounding_box()
    assert rect is not None and above
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 1280
    colours = box.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]")
    assert colours[0] != colours[1]
    tab.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_with_a_popover_open(tab: Tab, scheme: Scheme) -> None:
    tab.page.emulate_media(color_scheme=scheme)
    tab.goto("notes/start.html")
    link(tab, "alpha.html").hover()
    expect(popover(tab)).to_be_visible()
    tab.assert_clean()
    tab.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = tab.page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], preload: false})"
    )
    serious = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, [(v["id"], [node["target"] for node in v["nodes"]]) for v in serious]
