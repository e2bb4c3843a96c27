"""Mermaid diagrams in a real browser: a ```mermaid block becomes an ``svg``, a broken one shows an
error box and its source, and only a page with a diagram loads the Mermaid bundle. From ``file://``
and from an http sub-path, with no console error (see tests/browser_support.py for what is needed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from noteforge import Config, build_site
from noteforge.project import project_of
from tests.browser_support import require_browser
from tests.helpers import SAMPLE_DAY

require_browser()

from playwright.sync_api import Browser, Dialog, Page, expect  # noqa: E402

MERMAID_BUNDLE = "/assets/vendor/noteforge-mermaid.js"
NOTES = {
    "flow.md": (
        '# Flow\n\n```mermaid\ngraph TD\n  A["Start <img src=x onerror=alert(1)>"] --> B{Decide}\n'
        "  B -->|yes| C[Done]\n  click A call alert()\n```\n\nSee [[plain]].\n"
    ),
    "broken.md": (
        "# Broken\n\n```mermaid\ngraph TD\n  A --> \n```\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n"
    ),
    "plain.md": "# Plain\n\nNo diagram here, only [[flow]].\n",
    "elk.md": "# Elk\n\n```mermaid\n---\nconfig:\n  layout: elk\n---\nflowchart TD\n  A --> B\n```\n",
}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("mermaid")
    notes = base / "notes"
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    out = base / "wiki"
    build_site(project_of(notes, out, Config()), SAMPLE_DAY)
    return out


class Visit:
    """A page with its requests, console errors and dialogs recorded."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._on_dialog)
        self.page.goto(url, wait_until="load")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait_for_diagrams(self) -> dict[str, Any]:
        self.page.wait_for_function("() => window.noteforgeMermaid && window.noteforgeMermaid.done")
        state: dict[str, Any] = self.page.evaluate("() => window.noteforgeMermaid")
        return state

    def bundle_requests(self) -> list[str]:
        return [url for url in self.requests if url.endswith(MERMAID_BUNDLE)]


def test_a_diagram_asking_for_the_elk_layout_is_drawn_without_it(browser: Browser, root_url: str) -> None:
    """The bundle leaves elkjs out: such a diagram is drawn with Mermaid's dagre layout."""
    visit = Visit(browser, urljoin(root_url, "notes/elk.html"))
    try:
        assert visit.wait_for_diagrams() == {"done": True, "rendered": 1, "failed": 0}
        expect(visit.page.locator("figure.nf-mermaid .nf-mermaid-diagram svg g.node")).to_have_count(2)
        assert visit.errors == []
    finally:
        visit.page.close()


def test_a_mermaid_block_becomes_an_svg(browser: Browser, root_url: str) -> None:
    visit = Visit(browser, urljoin(root_url, "notes/flow.html"))
    try:
        assert visit.wait_for_diagrams() == {"done": True, "rendered": 1, "failed": 0}
        page = visit.page
        svg = page.locator("figure.nf-mermaid .nf-mermaid-diagram svg")
        expect(svg).to_have_count(1)
        assert "Decide" in (svg.text_content() or "")
        # strict: the label's HTML stays text, the click callback is dropped
        assert page.locator("figure.nf-mermaid img").count() == 0
        page.locator("figure.nf-mermaid svg g.node").first.click()
        assert visit.dialogs == []
        assert visit.bundle_requests() == [urljoin(root_url, MERMAID_BUNDLE.lstrip("/"))]
        assert visit.errors == []
    finally:
        visit.page.close()


def test_a_broken_diagram_shows_an_error_box_and_its_source(browser: Browser, root_url: str) -> None:
    visit = Visit(browser, urljoin(root_url, "notes/broken.html"))
    try:
        assert visit.wait_for_diagrams() == {"done": True, "rendered": 1, "failed": 1}
        page = visit.page
        failed = page.locator("figure.nf-mermaid-failed")
        expect(failed).to_have_count(1)
        expect(failed.locator(".nf-mermaid-error")).to_contain_text("could not be drawn")
        expect(failed.locator("pre.mermaid")).to_be_visible()
        expect(failed.locator("pre.mermaid")).to_contain_text("A -->")
        assert failed.locator("svg").count() == 0, "no Mermaid error graphic"
        assert page.locator("body > svg, body > div[id^=dnf-mermaid]").count() == 0
        expect(page.locator("figure.nf-mermaid:not(.nf-mermaid-failed) svg")).to_have_count(1)
        assert visit.errors == []
    finally:
        visit.page.close()


def test_a_page_without_a_diagram_never_loads_mermaid(browser: Browser, root_url: str) -> None:
    visit = Visit(browser, urljoin(root_url, "notes/plain.html"))
    try:
        visit.page.get_by_role("button", name="Explore the neighbourhood interactively").click()
        visit.page.wait_for_function("() => window.noteforgeGraph !== undefined")
        assert visit.bundle_requests() == []
        assert visit.page.evaluate("() => window.noteforgeMermaid === undefined")
        assert visit.errors == []
    finally:
        visit.page.close()


def test_diagrams_follow_the_theme(browser: Browser, root_url: str) -> None:
    visit = Visit(browser, urljoin(root_url, "notes/flow.html"))
    try:
        visit.wait_for_diagrams()
        page = visit.page
        light = page.locator("figure.nf-mermaid svg").first.inner_html()
        page.evaluate("() => { window.noteforgeMermaid.done = false; }")
        page.evaluate("() => document.documentElement.setAttribute('data-theme', 'dark')")
        visit.wait_for_diagrams()
        assert page.locator("figure.nf-mermaid svg").first.inner_html() != light
        assert visit.errors == []
    finally:
        visit.page.close()
