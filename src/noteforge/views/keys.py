"""Page keys: what a page is made from, as one digest, known before its view is built.

The render stage keeps the previous build's file of every page whose key did not change,
without building its view, so an edit costs the pages that show something of it, not the
site. A key covers everything its page's view reads:

- every page: the site (title, base URL, status labels, menu, build date) and the
  settings, through :attr:`PageKeys.site` (the renderer adds the theme's digest);
- a note's page: the note itself (its bytes, path and slug, where each of its links leads,
  the problems it shows), each node it links to or from (a note's *face* and links, an
  attachment's or missing target's name), each note it embeds, directly or not (their
  bytes, where their links lead and the faces of what they link to), and the explorer
  listings the page shows;
- a view over the whole wiki: the *aspects* of every note it reads (:class:`Aspect`);
- a page that shows a query (a query block or an embedded base, in the note or a note it
  embeds) and a base's page: every note, whole, and where every link leads
  (:meth:`PageKeys.everything`), since a query may read any of them.

A note's face is what other pages show of it: title, path, type, status and its history,
dates, summary, tags, aliases, identifiers and anchors. Its links are where they lead and
with what words. Editing a note's body without touching those changes its own page, the
pages that embed it, and the views that show its text (search, previews).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

import msgspec

from noteforge.graph import Wiki
from noteforge.model import Link, LinkKind, Note
from noteforge.resolve import Target
from noteforge.syntax.placeholders import key_of
from noteforge.views.base import Page, SiteInfo, TextFile
from noteforge.views.explorer import EXPLORER_LIMIT, FolderTree
from noteforge.views.previews import PreviewShard
from noteforge.views.queries import queried_notes

_ENCODER = msgspec.msgpack.Encoder()


class Aspect(Enum):
    """What a view over the whole wiki reads of each note."""

    FACES = "faces"
    LINKS = "links"
    FACTS = "facts"
    QUESTIONS = "questions"
    SECTIONS = "sections"  # which sections a note has, for its completeness
    CONTENT = "content"  # the whole note


def _digest(*parts: Any) -> bytes:
    return hashlib.sha256(_ENCODER.encode(parts)).digest()


def note_face(note: Note) -> bytes:
    """The digest of what other pages show of a note."""
    return _digest(
        note.slug,
        note.path,
        note.title,
        note.anchor,
        note.type,
        note.status,
        note.status_since,
        note.status_history,
        note.created,
        note.updated,
        note.published,
        note.summary,
        note.tags,
        note.aliases,
        note.identifiers,
        note.permalink,
        note.publish,
        [fragment.anchor for fragment in note.fragments],
    )


def _unkeyed(note: Note, html: str) -> str:
    """``html`` without the note's placeholder key (:mod:`noteforge.syntax.placeholders`), a
    part of its digest: any edit of the note changes it, while what the HTML shows is the same."""
    return html.replace(key_of(note.digest), "")


def _counts(note: Note) -> tuple[int, int]:
    """What a listing of notes shows of one besides its face: its facts and open questions."""
    return len(note.facts), sum(not question.answered for question in note.open_questions)


_RECORDS: dict[Aspect, Callable[[Note], Any]] = {
    Aspect.FACTS: lambda note: [replace(fact, html=_unkeyed(note, fact.html)) for fact in note.facts],
    Aspect.QUESTIONS: lambda note: [replace(q, html=_unkeyed(note, q.html)) for q in note.open_questions],
    Aspect.SECTIONS: lambda note: [(s.title, s.kind, s.anchor, s.level) for s in note.sections],
}


@dataclass(frozen=True, slots=True)
class PageJob:
    """Pages built together under one key: ``build`` runs only when the key differs from the
    previous build's (or one of the job's files is gone). The key is worked out only when
    asked for (``key()``): a build that knows a job cannot have changed never asks."""

    name: str
    key: Callable[[], str]
    build: Callable[[], Iterable[Page | TextFile]]


def _link_entry(note: Note, link: Link, target: Target) -> tuple[Any, ...]:
    """What other pages see of one link: where it leads (and as what), how, with what words."""
    where = (type(target).__name__, target, link.fragment)
    return (*where, link.kind, note.context(link), link.line, link.col, link.key, link.label)


class PageKeys:
    """The keys of one build's pages, from the resolved wiki, the folder tree and the site."""

    def __init__(
        self,
        wiki: Wiki,
        tree: FolderTree,
        site: SiteInfo,
        settings: str,
        previous: PageKeys | None = None,
        changed: Iterable[str] = (),
        relisted: Iterable[str] = (),
    ) -> None:
        """The keys of ``wiki``'s pages. With ``previous``, the keys of a wiki that differs from
        ``previous``'s only in the notes ``changed`` (their bytes, face or links): what it knew of
        every other note is taken as it is, and the keys of the pages of paged views that list
        none of ``changed`` and ``relisted`` (the notes linking to a note whose face changed,
        or to a file or missing note whose links changed)."""
        self.wiki = wiki
        self.tree = tree
        self.site = _digest(settings, site).hex()
        self._faces: dict[str, bytes] = {}
        self._links: dict[str, bytes] = {}
        self._contents: dict[str, bytes] = {}
        self._records: dict[Aspect, dict[str, bytes]] = {}
        self._rows: dict[str, bytes] = {}
        self._shelves: dict[tuple[Any, ...], str] = {}
        if previous is None:
            self._describe(wiki.notes)
        else:
            again = set(changed)
            self._faces, self._links = dict(previous._faces), dict(previous._links)
            self._contents = dict(previous._contents)
            self._records = {aspect: dict(records) for aspect, records in previous._records.items()}
            self._rows = {slug: row for slug, row in previous._rows.items() if slug not in again}
            stale = again.union(relisted)
            self._shelves = {
                shelf: key for shelf, key in previous._shelves.items() if stale.isdisjoint(shelf[3])
            }
            self._describe([wiki.note(slug) for slug in again])
        self._wide: dict[Aspect, bytes] = {}
        self._listings: dict[str, bytes] = {}
        self._shown: dict[str, bytes] = {}
        self.queried = queried_notes(wiki)

    def _describe(self, notes: Iterable[Note]) -> None:
        """Work out (again) what the key of a page may read of each of ``notes``."""
        for note in notes:
            self._faces[note.slug] = note_face(note)
            self._links[note.slug] = self._links_of(note)
            self._contents[note.slug] = _digest(note.digest, note.path, note.slug)
            for aspect, records in self._records.items():
                records[note.slug] = _digest(_RECORDS[aspect](note))

    def face(self, slug: str) -> bytes:
        """The digest of what other pages show of the note ``slug``."""
        return self._faces[slug]

    def links(self, slug: str) -> bytes:
        """The digest of where the links of the note ``slug`` lead, how, with what words."""
        return self._links[slug]

    def shows(self, slug: str) -> bytes:
        """The digest of what the note's own HTML shows (:meth:`_shows`)."""
        return self._shows(slug)

    def root_explorer(self) -> bytes:
        """The digest of what the explorer of a page at the root shows."""
        return self._explorer("", None)

    def listing(self, key: str) -> bytes:
        """The digest of what the explorer shows of the folder ``key``."""
        return self._listing(key)

    def _links_of(self, note: Note) -> bytes:
        targets = self.wiki.targets[note.slug]
        entries = [_link_entry(note, link, target) for link, target in zip(note.links, targets, strict=True)]
        return _digest(entries)

    def _table(self, aspect: Aspect) -> dict[str, bytes]:
        """The digest of one aspect of each note, by slug."""
        table = {
            Aspect.FACES: self._faces,
            Aspect.LINKS: self._links,
            Aspect.CONTENT: self._contents,
        }.get(aspect)
        if table is None:
            if aspect not in self._records:
                self._records[aspect] = {n.slug: _digest(_RECORDS[aspect](n)) for n in self.wiki.notes}
            table = self._records[aspect]
        return table

    def aspect(self, aspect: Aspect) -> bytes:
        """The digest of one aspect of every note, in slug order."""
        if aspect not in self._wide:
            table = self._table(aspect)
            self._wide[aspect] = _digest([table[note.slug] for note in self.wiki.notes])
        return self._wide[aspect]

    def shelf(self, path: str, aspects: Iterable[Aspect], slugs: Iterable[str], *extra: Any) -> str:
        """The key of one page of a paged view (:mod:`noteforge.views.paging`): the ``aspects``
        of the notes it lists (``slugs``), the faces of what they link to when it reads their
        links, the explorer of a page at the root, and ``extra``."""
        listed = tuple(slugs)
        memo = (self.site, path, tuple(aspects), listed, self._explorer("", None), _digest(extra))
        key = self._shelves.get(memo)
        if key is None:
            key = self._shelves[memo] = self._shelf(path, memo[2], listed, *extra)
        return key

    def _shelf(self, path: str, aspects: tuple[Aspect, ...], slugs: tuple[str, ...], *extra: Any) -> str:
        tables = [self._table(aspect) for aspect in aspects]
        notes = [[table[slug] for table in tables] for slug in slugs]
        linked: set[str] = set()
        if Aspect.LINKS in aspects:  # which note links where is in its links' digest
            graph = self.wiki.graph
            for slug in slugs:
                linked.update(graph.succ[slug])
        neighbours = [self._node(node) for node in sorted(linked, key=str)]
        return _digest(self.site, path, notes, neighbours, self._explorer("", None), extra).hex()

    def everything(self) -> bytes:
        """What a query may read: every note, whole, and where every link leads (a query's
        rows hold backlinks, so one link made anywhere can change a result)."""
        return _digest(self.aspect(Aspect.CONTENT), self.aspect(Aspect.LINKS))

    def base_page(self, path: str) -> str:
        """The key of a base's page: the base (its content is in the site's settings) and
        everything its views may read."""
        return _digest(self.site, path, self.everything(), self.root_explorer()).hex()

    def view(self, name: str, aspects: Iterable[Aspect], *extra: Any) -> str:
        """The key of a view over the whole wiki that reads ``aspects`` (and ``extra``)."""
        return _digest(self.site, name, [self.aspect(a) for a in aspects], extra).hex()

    def folder_page(self, key: str, path: str) -> str:
        """The key of a folder's page: its listing in full (faces, counts of facts and open
        questions), and the explorer it shows."""
        folder = self.tree.folders[key]
        notes = [self._row(slug) for slug in folder.notes]
        subfolders = [self._entry((True, sub)) for sub in folder.folders]
        return _digest(self.site, path, notes, subfolders, self._explorer(key, None)).hex()

    def note_page(self, slug: str, path: str, shown: tuple[str, ...]) -> str:
        """The key of ``slug``'s page at ``path``, which shows the problems ``shown``."""
        graph = self.wiki.graph
        folder = slug.rsplit("/", 1)[0] if "/" in slug else ""
        parts: list[Any] = [self.site, path, shown, self._explorer(folder, slug), self._shows(slug)]
        for node in sorted({*graph.succ[slug], *graph.pred[slug]}, key=str):
            parts += [self._node(node), self._links.get(node, b"")]
        return _digest(*parts).hex()

    def explorer_listing(self, key: str, path: str) -> str:
        """The key of a folder's listing script: the entries it lists, up to the cap."""
        return _digest(self.site, path, key, self._listing(key)).hex()

    def preview_shard(self, shard: PreviewShard) -> str:
        """The key of a shard of the hover previews: what its notes show, and who wants its
        missing targets."""
        notes = [(slug, anchors, self._shows(slug)) for slug, anchors in shard.notes]
        missing = [(m.key, m.target, [self._node(slug) for slug in m.referrers]) for m in shard.missing]
        return _digest(self.site, shard.path, notes, missing).hex()

    def search_shard(self, path: str, slugs: list[str]) -> str:
        """The key of a shard of the search data: each of its notes, whole."""
        return _digest(self.site, path, [self._contents[slug] for slug in slugs]).hex()

    def graph_shard(self, path: str, slugs: list[str]) -> str:
        """The key of a shard of the graph data: its notes' faces and links, and the names of
        the files and missing notes they link to."""
        graph = self.wiki.graph
        notes = [
            (self._faces[slug], self._links[slug], [self._node(t) for t in sorted(graph.succ[slug], key=str)])
            for slug in slugs
        ]
        return _digest(self.site, path, notes).hex()

    def _row(self, slug: str) -> bytes:
        """What a listing of notes shows of one: its face, its counts of facts and open questions."""
        if slug not in self._rows:
            self._rows[slug] = _digest(self._faces[slug], *_counts(self.wiki.note(slug)))
        return self._rows[slug]

    def _shows(self, slug: str) -> bytes:
        """What the note's own HTML shows: its bytes and those of the notes it embeds, where
        their links lead and the faces of what they link to (its page and its preview both ask)."""
        if slug not in self._shown:
            graph = self.wiki.graph
            parts: list[Any] = []
            for node in self._embedded(slug):
                parts += [self._contents[node], self._links[node]]
                parts += [self._node(target) for target in sorted(graph.succ[node], key=str)]
                parts += [self.everything()] if node in self.queried else []
            self._shown[slug] = _digest(*parts)
        return self._shown[slug]

    def _embedded(self, slug: str) -> list[str]:
        """The note and every note it embeds, directly or through another, in a fixed order."""
        graph = self.wiki.graph
        found = [slug]
        seen = {slug}
        for node in found:
            for _, target, kind in graph.out_edges(node, data="kind"):
                if kind == LinkKind.EMBEDS and target not in seen and target in self._faces:
                    seen.add(target)
                    found.append(target)
        return found

    def _node(self, node: str) -> Any:
        face = self._faces.get(node)
        if face is not None:
            return (node, face)
        data = self.wiki.graph.nodes[node]
        return (type(node).__name__, node, data["kind"], data["title"])

    def _explorer(self, folder: str, slug: str | None) -> bytes:
        """What the explorer and breadcrumbs of a page in ``folder`` (the page of the note
        ``slug``, else the folder's own) show: each listing down to the folder."""
        chain = [self.tree.root, *self.tree.chain(folder)]
        parts: list[Any] = [folder, slug]
        opened = [*((True, f.key) for f in chain if f.key), *([(False, slug)] if slug else [])]
        for listed in chain:
            parts.append(self._listing(listed.key))
            positions = self.tree.positions[listed.key]
            parts += [self._entry(item) for item in opened if positions.get(item, 0) >= EXPLORER_LIMIT]
        return _digest(*parts)

    def _listing(self, key: str) -> bytes:
        """A folder's name, its count and the entries a page shows before the cap."""
        if key not in self._listings:
            folder = self.tree.folders[key]
            items = self.tree.items[key]
            shown = [self._entry(item) for item in items[:EXPLORER_LIMIT]]
            self._listings[key] = _digest(folder.name, folder.count, len(items), shown)
        return self._listings[key]

    def _entry(self, item: tuple[bool, str]) -> Any:
        is_folder, key = item
        if is_folder:
            folder = self.tree.folders[key]
            return (key, folder.name, folder.count)
        return (key, self.tree.notes[key][0])
