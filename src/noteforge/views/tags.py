"""Tag pages (nested tags nest) and the index of identifiers such as tickers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar

from noteforge.graph import Wiki
from noteforge.linker import Linker, NoteRef
from noteforge.paths import root_prefix, tag_key, tag_page
from noteforge.views.base import Page, SiteInfo

TAGS_PAGE = "tags.html"
IDENTIFIERS_PAGE = "identifiers.html"


@dataclass(frozen=True, slots=True)
class TagEntry:
    tag: NoteRef
    count: int
    depth: int


@dataclass(frozen=True, slots=True)
class TagsPage(Page):
    template: ClassVar[str] = "tags.html"
    tags: tuple[TagEntry, ...]


@dataclass(frozen=True, slots=True)
class TagPage(Page):
    template: ClassVar[str] = "tag.html"
    tag: str
    parents: tuple[NoteRef, ...]
    children: tuple[TagEntry, ...]
    notes: tuple[NoteRef, ...]


@dataclass(frozen=True, slots=True)
class IdentifierRow:
    key: str
    value: str
    notes: tuple[NoteRef, ...]


@dataclass(frozen=True, slots=True)
class IdentifiersPage(Page):
    template: ClassVar[str] = "identifiers.html"
    rows: tuple[IdentifierRow, ...]


def tag_tree(wiki: Wiki) -> dict[str, tuple[str, set[str]]]:
    """Every tag and each of its ancestors, by key: its display name and the notes under it."""
    tree: dict[str, tuple[str, set[str]]] = {}
    for note in wiki.notes:
        for tag in note.tags:
            parts = tag_key(tag).split("/")
            shown = tag.lstrip("#").strip("/").split("/")
            for depth in range(1, len(parts) + 1):
                key = "/".join(parts[:depth])
                tree.setdefault(key, ("/".join(shown[:depth]), set()))[1].add(note.slug)
    return tree


def tags_pages(wiki: Wiki, site: SiteInfo) -> list[Page]:
    """The index of all tags and one page per tag (including parents of nested tags)."""
    tree = tag_tree(wiki)
    index_linker = Linker(wiki, TAGS_PAGE, site.labels)
    entries = tuple(_entry(index_linker, key, tree) for key in sorted(tree))
    pages: list[Page] = [TagsPage(TAGS_PAGE, root_prefix(TAGS_PAGE), "Tags", "All tags", site, entries)]
    for key in sorted(tree):
        pages.append(_tag_page(wiki, key, tree, site))
    return pages


def _entry(linker: Linker, key: str, tree: dict[str, tuple[str, set[str]]]) -> TagEntry:
    name, slugs = tree[key]
    return TagEntry(NoteRef("#" + name, linker.relative(tag_page(key))), len(slugs), key.count("/"))


def _tag_page(wiki: Wiki, key: str, tree: dict[str, tuple[str, set[str]]], site: SiteInfo) -> TagPage:
    path = tag_page(key)
    linker = Linker(wiki, path, site.labels)
    name, slugs = tree[key]
    parts = key.split("/")
    parents = tuple(_entry(linker, "/".join(parts[:n]), tree).tag for n in range(1, len(parts)))
    children = tuple(
        _entry(linker, child, tree)
        for child in sorted(tree)
        if child.startswith(key + "/") and child.count("/") == key.count("/") + 1
    )
    notes = tuple(sorted((linker.to_note(slug) for slug in slugs), key=lambda ref: ref.title.casefold()))
    description = f"Notes tagged #{name}"
    return TagPage(path, root_prefix(path), f"#{name}", description, site, name, parents, children, notes)


def identifiers_page(wiki: Wiki, site: SiteInfo) -> IdentifiersPage:
    """Every identifier (tickers and the like) and the notes that claim it."""
    linker = Linker(wiki, IDENTIFIERS_PAGE, site.labels)
    claims: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    shown: dict[tuple[str, str], tuple[str, str]] = {}
    for note in wiki.notes:
        for key, value in note.identifiers:
            found = (key.casefold(), value.casefold())
            claims[found].append(note.slug)
            shown.setdefault(found, (key, value))
    rows = tuple(
        IdentifierRow(*shown[found], tuple(linker.to_note(slug) for slug in claims[found]))
        for found in sorted(claims)
    )
    description = "Tickers and other identifiers, and the notes that carry them"
    return IdentifiersPage(IDENTIFIERS_PAGE, "", "Identifiers", description, site, rows)
