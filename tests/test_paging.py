"""Paged views: the notes index, theses, claims and questions of a wiki with more notes than a
page lists are cut into pages by the start of their notes' titles, with an index at the view's
own path, and a renamed note changes only the pages it leaves and joins (and the index)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from noteforge import Config, build_site
from noteforge.model import Note
from noteforge.project import project_of
from noteforge.views import paging
from noteforge.views.paging import Shelf, shelves
from tests import test_incremental as incremental
from tests.helpers import SAMPLE_DAY, examples, parse, soup

LIMIT = 5  # notes a page lists in these tests
# axe-core, see docs/dependencies.md
AXE_SCRIPT = (Path(__file__).parent / "browser" / "vendor" / "axe.min.js").read_text(encoding="utf-8")
VIEWS = {
    "notes.html": "all-notes",
    "claims.html": "claims",
    "questions.html": "questions",
    "theses.html": "theses",
}


def note_text(title: str, number: int) -> str:
    status = ("active", "hypothesis", "retired")[number % 3]
    return (
        f"---\ntitle: {title}\nstatus: {status}\n---\n# {title}\n\nBody {number}.\n\n"
        f"## Key facts\n\n- Fact {number} of {title}, with no source.\n\n"
        f"## Open questions\n\n- Is {title} right?\n- [x] Was it ever?\n"
    )


# Many titles start with "Alpha" (so "a" is cut again, down to "alpha 1", "alpha 2"…), a few
# with other letters, in two folders.
TITLES = [f"Alpha {n}" for n in range(1, 25)]
TITLES += ["Beta", "Bravo", "Charlie", "Delta one", "Delta two", "Échelle"]


def wiki_files(titles: list[str]) -> dict[str, str]:
    return {f"{'left' if n % 2 else 'right'}/n{n:02}.md": note_text(t, n) for n, t in enumerate(titles)}


def build(notes: Path, out: Path, limit: int = LIMIT) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SHELF_NOTES", limit)
        build_site(project_of(notes, out, Config()), SAMPLE_DAY)
    return out


def write_notes(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_notes(tmp_path_factory.mktemp("paged") / "notes", wiki_files(TITLES))


@pytest.fixture(scope="module")
def paged(notes: Path) -> Path:
    return build(notes, notes.parent / "paged")


@pytest.fixture(scope="module")
def whole(notes: Path) -> Path:
    """The same wiki with every view on one page."""
    return build(notes, notes.parent / "whole", limit=1000)


def shelf_paths(site: Path, view: str) -> list[str]:
    """The pages the index at ``view`` lists, as site paths, in its order."""
    page = soup(site / view)
    return [str(a["href"]) for a in page.select(".shelf-index .shelf-entries a")]


def ids(page: BeautifulSoup, selector: str) -> list[str]:
    return [str(node["id"]) for node in page.select(selector)]


# ---------------------------------------------------------------------------------------------------
# The partition
# ---------------------------------------------------------------------------------------------------


def notes_titled(titles: list[str]) -> list[Note]:
    return [parse(f"---\ntitle: {title}\n---\nBody.\n", f"n{n:03}.md") for n, title in enumerate(titles)]


def test_a_view_that_fits_is_one_shelf_at_the_view_itself() -> None:
    found = shelves("claims", notes_titled(["B", "a"]), limit=2)
    assert found == (Shelf("", -1, 0x110000, "", ("n000", "n001")),)


def test_big_letters_are_cut_by_the_next_characters() -> None:
    found = shelves("claims", notes_titled(TITLES), limit=LIMIT)
    by_label = {shelf.label: shelf for shelf in found}
    assert all(len(shelf.slugs) <= LIMIT for shelf in found)
    assert list(by_label)[:4] == ["Alpha 1…", "Alpha 10–Alpha 11", "Alpha 12–Alpha 15", "Alpha 16–Alpha 19"]
    assert by_label["Alpha 3"].path == "claims/alpha_20_3.html"
    assert by_label["B–D"].path == "claims/_b-d.html" and len(by_label["B–D"].slugs) == 5
    assert by_label["Alpha 12–Alpha 15"].path == "claims/alpha_20_1_2-5.html"


def next_code(title: str, prefix: str) -> int:
    return ord(title[len(prefix)]) if len(title) > len(prefix) else -1


@given(st.lists(st.text(alphabet="ab c", min_size=0, max_size=6), min_size=0, max_size=60), st.integers(1, 8))
def test_every_note_is_on_one_shelf_whose_prefix_its_title_starts_with(titles: list[str], limit: int) -> None:
    notes = notes_titled(titles)
    found = shelves("v", notes, limit=limit)
    placed = [slug for shelf in found for slug in shelf.slugs]
    assert sorted(placed) == sorted(note.slug for note in notes)
    assert len({shelf.path for shelf in found}) == len(found)
    titles_of = {note.slug: note.title.casefold() for note in notes}
    for shelf in found:
        assert all(titles_of[slug].startswith(shelf.prefix) for slug in shelf.slugs)
        assert all(shelf.low <= next_code(titles_of[slug], shelf.prefix) < shelf.high for slug in shelf.slugs)
        # a shelf over the limit holds titles that cannot be told apart by a longer start
        assert (
            len(shelf.slugs) <= limit
            or len({titles_of[slug] for slug in shelf.slugs}) == 1
            or any(len(titles_of[slug]) <= len(shelf.prefix) for slug in shelf.slugs)
        )


@pytest.mark.parametrize("seed", range(20))
def test_a_renamed_note_changes_at_most_the_two_shelves_it_leaves_and_joins(seed: int) -> None:
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta", "omega", "zeta"]
    titles = [f"{rng.choice(words)} {rng.randrange(1000)}" for _ in range(400)]
    before = {shelf.prefix: shelf.slugs for shelf in shelves("v", notes_titled(titles), limit=20)}
    titles[rng.randrange(len(titles))] = f"{rng.choice(words)} {rng.randrange(1000)}"
    after = {shelf.prefix: shelf.slugs for shelf in shelves("v", notes_titled(titles), limit=20)}
    if before.keys() == after.keys():  # no shelf grew past the limit or fell back under it
        assert sum(before[prefix] != after[prefix] for prefix in before) <= 2


# ---------------------------------------------------------------------------------------------------
# The site
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_a_paged_view_has_an_index_of_its_pages(paged: Path, view: str) -> None:
    paths = shelf_paths(paged, view)
    assert len(paths) > 2
    assert all(path.startswith(VIEWS[view] + "/") and (paged / path).is_file() for path in paths)
    labels = [a.get_text() for a in soup(paged / view).select(".shelf-index .shelf-entries a")]
    assert labels[:2] == ["Alpha 1…", "Alpha 10–Alpha 11"] and "B–D" in labels
    assert not soup(paged / view).select(".shelves")  # the index is no shelf


@pytest.mark.parametrize("view", VIEWS)
def test_each_page_links_to_the_index_its_neighbours_and_every_page(paged: Path, view: str) -> None:
    paths = shelf_paths(paged, view)
    for number, path in enumerate(paths):
        nav = soup(paged / path).select_one("nav.shelves")
        assert nav is not None
        assert nav.select_one(".shelves-index")["href"] == "../" + view  # type: ignore[index]
        previous, following = nav.select_one(".shelves-previous"), nav.select_one(".shelves-next")
        assert (previous is None) == (number == 0) and (following is None) == (number == len(paths) - 1)
        if following is not None:
            leads_to = (paged / path).parent.joinpath(str(following["href"])).resolve()
            assert leads_to == paged / paths[number + 1]


@pytest.mark.parametrize(
    ("view", "selector"),
    [
        ("claims.html", "li.claim"),
        ("questions.html", "li.question"),
        ("theses.html", ".board-card .board-title a"),
        ("notes.html", ".note-entry-title a"),
    ],
)
def test_the_pages_together_list_what_the_single_page_listed(
    paged: Path, whole: Path, view: str, selector: str
) -> None:
    def items(page: BeautifulSoup) -> list[str]:
        return [node.get("id") or node.get_text() for node in page.select(selector)]  # type: ignore[misc]

    single = items(soup(whole / view))
    split = [item for path in shelf_paths(paged, view) for item in items(soup(paged / path))]
    assert len(single) >= len(TITLES) and sorted(split) == sorted(single)


def test_links_on_a_page_lead_to_the_notes(paged: Path) -> None:
    path = shelf_paths(paged, "claims.html")[0]
    page = soup(paged / path)
    hrefs = [str(a["href"]) for a in page.select(".claim-group h2 a")]
    assert hrefs and all((paged / path).parent.joinpath(href).resolve().is_file() for href in hrefs)
    assert one_title(page) == "Claims to verify: Alpha 1…"


def one_title(page: BeautifulSoup) -> str:
    heading = page.select_one("h1")
    assert heading is not None
    return heading.get_text()


def test_the_notes_index_keeps_its_counts_and_its_folder_anchors(paged: Path, whole: Path) -> None:
    index, single = soup(paged / "notes.html"), soup(whole / "notes.html")
    assert ids(index, "[id^=folder-]") == ids(single, "section[aria-labelledby^=folder-] h2")
    counts = [node.get_text() for node in index.select(".status-summary .count")]
    assert counts == [node.get_text() for node in single.select(".status-summary .count")]


def test_the_questions_index_counts_the_open_questions(paged: Path) -> None:
    lede = soup(paged / "questions.html").select_one(".lede")
    assert lede is not None and lede.get_text().startswith(f"{len(TITLES)} open questions")


def test_a_wiki_that_fits_has_no_index_nor_pages(whole: Path) -> None:
    for view, folder in VIEWS.items():
        assert not (whole / folder).exists()
        assert not soup(whole / view).select(".shelves, .shelf-index")


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def test_renaming_a_note_rewrites_at_most_three_pages_of_each_view(tmp_path: Path) -> None:
    """The pages it leaves and joins and the index; every other page is kept (its key is the same)."""
    files = wiki_files(TITLES)
    notes, out = write_notes(tmp_path / "notes", files), tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SHELF_NOTES", LIMIT)
        project = project_of(notes, out, Config(), cache_dir=tmp_path / "cache")
        build_site(project, SAMPLE_DAY)
        before = inodes(out)
        (notes / "right/n04.md").write_text(note_text("Alpha 33", 4), encoding="utf-8")  # was "Alpha 4"
        build_site(project, SAMPLE_DAY)
    after = inodes(out)
    for view, folder in VIEWS.items():
        pages = {view, *(p for p in before.keys() | after.keys() if p.startswith(folder + "/"))}
        rewritten = sorted(p for p in pages if before.get(p) != after.get(p))
        assert 1 < len(rewritten) <= 3, (view, rewritten)
        assert {f"{folder}/alpha_20__4-5.html", f"{folder}/alpha_20_3.html"} <= set(rewritten)


@pytest.mark.timeout(300)
@settings(max_examples=examples(6))
@given(st.lists(incremental.EDIT, min_size=1, max_size=5))
def test_paged_views_from_the_cache_equal_clean_builds(edits: list[tuple[str, str, str, int]]) -> None:
    """The property test of tests/test_incremental.py, with two notes a page: writes, renames,
    deletions, alias changes and body edits move notes between pages, add pages and drop them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SHELF_NOTES", 2)
        incremental.test_incremental_rebuilds_equal_clean_builds.hypothesis.inner_test(edits)
