"""`noteforge init` and `noteforge new`, end to end (subprocesses in a scratch folder)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from noteforge.build import build_date
from noteforge.config import ParseSettings
from noteforge.model import SectionKind, Status
from noteforge.scaffold import note_file_name
from tests.helpers import REPO, parse, run


def readme_first_steps() -> list[tuple[str, str]]:
    """The commands at the top of the README's Use block that run as written (up to the
    first with a placeholder such as ``[NOTES_DIR]``), each with its comment."""
    use = (REPO / "README.md").read_text(encoding="utf-8").split("\n## Use\n", 1)[1]
    block = use.split("```sh\n", 1)[1].split("```", 1)[0]
    steps = []
    for line in block.splitlines():
        command, _, comment = line.partition("  #")
        if "[" in command:
            break
        steps.append((command.strip(), comment.strip()))
    return steps


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


def test_the_readmes_first_steps_work_as_written(tmp_path: Path) -> None:
    steps = readme_first_steps()
    assert [command.split()[:2] for command, _ in steps] == [["noteforge", "init"], ["noteforge", "new"]]
    script = 'set -e\nnoteforge() { "$PYTHON" -m noteforge "$@"; }\n' + "\n".join(c for c, _ in steps)
    env = {**os.environ, "PYTHON": sys.executable}
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    wiki = tmp_path / steps[0][0].split()[2]
    promised = re.search(r"notes/\S+\.md", steps[1][1])
    assert promised, f"the comment of `{steps[1][0]}` names the note it writes"
    assert done.stdout.splitlines()[-1] == promised[0]
    note = parse((wiki / promised[0]).read_text(encoding="utf-8"), promised[0])
    assert note.type == "entity"
    built = run("build", "--strict", cwd=wiki)
    assert built.returncode == 0, built.stderr


def test_a_wikis_own_note_type_is_known_to_every_command(tmp_path: Path) -> None:
    wiki = tmp_path / "wiki"
    (wiki / "templates" / "notes").mkdir(parents=True)
    (wiki / "noteforge.yaml").write_text("site_title: Meetings\n")
    (wiki / "templates" / "notes" / "meeting.md").write_text(
        "---\ntitle: {{ title | yaml }}\ntype: meeting\n---\n# {{ title }}\n\nAgenda.\n"
    )
    assert run("new", "meeting", "Kickoff", cwd=wiki).stdout == "notes/kickoff.md\n"
    for command in ("check", "build"):
        result = run(command, "--strict", cwd=wiki)
        assert result.returncode == 0 and "NF104" not in result.stderr, result.stderr
    (wiki / "notes" / "call.md").write_text("---\ntype: call\n---\n# Call\n")
    from_outside = run("check", "wiki", cwd=tmp_path).stderr
    flagged = [line.split(":")[0] for line in from_outside.splitlines() if "NF104" in line]
    assert flagged == ["wiki/notes/call.md"]
    assert "(expected one of entity, meeting, note, question, source, thesis, topic)" in from_outside


def test_the_note_templates_are_the_one_list_of_note_types() -> None:
    templates = tuple(sorted(path.stem for path in (REPO / "templates" / "notes").glob("*.md")))
    assert ParseSettings().note_types == templates
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"`new` types are (.+?), from", readme, re.DOTALL)
    assert listed and sorted(re.findall(r"`(\w+)`", listed[1])) == list(templates)
