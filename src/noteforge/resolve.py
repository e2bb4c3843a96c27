"""Resolve stage, part one: which note does each link name?

Matching is case-insensitive on NFC-normalised text, and ``.md`` is optional. A target is
looked up level by level, and the first level with a match wins:

1. the note's path in the wiki (``folder/Note``) or its slug (``folder/note``);
2. the note's file name (``Note``), wherever its folder;
3. one of the note's ``aliases``;
4. the note's title.

Markdown links (``[label](../x.md)``) are paths: relative to the linking note first, then
from the wiki root. ``[[#Heading]]`` names the linking note itself. When a level has
several candidates the shortest path wins and an ambiguity diagnostic (NF202) lists them
all; a link nothing matches stays unresolved and gets NF201. Nothing is silent.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import posixpath
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic, Link, LinkSyntax, Note


def lookup_key(text: str) -> str:
    """The form in which link targets and note names are compared."""
    text = unicodedata.normalize("NFC", text).strip().casefold()
    return text.removesuffix(".md").strip("/")


def assign_unique_slugs(notes: Iterable[Note]) -> tuple[tuple[Note, ...], tuple[Diagnostic, ...]]:
    """Give every note its own slug (and so its own page).

    Files whose names differ only by case or spacing (``Tesla.md``, ``tesla.md``) would
    share a slug; in path order, the first keeps it and the others get ``-2``, ``-3``…,
    each with an NF203 diagnostic naming the note it collided with.
    """
    ordered = sorted(notes, key=lambda note: note.path)
    taken = {note.slug for note in ordered}
    first_owner: dict[str, str] = {}
    unique: list[Note] = []
    diagnostics: list[Diagnostic] = []
    for note in ordered:
        if note.slug not in first_owner:
            first_owner[note.slug] = note.path
            unique.append(note)
            continue
        slug = next(f"{note.slug}-{n}" for n in itertools.count(2) if f"{note.slug}-{n}" not in taken)
        taken.add(slug)
        message = (
            f"page URL of {first_owner[note.slug]} would be reused; this note's page is {slug}.html instead"
        )
        diagnostics.append(diagnostic("NF203", note.path, 1, 1, message))
        unique.append(dataclasses.replace(note, slug=slug))
    return tuple(unique), tuple(diagnostics)


@dataclass(frozen=True, slots=True)
class LinkIndex:
    """Every name a note can be linked by, level by level (see the module docstring)."""

    levels: tuple[dict[str, tuple[str, ...]], ...]
    paths: dict[str, str]
    names: tuple[str, ...]

    def candidates(self, key: str, paths_only: bool = False) -> tuple[str, ...]:
        """The slugs of the notes ``key`` names at the first level that knows it."""
        for level in self.levels[:1] if paths_only else self.levels:
            if key in level:
                return level[key]
        return ()


def build_index(notes: Iterable[Note]) -> LinkIndex:
    """Index notes by path and slug, file name, aliases and title."""
    levels: tuple[defaultdict[str, set[str]], ...] = tuple(defaultdict(set) for _ in range(4))
    paths: dict[str, str] = {}
    for note in notes:
        paths[note.slug] = note.path
        path_key = lookup_key(note.path)
        levels[0][path_key].add(note.slug)
        levels[0][lookup_key(note.slug)].add(note.slug)
        levels[1][path_key.rsplit("/", 1)[-1]].add(note.slug)
        for alias in note.aliases:
            levels[2][lookup_key(alias)].add(note.slug)
        levels[3][lookup_key(note.title)].add(note.slug)
    by_path_length = lambda slug: (len(paths[slug]), paths[slug])  # noqa: E731
    frozen = tuple(
        {key: tuple(sorted(slugs, key=by_path_length)) for key, slugs in level.items()} for level in levels
    )
    names = tuple(sorted({key for level in frozen for key in level}))
    return LinkIndex(frozen, paths, names)


@dataclass(frozen=True, slots=True)
class Resolution:
    """For each note (by slug), the slug each of its links resolves to, or ``None``."""

    targets: dict[str, tuple[str | None, ...]]
    diagnostics: tuple[Diagnostic, ...]


def resolve_links(notes: Iterable[Note], index: LinkIndex) -> Resolution:
    """Resolve every link of every note against the index."""
    targets: dict[str, tuple[str | None, ...]] = {}
    diagnostics: list[Diagnostic] = []
    for note in notes:
        resolved: list[str | None] = []
        for link in note.links:
            slug, problems = _resolve_one(note, link, index)
            resolved.append(slug)
            diagnostics += problems
        targets[note.slug] = tuple(resolved)
    return Resolution(targets, tuple(diagnostics))


def _resolve_one(note: Note, link: Link, index: LinkIndex) -> tuple[str | None, list[Diagnostic]]:
    if not link.target:
        return note.slug, []
    candidates: tuple[str, ...] = ()
    for key in _keys_to_try(note, link):
        candidates = index.candidates(key, paths_only=link.syntax is LinkSyntax.MARKDOWN)
        if candidates:
            break
    if not candidates:
        return None, [_unresolved(note, link, index)]
    if len(candidates) > 1:
        return candidates[0], [_ambiguous(note, link, candidates, index)]
    return candidates[0], []


def _keys_to_try(note: Note, link: Link) -> list[str]:
    if link.syntax is not LinkSyntax.MARKDOWN:
        return [lookup_key(link.target)]
    relative = posixpath.normpath(posixpath.join(posixpath.dirname(note.path), link.target))
    from_root = posixpath.normpath(link.target)
    return [lookup_key(path) for path in (relative, from_root) if not path.startswith("../")]


def _shown(link: Link) -> str:
    if link.syntax is LinkSyntax.WIKILINK:
        return f"[[{link.target}]]"
    if link.syntax is LinkSyntax.MARKDOWN:
        return f"({link.target})"
    return f'"{link.target}"'


def _unresolved(note: Note, link: Link, index: LinkIndex) -> Diagnostic:
    message = f"unresolved link {_shown(link)}: no note has that name, alias or title"
    close = difflib.get_close_matches(lookup_key(link.target), index.names, n=1, cutoff=0.8)
    if close:
        message += f" (did you mean [[{close[0]}]]?)"
    return diagnostic("NF201", note.path, link.line, link.col, message)


def _ambiguous(note: Note, link: Link, candidates: tuple[str, ...], index: LinkIndex) -> Diagnostic:
    listed = ", ".join(index.paths[slug] for slug in candidates)
    chosen = index.paths[candidates[0]]
    message = f"ambiguous link {_shown(link)} matches {len(candidates)} notes ({listed}); using {chosen}"
    return diagnostic("NF202", note.path, link.line, link.col, message)
