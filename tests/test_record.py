"""The build record: typed, saved atomically in the cache folder, refused when damaged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from noteforge.model import Diagnostic, Severity
from noteforge.record import RECORD_FILE, BuildRecord, PageRecord, keepable_pages, load_record, save_record

RECORD = BuildRecord(
    inputs="f" * 64,
    notes=2,
    html_pages=1,
    pages=(PageRecord("index.html", "a" * 64, 120), PageRecord("assets/search-data.js", "b" * 64, 9)),
    diagnostics=(Diagnostic("a.md", 3, 1, Severity.WARNING, "NF201", "link to a missing note"),),
)


def test_a_record_round_trips(tmp_path: Path) -> None:
    save_record(tmp_path, RECORD)
    assert load_record(tmp_path) == RECORD
    assert [p.name for p in tmp_path.iterdir()] == [RECORD_FILE], "no temporary file is left"


def test_no_record_is_none(tmp_path: Path) -> None:
    assert load_record(tmp_path) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"notes":2', '"notes":-2'),
        lambda text: text.replace('"size":120', '"size":"120"'),
        lambda text: text.replace('"assets/search-data.js"', '"index.html"'),
        lambda text: text.replace("a" * 64, "a" * 63),
        lambda text: text.replace('"severity":"warning"', '"severity":"fatal"'),
        lambda text: json.dumps({**json.loads(text), "pages": {"index.html": ["a" * 64, 120]}}),
    ],
)
def test_a_damaged_record_is_refused(tmp_path: Path, damage: Callable[[str], str]) -> None:
    save_record(tmp_path, RECORD)
    path = tmp_path / RECORD_FILE
    path.write_text(damage(path.read_text()))
    assert load_record(tmp_path) is None


def test_a_record_that_is_a_link_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    save_record(tmp_path / "elsewhere", RECORD)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / RECORD_FILE).symlink_to(tmp_path / "elsewhere" / RECORD_FILE)
    assert load_record(tmp_path / "cache") is None


def test_kept_pages_are_those_still_there_at_their_size(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(b"x" * 120)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "search-data.js").write_bytes(b"changed")
    assert keepable_pages(tmp_path, RECORD) == {"index.html": RECORD.pages[0]}
