"""``noteforge build`` patches the last build from the cache when only notes' bytes changed:
it parses the edited notes only, writes the changed files only, and makes a clean build's
site; any other change, or a cache or site it cannot trust, gets a full build."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from noteforge import Config, build_site
from noteforge.errors import NoteforgeError
from noteforge.project import Project, project_of
from noteforge.write import read_stamp
from tests.helpers import SAMPLE_DAY

NOTES = {
    "a.md": "# Alpha\n\nAlpha links [[Beta]].\n\n## Key facts\n\n- Output rose. From [[s]].\n",
    "x/b.md": "# Beta\n\nBeta links [[c]] and [[Nowhere]].\n",
    "c.md": "# Gamma\n\nGamma links [[Nobody]].\n",
    "y/s.md": "---\ndate: 2026-01-01\n---\n# Source\n\nA report.\n",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@dataclasses.dataclass
class Counts:
    parsed: int = 0
    full: int = 0


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counts:
    """Counts the notes parsed and the full builds (those that compile the whole site)."""
    from noteforge import patch, pipeline
    from noteforge.parse import parse_note as real_parse

    found = Counts()
    real_compile = pipeline.compile_site

    def parse(*args: object, **kwargs: object) -> object:
        found.parsed += 1
        return real_parse(*args, **kwargs)  # type: ignore[arg-type]

    def compile_site(*args: object, **kwargs: object) -> object:
        found.full += 1
        return real_compile(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "parse_note", parse)
    monkeypatch.setattr(patch, "parse_note", parse)
    monkeypatch.setattr(pipeline, "compile_site", compile_site)
    return found


def built(tmp_path: Path, config: Config | None = None) -> Project:
    notes = tmp_path / "notes"
    for file, body in NOTES.items():
        (notes / file).parent.mkdir(parents=True, exist_ok=True)
        (notes / file).write_text(body, encoding="utf-8")
    project = project_of(notes, tmp_path / "site", config or Config(), cache_dir=tmp_path / "cache")
    build_site(project, SAMPLE_DAY)
    return project


def clean(project: Project, tmp_path: Path) -> dict[str, bytes]:
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    build_site(project_of(project.notes_dir, tmp_path / "clean", Config()), SAMPLE_DAY)
    return tree(tmp_path / "clean")


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("a.md", lambda text: text + "\nMore words.\n"),  # a body
        ("x/b.md", lambda text: text.replace("# Beta", "# Bravo")),  # a title others link by
        ("c.md", lambda text: text.replace("[[Nobody]]", "[[Alpha]]")),  # a missing note gone
        ("y/s.md", lambda text: "---\naliases: [Nobody]\n---\n" + text),  # an alias filling one
    ],
)
def test_a_one_note_edit_is_patched_into_a_clean_builds_site(
    tmp_path: Path, counts: Counts, name: str, edit: object
) -> None:
    project = built(tmp_path)
    counts.parsed = counts.full = 0
    path = project.notes_dir / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = build_site(project, SAMPLE_DAY)
    assert (counts.parsed, counts.full) == (1, 0)
    assert 0 < result.files_written < len(tree(tmp_path / "site")) // 2
    assert tree(tmp_path / "site") == clean(project, tmp_path)


def test_the_next_build_after_a_patch_is_up_to_date(tmp_path: Path, counts: Counts) -> None:
    project = built(tmp_path)
    (project.notes_dir / "a.md").write_text(NOTES["a.md"] + "\nMore.\n", encoding="utf-8")
    build_site(project, SAMPLE_DAY)
    assert build_site(project, SAMPLE_DAY).up_to_date


def test_two_edits_in_a_row_are_each_patched(tmp_path: Path, counts: Counts) -> None:
    project = built(tmp_path)
    counts.full = 0
    for words in ("First.", "Second."):
        (project.notes_dir / "a.md").write_text(NOTES["a.md"] + words, encoding="utf-8")
        build_site(project, SAMPLE_DAY)
    assert counts.full == 0
    assert tree(tmp_path / "site") == clean(project, tmp_path)


@pytest.mark.parametrize(
    "change",
    [
        "new note",
        "deleted note",
        "setting",
        "date",
        "unpublished",
        "attachment",
    ],
)
def test_any_change_but_notes_bytes_is_a_full_build(tmp_path: Path, counts: Counts, change: str) -> None:
    project = built(tmp_path)
    counts.full = 0
    notes, day = project.notes_dir, SAMPLE_DAY
    if change == "new note":
        (notes / "d.md").write_text("# Delta\n\nNew.\n", encoding="utf-8")
    elif change == "deleted note":
        (notes / "c.md").unlink()
    elif change == "setting":
        project = dataclasses.replace(project, site=dataclasses.replace(project.site, site_title="Another"))
    elif change == "date":
        day = day.replace(day=day.day + 1)
    elif change == "unpublished":
        (notes / "c.md").write_text("---\npublish: false\n---\n" + NOTES["c.md"], encoding="utf-8")
    else:
        (notes / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (notes / "c.md").write_text(NOTES["c.md"] + "\n![[pic.png]]\n", encoding="utf-8")
    build_site(project, day)
    assert counts.full == 1


def test_a_site_file_changed_by_hand_gets_a_full_build(tmp_path: Path, counts: Counts) -> None:
    project = built(tmp_path)
    counts.full = 0
    (tmp_path / "site" / "notes.html").write_text("defaced", encoding="utf-8")
    (project.notes_dir / "a.md").write_text(NOTES["a.md"] + "\nMore.\n", encoding="utf-8")
    build_site(project, SAMPLE_DAY)
    assert counts.full == 1
    assert tree(tmp_path / "site") == clean(project, tmp_path)


def test_an_old_note_gone_from_the_cache_gets_a_full_build(tmp_path: Path, counts: Counts) -> None:
    project = built(tmp_path)
    counts.full = 0
    for entry in (tmp_path / "cache" / "parse").rglob("*.msgpack"):
        entry.unlink()
    (project.notes_dir / "a.md").write_text(NOTES["a.md"] + "\nMore.\n", encoding="utf-8")
    build_site(project, SAMPLE_DAY)
    assert counts.full == 1
    assert tree(tmp_path / "site") == clean(project, tmp_path)


def test_a_patch_that_fails_half_way_leaves_no_site_to_trust(
    tmp_path: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A patch that fails while writing (a full disk) takes the site's stamp away first: the
    next build trusts none of its files, and gives a clean build's site."""
    from noteforge import write

    project = built(tmp_path)
    real = write._replace
    replaced: list[Path] = []

    def full_disk(target: Path, data: bytes) -> None:
        replaced.append(target)
        if len(replaced) == 2:  # the stamp went, then the first page fails
            raise OSError(28, "No space left on device")
        real(target, data)

    monkeypatch.setattr(write, "_replace", full_disk)
    (project.notes_dir / "a.md").write_text(NOTES["a.md"] + "\nMore.\n", encoding="utf-8")
    with pytest.raises(NoteforgeError):
        build_site(project, SAMPLE_DAY)
    monkeypatch.setattr(write, "_replace", real)
    assert read_stamp(tmp_path / "site") == ""
    counts.full = 0
    (project.notes_dir / "a.md").write_text(NOTES["a.md"], encoding="utf-8")  # and back again
    build_site(project, SAMPLE_DAY)
    assert counts.full == 1
    assert tree(tmp_path / "site") == clean(project, tmp_path)


def test_a_patch_takes_the_last_builds_links_as_they_were_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counts: Counts
) -> None:
    """The cache keeps where the last build's links led: the patch resolves only the edited
    note's links again, not every note's."""
    from noteforge import pipeline

    project = built(tmp_path)
    counts.full = 0
    resolved: list[int] = []
    from noteforge.resolve import resolve_links as real

    def resolve_links(notes: object, index: object) -> object:
        resolved.append(1)
        return real(notes, index)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "resolve_links", resolve_links)
    (project.notes_dir / "a.md").write_text(NOTES["a.md"] + "\nMore.\n", encoding="utf-8")
    build_site(project, SAMPLE_DAY)
    assert (resolved, counts.full) == ([], 0)
    assert tree(tmp_path / "site") == clean(project, tmp_path)


@pytest.mark.parametrize("damage", ["flip a byte", "another build's", "empty"])
def test_a_damaged_or_stale_resolution_is_resolved_again(tmp_path: Path, counts: Counts, damage: str) -> None:
    from noteforge.record import RESOLUTION_FILE

    project = built(tmp_path)
    kept = tmp_path / "cache" / RESOLUTION_FILE
    data = kept.read_bytes()
    if damage == "flip a byte":
        kept.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "another build's":
        (project.notes_dir / "c.md").write_text(NOTES["c.md"] + "\nOther.\n", encoding="utf-8")
        build_site(project, SAMPLE_DAY)
        kept.write_bytes(data)  # the first build's, beside the second one's record
    else:
        kept.write_bytes(b"")
    counts.full = 0
    (project.notes_dir / "a.md").write_text(NOTES["a.md"] + "\nMore.\n", encoding="utf-8")
    build_site(project, SAMPLE_DAY)
    assert counts.full == 0
    assert tree(tmp_path / "site") == clean(project, tmp_path)
