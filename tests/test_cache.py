"""The parse cache: reused when nothing changed, never trusted when damaged or foreign."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from noteforge import Config, build_site
from noteforge.cache import ParseCache, entry_key
from noteforge.errors import NoteforgeError
from noteforge.model import SourceFile
from noteforge.write import keepable_files
from tests.helpers import SAMPLE_DAY, SAMPLE_EPOCH, MakeNotes, run


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_cached_rebuilds_equal_clean_builds_after_edits(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n\n[[b]]\n", "b.md": "B\n", "c.md": "C\n\n[[a]]\n"})
    cache = tmp_path / "cache"
    build_site(notes, tmp_path / "site", Config(), SAMPLE_DAY, cache_dir=cache)
    (notes / "b.md").write_text("# Bee\n\nNow links [[c]].\n")
    (notes / "c.md").unlink()
    (notes / "d.md").write_text("D\n\n[[c]]\n")
    build_site(notes, tmp_path / "site", Config(), SAMPLE_DAY, cache_dir=cache)
    build_site(notes, tmp_path / "clean", Config(), SAMPLE_DAY)
    assert site_files(tmp_path / "site") == site_files(tmp_path / "clean")
    assert len(list((cache / "parse").glob("*/*.pickle"))) == 3, "entries of the old b and c are swept"


def test_entries_are_keyed_by_bytes_path_and_config() -> None:
    source = SourceFile("a.md", b"A\n")
    keys = {
        entry_key(source, Config()),
        entry_key(SourceFile("a.md", b"A!\n"), Config()),
        entry_key(SourceFile("b.md", b"A\n"), Config()),
        entry_key(source, Config(trusted_html=True)),
    }
    assert len(keys) == 4 and entry_key(source, Config()) in keys


def test_damaged_entries_are_parsed_again_with_a_warning(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n"})
    cache = tmp_path / "cache"
    build_site(notes, tmp_path / "site", Config(), SAMPLE_DAY, cache_dir=cache)
    [entry] = (cache / "parse").glob("*/*.pickle")
    entry.write_bytes(entry.read_bytes()[:-10] + b"tampered!!")
    (notes / "b.md").write_text("B\n")  # so that the wiki is rebuilt, not found up to date
    result = build_site(notes, tmp_path / "site", Config(), SAMPLE_DAY, cache_dir=cache)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("NF301", "cache 1 damaged entry ignored and parsed again")
    ]
    assert (tmp_path / "site" / "notes" / "a.html").is_file()


def test_a_cache_of_another_version_is_emptied(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "noteforge-cache.json").write_text('{"noteforge": "0.0.0", "schema": 0}')
    (folder / "old").write_text("x")
    cache = ParseCache(folder)
    assert cache.warning and not (folder / "old").exists()


def test_a_folder_that_is_not_a_cache_is_never_emptied(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "thesis.tex").write_text("precious")
    with pytest.raises(NoteforgeError, match="not a noteforge cache"):
        ParseCache(folder)
    assert (folder / "thesis.tex").read_text() == "precious"


def test_an_unchanged_wiki_is_not_rebuilt_and_any_change_is(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n\n[[nowhere]]\n", "pic.png": b"\x89PNG"})
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build_site(notes, out, Config(), SAMPLE_DAY, cache_dir=cache)
    again = build_site(notes, out, Config(), SAMPLE_DAY, cache_dir=cache)
    assert not first.up_to_date and again.up_to_date
    assert again.diagnostics == first.diagnostics and again.notes == 1
    for name, content in (("a.md", b"A, edited\n"), ("pic.png", b"\x89PNG, larger")):
        (notes / name).write_bytes(content)
        assert not build_site(notes, out, Config(), SAMPLE_DAY, cache_dir=cache).up_to_date
    assert not build_site(notes, out, Config(site_title="Other"), SAMPLE_DAY, cache_dir=cache).up_to_date
    assert not build_site(
        notes, out, Config(site_title="Other"), date(2027, 1, 1), cache_dir=cache
    ).up_to_date
    (out / "index.html").unlink()
    (out / ".noteforge").write_text("This folder is a site built by noteforge\\n")
    assert not build_site(
        notes, out, Config(site_title="Other"), date(2027, 1, 1), cache_dir=cache
    ).up_to_date
    assert (out / "index.html").is_file()


def build_in_new_process(notes: Path, out: Path, cache: Path) -> None:
    """A build in a process of its own (another string-hash seed), as from the command line."""
    result = run(
        "build",
        str(notes),
        "-o",
        str(out),
        "--cache-dir",
        str(cache),
        cwd=out.parent,
        env={"SOURCE_DATE_EPOCH": SAMPLE_EPOCH},
    )
    assert result.returncode == 0, result.stderr


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*.html")}


def test_only_pages_whose_inputs_changed_are_rendered_again(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes(
        {"a.md": "A\n\n[[b]]\n", "b.md": "B\n", "c.md": "C\n\nUnrelated.\n", "d.md": "D\n\n[[c]]\n"}
    )
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_in_new_process(notes, out, cache)
    before = inodes(out)
    (notes / "a.md").write_text("A, edited\n\n[[b]]\n")
    build_in_new_process(notes, out, cache)
    after = inodes(out)
    changed = {path for path in after if after[path] != before.get(path)}
    # a's own page, b's backlinks, and the overviews that list a (index, gaps, ...) change;
    # c and d do not mention a, so their pages are the previous files, kept as they were.
    assert {"notes/a.html", "notes/b.html", "index.html"} <= changed
    assert "notes/c.html" not in changed and "notes/d.html" not in changed
    build_site(notes, tmp_path / "clean", Config(), SAMPLE_DAY)
    assert site_files(out) == site_files(tmp_path / "clean")


def test_a_kept_page_altered_in_the_output_is_rendered_again(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n", "b.md": "B\n"})
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(notes, out, Config(), SAMPLE_DAY, cache_dir=cache)
    (out / "notes" / "b.html").write_text("tampered")
    (out / "notes" / "a.html").unlink()
    (out / "notes" / "a.html").symlink_to(tmp_path / "elsewhere.html")
    (tmp_path / "elsewhere.html").write_bytes((tmp_path / "site" / "index.html").read_bytes())
    (notes / "c.md").write_text("C\n")
    build_site(notes, out, Config(), SAMPLE_DAY, cache_dir=cache)
    build_site(notes, tmp_path / "clean", Config(), SAMPLE_DAY)
    assert site_files(out) == site_files(tmp_path / "clean")
    assert not (out / "notes" / "a.html").is_symlink()


def test_recorded_pages_outside_the_output_folder_are_never_kept(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    (tmp_path / "site" / "ok.html").write_text("ok")
    recorded = {"../secret.txt": ["d", 1], "/etc/passwd": ["d", 1], "ok.html": ["d", 2], "bad.html": "d"}
    assert keepable_files(tmp_path / "site", recorded) == {"ok.html": ("d", 2)}
    assert keepable_files(tmp_path / "site", ["not", "a", "dict"]) == {}
