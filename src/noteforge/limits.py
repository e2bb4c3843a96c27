"""The per-note and per-page budgets: how much work one note may cause, in one place.

Every stage that bounds its work reads its limit from here, and docs/note-format.md
("Limits") lists each one with what happens beyond it. A note over a limit is not lost:
its text is shown as it is written, and a diagnostic says which limit it crossed.
"""

from __future__ import annotations

NOTE_BYTES = 1024 * 1024
"""A note file larger than this is not parsed as Markdown: its body is shown as plain text (NF140)."""

NOTE_TOKENS = 200_000
"""A note whose Markdown makes more tokens than this (inline ones included) is shown as plain text (NF141)."""

NOTE_LINKS = 10_000
"""A note with more links than this in its body is shown as plain text (NF141)."""

LABEL_SCAN_BASE = 20_000
LABEL_SCAN_PER_CHAR = 4
"""The steps markdown-it's scans for the ``]`` of a link label may take in one paragraph:
``LABEL_SCAN_BASE`` plus ``LABEL_SCAN_PER_CHAR`` per character of it. Beyond them the
paragraph's later brackets are text (NF141). A step skips one token, so ordinary notes
stay far below; a run of ``[`` takes about ``NESTING`` steps per bracket."""

NESTING = 100
"""Block quotes and lists nest at most this deep (a list level counts twice); deeper is plain text (NF114)."""

EMBED_DEPTH = 8
"""Notes transcluded inside one another at most this deep; a deeper embed is shown as a link."""

EMBEDS_PER_PAGE = 200
"""At most this many notes (or parts of notes) are transcluded into one page (NF142 beyond)."""

EMBED_CHARS_PER_PAGE = 1_000_000
"""At most this many characters of transcluded HTML go into one page (NF142 beyond)."""
