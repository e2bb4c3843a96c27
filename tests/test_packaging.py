"""The wheel carries the built-in theme, and the public API stays what it says."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import noteforge
from noteforge.theme import builtin_theme
from tests.helpers import REPO


def test_the_wheel_ships_the_top_level_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("noteforge-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {
        p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()
    }
    assert theme and {f"noteforge/templates/{name}" for name in theme} <= names
    assert not any(name.startswith(("tests/", "notes/")) for name in names)


def test_the_theme_is_found_from_any_working_directory(tmp_path: Path) -> None:
    script = "from noteforge.theme import builtin_theme; print(builtin_theme())"
    found = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert (Path(found.stdout.strip()) / "note.html").is_file()
    assert (builtin_theme() / "static" / "style.css").is_file()


def test_public_api() -> None:
    assert noteforge.__all__ == [
        "BuildResult",
        "Config",
        "Diagnostic",
        "Fact",
        "Link",
        "LinkKind",
        "Note",
        "ParseSettings",
        "Project",
        "Question",
        "Relation",
        "Severity",
        "SiteSettings",
        "Status",
        "__version__",
        "build_site",
        "find_project",
        "load_wiki",
        "project_of",
    ]
