"""The cost of each stage per note, in one process, without the cache (real time).

    python benchmarks/generate.py 2000 /tmp/wiki2k
    python benchmarks/stages.py /tmp/wiki2k

Each stage runs on the previous one's values, as the pipeline does, and prints its time and
its time per note. The figures are what the "Beyond one machine" part of
docs/architecture.md reasons from.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TypeVar

import msgspec
from jinja2 import Environment

from noteforge.discover import discover
from noteforge.graph import build_wiki
from noteforge.model import Note
from noteforge.parse import parse_note
from noteforge.project import project_of
from noteforge.render import make_environment, render_page
from noteforge.resolve import assign_unique_slugs, build_index, resolve_links, without_unpublished
from noteforge.theme import site_theme
from noteforge.views import Page, SiteModel, TextFile

T = TypeVar("T")


def main() -> None:
    """Time every stage over the notes folder given and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes", type=Path)
    notes_dir = parser.parse_args().notes
    project = project_of(notes_dir)
    times: dict[str, float] = {}

    def clock(name: str, work: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = work()
        times[name] = time.perf_counter() - started
        return result

    vault = clock("discover", lambda: discover(notes_dir, project.ignore))
    notes = clock("parse", lambda: [parse_note(source, project.parse) for source in vault.notes])
    encoded = clock("encode a parsed note (cache put)", lambda: [msgspec.msgpack.encode(n) for n in notes])
    decoder = msgspec.msgpack.Decoder(Note)
    clock("decode a parsed note (cache get)", lambda: [decoder.decode(blob) for blob in encoded])
    unique, _ = assign_unique_slugs(notes)
    resolution = clock("resolve", lambda: resolve_links(unique, build_index(unique, vault.attachments)))
    published, resolution = without_unpublished(unique, resolution)
    wiki = clock("graph", lambda: build_wiki(published, resolution))
    model = SiteModel(wiki, (), project.site, date(2026, 12, 2), project.parse.digest)
    jobs = clock("page keys of the note pages", lambda: [model.note_job(note.slug) for note in wiki.notes])
    pages = clock("note page views", lambda: [page for job in jobs for page in job.build()])
    env = make_environment(site_theme(None))
    clock("note page templates", lambda: [render_page(env, page) for page in pages if isinstance(page, Page)])
    clock("views over the whole wiki and data shards", lambda: _overviews(model, env))
    print("| stage | time | per note |\n| --- | --: | --: |")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} s | {1000 * seconds / len(notes):.2f} ms |")


def _overviews(model: SiteModel, env: Environment) -> None:
    """Build and render every page and data file that is not a note's."""
    taken: list[str] = []
    for job in model.view_jobs():
        taken += [page.path for page in _rendered(job.build(), env)]
    for job in model.closing_jobs(taken):
        _rendered(job.build(), env)


def _rendered(pages: Iterable[Page | TextFile], env: Environment) -> list[Page | TextFile]:
    for page in pages:
        if isinstance(page, Page):
            render_page(env, page)
    return list(pages)


if __name__ == "__main__":
    main()
