"""Take the README's screenshots: the sample wiki's SMIC page at desktop and phone sizes, in
light and dark, and its theses board and graph, in headless Chromium (Debian's
``/usr/bin/chromium`` and Playwright).

    python docs/images/screenshots.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from noteforge import build_site
from noteforge.config import parse_config

REPO = Path(__file__).resolve().parents[2]
IMAGES = Path(__file__).resolve().parent
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# name: (viewport, page, themes)
SHOTS = {
    "desktop": (DESKTOP, "notes/smic.html", ("light", "dark")),
    "phone": (PHONE, "notes/smic.html", ("light", "dark")),
    "theses-board": (DESKTOP, "theses.html", ("light",)),
    "graph": (DESKTOP, "graph.html", ("dark",)),
}
GRAPH_SETTLES_MS = 3000  # the force layout runs for a moment before it stops


def main() -> None:
    """Build the sample wiki into a scratch folder and write ``<name>-<theme>.png`` beside this script."""
    config = parse_config((REPO / "noteforge.yaml").read_text(encoding="utf-8"), "noteforge.yaml")
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        site = Path(scratch) / "site"
        build_site(REPO / "notes", site, config)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        for name, (viewport, page_path, themes) in SHOTS.items():
            for theme in themes:
                context = browser.new_context(viewport=viewport, color_scheme=theme)  # type: ignore[arg-type]
                page = context.new_page()
                page.goto((site / page_path).as_uri(), wait_until="networkidle")
                if page_path == "graph.html":
                    page.wait_for_timeout(GRAPH_SETTLES_MS)
                page.screenshot(path=str(IMAGES / f"{name}-{theme}.png"))
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
