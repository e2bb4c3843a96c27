"""Run per-item work on several cores, in order, streaming results.

``map_ordered(fn, items, jobs)`` is ``map`` when ``jobs`` is 1 or there is little work;
otherwise it uses a pool of forked worker processes, fed in chunks, and yields results in
the order of ``items`` as they arrive (so callers can write them out without holding them
all). Forking lets workers share whatever the parent built before the pool started (the
parsed wiki, the templates) without pickling it; only items and results travel.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from noteforge.heap import frozen

T = TypeVar("T")
R = TypeVar("R")

# The function a forked worker runs: inherited from the parent at fork, never pickled, so
# it may be a closure over the parent's data.
_task: Callable[[Any], Any] | None = None

# Below this many items a pool costs more to start than it saves.
_MIN_ITEMS_PER_JOB = 32


def default_jobs() -> int:
    """One job per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pool_size(items: int, jobs: int) -> int:
    """How many processes :func:`map_ordered` uses for ``items`` items on up to ``jobs``
    (1: none but this one)."""
    import multiprocessing  # only here: a build that finds its site up to date never needs it

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, items // _MIN_ITEMS_PER_JOB))


def map_ordered(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``fn`` applied to every item, on up to ``jobs`` processes, results in item order."""
    import multiprocessing

    work = list(items)
    jobs = pool_size(len(work), jobs)
    if jobs == 1:
        yield from map(fn, work)
        return
    global _task
    _task = fn
    chunk = max(1, min(64, len(work) // (jobs * 8)))
    try:
        with frozen(), multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_run, work, chunksize=chunk)
    finally:
        _task = None


def _run(item: Any) -> Any:
    assert _task is not None
    return _task(item)
