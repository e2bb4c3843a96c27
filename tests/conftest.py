"""Shared fixtures: a notes-folder factory, the seed note and, for the real-browser tests, one
Chromium per module; hypothesis' profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from tests.browser_support import Tab, browser_context, launched_chromium, site_root, watched_page
from tests.helpers import SEED, SEED_COPY, MakeNotes

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

# No deadline: a property test must not fail because the machine is busy. The property tests
# ask for `examples(n)`: n in a normal run, twenty times n under HYPOTHESIS_PROFILE=deep.
settings.register_profile("quick", deadline=None, max_examples=100)
settings.register_profile("deep", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files from this build.")


@pytest.fixture
def make_notes(tmp_path: Path) -> MakeNotes:
    """Write ``{relative path: text}`` into a fresh notes folder and return it."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "notes"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed note verbatim (the repository keeps a byte-identical copy for CI)."""
    text = SEED_COPY.read_text(encoding="utf-8")
    if SEED.exists():
        assert SEED.read_text(encoding="utf-8") == text, "tests/fixtures/seed-smic.md drifted from the seed"
    return text


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium for one module's real-browser tests (see tests/browser_support.py)."""
    with launched_chromium() as chromium:
        yield chromium


# The browser tests' shared fixtures. A module provides ``site_dir`` (its built site, in a
# folder named ``wiki`` so HTTP serves it under ``/wiki/``), and may override any of these.
@pytest.fixture(scope="module", params=["file", "http"])
def root_url(request: pytest.FixtureRequest, site_dir: Path) -> Iterator[str]:
    """The site root, with a trailing slash: on disk, or served over HTTP under ``/wiki/``."""
    with site_root(request.param, site_dir) as root:
        yield root


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A desktop-sized browser context with reduced motion."""
    with browser_context(browser, viewport={"width": 1280, "height": 900}, reduced_motion="reduce") as ctx:
        yield ctx


@pytest.fixture
def tab(context: BrowserContext, root_url: str) -> Iterator[Tab]:
    """A page of ``context`` that fails the test on a script error or a failed request."""
    with watched_page(context, root_url) as watched:
        yield watched
