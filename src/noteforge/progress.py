"""How a build reports its progress: a protocol the command line's progress bar implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Reporter(Protocol):
    """Where a build reports its progress (the CLI's progress bar)."""

    def stage(self, name: str, total: int | None) -> None:
        """A stage of ``total`` steps begins."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current stage are done."""

    def note(self, message: str) -> None:
        """Tell the user something now (a build waiting for another, say)."""


class _Silent:
    def stage(self, name: str, total: int | None) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


SILENT: Reporter = _Silent()


def advancing(items: Iterable[T], progress: Reporter) -> Iterator[T]:
    """``items`` as they are, one progress step each."""
    for item in items:
        yield item
        progress.advance()
