"""`noteforge serve` in a real browser: a saved edit shows on the open page by itself, and
the backlinks of another open page follow.

Needs Debian's Chromium and Playwright (see tests/browser_support.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import require_browser
from tests.test_serve import TIMEOUT, Served, serving

require_browser()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

# How long a page may take to follow a save: a guard against a hang, not a speed target (a
# page that connects its event stream after the rebuild is told to reload at once).
WAIT_MS = int(TIMEOUT * 1000)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "alpha.md").write_text("# Alpha\n\nThe first version.\n", encoding="utf-8")
    (notes / "beta.md").write_text("# Beta\n\nNothing links here yet.\n", encoding="utf-8")
    with serving(tmp_path, "notes") as server:
        yield server


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_page()
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    return page


def test_a_saved_edit_shows_on_the_open_pages_without_a_reload(
    browser: Browser, served: Served, tmp_path: Path
) -> None:
    alpha = open_page(browser, served.url + "notes/alpha.html")
    beta = open_page(browser, served.url + "notes/beta.html")
    expect(beta.locator(".backlink")).to_have_count(0)
    alpha.evaluate("() => { window.notReloaded = true; }")

    (tmp_path / "notes" / "alpha.md").write_text("# Alpha\n\nThe second version, citing [[beta]].\n")
    expect(alpha.locator("main")).to_contain_text("The second version", timeout=WAIT_MS)
    assert alpha.evaluate("() => window.notReloaded === undefined"), "the page did not reload itself"
    expect(beta.locator(".backlink")).to_have_count(1, timeout=WAIT_MS)
    expect(beta.locator(".backlink a").first).to_have_text(re.compile("Alpha"))

    (tmp_path / "notes" / "beta.md").write_bytes(b"# Beta\n\n\xff broken save\n")
    expect(beta.locator("#nf-serve-overlay")).to_contain_text("NF110", timeout=WAIT_MS)
    alpha.close()
    beta.close()
