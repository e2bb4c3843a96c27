"""The command line, run as a user runs it: a real process in a working directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from noteforge import __version__
from tests.helpers import SAMPLE_NOTES, MakeNotes, run


def test_build_defaults_to_notes_into_site(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_NOTES, tmp_path / "notes")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "notes" / "smic.html").is_file()
    assert "warning NF201: unresolved link [[cambricon]]" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("noteforge: built 14 notes into site/")


def test_diagnostics_use_the_compiler_format(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes({"a.md": "---\ntitle: [oops\n---\nBody\n"})
    result = run("build", "notes", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("notes/a.md:2:")
    assert ": error NF101: frontmatter is not valid YAML" in first


def test_warnings_fail_only_under_strict(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes({"a.md": "A\n\n[[nowhere]]\n"})
    assert run("build", "notes", "-o", "out", cwd=tmp_path).returncode == 0
    assert run("build", "notes", "-o", "out", "--strict", cwd=tmp_path).returncode == 1


def test_infos_show_only_with_verbose(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes({"a.md": "A\n\n## Key facts\n\n- Unsourced.\n"})
    assert "NF121" not in run("build", "notes", "-o", "out", cwd=tmp_path).stderr
    assert "info NF121" in run("build", "notes", "-o", "out", "-v", cwd=tmp_path).stderr
    assert run("build", "notes", "-o", "out", "-q", cwd=tmp_path).stderr == ""


@pytest.mark.parametrize("command", ["build", "check"])
def test_quiet_still_prints_what_fails_the_command(
    command: str, make_notes: MakeNotes, tmp_path: Path
) -> None:
    notes = make_notes({"a.md": "A\n\n[[nowhere]]\n"})
    strict = run(command, "notes", "--strict", "-q", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.startswith("notes/a.md:3:1: warning NF201: unresolved link [[nowhere]]")
    assert strict.stderr.count("\n") == 1
    (notes / "b.md").write_text("---\ntitle: [oops\n---\nB\n")
    lenient = run(command, "notes", "-q", cwd=tmp_path)
    assert lenient.returncode == 1
    assert [line.split(": ", 2)[1] for line in lenient.stderr.splitlines()] == ["error NF101"]


@pytest.mark.parametrize("command", ["build", "check", "export", "graph", "serve"])
def test_outside_a_wiki_the_error_suggests_init_or_a_notes_dir(command: str, tmp_path: Path) -> None:
    result = run(command, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "noteforge: error: no wiki here: no noteforge.yaml in this folder or above, and no ./notes folder; "
        f"start one with `noteforge init`, or name the notes folder: `noteforge {command} NOTES_DIR`\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "missing-folder"), "notes folder missing-folder does not exist"),
        (("build", "notes", "-o", "notes/site"), "is inside the notes folder"),
        (("build", "notes", "-o", "."), "is inside the output folder"),
        (("build", "notes", "-o", "precious"), "was not made by noteforge"),
        (("build", "notes", "-o", "precious/thesis.tex/site"), "cannot create the output folder"),
        (("export", "missing-folder"), "does not exist"),
    ],
)
def test_user_mistakes_give_one_line_and_exit_2(
    make_notes: MakeNotes, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    make_notes({"a.md": "A\n"})
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.tex").write_text("do not delete")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "precious" / "thesis.tex").read_text() == "do not delete"


def test_build_replaces_its_own_previous_site(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n", "b.md": "B\n"})
    assert run("build", "notes", "-o", "out", cwd=tmp_path).returncode == 0
    (notes / "b.md").unlink()
    assert run("build", "notes", "-o", "out", cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in (tmp_path / "out" / "notes").iterdir()) == ["a.html"]


def test_export_prints_records_edges_missing_and_diagnostics(
    seed_text: str, make_notes: MakeNotes, tmp_path: Path
) -> None:
    make_notes({"smic.md": seed_text})
    result = run("export", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"notes", "edges", "missing", "diagnostics"}
    [note] = data["notes"]
    assert note["title"] == "SMIC (Semiconductor Manufacturing International Corporation)"
    assert (note["status"], note["status_since"]) == ("hypothesis", "2026-05-22")
    assert note["summary"].startswith("China's leading domestic foundry. ")
    assert note["url"] == "notes/smic.html" and note["backlinks"] == []
    assert len(note["facts"]) == 5
    assert note["facts"][0]["sources"] == ["2026-05-22-autoresearch-china-blackwell-compute-routing-may-2026"]
    assert note["facts"][1]["qualifier"] == "Huawei claim; not independently benchmarked."
    assert len(note["open_questions"]) == 3
    assert [(r["target"], r["label"]) for r in note["related"]] == [
        ("huawei", "primary customer for Ascend AI chips"),
        ("china-blackwell-offshore-compute-routing", "the question that surfaces SMIC as beneficiary"),
        ("nvidia", "the displaced alternative"),
    ]
    assert {m["target"] for m in data["missing"]} == {
        "huawei",
        "nvidia",
        "china-blackwell-offshore-compute-routing",
        "2026-05-22-autoresearch-china-blackwell-compute-routing-may-2026",
    }
    assert all(m["referrers"] == ["smic"] for m in data["missing"])
    assert {e["kind"] for e in data["edges"]} == {"cites", "related"}
    assert set(data["diagnostics"][0]) == {"path", "line", "col", "severity", "code", "message"}


def test_export_backlinks_mirror_edges(tmp_path: Path) -> None:
    data = json.loads(run("export", str(SAMPLE_NOTES), cwd=tmp_path).stdout)
    from_edges: dict[str, set[str]] = {}
    slugs = {note["slug"] for note in data["notes"]}
    for edge in data["edges"]:
        if edge["resolved"] and edge["target"] in slugs:  # not files (the dashboard embeds a base)
            from_edges.setdefault(edge["target"], set()).add(edge["source"])
    assert {n["slug"]: set(n["backlinks"]) for n in data["notes"] if n["backlinks"]} == from_edges


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0 and __version__ in result.stdout


def test_build_never_writes_into_the_notes_folder(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n\n[[b]]\n", "sub/b.md": "---\ntitle: [bad\n---\nB\n"})
    before = {p: p.read_bytes() for p in notes.rglob("*") if p.is_file()}
    run("build", "notes", "-o", "out", cwd=tmp_path)
    assert {p: p.read_bytes() for p in notes.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("output_format", ["graphml", "json", "dot"])
def test_graph_export_formats(output_format: str, tmp_path: Path) -> None:
    result = run("graph", str(SAMPLE_NOTES), "--format", output_format, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if output_format == "json":
        data = json.loads(result.stdout)
        assert {"smic", "missing:cambricon"} <= {node["id"] for node in data["nodes"]}
    elif output_format == "dot":
        assert result.stdout.startswith("digraph noteforge {") and '"smic" -> "huawei"' in result.stdout
    else:
        assert result.stdout.startswith("<graphml")
