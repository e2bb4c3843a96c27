"""Each folder under ``tests/sites/invalid`` is a tiny notes folder with one kind of problem.

``expected.txt`` holds the exact diagnostic lines ``noteforge check notes -v`` prints for
it, run from inside the case folder. Cases a repository cannot hold portably (symbolic
links, a ``.md`` file of binary data) get those files added at run time, in a copy of the
case in ``tmp_path``; see :data:`RUNTIME_FILES`.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from noteforge.diagnostics import CODES
from tests.helpers import run

CASES_DIR = Path(__file__).parent / "sites" / "invalid"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if (path / "expected.txt").is_file())

_SUMMARY = re.compile(r"^noteforge: \d+ errors?, \d+ warnings?$")
_DIAGNOSTIC = re.compile(r"^notes/[^:]+:\d+:\d+: (error|warning|info) (NF\d{3}): ")
_BINARY_SNIFF = 8192


def _symlink_outside(notes: Path) -> None:
    (notes.parent / "outside.md").write_text("# Outside\n\nNot part of the wiki.\n", encoding="utf-8")
    os.symlink(os.path.join("..", "outside.md"), notes / "outside.md")


def _dangling_symlink(notes: Path) -> None:
    os.symlink("gone.md", notes / "huawei.md")


def _binary_md(notes: Path) -> None:
    (notes / "chart.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")


def _huge_note(notes: Path) -> None:
    text = "---\ntitle: Dump\n---\n" + "A long note, pasted from somewhere. " * 30_000 + "\n"
    (notes / "dump.md").write_text(text, encoding="utf-8")


def _many_links(notes: Path) -> None:
    paragraph = " ".join(f"See [[t{number}]]." for number in range(10_001))
    (notes / "links.md").write_text(f"{paragraph}\n", encoding="utf-8")


# Files a case needs that are made at run time, by case name.
RUNTIME_FILES: dict[str, Callable[[Path], None]] = {
    "nf112-symlink-outside": _symlink_outside,
    "nf112-dangling-symlink": _dangling_symlink,
    "nf113-binary-md": _binary_md,
    "nf140-note-too-large": _huge_note,
    "nf141-note-too-complex": _many_links,
}

# Codes no case can cover: an internal error needs a bug, and as root every file is readable.
UNCOVERED = {"NF111", "NF301", "NF900"}  # NF301 (the cache) is covered in test_cache.py


def _prepare(case: str, tmp_path: Path) -> Path:
    """A copy of the case folder in ``tmp_path``, with its run-time files added."""
    folder = tmp_path / case
    shutil.copytree(CASES_DIR / case, folder, symlinks=True)
    (folder / "notes").mkdir(exist_ok=True)
    if case in RUNTIME_FILES:
        RUNTIME_FILES[case](folder / "notes")
    return folder


def _expected_lines(case: str) -> list[str]:
    return (CASES_DIR / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def _readable_notes(notes: Path) -> int:
    """How many ``*.md`` files noteforge can read: inside the folder, and not binary."""
    root = notes.resolve()
    count = 0
    for path in notes.rglob("*.md"):
        target = path.resolve()
        if not target.is_relative_to(root) or not target.is_file():
            continue
        if b"\x00" not in target.read_bytes()[:_BINARY_SNIFF]:
            count += 1
    return count


@pytest.mark.parametrize("case", CASES)
def test_check_prints_exactly_the_expected_diagnostics(
    case: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    folder = _prepare(case, tmp_path)
    result = run("check", "notes", "-v", cwd=folder)
    lines = result.stderr.splitlines()
    assert lines, f"no output at all; stdout: {result.stdout!r}"
    assert _SUMMARY.match(lines[-1]), f"last line is not the summary: {lines[-1]!r}"
    if request.config.getoption("--update-golden"):
        (CASES_DIR / case / "expected.txt").write_text("".join(f"{line}\n" for line in lines[:-1]), "utf-8")
    expected = _expected_lines(case)
    assert lines[:-1] == expected
    assert result.stdout == ""
    has_error = any(" error NF" in line for line in expected)
    assert result.returncode == (1 if has_error else 0), result.stderr


@pytest.mark.parametrize("case", CASES)
def test_build_exits_alike_and_writes_a_page_per_readable_note(case: str, tmp_path: Path) -> None:
    folder = _prepare(case, tmp_path)
    site = tmp_path / "site"
    result = run("build", "notes", "-o", str(site), cwd=folder)
    has_error = any(" error NF" in line for line in _expected_lines(case))
    assert result.returncode == (1 if has_error else 0), result.stderr
    pages = list((site / "notes").rglob("*.html"))
    assert len(pages) == _readable_notes(folder / "notes")


@pytest.mark.parametrize("case", CASES)
def test_expected_lines_are_diagnostics(case: str) -> None:
    expected = _expected_lines(case)
    assert expected, "a case must expect at least one diagnostic"
    for line in expected:
        found = _DIAGNOSTIC.match(line)
        assert found, f"not a diagnostic line: {line!r}"
        assert CODES[found.group(2)].severity == found.group(1)


def test_every_code_has_a_case() -> None:
    covered = {
        found.group(2)
        for case in CASES
        for line in _expected_lines(case)
        if (found := _DIAGNOSTIC.match(line))
    }
    assert covered == set(CODES) - UNCOVERED
