"""Paged views in a real browser, from ``file://`` and from an HTTP sub-path: the menu leads to
a view's index, the index to its pages, and each page to the next, the previous and the index,
by mouse and by keyboard; axe-core finds no serious violation on an index or a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from noteforge import Config, build_site
from noteforge.project import project_of
from noteforge.views import paging
from tests.browser_support import Tab, require_browser
from tests.helpers import SAMPLE_DAY
from tests.test_paging import AXE_SCRIPT, TITLES, wiki_files, write_notes

require_browser()

from playwright.sync_api import expect  # noqa: E402


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paging-browser")
    notes = write_notes(root / "notes", wiki_files(TITLES))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SHELF_NOTES", 5)
        build_site(project_of(notes, root / "wiki", Config()), SAMPLE_DAY)
    return root / "wiki"


def test_the_menu_leads_to_the_index_and_the_index_to_each_page_and_on(tab: Tab) -> None:
    page = tab.page
    tab.goto("index.html")
    page.locator(".site-menu").get_by_role("link", name="Claims").click()
    expect(page.locator("h1")).to_have_text("Claims to verify")
    page.locator(".shelf-index").get_by_role("link", name="Alpha 12–Alpha 15").click()
    expect(page.locator("h1")).to_have_text("Claims to verify: Alpha 12–Alpha 15")
    expect(page.locator("li.claim")).to_have_count(4)
    page.locator("a.shelves-next").click()
    expect(page.locator("h1")).to_have_text("Claims to verify: Alpha 16–Alpha 19")
    page.locator("a.shelves-previous").click()
    expect(page.locator("h1")).to_have_text("Claims to verify: Alpha 12–Alpha 15")
    page.locator("a.shelves-index").click()
    expect(page.locator("h1")).to_have_text("Claims to verify")
    tab.assert_clean()


def test_the_next_page_is_reached_by_keyboard_with_a_visible_focus(tab: Tab) -> None:
    page = tab.page
    tab.goto("questions/_b-d.html")
    following = page.locator("a.shelves-next")
    for _ in range(60):
        page.keyboard.press("Tab")
        if following.evaluate("link => link === document.activeElement"):
            break
    outline = following.evaluate("link => getComputedStyle(link).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Open questions: …")
    tab.assert_clean()


@pytest.mark.parametrize("path", ["claims.html", "notes.html", "all-notes/_b-d.html", "theses/_b-d.html"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_serious_violations(tab: Tab, path: str, theme: str) -> None:
    page = tab.page
    page.add_init_script(f"localStorage.setItem('nf-theme', '{theme}')")
    tab.goto(path)
    tab.assert_clean()
    page.add_script_tag(content=AXE_SCRIPT)
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], preload: false})"
    )
    bad = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, bad
