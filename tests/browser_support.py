"""What the real-browser tests share: Debian's Chromium, driven by Playwright.

They need ``/usr/bin/chromium`` and the ``playwright`` Python package (its own browser
download is not used). A test module calls :func:`require_browser` when it is imported:
without what it needs it is skipped, unless ``NOTEFORGE_BROWSER_TESTS=required`` (CI), in
which case it fails instead.
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
REQUIRED = os.environ.get("NOTEFORGE_BROWSER_TESTS", "") == "required"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
]


def require_browser(*files: tuple[Path, str]) -> None:
    """Skip (or, when required, fail) the calling module unless Chromium, Playwright and
    the given ``(file, how to get it)`` are all there."""
    missing = [f"{CHROMIUM} (apt-get install chromium)"] if not CHROMIUM.exists() else []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install playwright)")
    missing += [f"{path} ({how})" for path, how in files if not path.exists()]
    if not missing:
        return
    reason = "browser tests need " + "; ".join(missing)
    if REQUIRED:
        pytest.fail(f"NOTEFORGE_BROWSER_TESTS=required but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


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
