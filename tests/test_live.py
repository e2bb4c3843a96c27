"""``noteforge serve``'s builds in memory: a patched site is a clean build's, edit after edit."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from noteforge import Config, build_site
from noteforge.live import LiveSite
from noteforge.project import project_of
from tests.helpers import SAMPLE_DAY, examples

NAMES = [f"n{number}" for number in range(6)]
KINDS = ["body", "named", "title", "alias", "heading", "embed", "fact", "status", "unlink", "write", "delete"]
EDIT = st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
    st.integers(min_value=0, max_value=2),
)
# Edits of a note's bytes only: these the live site patches, never builds again.
PATCHED = {"body", "named", "title", "alias", "heading", "embed", "fact", "status", "unlink"}


@dataclass
class NoteState:
    """What a test note says; :meth:`text` writes it as Markdown."""

    name: str
    title: str | None = None
    alias: str | None = None
    status: str | None = None
    heading: str = "Key facts"
    facts: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    def text(self) -> str:
        front = {
            "title": self.title,
            "aliases": f"[{self.alias}]" if self.alias else None,
            "status": self.status,
        }
        lines = [f"{key}: {value}" for key, value in front.items() if value]
        header = "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" if lines else ""
        facts = "".join(f"- {fact}\n" for fact in self.facts)
        body = "\n\n".join(self.body)
        return (
            f"{header}# {self.name.upper()}\n\nAbout {self.name}.\n\n## {self.heading}\n\n{facts}\n{body}\n"
        )


def edit(states: dict[str, NoteState], kind: str, name: str, other: str, variant: int) -> bool:
    """Apply one edit to the notes' states; whether it changed an existing note's bytes only."""
    state = states.get(name)
    if kind == "write" or state is None:
        states[name] = NoteState(name, body=[f"Links [[{other}]] and [[{other}#Key facts]]."])
        return state is not None and kind != "write"
    if kind == "delete":
        del states[name]
        return False
    if kind == "body":
        state.body.append(f"More on [[{other}]], take {variant}.")
    elif kind == "named":  # by a title, or a typo of one that "did you mean" may answer
        state.body.append(f"As [[Title {variant}]] says, not [[Title {variant}s]].")
    elif kind == "title":
        state.title = None if variant == 0 else f"Title {variant}"
    elif kind == "alias":
        state.alias = None if variant == 2 else other
    elif kind == "heading":
        state.heading = ["Key facts", "Findings", "Key facts and more"][variant]
    elif kind == "embed":
        state.body.append(f"![[{other}]]" if variant == 0 else f"![[{other}#Key facts]]")
    elif kind == "fact":
        state.facts.append(f"Fact {variant} of {name}. From [[{other}]].")
    elif kind == "status":
        state.status = [None, "hypothesis", "active"][variant]
    elif kind == "unlink":
        state.body = state.body[:-1]
    return True


def write(notes: Path, states: dict[str, NoteState]) -> set[Path]:
    """Write the notes that changed (and delete those gone); the paths touched."""
    touched = set()
    for path in notes.glob("*.md"):
        if path.stem not in states:
            path.unlink()
            touched.add(path)
    for name, state in states.items():
        path = notes / f"{name}.md"
        if not path.exists() or path.read_text() != state.text():
            path.write_text(state.text())
            touched.add(path)
    return touched


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.timeout(600)
@settings(max_examples=examples(25), deadline=None)
@given(st.lists(EDIT, min_size=1, max_size=8))
@example([("title", "n1", "n0", 1), ("alias", "n2", "n1", 0), ("title", "n1", "n0", 0)])
@example([("embed", "n0", "n1", 1), ("heading", "n1", "n0", 1), ("embed", "n1", "n2", 0)])
@example([("alias", "n0", "n5", 0), ("body", "n1", "n5", 0), ("alias", "n0", "n5", 2)])
def test_patched_sites_equal_clean_builds(edits: list[tuple[str, str, str, int]]) -> None:
    """Random edits of titles (links by title and "did you mean" answers follow), aliases
    (re-targeting links, filling and emptying missing notes), headings (anchors that
    fragments name), embeds, facts, statuses and bodies, and
    notes written and deleted: after each, the live site is byte for byte a clean build, and
    an edit of a note's bytes was a patch, not a build."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        notes = root / "notes"
        notes.mkdir()
        states = {name: NoteState(name, body=[f"See [[{NAMES[0]}]] and [[n5]]."]) for name in NAMES[:4]}
        write(notes, states)
        project = project_of(notes, root / "site", Config(), cache_dir=root / "cache")
        site = LiveSite(lambda: project, lambda: SAMPLE_DAY)
        site.build(1, None)
        for kind, name, other, variant in edits:
            patchable = edit(states, kind, name, other, variant)
            touched = write(notes, states)
            site.build(1, frozenset(touched))
            if patchable and kind in PATCHED and touched:
                assert site.patched, f"{kind} of {name} was built again, not patched"
            shutil.rmtree(root / "clean", ignore_errors=True)
            build_site(project_of(notes, root / "clean", Config()), SAMPLE_DAY)
            assert tree(root / "site") == tree(root / "clean")
