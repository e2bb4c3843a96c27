"""Shared fixtures: a notes-folder factory and the seed note."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.helpers import SEED, SEED_COPY, MakeNotes


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
