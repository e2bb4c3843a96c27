"""What the real-browser tests share: Debian's Chromium, driven by Playwright.

They need ``/usr/bin/chromium`` (``apt-get install -y chromium``) and the ``playwright``
Python package (in the test extra; its own browser download is not used). A test module
calls :func:`require_browser` when it is imported: without what it needs it fails, saying
how to install it, unless ``NOTEFORGE_BROWSER_TESTS=skip`` says to skip the browser tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
OPT_OUT = "NOTEFORGE_BROWSER_TESTS=skip"
SKIPPED = os.environ.get("NOTEFORGE_BROWSER_TESTS", "") == "skip"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
]


def require_browser() -> None:
    """Fail the calling module, saying what to install, unless Chromium and Playwright are
    there; skip it instead under ``NOTEFORGE_BROWSER_TESTS=skip``."""
    if SKIPPED:
        pytest.skip(f"browser tests skipped ({OPT_OUT})", allow_module_level=True)
    missing = [f"{CHROMIUM} (apt-get install -y chromium)"] if not CHROMIUM.exists() else []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install '.[test]')")
    if missing:
        needs = "; ".join(missing)
        pytest.fail(f"the browser tests need {needs}; or set {OPT_OUT} to skip them", pytrace=False)


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """Headless Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()
