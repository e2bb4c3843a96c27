"""Regular expressions written in queries, compiled with RE2 (google-re2).

A query's pattern comes from a note, which is untrusted: with a backtracking engine such as
Python's ``re``, a pattern like ``(a+)+$`` takes exponential time and would stall the
build. RE2 matches in time linear in the text, always, so no pattern can. It has no
backreferences or lookaround; a pattern using them does not compile, and the caller
reports it like any invalid pattern.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Protocol, cast

import re2

# ``(?<name>…)``, JavaScript's named group, as RE2 also reads it: ``(?P<name>…)``.
_JS_NAMED_GROUP = re.compile(r"\(\?<([A-Za-z_]\w*)>")
_FLAGS = {"i": "i", "m": "m", "s": "s"}


class Match(Protocol):
    """A match, as ``re.Match`` offers it (the parts queries use)."""

    @property
    def re(self) -> Pattern: ...

    def group(self, group: int | str = 0, /) -> str | None: ...

    def groupdict(self) -> dict[str, str | None]: ...


class Pattern(Protocol):
    """A compiled pattern, as ``re.Pattern`` offers it (the parts queries use)."""

    @property
    def groups(self) -> int: ...

    def search(self, text: str) -> Match | None: ...

    def fullmatch(self, text: str) -> Match | None: ...

    def sub(self, replacement: Callable[[Match], str], text: str, count: int = 0) -> str: ...

    def split(self, text: str) -> list[str]: ...


class PatternError(ValueError):
    """A pattern RE2 cannot compile: what is wrong with it."""


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str, flags: str = "") -> Pattern:
    """``pattern`` compiled (``flags``: JavaScript's ``i``, ``m`` and ``s``; others are the
    caller's), as an object with ``search``, ``sub``, ``split`` and ``finditer`` like a
    ``re.Pattern``; :class:`PatternError` if it does not compile."""
    inline = "".join(sorted({_FLAGS[flag] for flag in flags if flag in _FLAGS}))
    options = re2.Options()
    options.log_errors = False  # the caller reports the error; RE2 would print it too
    text = (f"(?{inline})" if inline else "") + _JS_NAMED_GROUP.sub(r"(?P<\1>", pattern)
    try:
        return cast(Pattern, re2.compile(text, options))
    except re2.error as error:
        raise PatternError(_message(error)) from None


def _message(error: Exception) -> str:
    """RE2's message (bytes) as text."""
    detail = error.args[0] if error.args else error
    return detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)


_REPLACEMENT_TOKEN = re.compile(r"\$(\$|&|<\w+>|\d{1,2})")


def js_replacement(template: str) -> Callable[[Match], str]:
    """A JavaScript replacement string (``$&``, ``$1``, ``$<name>``, ``$$``) as a function."""

    def replace(match: Match) -> str:
        def one(token: re.Match[str]) -> str:
            code = token.group(1)
            if code == "$":
                return "$"
            if code == "&":
                return match.group(0) or ""
            if code.startswith("<"):
                return match.groupdict().get(code[1:-1]) or ""
            number = int(code)
            return (match.group(number) or "") if number <= (match.re.groups or 0) else token.group(0)

        return _REPLACEMENT_TOKEN.sub(one, template)

    return replace
