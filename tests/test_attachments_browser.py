"""Following a note's link to an attachment never runs a script in the site's origin,
checked in headless Chromium over HTTP: an SVG is sanitised, an HTML page is published as
text. Needs Debian's ``/usr/bin/chromium`` and Playwright (see ``browser_support``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from noteforge import Config, build_site
from noteforge.project import project_of
from tests.browser_support import launched_chromium, require_browser, serve_directory
from tests.helpers import SAMPLE_DAY, MakeNotes

require_browser()

# Each script marks the document and logs: either shows that it ran.
RUN = "document.documentElement.setAttribute('data-ran', '1'); console.log('script ran')"
HOSTILE = {
    "a.md": "# A\n\n[The chart](chart.svg), [the page](page.html), [the data](data.xml).\n\n![[chart.svg]]\n",
    "chart.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'onload="{RUN}"><script>{RUN}</script><rect width="10" height="10" fill="teal"/>'
        f'<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>{RUN}</script></body>'
        '</foreignObject><a xlink:href="javascript:void(0)"><text y="20">x</text></a></svg>'
    ),
    "page.html": f"<!doctype html><title>page</title><script>{RUN}</script><p>Hello</p>",
    "data.xml": f'<html xmlns="http://www.w3.org/1999/xhtml"><script>{RUN}</script></html>',
}


@pytest.fixture
def site_url(make_notes: MakeNotes, tmp_path: Path) -> Iterator[str]:
    build_site(project_of(make_notes(HOSTILE), tmp_path / "site", Config()), SAMPLE_DAY)
    with serve_directory(tmp_path / "site") as root:
        yield root


def test_following_links_to_attachments_runs_no_script(site_url: str) -> None:
    with launched_chromium() as browser:
        page = browser.new_page()
        logged: list[str] = []
        page.on("console", lambda message: logged.append(message.text))
        page.on("dialog", lambda dialog: logged.append(dialog.message))
        note = urljoin(site_url, "notes/a.html")
        page.goto(note)
        links = page.eval_on_selector_all(
            "main a.internal", "links => links.map(a => a.getAttribute('href'))"
        )
        assert len(links) == 3, links
        ran = []
        for href in links:
            response = page.goto(urljoin(note, href))
            assert response is not None and response.ok, href
            if page.evaluate("document.documentElement.getAttribute('data-ran')") is not None:
                ran.append(href)
        assert ran == []
        assert "script ran" not in logged
