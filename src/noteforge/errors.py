"""The exception types for problems the user can fix: bad arguments, folders or theme files."""

from __future__ import annotations

from noteforge.model import Diagnostic


class NoteforgeError(Exception):
    """noteforge cannot do what was asked; the message says why, in one line."""


class DiagnosticError(NoteforgeError):
    """A problem in one of the user's files that stops the build (a broken theme template):
    its message is the one diagnostic that locates it."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)
        self.diagnostic = diagnostic

    def __str__(self) -> str:
        return self.diagnostic.format()
