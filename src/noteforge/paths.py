"""Path algebra: note slugs, heading anchors, page paths and relative URLs.

Every URL in the site is relative and names its file (``../notes/smic.html``), so pages
work opened from disk (``file://``) and served from any sub-path.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import date
from urllib.parse import quote

_UNSAFE_IN_SLUG = re.compile(r"[\s?#%&\"'<>\\:*|^`{}\[\]]+")
_DASHES = re.compile(r"-{2,}")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-|$)")
_HEADING_DROP = re.compile(r"[^\w\- ]")

NOTES_FOLDER = "notes"
FOLDERS_FOLDER = "folders"
BASES_FOLDER = "bases"
EXPLORER_DATA_FOLDER = "assets/explorer"
# Attachments a browser would show as a page (and whose scripts it would run).
_PAGE_SUFFIXES = (
    ".html",
    ".htm",
    ".xhtml",
    ".xht",
    ".shtml",
    ".mht",
    ".mhtml",
    ".xml",
    ".xsl",
    ".xslt",
    ".svgz",
)

# The longest file name most file systems take (NAME_MAX), in bytes.
NAME_MAX = 255
_PAGE_SUFFIX = ".html"
_DIGEST_CHARS = 16


def display_path(path: str) -> str:
    """A path as shown: bytes of a file name that are not UTF-8 (kept by ``os.fsdecode`` as
    lone surrogates) become U+FFFD, so the text can be written anywhere."""
    if path.isascii():  # most paths: nothing to replace
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def without_md(path: str) -> str:
    """A note path without its ``.md`` suffix (in any case)."""
    return path[:-3] if path.lower().endswith(".md") else path


def note_slug(path: str) -> str:
    """The slug of a note from its path relative to the notes folder: ``Sources/A b.md`` → ``sources/a-b``."""
    parts = [_slug_part(part) for part in without_md(path).split("/")]
    return "/".join(part for part in parts if part) or "untitled"


def _slug_part(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    text = _UNSAFE_IN_SLUG.sub("-", text)
    return _DASHES.sub("-", text).strip("-.")


def is_date_prefixed(slug: str) -> bool:
    """Whether the note's file name starts with an ISO date, the mark of a source note."""
    return bool(_DATE_PREFIX.match(slug.rsplit("/", 1)[-1]))


def date_prefix(slug: str) -> date | None:
    """The date a note's file name starts with (``2026-05-22-report`` → 2026-05-22)."""
    if not is_date_prefixed(slug):
        return None
    try:
        return date.fromisoformat(slug.rsplit("/", 1)[-1][:10])
    except ValueError:
        return None


def heading_slug(text: str) -> str:
    """The anchor of a heading, GitHub style: ``Key facts`` → ``key-facts``. Used for every anchor."""
    text = unicodedata.normalize("NFC", text).strip().casefold()
    return _HEADING_DROP.sub("", text).replace(" ", "-")


def note_page(slug: str) -> str:
    """The site path of a note's page; a name too long for a file is shortened (:func:`_fitting_name`)."""
    return f"{NOTES_FOLDER}/{_page_path(slug)}"


# Each page links to dozens of notes, each named by its page path: worked out once per build.
@functools.lru_cache(maxsize=1 << 17)
def _page_path(slug: str) -> str:
    *folders, name = slug.split("/")
    return "/".join([*(_fitting_name(folder, "") for folder in folders), _fitting_name(name, _PAGE_SUFFIX)])


def _fitting_name(name: str, suffix: str) -> str:
    """``name + suffix``, or, when that is longer than ``NAME_MAX`` bytes, the name cut to fit
    followed by ``-`` and a digest of the whole name, so distinct long names stay distinct."""
    if len((name + suffix).encode("utf-8")) <= NAME_MAX:
        return name + suffix
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]
    room = NAME_MAX - len(suffix) - len(digest) - 1
    kept = name.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{kept}-{digest}{suffix}"


def base_page(path: str) -> str:
    """The site path of an Obsidian base's page: ``Templates/Movies.base`` →
    ``bases/templates/movies.html``."""
    stem = path[: -len(".base")] if path.lower().endswith(".base") else path
    return f"{BASES_FOLDER}/{_page_path(note_slug(stem))}"


def note_folder(slug: str) -> str:
    """A note's folder as its slug spells it: ``sources/2026/a-b`` → ``sources/2026``, ``""`` at the root."""
    return slug.rpartition("/")[0]


def folder_page(folder: str) -> str:
    """The site path of a folder's page, from the folder as note slugs spell it: ``sources/2026`` →
    ``folders/sources/2026.html``."""
    return f"{FOLDERS_FOLDER}/{_page_path(folder)}"


def explorer_data(folder: str) -> str:
    """The site path of the script that lists a folder's entries for the explorer:
    ``sources/2026`` → ``assets/explorer/sources/2026.js``."""
    return f"{EXPLORER_DATA_FOLDER}/{_page_path(folder).removesuffix(_PAGE_SUFFIX)}.js"


def page_is_shortened(slug: str) -> bool:
    """Whether the page of the note with this slug has a name shortened to fit ``NAME_MAX``."""
    return _page_path(slug) != slug + _PAGE_SUFFIX


def note_page_is_shortened(path: str) -> bool:
    """Whether the page of the note at ``path`` has a shortened name (:func:`page_is_shortened`)."""
    # An ASCII name's slug is never longer than the name, so short ASCII paths need no slug.
    limit = NAME_MAX - len(_PAGE_SUFFIX)
    if path.isascii() and (len(path) <= limit or max(map(len, path.split("/"))) <= limit):
        return False
    return page_is_shortened(note_slug(path))


def tag_key(tag: str) -> str:
    """How tags are compared: case-insensitively, without ``#``."""
    return unicodedata.normalize("NFC", tag.lstrip("#")).casefold().strip("/")


def tag_page(tag: str) -> str:
    """The site path of a tag's page; nested tags nest (``area/sub`` → ``tags/area/sub.html``).

    Distinct tags get distinct pages: a part the slug cannot spell as it is (``?``, ``a b``)
    gets a digest of itself appended (``a b`` → ``a-b-<8 hex digits>``)."""
    return "tags/" + _page_path("/".join(_tag_slug_part(part) for part in tag_key(tag).split("/")))


def _tag_slug_part(part: str) -> str:
    slug = _slug_part(part)
    if slug and slug == part:
        return slug
    digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def attachment_file(path: str) -> str:
    """The site path of a copied attachment, under ``files/`` with its path in the wiki.

    A file a browser would open as a page, and run its scripts, is published as text: its
    name gets ``.txt`` (``page.html`` → ``page.html.txt``). So that no two attachments
    share a name, so does a name that is such a file's name plus ``.txt`` already."""
    base = path
    while base.lower().endswith(".txt"):
        base = base[:-4]
    return f"files/{path}.txt" if base.lower().endswith(_PAGE_SUFFIXES) else f"files/{path}"


def relative_url(from_page: str, to_page: str, fragment: str | None = None) -> str:
    """A percent-encoded URL that leads from one site page to another (or to an asset)."""
    here, _, _ = from_page.rpartition("/")
    there, slash, name = to_page.rpartition("/")
    url = _folder_url(here, there + slash) + _quoted(name)
    return f"{url}#{_quoted(fragment)}" if fragment else url


# A site has few folders and each page links to many files, so the way from one folder to
# another and the encoding of each name are computed once per build, not once per link.
@functools.lru_cache(maxsize=65536)
def _folder_url(here: str, there: str) -> str:
    """The encoded relative URL from the folder ``here`` to the folder ``there`` (``"a/b/"``)."""
    return quote(_relative_path(f"{here}/x" if here else "x", there + "x")[:-1], safe="/-._~")


@functools.lru_cache(maxsize=65536)
def _quoted(text: str) -> str:
    return quote(text, safe="-._~")


def _relative_path(from_page: str, to_page: str) -> str:
    """``posixpath.relpath`` for site paths (relative, normalised), without its file-system work."""
    here, there = from_page.split("/")[:-1], to_page.split("/")
    shared = 0
    while shared < len(here) and shared < len(there) - 1 and here[shared] == there[shared]:
        shared += 1
    return "/".join([".."] * (len(here) - shared) + there[shared:])


def root_prefix(page: str) -> str:
    """The relative path from a page back to the site root (``""`` or ``"../"``…)."""
    return "../" * page.count("/")
