"""Front matter: YAML read safely from the ``front_matter`` token, then checked field by field.

YAML is loaded the YAML 1.2 way (:mod:`noteforge.yaml12`): ``status: no`` stays the text
"no" and dates stay dates. Errors point at the file line, front matter delimiters included.
Wikilinks written inside the values of other keys (``up: "[[Parent]]"``) are found
here too, with their file position, and become ``property`` links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from markdown_it.token import Token

from noteforge.config import ParseSettings
from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic, Status, StatusChange
from noteforge.syntax.wikilinks import split_wikilink
from noteforge.yaml12 import YamlDocument, YamlTooComplex, parse_yaml

# Fields the parser understands; every other key becomes a display property.
NOTE_FIELDS = frozenset(
    {
        "title", "type", "status", "status_since", "since", "status_history", "tags", "aliases", "alias",
        "summary", "description", "cssclasses", "cssclass", "permalink", "publish",
    }
)  # fmt: skip

WIKILINK_IN_VALUE = re.compile(r"\[\[([^\[\]\n]+)\]\]")
_ISO_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CSS_CLASS = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]{0,63}")
# A permalink's segments: letters, digits, "-", "_" and inner dots (never "." or "..").
_PERMALINK_SEGMENT = re.compile(r"[A-Za-z0-9_-](?:[A-Za-z0-9._-]{0,99}[A-Za-z0-9_-])?")
_PERMALINK_MAX = 200


# Keys whose values name the note itself; a wikilink there is not a link to another note.
_NAME_FIELDS = frozenset({"title", "aliases", "alias", "tags"})


def _has_wikilink(key: str, value: Any) -> bool:
    """Whether a note field holds wikilinks (``type: "[[Directors]]"`` in Obsidian vaults),
    which then also shows as a property so the links stay visible."""
    return key not in _NAME_FIELDS and any(WIKILINK_IN_VALUE.search(text) for text in _strings_in(value))


@dataclass(frozen=True, slots=True)
class PropertyLink:
    """A wikilink found in a front matter value, with its place in the file."""

    raw: str
    target: str
    fragment: str | None
    label: str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The checked note fields found in front matter (``None`` where absent or invalid)."""

    title: str | None = None
    type: str | None = None
    status: Status | None = None
    status_since: date | None = None
    summary: str | None = None
    status_history: tuple[StatusChange, ...] = ()
    created: date | None = None
    updated: date | None = None
    published: date | None = None
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    properties: tuple[tuple[str, str], ...] = ()
    property_links: tuple[tuple[str, PropertyLink], ...] = ()
    css_classes: tuple[str, ...] = ()
    permalink: str | None = None
    publish: bool = True


def read_front_matter(
    token: Token | None, path: str, settings: ParseSettings
) -> tuple[FrontMatter, tuple[Diagnostic, ...]]:
    """Load and check the front matter token (``None`` if the note has none)."""
    if token is None:
        return FrontMatter(), ()
    document, data, diagnostics = _load_yaml(token.content, path)
    if document is None or data is None:
        return FrontMatter(), diagnostics
    checker = _FieldChecker(path, token.content, document, settings)
    return checker.check(data), diagnostics + tuple(checker.diagnostics)


def _property_links(
    data: dict[str, Any], yaml_text: str, positions: dict[str, tuple[int, int]]
) -> Iterator[tuple[str, PropertyLink]]:
    """Every ``[[wikilink]]`` in the values of keys other than the note's own names, by key."""
    lines = yaml_text.split("\n")
    for key, value in data.items():
        if key in _NAME_FIELDS:
            continue
        first_line = positions.get(key, (1, 1))[0] - 1
        searched_from = (first_line, 0)
        for text in _strings_in(value):
            for found in WIKILINK_IN_VALUE.finditer(text):
                raw = found.group()
                searched_from = _find_from(lines, raw, searched_from)
                target, fragment, label = split_wikilink(found.group(1))
                line, col = searched_from
                # +2: 1-based, and the YAML starts on the line after the opening ``---``
                yield key, PropertyLink(raw, target, fragment, label, line + 2, col + 1)
                searched_from = (line, col + len(raw))


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)


def _find_from(lines: list[str], raw: str, start: tuple[int, int]) -> tuple[int, int]:
    """The next ``(line, col)`` at or after ``start`` where ``raw`` is written (0-based)."""
    line, col = start
    for index in range(line, len(lines)):
        found = lines[index].find(raw, col if index == line else 0)
        if found >= 0:
            return index, found
    return start


def _load_yaml(
    text: str, path: str
) -> tuple[YamlDocument | None, dict[str, Any] | None, tuple[Diagnostic, ...]]:
    try:
        document = parse_yaml(text)
    except YamlTooComplex as error:
        return None, None, (_too_complex(error, path),)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        message = f"frontmatter is not valid YAML: {problem}; frontmatter ignored"
        return None, None, (diagnostic("NF101", path, line, col, message),)
    except yaml.YAMLError as error:
        return None, None, (diagnostic("NF101", path, 1, 1, f"frontmatter is not valid YAML: {error}"),)
    data = document.data
    replaced = tuple(_replaced_surrogates(document, path))
    if data is None:
        return document, {}, replaced
    if not isinstance(data, dict):
        kind = type(data).__name__
        message = f"frontmatter must be a mapping of keys to values, not a {kind}; frontmatter ignored"
        return None, None, (diagnostic("NF102", path, 2, 1, message),)
    return document, {str(key): value for key, value in data.items()}, replaced


def _too_complex(error: YamlTooComplex, path: str) -> Diagnostic:
    mark = error.problem_mark
    line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
    return diagnostic("NF109", path, line, col, f"frontmatter {error.problem}; frontmatter ignored")


def _replaced_surrogates(document: YamlDocument, path: str) -> Iterator[Diagnostic]:
    message = "text holds a lone surrogate escape (such as \\udc80); replaced with U+FFFD"
    for line, col in document.replaced:
        # +2: 1-based, and the YAML starts on the line after the opening ``---``
        yield diagnostic("NF115", path, line + 2, col + 1, message)


class _FieldChecker:
    """Turns raw YAML values into typed fields, collecting a diagnostic per bad value."""

    def __init__(self, path: str, yaml_text: str, document: YamlDocument, settings: ParseSettings) -> None:
        self.path = path
        self.yaml_text = yaml_text
        self.document = document
        self.positions = document.key_positions()
        self.note_types = settings.note_types
        self.identifier_keys = settings.identifier_keys
        self.status_named = settings.status_named
        self.diagnostics: list[Diagnostic] = []

    def check(self, data: dict[str, Any]) -> FrontMatter:
        data = {key: value for key, value in data.items() if value not in (None, "", [], {})}
        return FrontMatter(
            title=self._text(data, "title"),
            type=self._type(data),
            status=self._status(data),
            status_since=self._date(data, "status_since") or self._date(data, "since"),
            status_history=self._history(data),
            created=self._date(data, "created"),
            updated=self._date(data, "updated"),
            published=self._date(data, "date"),
            identifiers=_unique_identifiers(
                (key, value)
                for key in data
                if key.casefold() in self.identifier_keys
                for value in self._strings(data, key)
            ),
            summary=self._text(data, "summary") or self._text(data, "description"),
            tags=tuple(tag.lstrip("#") for tag in self._strings(data, "tags")),
            aliases=self._strings(data, "aliases") + self._strings(data, "alias"),
            properties=tuple(
                (key, display_value(value))
                for key, value in data.items()
                if key not in NOTE_FIELDS or _has_wikilink(key, value)
            ),
            property_links=tuple(_property_links(data, self.yaml_text, self.positions)),
            css_classes=self._css_classes(data),
            permalink=self._permalink(data),
            publish=self._publish(data),
        )

    def _css_classes(self, data: dict[str, Any]) -> tuple[str, ...]:
        """``cssclasses`` (or the older ``cssclass``): the safe class names, each once;
        a value that is no class name is dropped with NF106."""
        found: dict[str, None] = {}
        for key in ("cssclasses", "cssclass"):
            for value in self._strings(data, key):
                for name in value.split():
                    if _CSS_CLASS.fullmatch(name):
                        found[name] = None
                    else:
                        self._report("NF106", key, f'`{key}`: "{name}" is not a CSS class name')
        return tuple(found)

    def _permalink(self, data: dict[str, Any]) -> str | None:
        """A relative path of safe segments, without slashes at its ends; else NF172."""
        value = self._text(data, "permalink")
        if value is None:
            return None
        path = value.strip("/").removesuffix(".html")
        segments = path.split("/")
        if len(path) > _PERMALINK_MAX or not all(_PERMALINK_SEGMENT.fullmatch(s) for s in segments):
            self._report("NF172", "permalink", f'permalink "{value}" is not a relative path of safe segments')
            return None
        return path

    def _publish(self, data: dict[str, Any]) -> bool:
        value = data.get("publish", True)
        if not isinstance(value, bool):
            self._report(
                "NF106", "publish", f"`publish` should be true or false, not {display_value(value)!r}"
            )
            return True
        return value

    def _report(self, code: str, key: str, message: str) -> None:
        line, col = self.positions.get(key, (1, 1))
        # +1: the YAML starts on the line after the opening ``---``
        self.diagnostics.append(diagnostic(code, self.path, line + 1, col, message))

    def _text(self, data: dict[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self._report("NF106", key, f"`{key}` should be text, not a {type(value).__name__}")
            return None
        return str(value).strip() or None

    def _strings(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value):
            return tuple(str(item).strip() for item in value if item is not None and str(item).strip())
        self._report("NF106", key, f"`{key}` should be a list of text or a comma-separated text")
        return ()

    def _type(self, data: dict[str, Any]) -> str | None:
        value = self._text(data, "type")
        if value is None:
            return None
        value = value.casefold()
        if value not in self.note_types:
            expected = ", ".join(self.note_types)
            self._report("NF104", "type", f'unknown note type "{value}" (expected one of {expected})')
        return value

    def _status(self, data: dict[str, Any]) -> Status | None:
        value = self._text(data, "status")
        if value is None:
            return None
        status = self.status_named(value)
        if status is None:
            self._report(
                "NF103", "status", f'unknown status "{value}" (expected hypothesis, active or retired)'
            )
        return status

    def _history(self, data: dict[str, Any]) -> tuple[StatusChange, ...]:
        """``status_history: [{date, status, reason}]``, oldest first; bad entries are reported."""
        entries = data.get("status_history")
        if entries is None:
            return ()
        if not isinstance(entries, list):
            self._report(
                "NF132", "status_history", "`status_history` should be a list of {date, status, reason}"
            )
            return ()
        key_line = self.positions.get("status_history", (1, 1))[0]
        lines = self.document.item_lines("status_history")
        history = []
        for number, entry in enumerate(entries, 1):
            # +1: the YAML starts on the line after the opening ``---``
            line = (lines[number - 1] if number <= len(lines) else key_line) + 1
            change = _status_change(entry, line, self.status_named)
            if change is None:
                self._report(
                    "NF132",
                    "status_history",
                    f"status_history entry {number} needs a date and a known status",
                )
            else:
                history.append(change)
        return tuple(sorted(history, key=lambda change: change.when))

    def _date(self, data: dict[str, Any], key: str) -> date | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            advice = "no such day" if _ISO_DATE_SHAPE.fullmatch(str(value).strip()) else "write YYYY-MM-DD"
            self._report("NF105", key, f'`{key}` is not a date: "{value}" ({advice})')
            return None


def _unique_identifiers(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Identifiers in order, each once (compared case-insensitively)."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for key, value in pairs:
        seen.setdefault((key.casefold(), value.casefold()), (key, value))
    return tuple(seen.values())


def _status_change(
    entry: Any, line: int, status_named: Callable[[str], Status | None]
) -> StatusChange | None:
    if not isinstance(entry, dict):
        return None
    when, status = entry.get("date"), status_named(str(entry.get("status", "")))
    if isinstance(when, datetime):
        when = when.date()
    if not isinstance(when, date) or status is None:
        return None
    reason = str(entry["reason"]).strip() if entry.get("reason") else None
    return StatusChange(when, status, reason, line)


def display_value(value: Any) -> str:
    """A frontmatter value as one line of text for the page."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(display_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {display_value(item)}" for key, item in value.items())
    return str(value)
