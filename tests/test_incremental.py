"""Rebuilds with a cache give the same site as clean builds, and a killed build harms nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from noteforge import Config, build_site
from noteforge.cache import NoteMemory
from noteforge.project import project_of
from tests.helpers import SAMPLE_DAY, examples, run

NAMES = [f"n{number}" for number in range(6)]
EDIT = st.tuples(
    st.sampled_from(["write", "delete", "rename", "alias", "body"]),
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
    st.integers(min_value=0, max_value=3),
)


def note_text(name: str, target: str, variant: int, alias: str | None = None, body: str = "") -> str:
    """A note linking ``target`` (which may not exist: a missing note until one is written,
    renamed or aliased to that name) with ``variant`` facts, an optional alias and body text."""
    facts = "".join(f"- Fact {i} of {name}. From [[{target}]].\n" for i in range(variant))
    links = f"See [[{target}]] and [[{name}#Key facts]]."
    front = f"---\naliases: [{alias}]\n---\n" if alias else ""
    return f"{front}# {name.upper()} v{variant}\n\n{links}\n\n## Key facts\n\n{facts}\n{body}"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.timeout(300)  # up to 14 builds an example, each writing and syncing a whole site
@settings(max_examples=examples(10))
@given(st.lists(EDIT, min_size=1, max_size=6))
# A body edit that adds a missing note changes the notes index's count of them.
@example([("write", "n0", "n3", 0), ("write", "n2", "n0", 0), ("body", "n0", "n5", 0)])
def test_incremental_rebuilds_equal_clean_builds(edits: list[tuple[str, str, str, int]]) -> None:
    """Random writes, deletions, renames, alias changes (re-targeting links, filling missing
    notes) and body edits; after each, the cached rebuild equals a clean build. Every other
    example keeps the parsed notes in memory between builds, as ``serve`` does."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        notes = root / "notes"
        notes.mkdir()
        for name in NAMES[:3]:
            (notes / f"{name}.md").write_text(note_text(name, NAMES[0], 1))
        memory = NoteMemory() if len(edits) % 2 else None
        project = project_of(notes, root / "site", Config(), cache_dir=root / "cache")
        build_site(project, SAMPLE_DAY, memory=memory)
        for action, name, other, variant in edits:
            apply_edit(notes, action, name, other, variant)
            build_site(project, SAMPLE_DAY, memory=memory)
            shutil.rmtree(root / "clean", ignore_errors=True)
            build_site(project_of(notes, root / "clean", Config()), SAMPLE_DAY)
            assert tree(root / "site") == tree(root / "clean")


def apply_edit(notes: Path, action: str, name: str, other: str, variant: int) -> None:
    path, target = notes / f"{name}.md", notes / f"{other}.md"
    if action == "write":
        path.write_text(note_text(name, other, variant))
    elif action == "alias":
        path.write_text(note_text(name, NAMES[variant], variant, alias=other))
    elif path.exists() and action == "body":
        path.write_text(path.read_text() + f"\nMore on [[{other}]], take {variant}.\n")
    elif path.exists() and action == "delete":
        path.unlink()
    elif path.exists() and not target.exists():
        path.rename(target)


def test_a_killed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    for number in range(400):
        text = "".join(f"Paragraph {line} with [[n{(number * 7 + line) % 400}]].\n\n" for line in range(30))
        (notes / f"n{number}.md").write_text(f"# Note {number}\n\n{text}")
    out = tmp_path / "site"
    args = ("build", str(notes), "-o", str(out), "--no-cache", "-q", "-j", "2")
    assert run(*args, cwd=tmp_path, timeout=300).returncode == 0
    before = tree(out)
    rng = random.Random(5)
    for _ in range(4):
        command = [sys.executable, "-m", "noteforge", *args]
        process = subprocess.Popen(command, cwd=tmp_path, start_new_session=True)
        time.sleep(rng.uniform(0.2, 2.5))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert tree(out) == before, "the previous site is intact after kill -9"
    assert run(*args, cwd=tmp_path, timeout=300).returncode == 0
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "site"], (
        "no stray files after the next build"
    )
