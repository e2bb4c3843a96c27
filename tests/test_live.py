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
KINDS = [
    "body",
    "named",
    "title",
    "alias",
    "heading",
    "embed",
    "fact",
    "status",
    "date",
    "unlink",
    "write",
    "delete",
]
EDIT = st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
    st.integers(min_value=0, max_value=2),
)
# Edits of a note's bytes only: these the live site patches, never builds again.
PATCHED = {"body", "named", "title", "alias", "heading", "embed", "fact", "status", "date", "unlink"}


@dataclass
class NoteState:
    """What a test note says; :meth:`text` writes it as Markdown."""

    name: str
    title: str | None = None
    alias: str | None = None
    status: str | None = None
    date: str | None = None  # a source's date: the age of the facts citing it
    heading: str = "Key facts"
    facts: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    def text(self) -> str:
        front = {
            "title": self.title,
            "aliases": f"[{self.alias}]" if self.alias else None,
            "status": self.status,
            "date": self.date,
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
    elif kind == "alias":  # another note's name, or a title some note may have
        state.alias = [other, "Title 1", None][variant]
    elif kind == "heading":
        state.heading = ["Key facts", "Findings", "Key facts and more"][variant]
    elif kind == "embed":
        state.body.append(f"![[{other}]]" if variant == 0 else f"![[{other}#Key facts]]")
    elif kind == "fact":
        state.facts.append(f"Fact {variant} of {name}. From [[{other}]].")
    elif kind == "status":
        state.status = [None, "hypothesis", "active"][variant]
    elif kind == "date":
        state.date = [None, "2026-01-01", "2020-06-01"][variant]
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


def served(root: Path, states: dict[str, NoteState]) -> tuple[Path, LiveSite]:
    """The notes of ``states`` written in ``root/notes`` and built by a live site into
    ``root/site`` (with a cache), as of the sample day: the notes folder and the site."""
    notes = root / "notes"
    notes.mkdir()
    write(notes, states)
    project = project_of(notes, root / "site", Config(), cache_dir=root / "cache")
    site = LiveSite(lambda: project, lambda: SAMPLE_DAY)
    site.build(1, None)
    return notes, site


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
    check_patches(edits)


@pytest.mark.timeout(600)
@settings(max_examples=examples(15), deadline=None)
@given(st.lists(EDIT, min_size=1, max_size=8))
@example([("title", "n1", "n0", 1), ("alias", "n2", "n5", 0), ("body", "n0", "n5", 0)])
# A source's date makes the fact citing it stale: the page listing that fact shows it.
@example([("fact", "n0", "n1", 0), ("fact", "n2", "n1", 0), ("date", "n1", "n0", 2)])
def test_patched_paged_sites_equal_clean_builds(edits: list[tuple[str, str, str, int]]) -> None:
    """The same with the views that list notes paged one note a page: the keys of the pages
    a patch carries over (those listing no note whose row may read otherwise) still hold."""
    from noteforge.views import paging

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SHELF_NOTES", 1)
        check_patches(edits)


def check_patches(edits: list[tuple[str, str, str, int]]) -> None:
    """Serve notes, apply ``edits`` one by one, and compare the site with a clean build after each."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        states = {name: NoteState(name, body=[f"See [[{NAMES[0]}]] and [[n5]]."]) for name in NAMES[:4]}
        notes, site = served(root, states)
        for kind, name, other, variant in edits:
            patchable = edit(states, kind, name, other, variant)
            touched = write(notes, states)
            site.build(1, frozenset(touched))
            if patchable and kind in PATCHED and touched:
                assert site.patched, f"{kind} of {name} was built again, not patched"
            shutil.rmtree(root / "clean", ignore_errors=True)
            build_site(project_of(notes, root / "clean", Config()), SAMPLE_DAY)
            assert tree(root / "site") == tree(root / "clean")


TITLES = st.sampled_from(["Alpha", "Beta", "Title 1", "n2", "Gamma"])
ALIASES = st.lists(st.sampled_from(["a", "b", "n1", "Beta", "gamma"]), max_size=2, unique=True)
HEADINGS = st.sampled_from(["Key facts", "Findings"])


def _note_text(title: str, aliases: list[str], heading: str, links: list[str]) -> str:
    front = f"---\ntitle: {title}\naliases: [{', '.join(aliases)}]\n---\n"
    return front + f"# {title}\n\n## {heading}\n\n" + "".join(f"See [[{link}]].\n\n" for link in links)


LINKS = st.lists(
    st.sampled_from(["Alpha", "Beta", "a", "n1", "n2", "Gamma", "Alphx", "n1#Findings", "Beta#Key facts"]),
    max_size=3,
)
NOTE = st.tuples(TITLES, ALIASES, HEADINGS, LINKS)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(NOTE, min_size=3, max_size=3), st.integers(0, 2), NOTE)
def test_a_patched_index_and_wiki_are_those_built_afresh(
    before: list[tuple[str, list[str], str, list[str]]],
    edited: int,
    after: tuple[str, list[str], str, list[str]],
) -> None:
    """Renaming, re-aliasing or re-heading one note: the patched index answers every name as a
    fresh index does (with the same "did you mean"), and the patched wiki's graph, targets and
    problems are a fresh build's, when the notes :func:`patch._relinked` names are resolved again."""
    from noteforge.graph import build_wiki, patch_wiki
    from noteforge.patch import _relinked
    from noteforge.resolve import build_index, names_changed, patch_index, resolve_links, resolve_note
    from tests.helpers import parse

    old = tuple(parse(_note_text(*spec), f"n{number}.md") for number, spec in enumerate(before))
    new_note = parse(_note_text(*after), f"n{edited}.md")
    new = tuple(new_note if number == edited else note for number, note in enumerate(old))
    index = build_index(old)
    wiki = build_wiki(old, resolve_links(old, index))
    old_resolution = resolve_links(old, index)
    renamed = names_changed(old[edited], new_note)
    patched_index = patch_index(index, [(old[edited], new_note)])
    fresh_index = build_index(new)
    for level in ("by_path", "by_name", "by_alias", "by_title", "anchors", "by_length"):
        assert getattr(patched_index, level) == getattr(fresh_index, level), level
    relinked = {new_note.slug} | _relinked(wiki, index, patched_index, renamed, {new_note.slug})
    targets, problems = dict(old_resolution.targets), dict(old_resolution.problems)
    for note in new:
        if note.slug in relinked:
            targets[note.slug], problems[note.slug] = resolve_note(note, patched_index)
    fresh = resolve_links(new, build_index(new))
    assert targets == fresh.targets
    assert {slug: set(found) for slug, found in problems.items()} == {
        slug: set(found) for slug, found in fresh.problems.items()
    }
    from noteforge.resolve import Resolution

    patched = patch_wiki(wiki, (new_note,), Resolution(targets, problems, fresh.collisions), relinked)
    built = build_wiki(new, fresh)
    assert sorted(map(repr, patched.graph.edges(keys=False, data=True))) == sorted(
        map(repr, built.graph.edges(keys=False, data=True))
    )
    assert dict(patched.graph.nodes(data=True)) == dict(built.graph.nodes(data=True))
    assert sorted(patched.diagnostics, key=repr) == sorted(built.diagnostics, key=repr)


def test_update_in_place_writes_whole_files_and_never_outside(tmp_path: Path) -> None:
    """Each file is replaced whole (a new inode: a hard link to the old one keeps the old
    bytes), a deleted file's emptied folders go, and a path leaving the folder is refused."""
    from noteforge.errors import NoteforgeError
    from noteforge.files import OutputFile
    from noteforge.write import read_stamp, update_in_place

    site = tmp_path / "site"
    (site / "notes" / "deep").mkdir(parents=True)
    (site / "notes" / "a.html").write_text("old")
    (site / "notes" / "deep" / "b.html").write_text("gone soon")
    (tmp_path / "kept.html").hardlink_to(site / "notes" / "a.html")
    written = update_in_place(site, [OutputFile("notes/a.html", b"new", "d")], ["notes/deep/b.html"], "abc")
    assert written == 1
    assert (site / "notes" / "a.html").read_text() == "new"
    assert (tmp_path / "kept.html").read_text() == "old"
    assert not (site / "notes" / "deep").exists()
    assert read_stamp(site) == "abc"
    assert sorted(p.name for p in (site / "notes").iterdir()) == ["a.html"]
    with pytest.raises(NoteforgeError):
        update_in_place(site, [OutputFile("../escape.html", b"x", "d")], [], "abc")
    assert not (tmp_path / "escape.html").exists()


def test_a_patch_that_fails_half_way_is_followed_by_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A patch that fails while writing (a full disk) leaves nothing half-known behind: the
    next build is a full one, keeping no page, and gives a clean build's site."""
    from noteforge import patch
    from noteforge.errors import NoteforgeError
    from noteforge.write import update_in_place

    states = {name: NoteState(name, body=[f"See [[{NAMES[0]}]]."]) for name in NAMES[:3]}
    notes, site = served(tmp_path, states)

    def full_disk(*args: object) -> int:
        raise NoteforgeError("cannot write the site: no space left on device")

    real = update_in_place
    monkeypatch.setattr(patch, "update_in_place", full_disk)
    edit(states, "title", "n1", "n0", 1)
    touched = frozenset(write(notes, states))
    with pytest.raises(NoteforgeError):
        site.build(1, touched)
    monkeypatch.setattr(patch, "update_in_place", real)
    edit(states, "body", "n2", "n1", 0)
    site.build(1, touched | write(notes, states))
    assert not site.patched
    build_site(project_of(notes, tmp_path / "clean", Config()), SAMPLE_DAY)
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


def _inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def test_a_body_edit_rewrites_its_page_and_its_shards_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A patch renders no more than the change shows: a sentence added to a note no page
    embeds asks for the key of that note's page alone (of all note pages), and rewrites that
    page, its search and preview shards and the site's marker, and no other file. (The
    sample wiki's dashboard and base are left out: a query may read any note, so their
    pages are rendered again on every edit; tests/test_queries_site.py.)"""
    from noteforge.paths import note_page
    from noteforge.views.keys import PageKeys
    from tests.helpers import SAMPLE_NOTES

    notes = tmp_path / "notes"
    shutil.copytree(SAMPLE_NOTES, notes)
    (notes / "research-dashboard.md").unlink()
    (notes / "theses.base").unlink()
    project = project_of(notes, tmp_path / "site", Config(), cache_dir=tmp_path / "cache")
    site = LiveSite(lambda: project, lambda: SAMPLE_DAY)
    site.build(1, None)
    before = _inodes(tmp_path / "site")
    asked: list[str] = []
    real = PageKeys.note_page

    def counted(keys: PageKeys, slug: str, path: str, shown: tuple[str, ...]) -> str:
        asked.append(slug)
        return real(keys, slug, path, shown)

    monkeypatch.setattr(PageKeys, "note_page", counted)
    edited = notes / "tsmc.md"
    edited.write_text(edited.read_text() + "\nOne more sentence, linking nothing.\n")
    site.build(1, frozenset([edited]))
    assert site.patched
    assert asked == ["tsmc"]
    after = _inodes(tmp_path / "site")
    rewritten = {path for path, inode in after.items() if before.get(path) != inode}
    shards = {path for path in rewritten if path.startswith(("assets/search/", "assets/previews/"))}
    assert rewritten == {note_page("tsmc"), ".noteforge", *shards}
    assert {path.split("/")[1] for path in shards} == {"search", "previews"}
