"""Hover previews as data for the browser, in shards loaded on demand.

A note page's ``assets/preview.js`` shows a popover when an internal link is hovered or
focused. What it shows comes from classic scripts (not JSON fetched at run time, which
Chromium refuses from ``file://``): ``assets/previews/index.js`` tells how many shards
there are, and ``assets/previews/<n>.js`` calls ``window.nfPreviews.add(n, {...})`` with
the previews whose shard key hashes (FNV-1a, 32 bits, over its UTF-8 bytes) to ``n``. A
big wiki thus loads one small shard on the first hover of a note's link, never them all.

Each preview is keyed by the site path of its page, plus ``#anchor`` for a linked
heading's section or block (``notes/a.html#key-facts``, ``notes/a.html#^claim``) and for
a missing target (``missing.html#missing-x``). A note's previews share its page's shard;
a missing target's goes by its whole key. Its HTML is the note's own, as the parse stage
sanitised it for the note's page, without ids (they would repeat the page's) and with
URLs relative to the page it previews: the script resolves them against the link it
previews, so they hold on pages at any depth.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from math import ceil
from typing import Any

from markupsafe import escape

from noteforge.graph import MissingNote, Wiki
from noteforge.linker import MISSING_PAGE, Linker, fragment_anchor, missing_anchor, status_view
from noteforge.model import Note
from noteforge.paths import note_page
from noteforge.resolve import NoteTarget
from noteforge.syntax.heading_links import without_heading_links
from noteforge.views.base import SiteInfo, TextFile

PREVIEW_FOLDER = "assets/previews"
PREVIEW_INDEX = f"{PREVIEW_FOLDER}/index.js"
# About this many previews per shard: a few tens of kilobytes.
PREVIEWS_PER_SHARD = 32
# A preview's body: whole blocks up to this many characters of text…
EXCERPT_CHARS = 600
# …unless the first block alone makes more HTML than this; then its text, cut.
EXCERPT_HTML = 12_000
WANTERS_SHOWN = 12
# A tag of serialised HTML: its attribute values are always quoted, and may hold ">".
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ID = re.compile(r"""\sid=(?:"[^"]*"|'[^']*')""")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class Preview:
    """What a popover shows for one link target; ``html`` is relative to the page it previews."""

    key: str
    shard_key: str
    title: str
    status: tuple[str, str] | None
    summary: str
    html: str
    missing: bool = False

    def data(self) -> dict[str, Any]:
        """The preview as the browser reads it (empty fields left out)."""
        fields = {"title": self.title, "status": self.status, "summary": self.summary, "html": self.html}
        return {name: value for name, value in fields.items() if value} | (
            {"missing": 1} if self.missing else {}
        )


@dataclass(frozen=True, slots=True)
class PreviewShard:
    """One shard of the previews: its file, the notes whose previews it holds (with the
    anchors linked in each) and the missing targets it holds."""

    path: str
    number: int
    notes: tuple[tuple[str, tuple[str, ...]], ...]
    missing: tuple[MissingNote, ...]


def preview_shards(wiki: Wiki) -> tuple[int, list[PreviewShard]]:
    """The shard count and each shard's members (each written, even empty, so none is ever missing)."""
    linked = _linked_anchors(wiki)
    anchors = {note.slug: _previewed_anchors(note, linked.get(note.slug, set())) for note in wiki.notes}
    missing = wiki.missing()
    count = shard_count(len(wiki.notes) + sum(map(len, anchors.values())) + len(missing))
    notes: list[list[tuple[str, tuple[str, ...]]]] = [[] for _ in range(count)]
    wanted: list[list[MissingNote]] = [[] for _ in range(count)]
    for note in wiki.notes:
        notes[shard_of(note_page(note.slug), count)].append((note.slug, anchors[note.slug]))
    for target in missing:
        wanted[shard_of(_missing_key(target), count)].append(target)
    return count, [
        PreviewShard(f"{PREVIEW_FOLDER}/{n}.js", n, tuple(notes[n]), tuple(wanted[n])) for n in range(count)
    ]


def preview_index_file(count: int) -> TextFile:
    """``assets/previews/index.js``: how many shards there are."""
    return TextFile(PREVIEW_INDEX, f"window.nfPreviews.shards({count});\n")


def preview_shard_file(wiki: Wiki, site: SiteInfo, shard: PreviewShard) -> TextFile:
    """A shard's script, registering its previews."""
    previews = [
        *(p for slug, anchors in shard.notes for p in _note_previews(wiki, site, wiki.note(slug), anchors)),
        *(_missing_preview(wiki, site, m) for m in shard.missing),
    ]
    entries = {preview.key: preview.data() for preview in previews}
    return TextFile(shard.path, f"window.nfPreviews.add({shard.number},{_json(entries)});\n")


def shard_count(previews: int) -> int:
    """A power of two giving about :data:`PREVIEWS_PER_SHARD` previews per shard."""
    wanted = max(1, ceil(previews / PREVIEWS_PER_SHARD))
    return 1 << (wanted - 1).bit_length()


def shard_of(key: str, count: int) -> int:
    """The shard of a key: FNV-1a (32 bits) of its UTF-8 bytes, modulo ``count`` (a power of two)."""
    digest = 0x811C9DC5
    for byte in key.encode("utf-8", "surrogatepass"):
        digest = ((digest ^ byte) * 0x01000193) & 0xFFFFFFFF
    return digest & (count - 1)


def _note_previews(wiki: Wiki, site: SiteInfo, note: Note, anchors: tuple[str, ...]) -> list[Preview]:
    """A note's preview, and one for each of its headings and blocks some link points at."""
    page = note_page(note.slug)
    status = status_view(note, site.labels)
    badge = (status.value, status.label) if status else None
    opening = without_heading_links(note.body_html)
    body = _excerpt(_linker(wiki, site, page).note_html(note, _cut(opening)))
    summary = "" if _plain(body).startswith(_plain(note.summary)) else note.summary
    previews = [Preview(page, page, note.title, badge, summary, body)]
    for anchor in anchors:
        fragment = note.fragment_html(anchor)
        assert fragment is not None  # _previewed_anchors keeps only the note's own
        heading, rest = _without_heading(without_heading_links(fragment))
        shown = "block" if anchor.startswith("^") else heading or anchor
        html = _excerpt(_linker(wiki, site, page).note_html(note, _cut(rest)))
        previews.append(Preview(f"{page}#{anchor}", page, f"{note.title} › {shown}", badge, "", html))
    return previews


def _previewed_anchors(note: Note, linked: set[str]) -> tuple[str, ...]:
    """The anchors of ``note`` some link points at that get a preview of their own."""
    return tuple(a for a in sorted(linked) if a != note.anchor and note.fragment(a) is not None)


def _linked_anchors(wiki: Wiki) -> dict[str, set[str]]:
    """The heading and block anchors each note is linked to at."""
    linked: dict[str, set[str]] = {}
    for note in wiki.notes:
        for link, target in zip(note.links, wiki.targets[note.slug], strict=True):
            anchor = fragment_anchor(link.fragment)
            if anchor and isinstance(target, NoteTarget):
                linked.setdefault(target.slug, set()).add(anchor)
    return linked


def _missing_key(missing: MissingNote) -> str:
    return f"{MISSING_PAGE}#{missing_anchor(missing.target)}"


def _missing_preview(wiki: Wiki, site: SiteInfo, missing: MissingNote) -> Preview:
    """A missing target's preview: the notes that want it."""
    key = _missing_key(missing)
    linker = _linker(wiki, site, MISSING_PAGE)
    shown = [linker.to_note(slug) for slug in missing.referrers[:WANTERS_SHOWN]]
    links = ", ".join(f'<a class="internal" href="{escape(r.href)}">{escape(r.title)}</a>' for r in shown)
    more = len(missing.referrers) - len(shown)
    tail = f" and {more} more" if more > 0 else ""
    html = f'<p class="nf-preview-wanted">No note yet. Wanted by: {links}{tail}.</p>'
    return Preview(key, key, missing.target, None, "", html, missing=True)


def _linker(wiki: Wiki, site: SiteInfo, page: str) -> Linker:
    """A linker for one preview (its own transclusion budget), making URLs from ``page``."""
    return Linker(wiki, page, site.labels)


def _cut(html: str) -> str:
    """The first top-level blocks of ``html`` holding :data:`EXCERPT_CHARS` characters of text."""
    return next((html[:start] for start, _, text in _blocks(html) if text >= EXCERPT_CHARS), html)


def _excerpt(html: str) -> str:
    """Filled-in note HTML made fit to show on any page: without ids (they would repeat the
    page's), and, when too large even so (a long first block, a big transclusion), reduced
    to its text, cut."""
    if len(html) > EXCERPT_HTML:
        text = _plain(html)[:EXCERPT_CHARS].rsplit(" ", 1)[0]
        return f"<p>{escape(text)}…</p>"
    return _TAG.sub(lambda tag: _ID.sub("", tag.group()), html)


def _without_heading(html: str) -> tuple[str, str]:
    """A section's heading text and the HTML after it (``("", html)`` if it has none)."""
    blocks = _blocks(html)
    first, second = next(blocks, None), next(blocks, None)
    if first is None or second is None or first[1] not in _HEADINGS:
        return "", html
    return _plain(html[first[0] : second[0]]), html[second[0] :]


def _plain(html: str) -> str:
    """The text of some HTML, whitespace collapsed."""
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def _blocks(html: str) -> Iterator[tuple[int, str, int]]:
    """Where each top-level element (or run of text) of sanitised HTML starts, its tag
    (``""`` for text), and how many characters of text come before it."""
    depth = end = text = counted = 0
    for tag in _TAG.finditer(html):
        if depth == 0 and html[end : tag.start()].strip():
            text += _text_length(html[counted:end])
            counted = end
            yield end, "", text
        closing, name = tag.group(1, 2)
        if closing:
            depth = max(0, depth - 1)
        else:
            if depth == 0:
                text += _text_length(html[counted : tag.start()])
                counted = tag.start()
                yield counted, name.lower(), text
            if name.lower() not in _VOID and not tag.group().endswith("/>"):
                depth += 1
        end = tag.end()
    if depth == 0 and html[end:].strip():
        yield end, "", text + _text_length(html[counted:end])


def _text_length(html: str) -> int:
    """How many characters of text some HTML holds, not counting the space around it."""
    text = _TAG.sub("", html).strip()
    return len(unescape(text)) if "&" in text else len(text)


def _json(value: object) -> str:
    """Compact, sorted JSON with no ``<`` at all, so it can neither end a ``<script>``
    element nor open a comment in one."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace(
        "<", "\\u003c"
    )
