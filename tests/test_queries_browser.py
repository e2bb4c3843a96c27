"""Query results in a real browser, from ``file://`` and from an HTTP sub-path: the sample
wiki's dashboard shows its base views and Dataview results with no script, its links lead
to the notes they name, a base's page lists its views, a wide result scrolls inside its
box on a phone, and axe-core finds no serious violation in either theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from noteforge import build_site
from noteforge.project import project_of
from tests.browser_support import Tab, browser_context, require_browser, watched_page
from tests.helpers import SAMPLE_DAY, SAMPLE_NOTES, sample_config
from tests.test_paging import AXE_SCRIPT

require_browser()

from playwright.sync_api import Browser, expect  # noqa: E402

DASHBOARD = "notes/research-dashboard.html"
BASE_PAGE = "bases/theses.html"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("queries-browser")
    build_site(project_of(SAMPLE_NOTES, root / "wiki", sample_config()), SAMPLE_DAY)
    return root / "wiki"


def test_the_dashboard_shows_its_queries_and_their_links_lead_to_notes(tab: Tab) -> None:
    page = tab.page
    tab.goto(DASHBOARD)
    figures = page.locator("article figure.query")
    expect(figures).to_have_count(4)
    expect(figures.nth(0).locator("tbody tr.query-group th")).to_have_text(
        ["active", "hypothesis", "retired"]
    )
    expect(figures.nth(2).locator("thead th")).to_have_text(
        ["File", "Type", "Facts", "Sources", "Open questions"]
    )
    figures.nth(0).get_by_role("link", name="China domestic AI compute substitution").click()
    expect(page.locator("h1")).to_have_text("China domestic AI compute substitution")
    tab.assert_clean()


def test_a_base_page_lists_its_views_and_the_outline_reaches_them(tab: Tab) -> None:
    page = tab.page
    tab.goto(BASE_PAGE)
    expect(page.locator("section.base-view h2")).to_have_text(["By status", "Needs attention", "Active"])
    expect(page.locator("#view-active li.query-card")).to_have_count(1)
    tab.assert_clean()


def test_a_wide_result_scrolls_in_its_box_on_a_phone(browser: Browser, root_url: str) -> None:
    with (
        browser_context(browser, viewport={"width": 390, "height": 844}) as phone,
        watched_page(phone, root_url) as tab,
    ):
        tab.goto(DASHBOARD)
        widths = tab.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
        table = tab.page.locator("article figure.query table").first
        assert table.evaluate(
            "t => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === 'auto'"
        )
        tab.assert_clean()


@pytest.mark.parametrize("path", [DASHBOARD, BASE_PAGE])
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
