"""What a reader's browser loads and does before the first interaction, on a small and a big wiki.

For the index and a note page of the sample wiki and of a generated 10,000-note wiki (the
shape of ``benchmarks/generate.py``), opened from disk in headless Chromium at desktop and
phone sizes, the test checks the page weight budget (HTML, CSS and JS loaded before any
interaction: at most 100 KB, uncompressed; the graph page, which is its graph, is weighed
without a budget) and that nothing shifts while the page loads
(cumulative layout shift). It records first contentful paint beside them, never asserting
it: with ``NOTEFORGE_PAGE_METRICS=<file>`` every measurement is written there as JSON lines,
which ``benchmarks/run.py --page-metrics`` turns into the table in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from noteforge import build_site
from noteforge.config import Config, SiteSettings
from noteforge.project import project_of
from tests.browser_support import require_browser
from tests.helpers import REPO, SAMPLE_DAY, SAMPLE_NOTES, sample_config

require_browser()

from playwright.sync_api import Browser, Page  # noqa: E402

WEIGHT_BUDGET = 100 * 1024
LAYOUT_SHIFT_BUDGET = 0.01  # "no layout shift"; a score, not a time
BIG_WIKI_NOTES = 10_000
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
RESULTS_ENV = "NOTEFORGE_PAGE_METRICS"

# Layout shifts are only reported to observers; one registered before any of the page's own
# scripts run sees them all (``buffered`` also replays those before it was registered).
_OBSERVE_SHIFTS = """
window.__nfShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__nfShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""
_MEASURE = """() => ({
  fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {startTime: null}).startTime,
  cls: window.__nfShift,
})"""


@dataclass(frozen=True, slots=True)
class PageMetrics:
    """One page as a reader's browser first loads it."""

    wiki: str
    page: str
    viewport: str
    first_contentful_paint_ms: float | None
    layout_shift: float
    budgeted: bool
    bytes_before_interaction: int
    files: tuple[str, ...]


def sample_site(root: Path) -> Path:
    out = root / "sample"
    build_site(project_of(SAMPLE_NOTES, out, sample_config()), SAMPLE_DAY)
    return out


def big_site(root: Path) -> Path:
    notes, out = root / "notes-10k", root / "site-10k"
    generator = REPO / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generator), str(BIG_WIKI_NOTES), str(notes)], check=True)
    build_site(
        project_of(notes, out, Config(site=SiteSettings(site_title="Generated wiki"))),
        SAMPLE_DAY,
        jobs=os.cpu_count() or 1,
    )
    return out


def site_file(site: Path, url: str) -> Path | None:
    """The built file a ``file://`` URL names, if it lies inside the site."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path)).resolve()
    return path if path.is_relative_to(site.resolve()) and path.is_file() else None


def measure(
    browser: Browser, site: Path, wiki: str, page_path: str, viewport: str, budgeted: bool = True
) -> PageMetrics:
    """Open one page from disk and wait until the network is idle, touching nothing."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        tab: Page = context.new_page()
        requested: list[str] = []  # resource timing leaves file:// loads out; the requests do not
        tab.on("request", lambda request: requested.append(request.url))
        tab.add_init_script(_OBSERVE_SHIFTS)
        tab.goto((site / page_path).as_uri(), wait_until="networkidle")
        found = tab.evaluate(_MEASURE)
    finally:
        context.close()
    files = {f for f in map(lambda url: site_file(site, url), requested) if f}
    weighed = [f for f in files if f.suffix in (".html", ".css", ".js")]
    return PageMetrics(
        wiki,
        page_path,
        viewport,
        found["fcp"],
        float(found["cls"]),
        budgeted,
        sum(f.stat().st_size for f in weighed),
        tuple(sorted(str(f.relative_to(site)) for f in weighed)),
    )


def record(metrics: list[PageMetrics]) -> None:
    """Append the measurements to ``$NOTEFORGE_PAGE_METRICS`` when it is set."""
    target = os.environ.get(RESULTS_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as out:
            for m in metrics:
                out.write(json.dumps(asdict(m)) + "\n")


def check(metrics: list[PageMetrics]) -> None:
    record(metrics)
    for m in metrics:
        where = f"{m.wiki} {m.page} at {m.viewport}"
        assert m.first_contentful_paint_ms is not None, f"{where}: no first contentful paint"
        assert not m.budgeted or m.bytes_before_interaction <= WEIGHT_BUDGET, (
            f"{where} loads {m.bytes_before_interaction} bytes before any interaction "
            f"(budget {WEIGHT_BUDGET}): {', '.join(m.files)}"
        )
        assert m.layout_shift <= LAYOUT_SHIFT_BUDGET, f"{where}: layout shift {m.layout_shift:.3f}"


def note_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in (site / "notes").rglob("*.html"))


def test_sample_wiki_pages_are_light_and_steady(browser: Browser, tmp_path: Path) -> None:
    site = sample_site(tmp_path)
    pages = ["index.html", "notes/smic.html"]
    measured = [measure(browser, site, "sample", page, viewport) for page in pages for viewport in VIEWPORTS]
    # The graph page is the graph: its bundle and data are what it is for, so it has no budget.
    measured += [measure(browser, site, "sample", "graph.html", viewport, False) for viewport in VIEWPORTS]
    check(measured)


@pytest.mark.timeout(600)
def test_big_wiki_pages_are_light_and_steady(browser: Browser, tmp_path: Path) -> None:
    site = big_site(tmp_path)
    note = note_pages(site)[len(note_pages(site)) // 2]
    pages = ["index.html", note]
    check([measure(browser, site, "10k", page, viewport) for page in pages for viewport in VIEWPORTS])
