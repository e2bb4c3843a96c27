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
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"invalid UTF-8 byte 0x{data[error.start]:02x}; decoded with replacement characters"
        diagnostics = (diagnostic("NF110", path, line, col, message),)
    return text.replace("\r\n", "\n").replace("\r", "\n"), diagnostics
