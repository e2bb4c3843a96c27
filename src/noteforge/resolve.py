"""Resolve stage, part one: which note (or attachment) does each link name?

Resolution follows Obsidian, and is never silent. Names are compared case-insensitively
on NFC-normalised text, and ``.md`` is optional. A target is looked up level by level;
the first level with a match wins:

1. the exact path from the wiki root (``folder/Note``, ``assets/chart.png``), or a slug;
2. a unique path suffix (``[[b/dup]]`` finds ``a/b/dup.md``), when the target has a ``/``;
3. the file name (``Note``, ``chart.png``), wherever its folder;
4. one of a note's ``aliases``;
5. a note's title.

When a level has several candidates the nearest wins (the most folders in common with
the linking note), then the shortest path, and an ambiguity diagnostic (NF202) lists
them all. Markdown links are paths: relative to the linking note first, then from the
wiki root, then by file name; a path leading out of the wiki is unresolved.
``[[#Heading]]`` names the linking note itself. A fragment must exist in the target
(``#Heading`` by :func:`~noteforge.paths.heading_slug`, ``#^block`` by block id):
NF204/NF205 otherwise. Unmatched wikilinks and bare names get NF201 (they name a
note still to be written); an unmatched Markdown link or image gets NF209: it is a
path, kept as written, not a missing note.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import posixpath
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from noteforge.diagnostics import LISTED, diagnostic, listing
from noteforge.model import Diagnostic, Link, LinkSyntax, Note
from noteforge.paths import heading_slug, without_md
from noteforge.record import ResolutionRecord, Suggestions

SUGGESTION_CUTOFF = 0.8  # difflib's similarity ratio a name needs to be offered


@dataclass(frozen=True, slots=True)
class NoteTarget:
    """A link leads to a note with a page."""

    slug: str


@dataclass(frozen=True, slots=True)
class AttachmentTarget:
    """A link leads to a file of the wiki that is not a note (its path from the wiki root)."""

    path: str


@dataclass(frozen=True, slots=True)
class MissingTarget:
    """A wikilink or bare name no note answers to yet. Every spelling with the same
    :func:`lookup_key` is one missing note."""

    key: str


@dataclass(frozen=True, slots=True)
class PathTarget:
    """A Markdown link or image whose path is no note or file of the wiki (or leads out of it):
    it keeps the path as written, and no note is missing."""


@dataclass(frozen=True, slots=True)
class UnpublishedTarget:
    """A link leads to a note with ``publish: false``: it has no page, so the link is text."""

    slug: str


Target = NoteTarget | AttachmentTarget | MissingTarget | PathTarget | UnpublishedTarget
"""Where a link leads, once resolved."""

Found = NoteTarget | AttachmentTarget
"""What a name in the :class:`LinkIndex` can name."""


def lookup_key(text: str) -> str:
    """The form in which link targets and names are compared."""
    text = unicodedata.normalize("NFC", text).strip().casefold().strip("/")
    return without_md(text)


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
    """Every name a note or attachment can be linked by, and what each note can be linked into."""

    by_path: dict[str, tuple[Found, ...]]
    by_name: dict[str, tuple[Found, ...]]
    by_alias: dict[str, tuple[Found, ...]]
    by_title: dict[str, tuple[Found, ...]]
    paths: dict[Found, str]
    anchors: dict[str, frozenset[str]]
    by_length: dict[tuple[str, int], tuple[str, ...]]
    suggestions: dict[str, str | None]

    def candidates(self, key: str) -> tuple[Found, ...]:
        """The notes and attachments ``key`` names at the first level that knows it."""
        if key in self.by_path:
            return self.by_path[key]
        if "/" in key:
            suffix = "/" + key
            return tuple(
                c for c in self.by_name.get(key.rsplit("/", 1)[-1], ()) if self._key(c).endswith(suffix)
            )
        return self.by_name.get(key) or self.by_alias.get(key) or self.by_title.get(key) or ()

    def suggestion(self, key: str) -> str | None:
        """The known name closest to an unknown one, if one is close enough to be a typo."""
        if key not in self.suggestions:
            # Only names of about the same length starting with the same character can be that
            # close; comparing against those keeps "did you mean" cheap in a large wiki.
            sizes = range(len(key) - max(1, len(key) // 4), len(key) + max(1, len(key) // 4) + 1)
            alike = [name for size in sizes for name in self.by_length.get((key[:1], size), ())]
            self.suggestions[key] = _closest(key, alike)
        return self.suggestions[key]

    def named(self, name: str) -> tuple[Found, ...]:
        """The notes and attachments known by ``name`` at any level."""
        levels = (self.by_path, self.by_name, self.by_alias, self.by_title)
        return tuple(found for level in levels for found in level.get(name, ()))

    def names(self) -> set[str]:
        """Every name a link can use (the candidates of "did you mean")."""
        return {name for group in self.by_length.values() for name in group}

    def suggestions_made(self) -> Suggestions:
        """The answers this index gave, with the names they were chosen among."""
        return Suggestions(tuple(sorted(self.names())), tuple(sorted(self.suggestions.items())))

    def _key(self, found: Found) -> str:
        return lookup_key(self.paths[found])


def build_index(notes: Iterable[Note], attachments: Iterable[str] = ()) -> LinkIndex:
    """Index notes by path, slug, file name, aliases and title, and attachments by path and name."""
    levels: tuple[defaultdict[str, set[Found]], ...] = tuple(defaultdict(set) for _ in range(4))
    by_path, by_name, by_alias, by_title = levels
    paths: dict[Found, str] = {}
    anchors: dict[str, frozenset[str]] = {}
    for note in notes:
        found: Found = NoteTarget(note.slug)
        paths[found] = note.path
        anchors[note.slug] = frozenset(fragment.anchor for fragment in note.fragments)
        by_path[lookup_key(note.path)].add(found)
        by_path[lookup_key(note.slug)].add(found)
        by_name[lookup_key(note.path).rsplit("/", 1)[-1]].add(found)
        for alias in note.aliases:
            by_alias[lookup_key(alias)].add(found)
        by_title[lookup_key(note.title)].add(found)
    for path in attachments:
        found = AttachmentTarget(path)
        paths[found] = path
        by_path[lookup_key(path)].add(found)
        by_name[lookup_key(path).rsplit("/", 1)[-1]].add(found)
    path_level, name_level, alias_level, title_level = (
        {key: tuple(sorted(named, key=paths.__getitem__)) for key, named in level.items()} for level in levels
    )
    by_length: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    for name in sorted({key for level in levels for key in level}):
        by_length[(name[:1], len(name))].append(name)
    lengths = {group: tuple(names) for group, names in by_length.items()}
    return LinkIndex(path_level, name_level, alias_level, title_level, paths, anchors, lengths, {})


# Candidates ranked nearest first, by the linking note's folder and the candidates: when
# thousands of notes share a title and link it, each folder ranks them once, not each link.
Rankings = dict[tuple[str, tuple[Found, ...]], tuple[Found, ...]]


@dataclass(frozen=True, slots=True)
class Resolution:
    """For each note (by slug), where each of its links leads, in the order of
    :attr:`Note.links`, and the problems its links have (``problems``); and the names and
    identifiers several notes claim (``collisions``)."""

    targets: dict[str, tuple[Target, ...]]
    problems: dict[str, tuple[Diagnostic, ...]]
    collisions: tuple[Diagnostic, ...]

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every problem found while resolving."""
        return (*itertools.chain.from_iterable(self.problems.values()), *self.collisions)


# How a target is kept in a ResolutionRecord: its kind's number and its one value.
_KINDS: tuple[type[NoteTarget | AttachmentTarget | MissingTarget | UnpublishedTarget], ...] = (
    NoteTarget,
    AttachmentTarget,
    MissingTarget,
    UnpublishedTarget,
)
_PATH_KIND = len(_KINDS)


def resolution_record(resolution: Resolution, inputs: str) -> ResolutionRecord:
    """``resolution`` as the build of ``inputs`` keeps it (:func:`resolution_of` reads it)."""
    return ResolutionRecord(
        inputs,
        tuple((slug, tuple(map(_kept_target, found))) for slug, found in resolution.targets.items()),
        tuple(resolution.problems.items()),
        resolution.collisions,
    )


def resolution_of(record: ResolutionRecord, notes: Iterable[Note]) -> Resolution | None:
    """The resolution ``record`` keeps, if it is one of ``notes`` (a target for each link of
    each published note, problems for each note); ``None`` if it cannot be."""
    targets = {slug: tuple(map(_target_of, found)) for slug, found in record.targets}
    problems = dict(record.problems)
    for note in notes:
        if note.slug not in problems or (note.publish and len(targets.get(note.slug, ())) != len(note.links)):
            return None
    return Resolution(targets, problems, record.collisions)


def _kept_target(target: Target) -> tuple[int, str]:
    match target:
        case PathTarget():
            return _PATH_KIND, ""
        case AttachmentTarget(path=value) | MissingTarget(key=value):
            return _KINDS.index(type(target)), value
        case NoteTarget(slug=value) | UnpublishedTarget(slug=value):
            return _KINDS.index(type(target)), value


def _target_of(kept: tuple[int, str]) -> Target:
    kind, value = kept
    return PathTarget() if kind == _PATH_KIND else _KINDS[kind](value)


def resolve_links(notes: Sequence[Note], index: LinkIndex) -> Resolution:
    """Resolve every link of every note against the index."""
    targets: dict[str, tuple[Target, ...]] = {}
    problems: dict[str, tuple[Diagnostic, ...]] = {}
    rankings: Rankings = {}
    for note in notes:
        targets[note.slug], problems[note.slug] = resolve_note(note, index, rankings)
    return Resolution(targets, problems, collisions(notes, index))


def resolve_note(
    note: Note, index: LinkIndex, rankings: Rankings | None = None
) -> tuple[tuple[Target, ...], tuple[Diagnostic, ...]]:
    """Where each of the note's links leads, and the problems they have (``rankings``:
    a memo shared by the notes resolved together)."""
    memo: Rankings = {} if rankings is None else rankings
    resolved: list[Target] = []
    problems: list[Diagnostic] = []
    for link in note.links:
        target, found = _resolve_one(note, link, index, memo)
        resolved.append(target)
        problems += found
    return tuple(resolved), tuple(problems)


def collisions(notes: Iterable[Note], index: LinkIndex) -> tuple[Diagnostic, ...]:
    """The aliases and identifiers several notes claim, reported on each claimant."""
    return (*alias_collisions(notes, index), *identifier_collisions(notes))


def note_names(note: Note) -> frozenset[str]:
    """Every name (in :func:`lookup_key` form) by which a link can find the note."""
    path = lookup_key(note.path)
    names = {path, lookup_key(note.slug), path.rsplit("/", 1)[-1], lookup_key(note.title)}
    return frozenset(names | {lookup_key(alias) for alias in note.aliases})


def link_words(note: Note) -> frozenset[str]:
    """Every name (in :func:`lookup_key` form) the note's links look up: a note whose
    :func:`note_names` gain or lose one of them may change where the links lead."""
    words: set[str] = set()
    folder = posixpath.dirname(note.path)
    for link in note.links:
        if not link.target:
            continue
        if link.syntax is LinkSyntax.MARKDOWN:
            relative = posixpath.normpath(posixpath.join(folder, link.target))
            words |= {lookup_key(relative), lookup_key(posixpath.normpath(link.target))}
            words.add(lookup_key(posixpath.basename(link.target)))
        else:
            key = lookup_key(link.target)
            words |= {key, key.rsplit("/", 1)[-1]}
    return frozenset(words)


def without_unpublished(notes: Sequence[Note], resolution: Resolution) -> tuple[tuple[Note, ...], Resolution]:
    """The notes that are published (``publish: false`` gets no page), their links into
    unpublished notes made :class:`UnpublishedTarget`, which the site shows as plain text:
    no page, no missing note, no edge."""
    hidden = frozenset(note.slug for note in notes if not note.publish)
    kept = tuple(note for note in notes if note.publish)
    if not hidden:
        return kept, resolution
    targets = {note.slug: hide_unpublished(resolution.targets[note.slug], hidden) for note in kept}
    return kept, Resolution(targets, resolution.problems, resolution.collisions)


def hide_unpublished(targets: tuple[Target, ...], hidden: frozenset[str]) -> tuple[Target, ...]:
    """``targets`` with each one into a note of ``hidden`` (unpublished) an :class:`UnpublishedTarget`."""
    if not hidden:
        return targets
    return tuple(
        UnpublishedTarget(target.slug) if isinstance(target, NoteTarget) and target.slug in hidden else target
        for target in targets
    )


def patch_index(index: LinkIndex, replaced: Iterable[tuple[Note, Note]]) -> LinkIndex:
    """``index`` with each note of ``replaced`` (an old note and its new self, at the same path
    and slug) known by its new title, aliases and anchors; its "did you mean" answers carried
    over where they still hold (as :func:`carry_suggestions` does)."""
    by_alias, by_title, anchors = dict(index.by_alias), dict(index.by_title), dict(index.anchors)
    before = {name for pair in replaced for note in pair for name in note_names(note)}
    known_before = {name for name in before if index.named(name)}
    for old, new in replaced:
        found = NoteTarget(new.slug)
        anchors[new.slug] = frozenset(fragment.anchor for fragment in new.fragments)
        _rename(
            by_alias, found, {lookup_key(a) for a in old.aliases}, {lookup_key(a) for a in new.aliases}, index
        )
        _rename(by_title, found, {lookup_key(old.title)}, {lookup_key(new.title)}, index)
    patched = dataclasses.replace(
        index, by_alias=by_alias, by_title=by_title, anchors=anchors, suggestions={}
    )
    known_after = {name for name in before if patched.named(name)}
    by_length = dict(index.by_length)
    for name in known_before ^ known_after:
        group = set(by_length.get((name[:1], len(name)), ()))
        group = group | {name} if name in known_after else group - {name}
        by_length[(name[:1], len(name))] = tuple(sorted(group))
    patched = dataclasses.replace(
        patched, by_length={size: names for size, names in by_length.items() if names}
    )
    added, removed = sorted(known_after - known_before), known_before - known_after
    for key, answer in index.suggestions.items():
        if answer is None or answer not in removed:
            newcomers = [name for name in added if _alike(key, name)]
            patched.suggestions[key] = _closest(key, [answer, *newcomers] if answer else newcomers)
    return patched


def names_changed(old: Note, new: Note) -> frozenset[str]:
    """The names (in :func:`lookup_key` form) a note (at the same path) gained or lost as an
    alias or as its title: a name it keeps at another level (an alias that was its title)
    counts, since the level decides which notes a link finds."""
    aliases = {lookup_key(alias) for alias in old.aliases} ^ {lookup_key(alias) for alias in new.aliases}
    return frozenset(aliases | ({lookup_key(old.title)} ^ {lookup_key(new.title)}))


def alike(key: str, names: Iterable[str]) -> bool:
    """Whether any of ``names`` could be the "did you mean" answer for an unknown ``key``."""
    return any(_alike(key, name) for name in names)


def _rename(
    level: dict[str, tuple[Found, ...]], found: Found, old: set[str], new: set[str], index: LinkIndex
) -> None:
    """Move ``found`` in one level of the index from the names ``old`` to the names ``new``."""
    for key in old - new:
        kept = tuple(other for other in level.get(key, ()) if other != found)
        if kept:
            level[key] = kept
        else:
            level.pop(key, None)
    for key in new - old:
        level[key] = tuple(sorted({*level.get(key, ()), found}, key=index.paths.__getitem__))


def _resolve_one(
    note: Note, link: Link, index: LinkIndex, rankings: Rankings
) -> tuple[Target, list[Diagnostic]]:
    if not link.target:
        return NoteTarget(note.slug), _missing_fragment(note, link, NoteTarget(note.slug), index)
    candidates = _lookup(note, link, index)
    if not candidates and link.syntax is LinkSyntax.MARKDOWN:
        return PathTarget(), [_unknown_path(note, link)]
    if not candidates:
        return MissingTarget(lookup_key(link.target)), [_unresolved(note, link, index)]
    folder = posixpath.dirname(note.path)
    ranked = rankings.get((folder, candidates))
    if ranked is None:
        ranked = rankings[folder, candidates] = _nearest_first(folder, candidates, index)
    problems = [_ambiguous(note, link, ranked, index)] if len(ranked) > 1 else []
    return ranked[0], problems + _missing_fragment(note, link, ranked[0], index)


def _lookup(note: Note, link: Link, index: LinkIndex) -> tuple[Found, ...]:
    if link.syntax is not LinkSyntax.MARKDOWN:
        return index.candidates(lookup_key(link.target))
    relative = posixpath.normpath(posixpath.join(posixpath.dirname(note.path), link.target))
    if relative.startswith("../"):
        return ()  # a path out of the wiki leads nowhere, whatever its file name
    for path in (relative, posixpath.normpath(link.target)):
        if lookup_key(path) in index.by_path:
            return index.by_path[lookup_key(path)]
    return index.by_name.get(lookup_key(posixpath.basename(link.target)), ())


def _nearest_first(folder_path: str, candidates: tuple[Found, ...], index: LinkIndex) -> tuple[Found, ...]:
    folder = folder_path.split("/")

    def rank(found: Found) -> tuple[int, int, str]:
        path = index.paths[found]
        pairs = zip(folder, path.split("/"), strict=False)
        shared = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], pairs))
        return -shared, len(path), path

    return tuple(sorted(candidates, key=rank))


def _missing_fragment(note: Note, link: Link, target: Found, index: LinkIndex) -> list[Diagnostic]:
    if not link.fragment or not isinstance(target, NoteTarget):
        return []
    anchors = index.anchors[target.slug]
    last = link.fragment.split("#")[-1].strip()
    if last.startswith("^"):
        if last in anchors:
            return []
        message = f"block {last} not found in {index.paths[target]}"
        return [diagnostic("NF205", note.path, link.line, link.col, message)]
    if heading_slug(last) in anchors:
        return []
    message = f'heading "{last}" not found in {index.paths[target]}'
    return [diagnostic("NF204", note.path, link.line, link.col, message)]


def alias_collisions(notes: Iterable[Note], index: LinkIndex) -> list[Diagnostic]:
    """An alias claimed by several notes, or shadowed by a file name, is reported on each claimant."""
    problems: list[Diagnostic] = []
    for note in notes:
        for alias in note.aliases:
            key = lookup_key(alias)
            claimants = (*index.by_alias.get(key, ()), *index.by_name.get(key, ()))
            others = [found for found in claimants if found != NoteTarget(note.slug)]
            if others:
                listed = listing(sorted({index.paths[found] for found in others}))
                message = f'alias "{alias}" is also claimed by {listed}'
                problems.append(diagnostic("NF207", note.path, 1, 1, message))
    return problems


def identifier_collisions(notes: Iterable[Note]) -> list[Diagnostic]:
    """An identifier (a ticker, an ISIN…) claimed by several notes is reported on each claimant."""
    claimants: defaultdict[tuple[str, str], list[tuple[Note, str, str]]] = defaultdict(list)
    for note in notes:
        for key, value in note.identifiers:
            claimants[(key.casefold(), value.casefold())].append((note, key, value))
    problems = []
    for owners in claimants.values():
        for note, key, value in owners if len(owners) > 1 else ():
            others = listing([other.path for other, _, _ in owners if other is not note])
            message = f'{key} "{value}" is also claimed by {others}'
            problems.append(diagnostic("NF208", note.path, 1, 1, message))
    return problems


def _shown(link: Link) -> str:
    if link.syntax is LinkSyntax.WIKILINK:
        return f"[[{link.target}]]"
    if link.syntax is LinkSyntax.MARKDOWN:
        return f"({link.target})"
    return f'"{link.target}"'


def _unresolved(note: Note, link: Link, index: LinkIndex) -> Diagnostic:
    message = f"unresolved link {_shown(link)}: no note or file by that name"
    close = index.suggestion(lookup_key(link.target))
    if close:
        message += f" (did you mean [[{close}]]?)"
    return diagnostic("NF201", note.path, link.line, link.col, message)


def _unknown_path(note: Note, link: Link) -> Diagnostic:
    message = f"link to {_shown(link)}: no note or file in the wiki at that path; the link is kept as written"
    return diagnostic("NF209", note.path, link.line, link.col, message)


def _ambiguous(note: Note, link: Link, candidates: tuple[Found, ...], index: LinkIndex) -> Diagnostic:
    listed = listing([index.paths[found] for found in candidates[:LISTED]], len(candidates))
    chosen = index.paths[candidates[0]]
    message = f"ambiguous link {_shown(link)} matches {len(candidates)} files ({listed}); using {chosen}"
    return diagnostic("NF202", note.path, link.line, link.col, message)


def carry_suggestions(index: LinkIndex, before: Suggestions) -> None:
    """Seed ``index``'s "did you mean" memo with the answers of ``before`` that still hold.

    An answer is the closest name by (similarity, name) among the names alike in first
    character and length. It still holds if it is still a name and no name alike was added;
    else, if it is still a name, the closest of it and the added names alike is the answer.
    """
    names = index.names()
    added = sorted(names - set(before.names))
    for key, answer in before.answers:
        if answer is not None and answer not in names:
            continue
        newcomers = [name for name in added if _alike(key, name)]
        index.suggestions[key] = _closest(key, [answer, *newcomers] if answer else newcomers)


def _alike(key: str, name: str) -> bool:
    spread = max(1, len(key) // 4)
    return name[:1] == key[:1] and abs(len(name) - len(key)) <= spread


def _closest(key: str, names: list[str]) -> str | None:
    close = difflib.get_close_matches(key, names, n=1, cutoff=SUGGESTION_CUTOFF)
    return close[0] if close else None
