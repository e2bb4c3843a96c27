"""The config file: found, validated with clear errors, and applied."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from noteforge.config import Config, parse_config
from noteforge.errors import NoteforgeError
from noteforge.model import SectionKind, Status
from tests.helpers import MakeNotes, one, run, soup


def test_defaults_when_empty() -> None:
    assert parse_config("", "noteforge.yaml") == Config()


def test_values_are_read() -> None:
    config = parse_config(
        "site_title: Chips desk\ntrusted_html: true\ndiagnostics:\n  NF201: error\n  NF121: ignore\n",
        "c.yaml",
    )
    assert config.site.site_title == "Chips desk"
    assert config.parse.trusted_html is True
    assert config.site.severities == (("NF121", "ignore"), ("NF201", "error"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sit_title: x\n", "c.yaml:1:1: unknown key `sit_title` (did you mean `site_title`?)"),
        ("site_title: x\ntrusted_html: yes\n", "c.yaml:2:1: `trusted_html` must be true or false, not 'yes'"),
        ("diagnostics:\n  NF2O1: error\n", "unknown diagnostic code `NF2O1` (did you mean `NF201`?)"),
        ("diagnostics:\n  NF201: fatal\n", "`NF201` must be one of error, warning, info, ignore"),
        ("site_title: [a\n", "c.yaml:2:1: not valid YAML"),
        ("- a\n", "c.yaml:1:1: the config must be a mapping"),
    ],
)
def test_mistakes_name_the_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(NoteforgeError) as caught:
        parse_config(text, "c.yaml")
    assert message in str(caught.value)


def test_check_reports_applies_severities_and_exits_by_the_rules(
    make_notes: MakeNotes, tmp_path: Path
) -> None:
    make_notes({"a.md": "A\n\n[[nowhere]]\n\n## Key facts\n\n- Unsourced.\n"})
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "notes/a.md:3:1: warning NF201: unresolved link [[nowhere]]: no note or file by that name",
        "noteforge: 0 errors, 1 warning",
    ]
    assert run("check", "--strict", cwd=tmp_path).returncode == 1
    listed = json.loads(run("check", "--format", "json", cwd=tmp_path).stdout)
    assert [(d["code"], d["line"], d["col"]) for d in listed] == [("NF201", 3, 1), ("NF121", 7, 3)]

    (tmp_path / "noteforge.yaml").write_text("diagnostics:\n  NF201: error\n  NF121: ignore\n")
    result = run("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert [(d["code"], d["severity"]) for d in json.loads(result.stdout)] == [("NF201", "error")]


def test_config_is_found_upwards_or_given(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes({"a.md": "A\n\n[[nowhere]]\n"})
    (tmp_path / "noteforge.yaml").write_text("diagnostics:\n  NF201: error\n")
    (tmp_path / "sub").mkdir()
    assert run("check", "../notes", cwd=tmp_path / "sub").returncode == 1
    (tmp_path / "lenient.yaml").write_text("diagnostics:\n  NF201: info\n")
    assert run("check", "notes", "--config", "lenient.yaml", "--strict", cwd=tmp_path).returncode == 0


def test_bad_config_stops_with_exit_2(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes({"a.md": "A\n"})
    (tmp_path / "noteforge.yaml").write_text("colour: blue\n")
    for command in ("build", "check", "export"):
        result = run(command, cwd=tmp_path)
        assert result.returncode == 2
        assert "noteforge.yaml:1:1: unknown key `colour`" in result.stderr
    assert run("check", "--config", "missing.yaml", cwd=tmp_path).returncode == 2


def test_site_title_reaches_the_pages(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes({"a.md": "A\n"})
    (tmp_path / "noteforge.yaml").write_text("site_title: Chips desk\n")
    assert run("build", cwd=tmp_path).returncode == 0
    assert "<title>Chips desk</title>" in (tmp_path / "site" / "index.html").read_text()


def test_vocabulary_folders_and_ignore_patterns_are_read() -> None:
    config = parse_config(
        "notes: research\noutput: public\nignore: [drafts/, '*.draft.md']\n"
        "section_names:\n  facts: [Fakten, Belege]\n  why: [Warum es zählt]\n"
        "statuses:\n  active: {label: Aktive These, words: [aktiv, These bestätigt]}\n"
        "  retired: {label: Verworfen}\n",
        "c.yaml",
    )
    assert (config.notes_dir, config.output_dir, config.ignore) == (
        "research",
        "public",
        ("drafts/", "*.draft.md"),
    )
    assert (
        config.parse.section_kind("Fakten") is SectionKind.FACTS
        and config.parse.section_kind("Key facts") is SectionKind.FACTS
    )
    assert config.parse.section_kind("Warum es zählt:") is SectionKind.WHY
    assert (
        config.parse.status_named("Aktiv") is Status.ACTIVE
        and config.parse.status_named("these  bestätigt") is Status.ACTIVE
    )
    assert config.parse.status_named("hypothesis") is Status.HYPOTHESIS, "the default words stay"
    assert dict(config.site.status_labels) == {
        Status.HYPOTHESIS: "Hypothesis",
        Status.ACTIVE: "Aktive These",
        Status.RETIRED: "Verworfen",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("statuses:\n  hypothesys: {label: X}\n", "unknown status `hypothesys` (did you mean `hypothesis`?)"),
        ("statuses:\n  active: {lable: X}\n", "unknown key `statuses.active.lable` (did you mean `label`?)"),
        ("statuses:\n  active: {label: ''}\n", "`statuses.active.label` must be a non-empty text"),
        ("statuses:\n  active: [x]\n", "`statuses.active` must be a mapping"),
        ("section_names:\n  fact: [Fakten]\n", "unknown section `fact` (did you mean `facts`?)"),
        ("section_names:\n  facts: Fakten\n", "`section_names.facts` must be a list of texts"),
        ("site_title: x\nignore: drafts\n", "c.yaml:2:1: `ignore` must be a list of patterns"),
        ("ignore: ['\\']\n", "c.yaml:1:1: `ignore` pattern `\\` is not a gitignore pattern"),
        ("output: 3\n", "c.yaml:1:1: `output` must be a folder path"),
        ("notse: research\n", "unknown key `notse` (did you mean `notes`?)"),
    ],
)
def test_vocabulary_mistakes_are_clear(text: str, message: str) -> None:
    with pytest.raises(NoteforgeError) as caught:
        parse_config(text, "c.yaml")
    assert message in str(caught.value)


def test_ignored_files_and_folders_are_not_part_of_the_wiki(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes(
        {
            "a.md": "A\n\n[[b]] [[secret]] [[wip]]\n",
            "b.md": "B\n",
            "drafts/secret.md": "Secret\n",
            "topics/wip.draft.md": "WIP\n",
            "archive/2019/old.md": "Old\n",
            "archive/keep.md": "Kept\n",
        }
    )
    (tmp_path / "noteforge.yaml").write_text("ignore: [drafts/, '*.draft.md', archive/2019/*]\n")
    result = run("build", cwd=tmp_path)
    built = sorted(
        p.relative_to(tmp_path / "site" / "notes").as_posix()
        for p in (tmp_path / "site" / "notes").rglob("*.html")
    )
    assert built == ["a.html", "archive/keep.html", "b.html"]
    assert "unresolved link [[secret]]" in result.stderr and "unresolved link [[wip]]" in result.stderr


def test_notes_and_output_folders_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "noteforge.yaml").write_text("notes: research\noutput: public\n")
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "a.md").write_text("# A\n")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    result = run("build", cwd=tmp_path / "deep" / "er")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public" / "notes" / "a.html").is_file()
    assert run("new", "topic", "Chips", cwd=tmp_path / "deep").returncode == 0
    assert (tmp_path / "research" / "chips.md").is_file()


def test_a_wiki_in_another_language_is_understood(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes(
        {
            "smic.md": "---\nstatus: aktiv\n---\n# SMIC\n\n## Fakten\n\n- Fertigt N+2. Aus [[bericht]].\n\n"
            "## Verwandt\n\n- [[huawei]] — Kunde.\n",
            "bericht.md": "# Bericht\n",
            "huawei.md": "# Huawei\n\n[[smic]]\n",
        }
    )
    (tmp_path / "noteforge.yaml").write_text(
        "section_names: {facts: [Fakten], related: [Verwandt]}\n"
        "statuses: {active: {label: Aktive These, words: [aktiv]}}\n"
    )
    result = run("build", cwd=tmp_path)
    assert result.returncode == 0 and "NF103" not in result.stderr, result.stderr
    smic = soup(tmp_path / "site" / "notes" / "smic.html")
    assert str(one(smic, ".fact a")["href"]).endswith("bericht.html"), "a fact under Fakten, with its source"
    assert one(smic, ".relation-label").get_text(strip=True) == "— Kunde."
    badges = {b.get_text(strip=True) for b in soup(tmp_path / "site" / "theses.html").select(".badge-label")}
    assert "Aktive These" in badges and "Active thesis" not in badges
    huawei = soup(tmp_path / "site" / "notes" / "huawei.html")
    assert "Aktive These" in {b.get_text(strip=True) for b in huawei.select(".badge-label")}


def _wiki(folder: Path, title: str, notes: str = "notes") -> Path:
    """A wiki in ``folder``: a config naming the site ``title``, and one note."""
    (folder / notes).mkdir(parents=True)
    (folder / notes / "a.md").write_text("# A\n")
    (folder / "noteforge.yaml").write_text(f"site_title: {title}\nnotes: {notes}\n")
    return folder


def _site_title(site: Path) -> str:
    return one(soup(site / "index.html"), "title").get_text()


@pytest.mark.parametrize("notes_dir", ["my-wiki", "my-wiki/notes", "my-wiki/"])
def test_a_notes_dir_in_or_under_a_wiki_uses_its_config(notes_dir: str, tmp_path: Path) -> None:
    _wiki(tmp_path / "my-wiki", "Mine", notes="notes")
    result = run("build", notes_dir, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "into my-wiki/site/" in result.stderr
    assert _site_title(tmp_path / "my-wiki" / "site") == "Mine"
    assert (tmp_path / "my-wiki" / "site" / "notes" / "a.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-wiki"], "nothing is written beside the wiki"


def test_the_config_nearest_the_notes_wins_over_the_working_directorys(tmp_path: Path) -> None:
    def nf201(*args: str) -> str:
        """The severity of the one unresolved link, as `check` reports it with that config."""
        result = run("check", *args, "--format", "json", cwd=tmp_path)
        return str(json.loads(result.stdout)[0]["severity"])

    for folder, severity in ((tmp_path, "error"), (tmp_path / "inner", "info")):
        (folder / "notes").mkdir(parents=True)
        (folder / "notes" / "a.md").write_text("# A\n\n[[nowhere]]\n")
        (folder / "noteforge.yaml").write_text(f"diagnostics:\n  NF201: {severity}\n")
    assert nf201("inner") == "info", "a NOTES_DIR holding a config is that wiki"
    assert nf201("inner/notes") == "info", "the notes folder of a wiki"
    assert nf201("inner/notes", "--config", "noteforge.yaml") == "error", "--config wins over everything"


def test_a_folder_with_no_config_above_it_uses_the_working_directorys(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path / "wiki", "Here")
    vault = tmp_path.parent / f"{tmp_path.name}-vault"
    vault.mkdir()
    (vault / "b.md").write_text("# B\n")
    try:
        result = run("build", str(vault), cwd=wiki)
        assert result.returncode == 0, result.stderr
        assert _site_title(wiki / "site") == "Here"
        assert (wiki / "site" / "notes" / "b.html").is_file()
    finally:
        shutil.rmtree(vault)


def test_a_wiki_whose_notes_folder_is_missing_says_how_to_fix_it(tmp_path: Path) -> None:
    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "noteforge.yaml").write_text("site_title: V\n")
    (tmp_path / "vault" / "a.md").write_text("# A\n")
    result = run("build", "vault", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "notes folder vault/notes does not exist" in result.stderr
    assert "set `notes` in vault/noteforge.yaml" in result.stderr
