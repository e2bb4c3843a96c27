"""The project: found from a root folder as the command line finds it, built by the one
entry point, and re-parsed only when what parse reads changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noteforge import build_site, find_project, load_wiki, pipeline
from noteforge.config import ParseSettings
from noteforge.model import Note, SourceFile
from noteforge.parse import parse_note
from noteforge.project import default_cache_dir, project_of
from tests.helpers import SAMPLE_DAY, SAMPLE_EPOCH, run, soup

NOTES = {
    "acme.md": "---\ntype: memo\n---\n# Acme\n\n## Key facts\n\n- Acme makes chips.\n\n[[beta]]\n",
    "beta.md": "# Beta\n\n## Fakten\n\n- Beta buys chips.\n",
    "gamma.md": "# Gamma\n\nSee [[acme]].\n",
}


def make_wiki(root: Path, config: str | None, notes_folder: str = "notes") -> Path:
    """A wiki in ``root``: the notes, a ``memo`` note template, and the config (if any)."""
    for name, text in NOTES.items():
        path = root / notes_folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "templates" / "notes").mkdir(parents=True)
    (root / "templates" / "notes" / "memo.md").write_text("# {{title}}\n", encoding="utf-8")
    if config is not None:
        (root / "noteforge.yaml").write_text(config, encoding="utf-8")
    return root


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths of the notes parsed (builds run on one process, so every parse is seen)."""
    parsed: list[str] = []

    def counting(source: SourceFile, settings: ParseSettings) -> Note:
        parsed.append(source.path)
        return parse_note(source, settings)

    monkeypatch.setattr(pipeline, "parse_note", counting)
    yield parsed


def test_a_root_with_a_config_file(tmp_path: Path) -> None:
    root = make_wiki(tmp_path / "wiki", "site_title: Desk\nnotes: research\noutput: public\n", "research")
    project = find_project(root)
    assert project.config_file is not None and project.config_file.resolve() == root / "noteforge.yaml"
    assert project.root.resolve() == root
    assert project.notes_dir.resolve() == root / "research", "the root names the wiki: its `notes`"
    assert project.out_dir.resolve() == root / "public"
    assert project.cache_dir == default_cache_dir(project.out_dir) == root / ".public.cache"
    assert project.theme_dir is not None and project.theme_dir.resolve() == root / "templates"
    assert project.site.site_title == "Desk"
    assert "memo" in project.parse.note_types, "the wiki's note templates are note types"
    assert find_project(root / "research").notes_dir.resolve() == root / "research"
    assert find_project(root, use_cache=False).cache_dir is None


def test_a_root_without_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_wiki(tmp_path / "wiki", None)
    monkeypatch.chdir(root)
    project = find_project()
    assert project.config_file is None and project.root == Path(".")
    assert (project.notes_dir, project.out_dir) == (Path("notes"), Path("site"))
    assert project.site.site_title == "Research notes" and "memo" in project.parse.note_types
    named = find_project(root / "notes", out_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    assert (named.notes_dir, named.out_dir, named.cache_dir) == (
        root / "notes",
        tmp_path / "out",
        tmp_path / "cache",
    )


def test_folders_named_outright_use_only_their_theme(tmp_path: Path) -> None:
    root = make_wiki(tmp_path / "wiki", "site_title: Desk\n")
    plain = project_of(root / "notes", tmp_path / "out")
    assert plain.config_file is None and plain.cache_dir is None and "memo" not in plain.parse.note_types
    themed = project_of(root / "notes", tmp_path / "out", theme_dir=root / "templates")
    assert "memo" in themed.parse.note_types


def test_the_library_builds_what_the_command_line_builds(tmp_path: Path) -> None:
    root = make_wiki(tmp_path / "wiki", "site_title: Desk\nsection_names:\n  facts: [Fakten]\n")
    done = run("build", "-q", cwd=root, env={"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})
    assert done.returncode == 0, done.stderr
    result = build_site(find_project(root, out_dir=root / "library"), SAMPLE_DAY)
    assert not [d for d in result.diagnostics if d.code == "NF104"], "the wiki's own type is known"
    assert site_files(root / "library") == site_files(root / "site")
    wiki, _ = load_wiki(find_project(root))
    assert [n.slug for n in wiki.notes] == ["acme", "beta", "gamma"]
    assert wiki.note("beta").facts, "the config's section names reach parse"


def test_changing_the_site_title_parses_no_note(tmp_path: Path, parses: list[str]) -> None:
    root = make_wiki(tmp_path / "wiki", "site_title: Desk\n")
    build_site(find_project(root), SAMPLE_DAY)
    assert sorted(parses) == sorted(NOTES)
    parses.clear()
    (root / "noteforge.yaml").write_text("site_title: Chips desk\nstale_after_days: 30\n", encoding="utf-8")
    result = build_site(find_project(root), SAMPLE_DAY)
    assert not result.up_to_date and parses == []
    assert "Chips desk" in soup(root / "site" / "index.html").title.get_text()  # type: ignore[union-attr]


def test_changing_a_section_name_parses_every_note(tmp_path: Path, parses: list[str]) -> None:
    root = make_wiki(tmp_path / "wiki", "site_title: Desk\n")
    build_site(find_project(root), SAMPLE_DAY)
    parses.clear()
    (root / "noteforge.yaml").write_text("site_title: Desk\nsection_names:\n  facts: [Fakten]\n")
    build_site(find_project(root), SAMPLE_DAY)
    assert sorted(parses) == sorted(NOTES)
    assert soup(root / "site" / "notes" / "beta.html").select("li.fact"), "Fakten is now a facts section"
