"""Site model, part one: from a resolved link to the HTML a given page shows for it.

A :class:`Linker` belongs to one page. It makes relative URLs to notes, attachments and
missing targets, and it fills in the placeholders the parse stage left in note HTML:
links (``href="nf:<n>"``), images (``src="nf:<n>"``) and embeds (``<nf-embed>``).
Embedding a note transcludes the embedded part (the whole body, a heading's part or a
block), itself linked for the embedding page; an embed that would lead back into a
note already being embedded is shown as a link instead, so cycles end.

A Markdown link or image whose path is neither a note nor a file of the wiki stays a
link (or an image) to the path as written; only wikilinks lead to the missing-notes
page. Inside a link, an image or embed that cannot be shown as an image becomes its
text, so links never nest.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from urllib.parse import quote

from markupsafe import Markup, escape

from noteforge import limits
from noteforge.diagnostics import diagnostic
from noteforge.graph import Wiki
from noteforge.model import Diagnostic, Link, Note, Status
from noteforge.paths import attachment_file, heading_slug, note_page, relative_url
from noteforge.resolve import AttachmentTarget, NoteTarget, PathTarget, Target, UnpublishedTarget, lookup_key
from noteforge.syntax import placeholders, written_url
from noteforge.syntax.heading_links import without_heading_links

MISSING_PAGE = "missing.html"

_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico"}
_AUDIO = {".mp3", ".wav", ".ogg", ".m4a", ".flac"}
_VIDEO = {".mp4", ".mov", ".ogv", ".webm"}
_SIZE = re.compile(r"^(\d{1,5})(?:x(\d{1,5}))?$")
_ID_ATTRIBUTE = re.compile(r' id="[^"]*"')
# Markdown links never nest and sanitised HTML is well formed, so the first ``</a>`` closes it.
_ANCHOR = re.compile(r"(<a\b[^>]*>)(.*?)(</a>)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class StatusView:
    """A status badge: the status, its label and since when."""

    value: str
    label: str
    since: date | None


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A link as a page shows it; ``missing`` links lead to the missing-notes page, and one
    with no ``href`` (into a note without a page) is shown as its text."""

    title: str
    href: str
    missing: bool = False
    status: StatusView | None = None


def status_view(note: Note, labels: Mapping[Status, str]) -> StatusView | None:
    """The badge for a note's status, if it has one."""
    if note.status is None:
        return None
    return StatusView(note.status.value, labels[note.status], note.status_since)


def missing_anchor(target: str) -> str:
    """The anchor of a missing target on the missing-notes page."""
    return "missing-" + heading_slug(lookup_key(target))


def fragment_anchor(fragment: str | None) -> str:
    """The anchor a link fragment points at: the last heading of a chain, or a ``^block``."""
    if not fragment:
        return ""
    last = fragment.split("#")[-1].strip()
    return last if last.startswith("^") else heading_slug(last)


def fragment_label(fragment: str) -> str:
    """How a fragment is named to a reader: its (last) heading as written, or "block"."""
    last = fragment.split("#")[-1].strip()
    return "block" if last.startswith("^") else last


class QueryHtml(Protocol):
    """What fills a page's queries in (the site model's; the linker only asks)."""

    def block(self, note: Note, index: int, linker: Linker) -> str:
        """The HTML of query block ``index`` of ``note``, shown on the linker's page."""
        ...

    def base(self, path: str, view: str | None, this: Note, linker: Linker) -> str | None:
        """The HTML of a view of the base at ``path`` (its first when ``view`` is ``None``)
        embedded in ``this``; ``None`` when the base has no such view."""
        ...

    def base_page(self, path: str) -> str | None:
        """The site path of the base's own page (``None`` if it has none)."""
        ...


class Linker:
    """Makes the links of one page (and fills its queries in with ``queries``, if given)."""

    def __init__(
        self, wiki: Wiki, page: str, labels: Mapping[Status, str], queries: QueryHtml | None = None
    ) -> None:
        self.wiki = wiki
        self.page = page
        self.labels = labels
        self.queries = queries
        self._transcluded = 0
        self._transcluded_chars = 0
        self._top_embed: Link | None = None
        self.overrun: Link | None = None
        """The embed, in the HTML given to :meth:`note_html`, at which the budget ran out."""

    def relative(self, path: str, fragment: str | None = None) -> str:
        """The URL of a site path from this page."""
        return relative_url(self.page, path, fragment)

    def to_note(self, slug: str, fragment: str | None = None) -> NoteRef:
        """A link to a note (and a heading or block in it)."""
        note = self.wiki.note(slug)
        anchor = fragment_anchor(fragment)
        if anchor and note_page(slug) == self.page:
            return NoteRef(
                note.title, "#" + quote(anchor, safe="-._~"), False, status_view(note, self.labels)
            )
        url = relative_url(self.page, note_page(slug), anchor or None)
        return NoteRef(note.title, url, False, status_view(note, self.labels))

    def to_missing(self, written: str) -> NoteRef:
        """A link to a missing note's entry on the missing-notes page."""
        return NoteRef(written, relative_url(self.page, MISSING_PAGE, missing_anchor(written)), True)

    def to_target(self, target: Target, link: Link) -> NoteRef:
        """A link to where ``link`` was resolved: a note, an attachment, the missing page, the
        path as written, or nowhere (``href`` empty: a note without a page is shown as text)."""
        if isinstance(target, NoteTarget):
            return self.to_note(target.slug, link.fragment)
        if isinstance(target, AttachmentTarget):
            base = self.queries.base_page(target.path) if self.queries is not None else None
            page = base or attachment_file(target.path)
            return NoteRef(posixpath.basename(target.path), relative_url(self.page, page))
        if isinstance(target, PathTarget):
            return NoteRef(link.target, written_url(link.target, link.fragment))
        if isinstance(target, UnpublishedTarget):
            return NoteRef(link.target, "")
        return self.to_missing(link.target)

    def to_link(self, note: Note, index: int) -> NoteRef:
        """Where link ``index`` of ``note`` (its position in :attr:`Note.links`) leads."""
        return self.to_target(self.wiki.targets[note.slug][index], note.links[index])

    def note_html(self, note: Note, html: str, embedding: tuple[str, ...] = ()) -> Markup:
        """A note's HTML with its placeholders filled in for this page.

        ``embedding`` lists the notes being transcluded around this HTML, to stop cycles.
        A placeholder that does not carry this note's key was not made by noteforge (it
        came through raw HTML) and is reduced to its text.
        """
        if not _has_placeholder(html):
            return Markup(html)
        html = _ANCHOR.sub(lambda found: self._inside_link(note, found, embedding), html)
        html = placeholders.LINK.sub(lambda found: self._link(note, found), html)
        html = placeholders.IMAGE.sub(lambda found: self._image(note, found), html)
        html = placeholders.EMBED.sub(lambda found: self._embed(note, found, embedding), html)
        if "<nf-query" in html:
            html = placeholders.QUERY.sub(lambda found: self._query(note, found), html)
        return Markup(html)

    def _query(self, note: Note, found: re.Match[str]) -> str:
        """A query block's result; none where the page shows no queries (a hover preview)."""
        index = int(found.group(2))
        if found.group(1) != placeholders.key_of(note.digest) or index >= len(note.queries):
            return ""
        return self.queries.block(note, index, self) if self.queries is not None else ""

    def _inside_link(self, note: Note, found: re.Match[str], embedding: tuple[str, ...]) -> str:
        """A link's text with its images and embeds filled in as what may sit inside a link."""
        if not _has_placeholder(found.group(2)):
            return found.group(0)
        label = placeholders.IMAGE.sub(lambda image: self._image(note, image, in_link=True), found.group(2))
        label = placeholders.EMBED.sub(lambda embed: self._embed(note, embed, embedding, True), label)
        return found.group(1) + label + found.group(3)

    def _resolved(self, note: Note, found: re.Match[str]) -> tuple[Link, Target] | None:
        index = int(found.group(2))
        if found.group(1) != placeholders.key_of(note.digest) or index >= len(note.links):
            return None
        target = self.wiki.targets[note.slug][index]
        if isinstance(target, UnpublishedTarget):
            return None  # into a note with no page: its text only
        return note.links[index], target

    def _link(self, note: Note, found: re.Match[str]) -> str:
        resolved = self._resolved(note, found)
        if resolved is None:
            return found.group(4)
        link, target = resolved
        if isinstance(target, PathTarget):
            href = escape(written_url(link.target, link.fragment))
            return f'<a href="{href}"{found.group(3)}>{found.group(4)}</a>'
        return _anchor(self.to_target(target, link), found.group(4), found.group(3))

    def _image(self, note: Note, found: re.Match[str], in_link: bool = False) -> str:
        resolved = self._resolved(note, found)
        if resolved is None:
            return found.group(3)
        link, target = resolved
        if isinstance(target, PathTarget):
            src = escape(written_url(link.target, link.fragment))
            return f'<img src="{src}" alt="{found.group(3)}"{found.group(4)}>'
        ref = self.to_target(target, link)
        if not _is_image(link.target):
            return found.group(3) if in_link else _anchor(ref, found.group(3) or escape(link.target))
        return f'<img src="{escape(ref.href)}" alt="{found.group(3)}"{found.group(4)}>'

    def _embed(
        self, note: Note, found: re.Match[str], embedding: tuple[str, ...], in_link: bool = False
    ) -> str:
        resolved = self._resolved(note, found)
        if resolved is None:
            return ""
        link, target = resolved
        if not embedding:
            self._top_embed = link
        ref = self.to_target(target, link)
        if in_link and not (isinstance(target, AttachmentTarget) and _is_image(link.target)):
            return escape(link.label or ref.title)
        if isinstance(target, AttachmentTarget):
            shown = self._embedded_base(target.path, link, note) if found.group(3) == "block" else None
            return shown if shown is not None else _media(ref, link)
        if not isinstance(target, NoteTarget):
            return _anchor(ref, escape(link.target))
        embedded = self.wiki.note(target.slug)
        part = embedded.fragment_html(fragment_anchor(link.fragment))
        cycle = embedded.slug == note.slug or embedded.slug in embedding
        if found.group(3) != "block" or part is None or cycle or len(embedding) >= limits.EMBED_DEPTH:
            return _anchor(ref, escape(link.label or ref.title), ' data-embed="link"')
        if not self._spend(len(part)):
            self.overrun = self.overrun or self._top_embed
            return _anchor(ref, escape(link.label or ref.title), ' data-embed="budget"')
        shown = _ID_ATTRIBUTE.sub("", without_heading_links(part))
        inner = self.note_html(embedded, shown, (*embedding, note.slug))
        source = escape(ref.title) + (f" › {escape(fragment_label(link.fragment))}" if link.fragment else "")
        return (
            f'<div class="embed"><p class="embed-source"><a class="internal" href="{escape(ref.href)}">'
            f"{source}</a></p>{inner}</div>"
        )

    def _embedded_base(self, path: str, link: Link, note: Note) -> str | None:
        """An embedded base's view (``![[Movies.base#Favorites]]``), if it is one."""
        if self.queries is None or not path.lower().endswith(".base"):
            return None
        return self.queries.base(path, link.fragment, note, self)

    def _spend(self, chars: int) -> bool:
        """Take one transclusion of ``chars`` characters from the page's budget, if it allows."""
        if self._transcluded >= limits.EMBEDS_PER_PAGE:
            return False
        if self._transcluded_chars + chars > limits.EMBED_CHARS_PER_PAGE:
            return False
        self._transcluded += 1
        self._transcluded_chars += chars
        return True


def _has_placeholder(html: str) -> bool:
    """Whether ``html`` may hold a placeholder (a page fills in thousands of pieces, most
    of them, headings and link texts, without any)."""
    return '"nf:' in html or "<nf-embed" in html or "<nf-query" in html


def page_html(note: Note) -> tuple[str, ...]:
    """The pieces of a note's own HTML its page shows, in the order the page links them."""
    return (
        *(fact.html for fact in note.facts),
        *(question.html for question in note.open_questions),
        *(relation.html for relation in note.related),
        *(note.section_html(section) for section in note.sections),
    )


def transclusion_diagnostics(wiki: Wiki) -> tuple[Diagnostic, ...]:
    """NF142 for each note whose page runs out of its transclusion budget, at the embed
    (of the note itself) during which it ran out."""
    return tuple(problem for slug in wiki.embeds if (problem := transclusion_problem(wiki, slug)) is not None)


def transclusion_problem(wiki: Wiki, slug: str) -> Diagnostic | None:
    """NF142 if the page of the note ``slug`` runs out of its transclusion budget."""
    if slug not in wiki.embeds:
        return None
    note = wiki.note(slug)
    linker = Linker(wiki, note_page(slug), dict.fromkeys(Status, ""))
    for html in page_html(note):
        linker.note_html(note, html)
    if linker.overrun is None:
        return None
    budget = f"{limits.EMBEDS_PER_PAGE} embeds or {limits.EMBED_CHARS_PER_PAGE:,} characters"
    message = f"this page would transclude more than {budget}; later embeds are shown as links"
    return diagnostic("NF142", note.path, linker.overrun.line, linker.overrun.col, message)


def _anchor(ref: NoteRef, label: str, extra: str = "") -> str:
    """A link to a note, file or missing note. Only wikilinks and embeds go missing, and
    they carry no attributes of their own, so the ``title`` given here is the only one."""
    if ref.missing:
        title = escape(f"No note “{ref.title}” yet: see who wants it")
        return f'<a class="missing" href="{escape(ref.href)}" title="{title}"{extra}>{label}</a>'
    return f'<a class="internal" href="{escape(ref.href)}"{extra}>{label}</a>'


def _is_image(path: str) -> bool:
    return posixpath.splitext(path.casefold())[1] in _IMAGES


def _media(ref: NoteRef, link: Link) -> str:
    """An embedded attachment: an image (``|300`` or ``|300x200`` sizes it), audio, video or a link."""
    extension = posixpath.splitext(link.target.casefold())[1]
    src = escape(ref.href)
    if extension in _IMAGES:
        size = _SIZE.match(link.label or "")
        dimensions = ""
        if size:
            dimensions = f' width="{size.group(1)}"' + (f' height="{size.group(2)}"' if size.group(2) else "")
        alt = escape(link.label if link.label and not size else ref.title)
        return f'<img src="{src}" alt="{alt}"{dimensions}>'
    if extension in _AUDIO:
        return f'<audio controls src="{src}"><a href="{src}">{escape(ref.title)}</a></audio>'
    if extension in _VIDEO:
        return f'<video controls src="{src}"><a href="{src}">{escape(ref.title)}</a></video>'
    return f'<a class="attachment" href="{src}">{escape(link.label or ref.title)}</a>'
