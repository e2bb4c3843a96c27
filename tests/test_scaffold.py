"""`noteforge init` and `noteforge new`, end to end (subprocesses in a scratch folder)."""

from __future__ import annotations

from pathlib import Path

from noteforge.build import build_date
from noteforge.model import SectionKind, Status
from noteforge.scaffold import note_file_name
from tests.helpers import parse, run


def test_init_makes_a_wiki_that_builds_at_once_without_a_warning(tmp_path: Path) -> None:
    result = run("init", "demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    demo = tmp_path / "demo"
    assert (demo / "noteforge.yaml").is_file() and (demo / ".gitignore").is_file()
    assert "/site/" in (demo / ".gitignore").read_text()
    types = {parse((demo / "notes" / p.name).read_text(), p.name).type for p in (demo / "notes").glob("*.md")}
    assert {"entity", "thesis", "source", "question", "topic"} <= types
    built = run("build", cwd=demo)
    assert built.returncode == 0, built.stderr
    assert " warning " not in built.stderr and " error " not in built.stderr
    assert "built 6 notes" in built.stderr
    assert (demo / "site" / "notes" / "acme-storage.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "noteforge.yaml").write_text("site_title: Mine\n")
    refused = run("init", "wiki", cwd=tmp_path)
    assert refused.returncode == 2 and "is not empty" in refused.stderr
    assert sorted(p.name for p in (tmp_path / "wiki").iterdir()) == ["noteforge.yaml"]
    forced = run("init", "wiki", "--force", cwd=tmp_path)
    assert forced.returncode == 2 and "already exists" in forced.stderr, "--force never replaces a file"
    assert (tmp_path / "wiki" / "noteforge.yaml").read_text() == "site_title: Mine\n"
    (tmp_path / "wiki" / "noteforge.yaml").unlink()
    (tmp_path / "wiki" / "draft.txt").write_text("keep me")
    assert run("init", "wiki", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "wiki" / "draft.txt").read_text() == "keep me"
    assert (tmp_path / "wiki" / "notes" / "welcome.md").is_file()


def test_new_fills_the_template_and_never_overwrites(tmp_path: Path) -> None:
    first = run("new", "entity", "X", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "notes/x.md"
    path = tmp_path / "notes" / "x.md"
    note = parse(path.read_text(encoding="utf-8"), "x.md")
    assert (note.title, note.type, note.status) == ("X", "entity", Status.HYPOTHESIS)
    assert {p.key: p.value for p in note.properties}["created"] == build_date().isoformat()
    kinds = [section.kind for section in note.sections]
    assert [k for k in kinds if k not in {SectionKind.INTRO, SectionKind.OTHER}] == [
        SectionKind.WHY,
        SectionKind.FACTS,
        SectionKind.QUESTIONS,
        SectionKind.RELATED,
    ]
    assert not [d for d in note.diagnostics if d.severity.value != "info"]
    path.write_text("my own words\n")
    second = run("new", "entity", "X", cwd=tmp_path)
    assert second.returncode != 0 and "already exists" in second.stderr
    assert path.read_text() == "my own words\n"


def test_new_quotes_titles_and_dates_source_notes(tmp_path: Path) -> None:
    result = run("new", "source", 'Reuters: "Ascend" ships', "--dir", "research", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / result.stdout.strip()
    assert path.parent == tmp_path / "research"
    assert path.name == f"{build_date().isoformat()}-reuters-ascend-ships.md"
    note = parse(path.read_text(encoding="utf-8"), path.name)
    assert (note.title, note.type) == ('Reuters: "Ascend" ships', "source")


def test_new_uses_the_wikis_own_template(tmp_path: Path) -> None:
    (tmp_path / "noteforge.yaml").write_text("site_title: Mine\n")
    (tmp_path / "templates" / "notes").mkdir(parents=True)
    (tmp_path / "templates" / "notes" / "entity.md").write_text(
        "---\ntitle: {{ title | yaml }}\n---\nMine.\n"
    )
    (tmp_path / "templates" / "notes" / "meeting.md").write_text("---\ntype: meeting\n---\n# {{ title }}\n")
    (tmp_path / "sub").mkdir()
    assert run("new", "entity", "Y", "--dir", "../notes", cwd=tmp_path / "sub").returncode == 0
    assert (tmp_path / "notes" / "y.md").read_text() == '---\ntitle: "Y"\n---\nMine.\n'
    assert run("new", "meeting", "Weekly sync", cwd=tmp_path).returncode == 0
    assert (tmp_path / "notes" / "weekly-sync.md").read_text().endswith("# Weekly sync\n")


def test_new_rejects_an_unknown_type_or_an_empty_title(tmp_path: Path) -> None:
    unknown = run("new", "entiti", "X", cwd=tmp_path)
    assert unknown.returncode == 2 and "unknown note type `entiti`" in unknown.stderr
    assert "entity" in unknown.stderr
    empty = run("new", "entity", "  ", cwd=tmp_path)
    assert empty.returncode == 2 and "needs a title" in empty.stderr
    assert not (tmp_path / "notes").exists() or not any((tmp_path / "notes").iterdir())


def test_file_names_stay_in_the_notes_folder() -> None:
    today = build_date()
    assert note_file_name("entity", "../../etc/passwd", today) == "etc-passwd.md"
    assert note_file_name("note", "A/B: C?", today) == "a-b-c.md"
    assert note_file_name("source", "2026-01-02 Report", today) == "2026-01-02-report.md"
