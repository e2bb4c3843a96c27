"""Each folder under ``tests/sites/invalid`` is a tiny notes folder with one kind of problem.

``expected.txt`` holds the exact diagnostic lines ``noteforge check notes -v`` prints for
it, run from inside the case folder. Cases a repository cannot hold portably (symbolic
links, a ``.md`` file of binary data) get those files added at run time, in a copy of the
case in ``tmp_path``; see :data:`RUNTIME_FILES`. Each folder under ``tests/sites/theme``
is a wiki whose theme (``templates/``) stops the build: ``expected.txt`` holds the one
diagnostic line ``noteforge build notes`` prints before exiting with status 2.
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
# A note's path, or the config file for a problem with an option that names notes (NF150).
_DIAGNOSTIC = re.compile(r"^(?:notes/[^:]+|noteforge\.yaml):\d+:\d+: (error|warning|info) (NF\d{3}): ")
_BINARY_SNIFF = 8192


def _symlink_outside(notes: Path) -> None:
    (notes.parent / "outside.md").write_text("# Outside\n\nNot part of the wiki.\n", encoding="utf-8")
    os.symlink(os.path.join("..", "outside.md"), notes / "outside.md")


def _dangling_symlink(notes: Path) -> None:
    os.symlink("gone.md", notes / "huawei.md")


def _binary_md(notes: Path) -> None:
    (notes / "chart.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")


def _names_not_utf8(notes: Path) -> None:
    folder = os.fsencode(notes) + b"/reports \xfe"
    os.mkdir(folder)
    (Path(os.fsdecode(folder)) / "tsmc.md").write_text("# TSMC\n\n![[chart.png]]\n", encoding="utf-8")
    (Path(os.fsdecode(folder)) / "chart.png").write_bytes(b"\x89PNG")
    Path(os.fsdecode(os.fsencode(notes) + b"/caf\xe9.md")).write_text("# Cafe\n", encoding="utf-8")
    Path(os.fsdecode(os.fsencode(notes) + b"/unused \xff.pdf")).write_bytes(b"%PDF")


def _name_too_long(notes: Path) -> None:
    (notes / ("a" * 252 + ".md")).write_text("# A long name\n\nThe body.\n", encoding="utf-8")


def _symlink_loop(notes: Path) -> None:
    os.symlink("self", notes / "self")


def _folder_link_outside(notes: Path) -> None:
    (notes.parent / "elsewhere").mkdir()
    (notes.parent / "elsewhere" / "secret.md").write_text("# Secret\n", encoding="utf-8")
    os.symlink(os.path.join("..", "elsewhere"), notes / "linked")


def _huge_note(notes: Path) -> None:
    text = "---\ntitle: Dump\n---\n" + "A long note, pasted from somewhere. " * 30_000 + "\n"
    (notes / "dump.md").write_text(text, encoding="utf-8")


def _many_links(notes: Path) -> None:
    paragraph = " ".join(f"See [[t{number}]]." for number in range(10_001))
    (notes / "links.md").write_text(f"{paragraph}\n", encoding="utf-8")


# Files a case needs that are made at run time, by case name.
RUNTIME_FILES: dict[str, Callable[[Path], None]] = {
    "nf107-name-not-utf8": _names_not_utf8,
    "nf108-name-too-long": _name_too_long,
    "nf112-symlink-outside": _symlink_outside,
    "nf112-dangling-symlink": _dangling_symlink,
    "nf112-symlink-loop": _symlink_loop,
    "nf112-folder-link-outside": _folder_link_outside,
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
    theme_covered = {
        found.group(1) for case in THEME_CASES if (found := _THEME_DIAGNOSTIC.match(_theme_line(case)))
    }
    assert covered | theme_covered == set(CODES) - UNCOVERED


# Theme cases: a wiki folder (``notes/``, ``templates/``) whose theme stops the build;
# ``expected.txt`` is the one line ``noteforge build notes`` prints, exit status 2.
THEME_CASES_DIR = Path(__file__).parent / "sites" / "theme"
THEME_CASES = sorted(path.name for path in THEME_CASES_DIR.iterdir() if (path / "expected.txt").is_file())
_THEME_DIAGNOSTIC = re.compile(r"^templates/[^:]+:\d+:\d+: error (NF4\d{2}): ")


def _static_link_outside(templates: Path) -> None:
    (templates.parent / "secret.txt").write_text("not for the site\n", encoding="utf-8")
    os.symlink(os.path.join("..", "..", "secret.txt"), templates / "static" / "leak.txt")


THEME_RUNTIME_FILES: dict[str, Callable[[Path], None]] = {"nf405-static-link-outside": _static_link_outside}


def _theme_line(case: str) -> str:
    return (THEME_CASES_DIR / case / "expected.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("case", THEME_CASES)
def test_a_broken_theme_is_one_diagnostic_and_no_site(case: str, tmp_path: Path) -> None:
    folder = tmp_path / case
    shutil.copytree(THEME_CASES_DIR / case, folder, symlinks=True)
    if case in THEME_RUNTIME_FILES:
        THEME_RUNTIME_FILES[case](folder / "templates")
    result = run("build", "notes", "-o", str(tmp_path / "site"), cwd=folder)
    assert (result.returncode, result.stderr.strip()) == (2, _theme_line(case))
    assert _THEME_DIAGNOSTIC.match(result.stderr)
    assert not (tmp_path / "site").exists()
