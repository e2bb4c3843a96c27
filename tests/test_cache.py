"""The parse cache: reused when nothing changed, never trusted when damaged or foreign."""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from noteforge import Config, build_site
from noteforge.cache import ParseCache, entry_key
from noteforge.config import ParseSettings, SiteSettings
from noteforge.errors import NoteforgeError
from noteforge.model import SourceFile
from noteforge.project import project_of
from noteforge.record import BuildRecord, PageRecord, keepable_pages
from tests.helpers import SAMPLE_DAY, SAMPLE_EPOCH, MakeNotes, run


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_cached_rebuilds_equal_clean_builds_after_edits(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n\n[[b]]\n", "b.md": "B\n", "c.md": "C\n\n[[a]]\n"})
    cache = tmp_path / "cache"
    build_site(project_of(notes, tmp_path / "site", Config(), cache_dir=cache), SAMPLE_DAY)
    (notes / "b.md").write_text("# Bee\n\nNow links [[c]].\n")
    (notes / "c.md").unlink()
    (notes / "d.md").write_text("D\n\n[[c]]\n")
    build_site(project_of(notes, tmp_path / "site", Config(), cache_dir=cache), SAMPLE_DAY)
    build_site(project_of(notes, tmp_path / "clean", Config()), SAMPLE_DAY)
    assert site_files(tmp_path / "site") == site_files(tmp_path / "clean")
    assert len(list((cache / "parse").glob("*/*.msgpack"))) == 3, "entries of the old b and c are swept"


def test_entries_are_keyed_by_bytes_path_and_config() -> None:
    source = SourceFile("a.md", b"A\n")
    keys = {
        entry_key(source, ParseSettings()),
        entry_key(SourceFile("a.md", b"A!\n"), ParseSettings()),
        entry_key(SourceFile("b.md", b"A\n"), ParseSettings()),
        entry_key(source, ParseSettings(trusted_html=True)),
    }
    assert len(keys) == 4 and entry_key(source, ParseSettings()) in keys


def test_damaged_entries_are_parsed_again_with_a_warning(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n"})
    cache = tmp_path / "cache"
    build_site(project_of(notes, tmp_path / "site", Config(), cache_dir=cache), SAMPLE_DAY)
    [entry] = (cache / "parse").glob("*/*.msgpack")
    entry.write_bytes(entry.read_bytes()[:-10] + b"tampered!!")
    (notes / "b.md").write_text("B\n")  # so that the wiki is rebuilt, not found up to date
    result = build_site(project_of(notes, tmp_path / "site", Config(), cache_dir=cache), SAMPLE_DAY)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("NF301", "cache 1 damaged entry ignored and parsed again")
    ]
    assert (tmp_path / "site" / "notes" / "a.html").is_file()


OLD_KEY = "ab" + "0" * 62


def old_cache(folder: Path) -> Path:
    """A cache as noteforge 0.x left it (schema 1, pickled entries), in ``folder``."""
    (folder / "parse" / "ab").mkdir(parents=True)
    (folder / "noteforge-cache.json").write_text('{"noteforge": "0.0.0", "schema": 1}')
    (folder / "parse" / "ab" / f"{OLD_KEY}.pickle").write_bytes(b"old entry")
    (folder / "last-build.json").write_text("{}")
    return folder


def test_a_cache_of_another_version_is_emptied_of_its_own_files(tmp_path: Path) -> None:
    folder = old_cache(tmp_path / "cache")
    cache = ParseCache(folder)
    assert cache.warning
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["noteforge-cache.json"]


def test_a_folder_that_is_not_a_cache_is_never_emptied(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "thesis.tex").write_text("precious")
    with pytest.raises(NoteforgeError, match="not a noteforge cache"):
        ParseCache(folder)
    assert (folder / "thesis.tex").read_text() == "precious"


@pytest.mark.parametrize(
    "foreign", ["thesis.tex", "parse/thesis.tex", "parse/ab/thesis.tex", f"parse/ab/{OLD_KEY}.msgpack/x"]
)
def test_a_cache_holding_anything_it_did_not_write_is_refused_whole(tmp_path: Path, foreign: str) -> None:
    folder = old_cache(tmp_path / "cache")
    (folder / foreign).parent.mkdir(parents=True, exist_ok=True)
    (folder / foreign).write_text("precious")
    before = sorted(folder.rglob("*"))
    with pytest.raises(NoteforgeError, match="which noteforge did not put there"):
        ParseCache(folder)
    assert sorted(folder.rglob("*")) == before and (folder / foreign).read_text() == "precious"


@pytest.mark.parametrize(
    "foreign", ["parse/thesis.tex", "parse/ab/thesis.tex", f"parse/ab/{OLD_KEY}.msgpack/x"]
)
def test_a_current_cache_holding_foreign_entries_is_refused_before_any_is_used(
    make_notes: MakeNotes, tmp_path: Path, foreign: str
) -> None:
    """A cache of this noteforge is opened without listing its entries; they are all checked
    before the first is read, written or deleted, and the build is refused."""
    notes = make_notes({"a.md": "A\n", "b.md": "B\n"})
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    note = ParseCache(cache).get(next(cache.glob("parse/*/*.msgpack")).stem)
    assert note is not None
    (cache / foreign).parent.mkdir(parents=True, exist_ok=True)
    (cache / foreign).write_text("precious")
    assert build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY).up_to_date
    (notes / "a.md").write_text("A, edited\n")
    before = sorted(cache.rglob("*"))
    with pytest.raises(NoteforgeError, match="which noteforge did not put there"):
        build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    assert sorted(cache.rglob("*")) == before and (cache / foreign).read_text() == "precious"
    uses: list[Callable[[ParseCache], object]] = [
        lambda c: c.get(OLD_KEY),
        lambda c: c.put(OLD_KEY, note),
        lambda c: c.sweep(set()),
    ]
    for use in uses:
        with pytest.raises(NoteforgeError, match="which noteforge did not put there"):
            use(ParseCache(cache))
    assert sorted(cache.rglob("*")) == before


def test_a_cache_whose_entries_cannot_be_listed_only_costs_a_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    ParseCache(folder)
    cache = ParseCache(folder)

    def unreadable(folder: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("noteforge.cache._own_contents", unreadable)
    assert cache.get(OLD_KEY) is None and not cache.usable
    assert [d.message for d in cache.diagnostics()] == [
        "cache cannot be used (Permission denied); every note is parsed"
    ]


def test_a_current_cache_holding_a_foreign_file_at_its_top_is_refused_at_open(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    ParseCache(folder)
    (folder / "thesis.tex").write_text("precious")
    with pytest.raises(NoteforgeError, match="which noteforge did not put there"):
        ParseCache(folder)
    assert (folder / "thesis.tex").read_text() == "precious"


def test_a_notes_folder_with_a_cache_marker_is_never_emptied(make_notes: MakeNotes, tmp_path: Path) -> None:
    """The reproduction: ``--cache-dir`` at a notes folder that holds a file named like the
    cache's marker deleted every note. Also at another folder with that file."""
    notes = make_notes({"a.md": "A\n", "noteforge-cache.json": "{}", "sub/b.md": "B\n"})
    other = tmp_path / "other"
    other.mkdir()
    (other / "noteforge-cache.json").write_text('{"noteforge": "0.0.0", "schema": 1}')
    (other / "thesis.tex").write_text("precious")
    for cache in (notes, other):
        args = ("build", str(notes), "-o", str(tmp_path / "site"), "--cache-dir", str(cache))
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2 and result.stderr.startswith("noteforge: error: "), result.stderr
        assert "Traceback" not in result.stderr
    assert (notes / "a.md").read_text() == "A\n" and (notes / "sub" / "b.md").read_text() == "B\n"
    assert (other / "thesis.tex").read_text() == "precious"


@pytest.mark.parametrize(
    ("out", "cache"),
    [
        ("site", "notes/.cache"),
        ("site", "site/.cache"),
        ("cache/site", "cache"),
        ("site", "."),
        ("site", "notes"),
        ("site", "site"),
    ],
)
def test_a_cache_folder_overlapping_the_notes_or_the_output_is_refused(
    make_notes: MakeNotes, tmp_path: Path, out: str, cache: str
) -> None:
    notes = make_notes({"a.md": "A\n"})
    before = sorted(notes.rglob("*"))
    with pytest.raises(NoteforgeError, match="cache folder"):
        build_site(project_of(notes, tmp_path / out, Config(), cache_dir=tmp_path / cache), SAMPLE_DAY)
    assert sorted(notes.rglob("*")) == before, "nothing written into the notes folder"


def test_a_crafted_cache_entry_never_runs_code(make_notes: MakeNotes, tmp_path: Path) -> None:
    """The reproduction: whoever can write the cache folder replaces an entry with a
    payload that runs code when loaded, checksum and all."""
    notes = make_notes({"a.md": "A\n"})
    cache, sentinel = tmp_path / "cache", tmp_path / "pwned"
    build_site(project_of(notes, tmp_path / "site", Config(), cache_dir=cache), SAMPLE_DAY)
    payload = pickle.dumps(RunsCode(f"__import__('pathlib').Path({str(sentinel)!r}).write_text('pwned')"))
    [entry] = (path for path in (cache / "parse").rglob("*") if path.is_file())
    entry.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    (notes / "b.md").write_text("B\n")
    result = build_site(project_of(notes, tmp_path / "site", Config(), cache_dir=cache), SAMPLE_DAY)
    assert not sentinel.exists(), "the cache entry ran code"
    assert [d.code for d in result.diagnostics] == ["NF301"]
    assert (tmp_path / "site" / "notes" / "a.html").is_file()


class RunsCode:
    """Pickles to a call of ``exec``: unpickling it runs ``source``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (self.source,)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda record: {**record, "notes": float("inf")},
        lambda record: {**record, "html_pages": -7},
        lambda record: {**record, "diagnostics": [{"path": "a.md", "severity": "fatal"}]},
        lambda record: {**record, "pages": [{"path": "index.html", "digest": "0" * 64, "size": "big"}]},
        lambda record: {**record, "pages": [{**record["pages"][0], "size": -1}]},
        lambda record: {**record, "pages": [{**record["pages"][0], "digest": "not a digest"}]},
        lambda record: {**record, "pages": [{**record["pages"][0], "digest": "G" * 64}]},
        lambda record: {**record, "pages": [{**record["pages"][0], "digest": "a" * 63 + "\n"}]},
        lambda record: {**record, "pages": record["pages"][:1] * 2},
        lambda record: {**record, "pages": {"index.html": ["digest", 1]}},
        lambda record: [record],
    ],
)
def test_a_tampered_build_record_is_not_trusted(
    make_notes: MakeNotes, tmp_path: Path, tamper: Callable[[Any], Any]
) -> None:
    notes = make_notes({"a.md": "A\n\n[[nowhere]]\n"})
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    record = cache / "last-build.json"
    record.write_text(json.dumps(tamper(json.loads(record.read_text()))))
    again = build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    assert not again.up_to_date, "rebuilt: the record was not believed"
    assert (again.notes, again.pages, again.diagnostics) == (first.notes, first.pages, first.diagnostics)


def test_an_unchanged_wiki_is_not_rebuilt_and_any_change_is(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n\n[[nowhere]]\n", "pic.png": b"\x89PNG"})
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    again = build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    assert not first.up_to_date and again.up_to_date
    assert again.diagnostics == first.diagnostics and again.notes == 1
    for name, content in (("a.md", b"A, edited\n"), ("pic.png", b"\x89PNG, larger")):
        (notes / name).write_bytes(content)
        assert not build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY).up_to_date
    assert not build_site(
        project_of(notes, out, Config(site=SiteSettings(site_title="Other")), cache_dir=cache), SAMPLE_DAY
    ).up_to_date
    assert not build_site(
        project_of(notes, out, Config(site=SiteSettings(site_title="Other")), cache_dir=cache),
        date(2027, 1, 1),
    ).up_to_date
    (out / "index.html").unlink()
    (out / ".noteforge").write_text("This folder is a site built by noteforge\\n")
    assert not build_site(
        project_of(notes, out, Config(site=SiteSettings(site_title="Other")), cache_dir=cache),
        date(2027, 1, 1),
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
    (notes / "a.md").write_text("A\n\n[[b]], edited\n")
    build_in_new_process(notes, out, cache)
    after = inodes(out)
    changed = {path for path in after if after[path] != before.get(path)}
    # a's own page, b's backlinks, and the overviews that list a (index, gaps, ...) change;
    # c and d do not mention a (and their explorer lists a by its title, which stayed), so
    # their pages are the previous files, kept as they were.
    assert {"notes/a.html", "notes/b.html", "notes.html"} <= changed
    assert "notes/c.html" not in changed and "notes/d.html" not in changed
    build_site(project_of(notes, tmp_path / "clean", Config()), SAMPLE_DAY)
    assert site_files(out) == site_files(tmp_path / "clean")


def test_a_kept_page_altered_in_the_output_is_rendered_again(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes({"a.md": "A\n", "b.md": "B\n"})
    out, cache = tmp_path / "site", tmp_path / "cache"
    build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    (out / "notes" / "b.html").write_text("tampered")
    (out / "notes" / "a.html").unlink()
    (out / "notes" / "a.html").symlink_to(tmp_path / "elsewhere.html")
    (tmp_path / "elsewhere.html").write_bytes((tmp_path / "site" / "index.html").read_bytes())
    (notes / "c.md").write_text("C\n")
    build_site(project_of(notes, out, Config(), cache_dir=cache), SAMPLE_DAY)
    build_site(project_of(notes, tmp_path / "clean", Config()), SAMPLE_DAY)
    assert site_files(out) == site_files(tmp_path / "clean")
    assert not (out / "notes" / "a.html").is_symlink()


def test_recorded_pages_outside_the_output_folder_are_never_kept(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    (tmp_path / "site" / "ok.html").write_text("ok")
    pages = [("../secret.txt", 1), ("/etc/passwd", 1), ("ok.html", 2), ("", 0)]
    recorded = BuildRecord("i", 1, 1, tuple(PageRecord(path, "d" * 64, size) for path, size in pages), ())
    assert keepable_pages(tmp_path / "site", recorded) == {"ok.html": PageRecord("ok.html", "d" * 64, 2)}
