"""The registry of diagnostic codes: one place that knows each code's meaning and default severity.

Stages create diagnostics with :func:`diagnostic` and return them; only the CLI prints.
Every code here has a section in ``docs/diagnostics.md``; a test keeps the two in step.
The first digit of a code names the stage: 1 read and parse, 2 resolve, 3 cache, 4 render,
9 internal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from noteforge.model import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code with its default severity and a short title."""

    code: str
    severity: Severity
    title: str


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("NF101", Severity.ERROR, "frontmatter is not valid YAML"),
        Code("NF102", Severity.ERROR, "frontmatter is not a mapping"),
        Code("NF103", Severity.WARNING, "unknown status"),
        Code("NF104", Severity.WARNING, "unknown note type"),
        Code("NF105", Severity.WARNING, "invalid date"),
        Code("NF106", Severity.WARNING, "frontmatter field has the wrong type"),
        Code("NF107", Severity.WARNING, "file or folder name is not valid UTF-8"),
        Code("NF108", Severity.WARNING, "file name too long for its page"),
        Code("NF109", Severity.ERROR, "frontmatter too complex"),
        Code("NF110", Severity.WARNING, "file is not valid UTF-8"),
        Code("NF111", Severity.ERROR, "file cannot be read"),
        Code("NF112", Severity.WARNING, "not a regular file inside the notes folder"),
        Code("NF113", Severity.WARNING, "binary file with a .md name"),
        Code("NF114", Severity.WARNING, "nesting too deep"),
        Code("NF115", Severity.WARNING, "frontmatter text holds an invalid character"),
        Code("NF121", Severity.INFO, "fact cites no source"),
        Code("NF122", Severity.WARNING, "related item names no note"),
        Code("NF130", Severity.WARNING, "status line disagrees with front matter"),
        Code("NF131", Severity.WARNING, "impossible status change"),
        Code("NF132", Severity.WARNING, "invalid status history"),
        Code("NF140", Severity.WARNING, "note too large"),
        Code("NF141", Severity.WARNING, "note too complex"),
        Code("NF142", Severity.WARNING, "transclusion budget spent"),
        Code("NF150", Severity.WARNING, "home note not found"),
        Code("NF170", Severity.INFO, "raw HTML partly removed"),
        Code("NF171", Severity.INFO, "image on another host not loaded"),
        Code("NF172", Severity.WARNING, "permalink not usable"),
        Code("NF201", Severity.WARNING, "unresolved link"),
        Code("NF202", Severity.WARNING, "ambiguous link"),
        Code("NF203", Severity.WARNING, "two notes would share a page URL"),
        Code("NF204", Severity.WARNING, "heading not found"),
        Code("NF205", Severity.WARNING, "block not found"),
        Code("NF206", Severity.ERROR, "embed cycle"),
        Code("NF207", Severity.WARNING, "alias claimed twice"),
        Code("NF208", Severity.WARNING, "identifier claimed twice"),
        Code("NF209", Severity.WARNING, "link to an unknown path"),
        Code("NF301", Severity.WARNING, "cache not usable"),
        Code("NF401", Severity.ERROR, "template syntax error"),
        Code("NF402", Severity.ERROR, "template uses an undefined name"),
        Code("NF403", Severity.ERROR, "template not found"),
        Code("NF404", Severity.ERROR, "template failed"),
        Code("NF405", Severity.ERROR, "theme file leads out of its folder"),
        # Query expressions (Bases syntax): noteforge.querylang.expr, noteforge.query.evaluate
        Code("NF501", Severity.ERROR, "query expression does not parse"),
        Code("NF502", Severity.WARNING, "unknown query function"),
        Code("NF503", Severity.WARNING, "query value of the wrong type"),
        Code("NF504", Severity.ERROR, "formula depends on itself"),
        Code("NF505", Severity.WARNING, "unknown formula"),
        Code("NF506", Severity.WARNING, "query value cannot be read"),
        Code("NF507", Severity.WARNING, "wrong number of arguments to a query function"),
        # Bases: noteforge.querylang.bases, noteforge.query.bases
        Code("NF520", Severity.ERROR, "base file is not valid YAML"),
        Code("NF521", Severity.ERROR, "base file is not a mapping"),
        Code("NF522", Severity.WARNING, "unknown key in a base file"),
        Code("NF523", Severity.WARNING, "base setting has the wrong type"),
        Code("NF524", Severity.WARNING, "invalid filter group"),
        Code("NF525", Severity.WARNING, "view type not supported"),
        Code("NF526", Severity.WARNING, "base view not found"),
        Code("NF527", Severity.WARNING, "unknown summary"),
        # Dataview: noteforge.querylang.dataview, noteforge.query.dataview, inline fields
        Code("NF540", Severity.ERROR, "Dataview query does not parse"),
        Code("NF541", Severity.WARNING, "Dataview construct not supported"),
        Code("NF542", Severity.WARNING, "Dataview value cannot be computed"),
        Code("NF543", Severity.WARNING, "unknown Dataview function"),
        Code("NF544", Severity.WARNING, "DataviewJS is not evaluated"),
        Code("NF900", Severity.ERROR, "internal error while processing a note"),
    )
}


# A message names at most this many files, so that one shared title or alias among
# thousands of notes gives messages of a few lines, not thousands of names each.
LISTED = 5


def listing(names: Sequence[str], total: int | None = None) -> str:
    """``names`` for a message, comma-separated, the first :data:`LISTED` only:
    ``a.md, b.md, c.md, d.md, e.md and 1995 more`` (``total``: how many there are, when
    ``names`` holds only the first ones)."""
    total = len(names) if total is None else total
    shown = ", ".join(names[:LISTED])
    return shown if total <= LISTED else f"{shown} and {total - LISTED} more"


def diagnostic(code: str, path: str, line: int, col: int, message: str) -> Diagnostic:
    """Create a diagnostic with the code's default severity."""
    return Diagnostic(path, line, col, CODES[code].severity, code, message)


def apply_severities(
    diagnostics: Iterable[Diagnostic], severities: tuple[tuple[str, str], ...]
) -> tuple[Diagnostic, ...]:
    """Give each code the severity the config asks for; ``ignore`` drops its diagnostics."""
    wanted = dict(severities)
    return tuple(
        dataclasses.replace(d, severity=Severity(wanted[d.code])) if d.code in wanted else d
        for d in diagnostics
        if wanted.get(d.code) != "ignore"
    )


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Sort by place then code, dropping exact duplicates."""
    return tuple(sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.code, d.message)))


def count_by_severity(diagnostics: Iterable[Diagnostic]) -> dict[Severity, int]:
    """How many diagnostics there are of each severity."""
    counts = dict.fromkeys(Severity, 0)
    for d in diagnostics:
        counts[d.severity] += 1
    return counts
