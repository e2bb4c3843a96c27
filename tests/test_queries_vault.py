"""kepano's vault is built on Obsidian Bases: each category page is nothing but embedded
base views. Built with notes added to a copy of the vault, each embedded view must list
exactly the notes its filters select — worked out here independently, from the notes'
front matter read with PyYAML, for every filter the vault's category bases use."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import pytest
import yaml

from noteforge import build_site
from noteforge.paths import note_page, note_slug
from noteforge.project import project_of
from tests.helpers import soup

VAULT = Path(__file__).resolve().parents[2] / "shared" / "vaults" / "kepano-obsidian"
if not VAULT.is_dir():
    pytest.skip(f"the shared vaults are not here ({VAULT})", allow_module_level=True)

TODAY = date(2026, 12, 1)

ADDED = {
    # A favourite: rated over 6, so on Movies' "Favorites", and seen, so on "Last seen".
    "References/Zed the Movie.md": 'categories:\n  - "[[Movies]]"\nrating: 9\nlast: 2026-11-02\n',
    # Rated too low for "Favorites"; never seen: on neither view.
    "References/Alpha Movie.md": 'categories:\n  - "[[Movies]]"\nrating: 4\n',
    # A movie note whose name says Template: every category base leaves it out.
    "References/Movie Template copy.md": 'categories:\n  - "[[Movies]]"\nrating: 10\nlast: 2026-01-01\n',
    # A single link rather than a list, in a folder of its own.
    "Reading/A Book Alone.md": 'categories: "[[Books]]"\nauthor: "[[Someone]]"\n',
    # Tagged for the Evergreen base, and a person.
    "Notes/Green thought.md": "tags:\n  - 0🌲\n",
    "People/Ada Example.md": 'categories:\n  - "[[People]]"\n',
    # Categorised with another spelling of the link: [[movies]] is the same note.
    "References/Lower Case Movie.md": 'categories:\n  - "[[movies]]"\nrating: 7\n',
}


@dataclass(frozen=True, slots=True)
class Note:
    path: str
    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    def categories(self) -> list[str]:
        found = self.data.get("categories")
        items = found if isinstance(found, list) else [found] if found else []
        return [re.sub(r"^\[\[|\]\]$", "", str(item)).split("|")[0].casefold() for item in items]

    def tags(self) -> list[str]:
        found = self.data.get("tags")
        return [str(tag) for tag in (found if isinstance(found, list) else [found] if found else [])]


def rating(note: Note) -> float:
    found = note.data.get("rating")
    return found if isinstance(found, int | float) else float("-inf")


def category(name: str) -> Callable[[Note], bool]:
    return lambda note: name.casefold() in note.categories()


def not_template(note: Note) -> bool:
    return "Template" not in note.name


# Every filter the category bases of the vault use, as Python over the front matter.
FILTERS: dict[str, Callable[[Note], bool]] = {
    '!file.name.contains("Template")': not_template,
    "note.rating > 6": lambda note: (
        isinstance(note.data.get("rating"), int | float) and note.data["rating"] > 6
    ),
    '"!last.isEmpty()"': lambda note: note.data.get("last") not in (None, "", []),
    "!last.isEmpty()": lambda note: note.data.get("last") not in (None, "", []),
    'tags.contains("0🌲")': lambda note: "0🌲" in note.tags(),
    'tags.contains("journal")': lambda note: "journal" in note.tags(),
    '!file.name.contains("Planning")': lambda note: "Planning" not in note.name,
}
EMBED = re.compile(r"!\[\[([^\]#|]+\.base)(?:#([^\]|]+))?\]\]")
CATEGORY = re.compile(r'^(?:note\.)?(?:list\()?categories\)?\.contains\(link\("([^"]+)"\)\)$')


def predicate(text: str) -> Callable[[Note], bool] | None:
    found = CATEGORY.match(text)
    return category(found.group(1)) if found else FILTERS.get(text)


def selects(spec: Any) -> Callable[[Note], bool] | None:
    """The base filter as Python, ``None`` if it uses something this oracle does not know."""
    if spec is None:
        return lambda note: True
    if isinstance(spec, str):
        return predicate(spec)
    if isinstance(spec, dict) and list(spec) == ["and"]:
        parts = [selects(item) for item in spec["and"]]
        if any(part is None for part in parts):
            return None
        return lambda note: all(part(note) for part in parts if part is not None)
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Note]]:
    root = tmp_path_factory.mktemp("kepano")
    vault = root / "vault"
    shutil.copytree(VAULT, vault)
    for path, front in ADDED.items():
        target = vault / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{front}---\n\nAdded by the test.\n", encoding="utf-8")
    build_site(project_of(vault, root / "site"), today=TODAY)
    notes = []
    for file in sorted(vault.rglob("*.md")):
        relative = file.relative_to(vault).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        text = file.read_text(encoding="utf-8")
        data: dict[str, Any] = {}
        if text.startswith("---\n"):
            try:
                loaded = yaml.safe_load(text[4 : text.index("\n---", 4)])
            except yaml.YAMLError:
                loaded = None
            data = loaded if isinstance(loaded, dict) else {}
        notes.append(Note(relative, data))
    return root / "site", notes


def view_of(base: Mapping[str, Any], name: str | None) -> Mapping[str, Any]:
    views = base["views"]
    return next(view for view in views if view.get("name") == name) if name else views[0]


def shown_paths(figure: Any, page: str, site: Path) -> list[str]:
    """The page of each row of a result, in order, as the site path it links to."""
    found = []
    for row in figure.select("tbody tr:not(.query-group)"):
        link = row.select_one("td a")
        assert link is not None, row
        found.append(unquote(urljoin(page, link["href"])))
    return found


def test_every_category_view_lists_what_its_filters_select(built: tuple[Path, list[Note]]) -> None:
    site, notes = built
    checked = 0
    for category_note in sorted((VAULT / "Categories").glob("*.md")):
        page = note_page(note_slug(f"Categories/{category_note.name}"))
        html = soup(site / page)
        embeds = re.findall(
            r"!\[\[([^\]#|]+\.base)(?:#([^\]|]+))?\]\]", category_note.read_text(encoding="utf-8")
        )
        figures = html.select("article figure.query")
        assert len(figures) == len(embeds), category_note.name
        for (base_name, view_name), figure in zip(embeds, figures, strict=True):
            base = yaml.safe_load((VAULT / "Templates" / "Bases" / base_name).read_text(encoding="utf-8"))
            view = view_of(base, view_name or None)
            if view.get("limit"):
                continue  # a view cut to its first rows is checked below by hand
            keep = selects(base.get("filters")), selects(view.get("filters"))
            if keep[0] is None or keep[1] is None:
                continue
            expected = {note_page(note_slug(n.path)) for n in notes if keep[0](n) and keep[1](n)}
            assert set(shown_paths(figure, page, site)) == expected, (category_note.name, view_name)
            checked += 1
    assert checked >= 15


def test_movie_favorites_and_last_seen_with_added_notes(built: tuple[Path, list[Note]]) -> None:
    site, notes = built
    page = note_page(note_slug("Categories/Movies.md"))
    figures = soup(site / page).select("article figure.query")
    favorites, last_seen = (shown_paths(figure, page, site) for figure in figures)
    movies = [n for n in notes if "movies" in n.categories() and not_template(n)]
    rated = [n for n in movies if rating(n) > 6]
    # Favorites: sorted by file name, ascending.
    assert favorites == [note_page(note_slug(n.path)) for n in sorted(rated, key=lambda n: n.name.casefold())]
    assert note_page(note_slug("References/Zed the Movie.md")) in favorites
    assert note_page(note_slug("References/Lower Case Movie.md")) in favorites
    assert note_page(note_slug("References/Alpha Movie.md")) not in favorites
    assert note_page(note_slug("References/Movie Template copy.md")) not in favorites
    # Last seen: the most recently seen first, at most 20.
    seen = sorted(
        (n for n in movies if n.data.get("last")), key=lambda n: (-n.data["last"].toordinal(), n.name)
    )
    assert last_seen == [note_page(note_slug(n.path)) for n in seen][:20]
    assert last_seen[0] == note_page(note_slug("References/Zed the Movie.md"))


def test_a_single_link_category_counts(built: tuple[Path, list[Note]]) -> None:
    site, _ = built
    page = note_page(note_slug("Categories/Books.md"))
    figure = soup(site / page).select_one("article figure.query")
    assert figure is not None
    assert note_page(note_slug("Reading/A Book Alone.md")) in shown_paths(figure, page, site)
