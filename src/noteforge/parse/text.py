"""Decoding note bytes into text: BOM stripped, line endings unified, bad UTF-8 reported."""

from __future__ import annotations

from noteforge.diagnostics import diagnostic
from noteforge.model import Diagnostic

_BOM = b"\xef\xbb\xbf"


def decode_note(path: str, data: bytes) -> tuple[str, tuple[Diagnostic, ...]]:
    """The note's text with ``\\n`` line endings; invalid UTF-8 is replaced and reported."""
    data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
        diagnostics: tuple[Diagnostic, ...] = ()
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        line, col = _position(data[: error.start])
        message = f"invalid UTF-8 byte 0x{data[error.start]:02x}; decoded with replacement characters"
        diagnostics = (diagnostic("NF110", path, line, col, message),)
    return _unify_line_endings(text), diagnostics


def _unify_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(before: bytes) -> tuple[int, int]:
    """1-based line and column (in characters) just after ``before``."""
    lines = _unify_line_endings(before.decode("utf-8", errors="replace")).split("\n")
    return len(lines), len(lines[-1]) + 1
