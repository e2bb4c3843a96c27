"""What the real-browser tests share: Debian's Chromium, driven by Playwright.

They need ``/usr/bin/chromium`` (``apt-get install -y chromium``) and the ``playwright``
Python package (in the test extra; its own browser download is not used). A test module
calls :func:`require_browser` when it is imported: without what it needs it fails, saying
how to install it, unless ``NOTEFORGE_BROWSER_TESTS=skip`` says to skip the browser tests.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Request, Response

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
TIMEOUT_MS = 15_000


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


@contextmanager
def browser_context(browser: Browser, **options: Any) -> Iterator[BrowserContext]:
    """A new context of ``browser`` (``options`` as for ``Browser.new_context``) with the tests'
    default timeout, closed on exit."""
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------------
# Serving a built site over HTTP
# ---------------------------------------------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files like ``SimpleHTTPRequestHandler`` without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """``http://127.0.0.1:<port>/`` serving ``directory`` from a thread, shut down on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="noteforge-test-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """``http://127.0.0.1:<port>/<name>/``: ``folder`` served under a sub-path of its own name."""
    with serve_directory(folder.parent) as root:
        yield f"{root}{folder.name}/"


@contextmanager
def site_root(scheme: str, site_dir: Path) -> Iterator[str]:
    """The root of the site in ``site_dir``, with a trailing slash: on disk for ``"file"``,
    served over HTTP under ``/<name>/`` for ``"http"``."""
    if scheme == "file":
        yield site_dir.as_uri() + "/"
        return
    with serve_folder(site_dir) as root:
        yield root


# ---------------------------------------------------------------------------------------------------
# A watched tab
# ---------------------------------------------------------------------------------------------------


def _origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, ``file://`` for files and ``null`` for ``blob:null/…``."""
    if url.startswith("blob:"):
        inner = url[len("blob:") :]
        return "null" if inner.startswith("null/") else _origin_of(inner)
    if url.startswith("file:"):
        return "file://"
    match = re.match(r"^([a-z][a-z0-9+.-]*://[^/]*)", url)
    return match.group(1) if match else url


class Tab:
    """A page that records everything that should not happen while it is used."""

    def __init__(self, page: Page, root: str) -> None:
        self.page = page
        self.root = root
        self.origin = _origin_of(root)
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.requests: list[str] = []
        self.bad_responses: list[str] = []
        self.failed_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}\n{error.stack or ''}")

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def _on_request_failed(self, request: Request) -> None:
        failure = request.failure or ""
        # A navigation (clicking a search result or a graph node) may cancel a request in flight.
        if "ERR_ABORTED" not in failure:
            self.failed_requests.append(f"{request.url}: {failure}")

    def url(self, path: str) -> str:
        """The absolute URL of ``path``, relative to the site root."""
        return urljoin(self.root, path)

    def goto(self, path: str) -> None:
        """Open ``path`` and wait for its load event; over HTTP, it must answer 2xx/3xx."""
        response = self.page.goto(self.url(path), wait_until="load")
        if self.origin.startswith("http"):
            assert response is not None and response.ok, f"{path}: {response and response.status}"

    def assert_clean(self) -> None:
        """No console errors, no page errors, only same-origin requests, nothing missing."""
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        assert not self.page_errors, "page errors:\n" + "\n".join(self.page_errors)
        foreign = [url for url in self.requests if not self._same_origin(url)]
        assert not foreign, f"requests outside {self.origin}:\n" + "\n".join(foreign)
        assert not self.bad_responses, "error responses:\n" + "\n".join(self.bad_responses)
        assert not self.failed_requests, "failed requests:\n" + "\n".join(self.failed_requests)

    def _same_origin(self, url: str) -> bool:
        if url.startswith("data:"):
            return True
        if url.startswith("blob:"):
            # Workers are started from blob URLs; a file:// page's blobs have the opaque origin "null".
            return _origin_of(url) == ("null" if self.origin == "file://" else self.origin)
        if self.origin == "file://":
            return url.startswith(self.root)  # not only file://, but inside the built site
        return _origin_of(url) == self.origin


@contextmanager
def watched_page(context: BrowserContext, root: str) -> Iterator[Tab]:
    """A new page of ``context``, watched as a :class:`Tab` of the site at ``root``, closed on exit."""
    page = context.new_page()
    try:
        yield Tab(page, root)
    finally:
        page.close()
