"""The explorer in a real browser, from ``file://`` and from an HTTP sub-path: folders open and
close, the current note is highlighted, a folder's listing the page did not include is loaded
when it is opened, and the open folders are remembered on the next page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from noteforge import Config, build_site
from noteforge.project import project_of
from tests.browser_support import browser_context, require_browser
from tests.helpers import SAMPLE_DAY

require_browser()

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402

NOTES = {
    "Start.md": "# Start\n\nSee [[Beta]].\n",
    "Projects/Beta.md": "# Beta\n\nBack to [[Start]].\n",
    "Projects/Archive/Old.md": "# Old\n\nOld.\n",
    "Sources/Report.md": "# Report\n\nA source.\n",
    "Sources/Deep/Inner.md": "# Inner\n\nInside.\n",
}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explorer")
    for name, text in NOTES.items():
        (root / "notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "notes" / name).write_text(text, encoding="utf-8")
    build_site(project_of(root / "notes", root / "wiki", Config()), SAMPLE_DAY)
    return root / "wiki"


@pytest.fixture
def tab(browser: Browser, root_url: str) -> Iterator[Page]:
    """A fresh context (so nothing is remembered from another test) watching for errors."""
    with browser_context(browser, viewport={"width": 1366, "height": 900}) as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
        # A navigation may cancel a request in flight (a lazily loaded bundle): not an error.
        page.on(
            "requestfailed",
            lambda request: (
                None
                if "ERR_ABORTED" in (request.failure or "")
                else errors.append(f"{request.url}: {request.failure}")
            ),
        )
        yield page
        assert not errors, errors


def goto(tab: Page, root: str, path: str) -> None:
    tab.goto(urljoin(root, path), wait_until="load")


def toggle(tab: Page, folder: str) -> Locator:
    return tab.locator(f'#nf-explorer button[aria-controls="nf-folder-{folder}"]')


def test_the_explorer_highlights_the_current_note_and_opens_its_folders(tab: Page, root_url: str) -> None:
    goto(tab, root_url, "notes/projects/archive/old.html")
    current = tab.locator('#nf-explorer a[aria-current="page"]')
    expect(current).to_have_text("Old")
    expect(current).to_be_visible()
    expect(toggle(tab, "projects")).to_have_attribute("aria-expanded", "true")
    expect(toggle(tab, "projects/archive")).to_have_attribute("aria-expanded", "true")
    expect(toggle(tab, "sources")).to_have_attribute("aria-expanded", "false")
    assert tab.locator("#nf-explorer a", has_text="Report").count() == 0, "a closed folder is not listed"


def test_a_folder_opens_with_its_lazily_loaded_notes_and_closes(tab: Page, root_url: str) -> None:
    goto(tab, root_url, "notes/start.html")
    sources = toggle(tab, "sources")
    sources.click()
    expect(sources).to_have_attribute("aria-expanded", "true")
    report = tab.locator("#nf-folder-sources a", has_text="Report")
    expect(report).to_be_visible()
    # A folder inside the loaded listing loads its own listing in turn, from the keyboard.
    deep = toggle(tab, "sources/deep")
    deep.focus()
    tab.keyboard.press("Enter")
    expect(tab.locator("#nf-folder-sources\\/deep a", has_text="Inner")).to_be_visible()
    sources.click()
    expect(sources).to_have_attribute("aria-expanded", "false")
    expect(report).to_be_hidden()
    sources.click()
    expect(report).to_be_visible()
    report.click()
    tab.wait_for_url("**/notes/sources/report.html")
    expect(tab.locator("main h1")).to_have_text("Report")


def test_open_folders_are_remembered_on_the_next_page(tab: Page, root_url: str) -> None:
    goto(tab, root_url, "notes/start.html")
    toggle(tab, "sources").click()
    expect(tab.locator("#nf-folder-sources a", has_text="Report")).to_be_visible()
    toggle(tab, "sources/deep").click()
    expect(tab.locator("#nf-folder-sources\\/deep a", has_text="Inner")).to_be_visible()
    tab.locator("main a", has_text="Beta").first.click()
    tab.wait_for_url("**/notes/projects/beta.html")
    expect(toggle(tab, "sources")).to_have_attribute("aria-expanded", "true")
    expect(tab.locator("#nf-folder-sources\\/deep a", has_text="Inner")).to_be_visible()
    toggle(tab, "sources").click()
    goto(tab, root_url, "index.html")
    expect(toggle(tab, "sources")).to_have_attribute("aria-expanded", "false")
    expect(tab.locator("#nf-folder-sources")).to_be_hidden()


def test_breadcrumbs_appear_above_the_note(tab: Page, root_url: str) -> None:
    goto(tab, root_url, "notes/projects/archive/old.html")
    crumbs = tab.locator('nav[aria-label="Breadcrumb"] li')
    expect(crumbs).to_have_text(["Home", "Projects", "Archive", "Old"])
    tab.locator('nav[aria-label="Breadcrumb"] a', has_text="Projects").click()
    tab.wait_for_url("**/folders/projects.html")
    expect(tab.locator("main h1")).to_have_text("Projects")


AXE = Path(__file__).parent / "browser" / "vendor" / "axe.min.js"  # axe-core, see docs/dependencies.md


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["index.html", "notes.html", "folders/sources.html", "notes/projects/archive/old.html"]
)
def test_axe_finds_no_serious_violations_in_the_navigation(
    tab: Page, root_url: str, path: str, scheme: str
) -> None:
    tab.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    goto(tab, root_url, path)
    if toggle(tab, "sources").get_attribute("aria-expanded") == "false":
        toggle(tab, "sources").click()  # a lazily loaded listing, too
    expect(tab.locator("#nf-folder-sources a", has_text="Report")).to_be_visible()
    tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = tab.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], preload: false})"
    )
    bad = [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, bad
