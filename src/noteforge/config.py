"""Build settings, one frozen value per stage, and the config file that sets them.

:class:`ParseSettings` is all that parse reads; :class:`SiteSettings` all that the site
model and the report read. Each has a stable :attr:`~ParseSettings.digest`, so a cache
keyed by one is not invalidated by a change to the other. ``noteforge.yaml`` loads into a
:class:`Config`: both, plus the folders and ``ignore`` patterns of the project. It sets the
site title, raw HTML and image options, and per-code diagnostic severities; everything
else has defaults describing the seed's note format. The file is validated: an unknown
key or a wrong value is an error naming the file, line and key.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from noteforge.diagnostics import CODES
from noteforge.errors import NoteforgeError
from noteforge.model import SectionKind, Status
from noteforge.theme import builtin_note_types

CONFIG_FILE = "noteforge.yaml"
SEVERITY_CHOICES = ("error", "warning", "info", "ignore")

DEFAULT_SECTION_NAMES: tuple[tuple[SectionKind, tuple[str, ...]], ...] = (
    (SectionKind.WHY, ("why it matters",)),
    (SectionKind.FACTS, ("key facts", "facts")),
    (SectionKind.QUESTIONS, ("open questions", "questions")),
    (SectionKind.RELATED, ("related", "see also")),
)

# A trailing sentence of a fact that contains one of these is its qualifier, kept apart
# from the claim: "Huawei claim; not independently benchmarked."
DEFAULT_QUALIFIER_PHRASES: tuple[str, ...] = (
    "claim",
    "not independently",
    "unconfirmed",
    "unverified",
    "reportedly",
    "alleged",
    "rumour",
    "rumor",
    "according to",
    "self-reported",
    "estimate",
    "speculative",
    "disputed",
    "unaudited",
)


# The sections a note of each type is expected to have (the gaps report and the
# completeness score on note pages); types not listed have no expectation.
DEFAULT_EXPECTED_SECTIONS: tuple[tuple[str, tuple[SectionKind, ...]], ...] = (
    ("entity", (SectionKind.WHY, SectionKind.FACTS, SectionKind.QUESTIONS, SectionKind.RELATED)),
    ("thesis", (SectionKind.WHY, SectionKind.FACTS, SectionKind.QUESTIONS, SectionKind.RELATED)),
    ("question", (SectionKind.WHY, SectionKind.QUESTIONS, SectionKind.RELATED)),
    ("topic", (SectionKind.WHY, SectionKind.RELATED)),
    ("source", (SectionKind.FACTS,)),
)

DEFAULT_IDENTIFIER_KEYS: tuple[str, ...] = ("tickers", "ticker", "isin", "lei", "cik", "figi")

# The words a front matter `status:` may use for each status, and each status's badge.
DEFAULT_STATUS_WORDS: tuple[tuple[str, Status], ...] = (
    ("hypothesis", Status.HYPOTHESIS),
    ("new hypothesis", Status.HYPOTHESIS),
    ("active", Status.ACTIVE),
    ("active thesis", Status.ACTIVE),
    ("thesis", Status.ACTIVE),
    ("retired", Status.RETIRED),
)
DEFAULT_STATUS_LABELS: tuple[tuple[Status, str], ...] = (
    (Status.HYPOTHESIS, "Hypothesis"),
    (Status.ACTIVE, "Active thesis"),
    (Status.RETIRED, "Retired"),
)


class View(StrEnum):
    """A research view the ``views:`` option may force on or off; without it, a view is on
    when it has something to show (:mod:`noteforge.views` decides)."""

    THESES = "theses"
    CLAIMS = "claims"
    QUESTIONS = "questions"
    GAPS = "gaps"
    IDENTIFIERS = "identifiers"
    GRAPH = "graph"


@dataclass(frozen=True, slots=True)
class HomeOption:
    """The ``home:`` option: the note to show as the landing page, and where the option is written."""

    name: str
    source: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """What parse reads, and nothing else: a note's record depends only on its path, its
    bytes and these. Their :attr:`digest` keys the parse cache and the parser memo, so a
    setting that only the site shows (the title…) re-parses nothing."""

    section_names: tuple[tuple[SectionKind, tuple[str, ...]], ...] = DEFAULT_SECTION_NAMES
    # The known types are those with a note template; a wiki's own theme adds its own
    # (:func:`noteforge.project.find_project`).
    note_types: tuple[str, ...] = dataclasses.field(default_factory=builtin_note_types)
    qualifier_phrases: tuple[str, ...] = DEFAULT_QUALIFIER_PHRASES
    identifier_keys: tuple[str, ...] = DEFAULT_IDENTIFIER_KEYS
    status_words: tuple[tuple[str, Status], ...] = DEFAULT_STATUS_WORDS
    trusted_html: bool = False
    external_images: bool = False

    @property
    def digest(self) -> str:
        """SHA-256 of these settings, the same in every process (:func:`settings_digest`)."""
        return settings_digest(self)

    def status_named(self, word: str) -> Status | None:
        """The status a front matter word names (``hypothesis``, ``active thesis``…), if any."""
        return dict(self.status_words).get(" ".join(word.casefold().split()))

    def section_kind(self, heading: str) -> SectionKind:
        """The research section a heading opens, compared case-insensitively."""
        key = normalise_heading(heading)
        for kind, names in self.section_names:
            if key in names:
                return kind
        return SectionKind.OTHER

    def is_section_heading(self, line: str) -> bool:
        """Whether a plain line of text names a research section (the seed's headings)."""
        return self.section_kind(line) is not SectionKind.OTHER


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What the site model and the report read: the title, labels, research thresholds,
    the views and the diagnostics' severities. ``qualifier_phrases`` is parse's list,
    which the claims page names."""

    site_title: str = "Research notes"
    base_url: str = ""
    severities: tuple[tuple[str, str], ...] = ()
    status_labels: tuple[tuple[Status, str], ...] = DEFAULT_STATUS_LABELS
    stale_after_days: int = 365
    expected_sections: tuple[tuple[str, tuple[SectionKind, ...]], ...] = DEFAULT_EXPECTED_SECTIONS
    qualifier_phrases: tuple[str, ...] = DEFAULT_QUALIFIER_PHRASES
    home: HomeOption | None = None
    views: tuple[tuple[View, bool], ...] = ()

    @property
    def digest(self) -> str:
        """SHA-256 of these settings, the same in every process (:func:`settings_digest`)."""
        return settings_digest(self)

    def view_forced(self, view: View) -> bool | None:
        """Whether the ``views:`` option turns a view on (``True``) or off (``False``); ``None``: not set."""
        return dict(self.views).get(view)

    def expected_for(self, note_type: str) -> tuple[SectionKind, ...]:
        """The sections a note of this type should have."""
        return dict(self.expected_sections).get(note_type, ())


@dataclass(frozen=True, slots=True)
class Config:
    """What ``noteforge.yaml`` says: the settings of each stage, the ``ignore`` patterns
    discovery uses, and the notes and output folders (relative to the file's folder).
    No stage takes it whole; :mod:`noteforge.project` hands each its part."""

    parse: ParseSettings = dataclasses.field(default_factory=ParseSettings)
    site: SiteSettings = dataclasses.field(default_factory=SiteSettings)
    ignore: tuple[str, ...] = ()
    notes_dir: str = "notes"
    output_dir: str = "site"


@functools.lru_cache(maxsize=32)
def settings_digest(settings: ParseSettings | SiteSettings) -> str:
    """SHA-256 of the settings' class name and canonical JSON (msgspec: fields in
    declaration order, enums as their values), never of ``repr``."""
    import msgspec  # not needed by a build that finds its site up to date before this

    digest = hashlib.sha256(type(settings).__name__.encode("ascii") + b"\0")
    digest.update(msgspec.json.encode(settings))
    return digest.hexdigest()


def normalise_heading(text: str) -> str:
    """Heading text as compared against section names: lower case, no trailing colon or markup."""
    return text.strip().strip("*_#").strip().rstrip(":").strip().casefold()


CONFIG_KEYS = (
    "site_title",
    "base_url",
    "notes",
    "output",
    "ignore",
    "trusted_html",
    "external_images",
    "diagnostics",
    "qualifiers",
    "stale_after_days",
    "identifier_keys",
    "expected_sections",
    "section_names",
    "statuses",
    "home",
    "views",
)
_SECTION_KEYS = {
    kind.value: kind for kind in SectionKind if kind not in {SectionKind.INTRO, SectionKind.OTHER}
}
_STATUS_FIELDS = ("label", "words")
_PARSE_DEFAULTS = ParseSettings()
_SITE_DEFAULTS = SiteSettings()


def parse_config(text: str, source: str) -> Config:
    """Read ``noteforge.yaml`` text; ``source`` names the file in error messages."""
    import yaml  # only when there is a config file: a build without one never loads PyYAML

    from noteforge.yaml12 import parse_yaml

    try:
        document = parse_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise NoteforgeError(f"{where}: not valid YAML: {error.problem}") from error
    data = document.data
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise NoteforgeError(f"{source}:1:1: the config must be a mapping of keys to values")
    check = _ConfigChecker(source, document.key_positions())
    check.reject_unknown(data)
    qualifier_phrases = _PARSE_DEFAULTS.qualifier_phrases + check.words(data, "qualifiers")
    parse = ParseSettings(
        section_names=check.section_names(data.get("section_names")),
        qualifier_phrases=qualifier_phrases,
        identifier_keys=(
            check.words(data, "identifier_keys") if "identifier_keys" in data else DEFAULT_IDENTIFIER_KEYS
        ),
        status_words=DEFAULT_STATUS_WORDS + check.status_words(data.get("statuses")),
        trusted_html=check.flag(data, "trusted_html", _PARSE_DEFAULTS.trusted_html),
        external_images=check.flag(data, "external_images", _PARSE_DEFAULTS.external_images),
    )
    site = SiteSettings(
        site_title=check.text(data, "site_title", _SITE_DEFAULTS.site_title),
        base_url=check.url(data, "base_url"),
        severities=check.severities(data.get("diagnostics")),
        status_labels=check.status_labels(data.get("statuses")),
        stale_after_days=check.days(data, "stale_after_days", _SITE_DEFAULTS.stale_after_days),
        expected_sections=check.expected_sections(data.get("expected_sections")),
        qualifier_phrases=qualifier_phrases,
        home=check.home(data),
        views=check.views(data.get("views")),
    )
    return Config(
        parse=parse,
        site=site,
        ignore=check.patterns(data, "ignore"),
        notes_dir=check.folder(data, "notes", "notes"),
        output_dir=check.folder(data, "output", "site"),
    )


class _ConfigChecker:
    """Validates config values, raising one clear error for the first problem."""

    def __init__(self, source: str, positions: dict[str, tuple[int, int]]) -> None:
        self.source = source
        self.positions = positions

    def fail(self, key: str, message: str) -> NoteforgeError:
        line, col = self.positions.get(key, (1, 1))
        return NoteforgeError(f"{self.source}:{line}:{col}: {message}")

    def text(self, data: dict[str, Any], key: str, default: str) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"`{key}` must be a non-empty text")
        return value.strip()

    def flag(self, data: dict[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"`{key}` must be true or false, not {value!r}")
        return value

    def url(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (value and not value.startswith(("http://", "https://"))):
            raise self.fail(key, f"`{key}` must be an http(s) URL such as https://example.org/wiki/")
        return value.rstrip("/") + "/" if value else ""

    def words(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(key, f"`{key}` must be a list of texts")
        return tuple(item.strip().casefold() for item in value)

    def days(self, data: dict[str, Any], key: str, default: int) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self.fail(key, f"`{key}` must be a whole number of days, at least 1")
        return value

    def expected_sections(self, value: Any) -> tuple[tuple[str, tuple[SectionKind, ...]], ...]:
        if value is None:
            return DEFAULT_EXPECTED_SECTIONS
        kinds = _SECTION_KEYS
        if not isinstance(value, dict):
            raise self.fail("expected_sections", "`expected_sections` must map note types to section lists")
        schema = []
        for note_type, sections in value.items():
            if not isinstance(sections, list) or not all(section in kinds for section in sections):
                choices = ", ".join(kinds)
                raise self.fail("expected_sections", f"`{note_type}` must list sections among {choices}")
            schema.append((str(note_type).casefold(), tuple(kinds[section] for section in sections)))
        return tuple(schema)

    def section_names(self, value: Any) -> tuple[tuple[SectionKind, tuple[str, ...]], ...]:
        """The default heading names of each section, plus the configured ones."""
        if value is None:
            return DEFAULT_SECTION_NAMES
        if not isinstance(value, dict):
            raise self.fail("section_names", "`section_names` must map sections to lists of headings")
        for kind in value:
            if kind not in _SECTION_KEYS:
                hint = _suggest(str(kind), _SECTION_KEYS)
                raise self.fail(
                    "section_names", f"unknown section `{kind}`{hint} (sections: {', '.join(_SECTION_KEYS)})"
                )
        added: dict[SectionKind, tuple[str, ...]] = {
            _SECTION_KEYS[kind]: self._names(value[kind], f"section_names.{kind}") for kind in value
        }
        return tuple(
            (kind, names + tuple(n for n in added.get(kind, ()) if n not in names))
            for kind, names in DEFAULT_SECTION_NAMES
        )

    def status_words(self, value: Any) -> tuple[tuple[str, Status], ...]:
        """The extra words naming each status in front matter."""
        return tuple(
            (" ".join(word.split()), status)
            for status, fields in self._statuses(value)
            for word in self._names(fields.get("words", []), f"statuses.{status.value}.words")
        )

    def status_labels(self, value: Any) -> tuple[tuple[Status, str], ...]:
        """Each status's badge label: the configured one, else the default."""
        labels = dict(DEFAULT_STATUS_LABELS)
        for status, fields in self._statuses(value):
            if "label" in fields:
                label = fields["label"]
                if not isinstance(label, str) or not label.strip():
                    raise self.fail("statuses", f"`statuses.{status.value}.label` must be a non-empty text")
                labels[status] = label.strip()
        return tuple(labels.items())

    def patterns(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(key, f"`{key}` must be a list of patterns such as `drafts/` or `*.draft.md`")
        patterns = tuple(item.strip() for item in value)
        import pathspec  # only when there are patterns to check

        for pattern in patterns:
            try:
                pathspec.GitIgnoreSpec.from_lines([pattern])
            except ValueError:
                raise self.fail(key, f"`{key}` pattern `{pattern}` is not a gitignore pattern") from None
        return patterns

    def folder(self, data: dict[str, Any], key: str, default: str) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"`{key}` must be a folder path, relative to the config file's folder")
        return value.strip()

    def home(self, data: dict[str, Any]) -> HomeOption | None:
        if "home" not in data:
            return None
        value = data["home"]
        if not isinstance(value, str) or not value.strip():
            raise self.fail("home", "`home` must name a note, e.g. `home: Start here.md`")
        line, col = self.positions.get("home", (1, 1))
        return HomeOption(value.strip(), self.source, line, col)

    def views(self, value: Any) -> tuple[tuple[View, bool], ...]:
        if value is None:
            return ()
        names = {view.value: view for view in View}
        if not isinstance(value, dict):
            raise self.fail("views", "`views` must map views to true or false, e.g. `theses: false`")
        forced = []
        for name, on in value.items():
            if name not in names:
                hint = _suggest(str(name), names)
                raise self.fail("views", f"unknown view `{name}`{hint} (views: {', '.join(names)})")
            if not isinstance(on, bool):
                raise self.fail("views", f"`views.{name}` must be true or false, not {on!r}")
            forced.append((names[name], on))
        return tuple(forced)

    def _statuses(self, value: Any) -> list[tuple[Status, dict[str, Any]]]:
        if value is None:
            return []
        names = {status.value: status for status in Status}
        if not isinstance(value, dict):
            raise self.fail(
                "statuses", "`statuses` must map hypothesis, active and retired to {label, words}"
            )
        found = []
        for name, fields in value.items():
            if name not in names:
                raise self.fail(
                    "statuses",
                    f"unknown status `{name}`{_suggest(str(name), names)} (statuses: {', '.join(names)})",
                )
            if not isinstance(fields, dict):
                raise self.fail(
                    "statuses", f"`statuses.{name}` must be a mapping with `label` and/or `words`"
                )
            for field in fields:
                if field not in _STATUS_FIELDS:
                    hint = _suggest(str(field), _STATUS_FIELDS)
                    raise self.fail("statuses", f"unknown key `statuses.{name}.{field}`{hint}")
            found.append((names[name], fields))
        return found

    def _names(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(key.split(".")[0], f"`{key}` must be a list of texts")
        return tuple(normalise_heading(item) for item in value)

    def severities(self, value: Any) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            raise self.fail("diagnostics", "`diagnostics` must map codes to a severity, e.g. `NF201: error`")
        for code, severity in value.items():
            if code not in CODES:
                hint = _suggest(str(code), CODES)
                raise self.fail("diagnostics", f"unknown diagnostic code `{code}`{hint}")
            if severity not in SEVERITY_CHOICES:
                choices = ", ".join(SEVERITY_CHOICES)
                raise self.fail("diagnostics", f"`{code}` must be one of {choices}, not {severity!r}")
        return tuple(sorted((str(code), str(severity)) for code, severity in value.items()))

    def reject_unknown(self, data: dict[str, Any]) -> None:
        for key in data:
            if key not in CONFIG_KEYS:
                raise self.fail(str(key), f"unknown key `{key}`{_suggest(str(key), CONFIG_KEYS)}")


def _suggest(word: str, choices: Any) -> str:
    """`` (did you mean `x`?)`` for the closest choice. Of equally close ones, the one with
    most characters in the same places, then the first listed: difflib alone takes the last
    in text order (NF521 for NF2O1, not NF201)."""
    candidates = list(choices)
    close = set(difflib.get_close_matches(word, candidates, n=len(candidates)))
    if not close:
        return ""
    best = max(
        (choice for choice in candidates if choice in close),
        key=lambda choice: (
            difflib.SequenceMatcher(None, word, choice).ratio(),
            sum(a == b for a, b in zip(word, choice, strict=False)),
        ),
    )
    return f" (did you mean `{best}`?)"
