"""Python's cycle collector, kept off the objects a build makes by the hundred thousand.

A build makes millions of objects (parsed notes, the graph, the index) that live as long as
the build and hold no garbage cycles; every young collection would otherwise walk the ones
made since the last, and every full one all of them, which at 10,000 notes costs seconds.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector while many long-lived objects are made. On resuming, what was
    made is moved to the oldest generation (freeze, then unfreeze), so the next young
    collection does not go through it all at once; full collections still do."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Keep every object made so far out of collections until the block ends: for the
    rest of a build that reads the wiki, and for forked workers, whose collections would
    otherwise walk (and so copy) everything the parent holds (``gc.freeze``'s documented
    use). Nested blocks leave the thawing to the outermost."""
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


def hold() -> None:
    """Keep every object alive now out of collections from now on: the state a long-running
    process (``serve``) keeps between builds, which a full collection would otherwise walk
    in the middle of a save. Acyclic objects are still freed when no longer referenced."""
    gc.freeze()


def release() -> None:
    """Let collections see again what :func:`hold` kept out (before a full build makes a
    new state, so that the old one's cycles can go)."""
    gc.unfreeze()
