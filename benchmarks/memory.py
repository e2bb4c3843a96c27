"""Where a cold build's memory goes, and what its output holds per note.

    python benchmarks/generate.py 10000 /tmp/data10k
    python benchmarks/memory.py /tmp/data10k           # both tables
    python benchmarks/memory.py /tmp/data10k --sizes   # only the output's bytes per note

Runs the build's stages one after the other in this process (one process, no cache), with
``tracemalloc`` on, and prints the Python heap each stage leaves held (and its peak while it
runs), with what the biggest records hold: the HTML strings of the parsed notes (the body's,
and the parts that are not slices of it), their link contexts and plain text, the graph, the
overview pages, each data set's text and the note pages, then the output site's bytes per
note by kind of file. tracemalloc counts what
Python allocates, not the interpreter, the libraries' code nor the allocator's free lists,
so RSS (also printed) is higher; and it makes the build a few times slower.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TypeVar

from noteforge import Config
from noteforge.discover import discover
from noteforge.graph import build_wiki
from noteforge.model import Note
from noteforge.parse import parse_note
from noteforge.render import Renderer, make_environment, render_page
from noteforge.resolve import assign_unique_slugs, build_index, resolve_links, without_unpublished
from noteforge.theme import site_theme, theme_digest
from noteforge.views import Page, SiteModel, TextFile
from noteforge.write import write_site

MB = 1024 * 1024
T = TypeVar("T")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def string_mb(strings: Iterable[str]) -> float:
    return sum(sys.getsizeof(text) for text in strings) / MB


class Stages:
    """Prints each stage's held heap (what tracemalloc traces once it is done) and its peak."""

    def __init__(self) -> None:
        print("| stage | heap held after | heap peak during | peak RSS so far |\n| --- | --: | --: | --: |")

    def run(self, name: str, stage: Callable[[], T]) -> T:
        tracemalloc.reset_peak()
        result = stage()
        held, peak = tracemalloc.get_traced_memory()
        print(f"| {name} | {held / MB:.0f} MB | {peak / MB:.0f} MB | {rss_mb():.0f} MB |", flush=True)
        return result


def note_strings(notes: list[Note]) -> dict[str, float]:
    """The MB of the biggest strings the parsed notes hold."""
    own = [s.html for n in notes for s in n.sections] + [f.html for n in notes for f in n.fragments]
    return {
        "body HTML (sections and fragments are slices of it)": string_mb(n.body_html for n in notes),
        "sections' and fragments' own HTML (not one slice of the body's)": string_mb(h for h in own if h),
        "link contexts (each sentence once a note)": string_mb(c for n in notes for c in n.contexts),
        "plain text of the bodies (search)": string_mb(n.body_text for n in notes),
    }


def data_sizes(files: list[TextFile]) -> Counter[str]:
    """The MB of each generated data set's text, by folder."""
    sizes: Counter[str] = Counter()
    for file in files:
        sizes[file.path.rsplit("/", 1)[0]] += len(file.text.encode("utf-8")) / MB
    return sizes


def _overview_pages(model: SiteModel) -> list[Page | TextFile]:
    """Every page and data file that is not a note's, built (as a cold build builds them)."""
    built: list[Page | TextFile] = []
    for job in model.view_jobs():
        built += job.build()
    for job in model.closing_jobs([page.path for page in built]):
        built += job.build()
    return built


def memory(notes_dir: Path) -> None:
    config, today = Config(), date(2026, 1, 1)
    tracemalloc.start()
    stages = Stages()
    vault = stages.run("discover (the notes' bytes)", lambda: discover(notes_dir, config.ignore))
    parsed = stages.run("parse (every Note)", lambda: [parse_note(s, config.parse) for s in vault.notes])
    strings = note_strings(parsed)

    def resolve() -> object:
        notes, _ = assign_unique_slugs(parsed)
        resolution = resolve_links(notes, build_index(notes, vault.attachments))
        published, resolution = without_unpublished(notes, resolution)
        return build_wiki(published, resolution)

    wiki = stages.run("resolve (index, targets, graph)", resolve)
    model = SiteModel(wiki, (), config.site, today, config.parse.digest)
    overview = stages.run("overview pages and data files", lambda: _overview_pages(model))
    data = data_sizes([file for file in overview if isinstance(file, TextFile)])
    sample = [note.slug for note in parsed[:: max(1, len(parsed) // 200)]]
    views = stages.run(f"{len(sample)} note page views held", lambda: [model.note_page(s) for s in sample])
    env = make_environment(site_theme(None))
    page_kb = sum(len(render_page(env, view)) for view in views) / len(views) / 1024
    del views
    renderer = Renderer(env, theme_digest(site_theme(None)), {}, {})
    with tempfile.TemporaryDirectory() as out:
        pages = (file for note in parsed for file in renderer.render_job(model.note_job(note.slug)))
        stages.run("render and write every page", lambda: write_site(pages, Path(out) / "site"))
    print(f"\n{len(parsed):,} notes. What the records hold (strings, sys.getsizeof):\n")
    print("| what | MB |\n| --- | --: |")
    for name, size in [*strings.items(), *((f"data: {k}/", v) for k, v in sorted(data.items()))]:
        print(f"| {name} | {size:.0f} |")
    print(f"\nA rendered note page: {page_kb:.0f} KB on average (over {len(sample)} pages).")


def output_sizes(site: Path, notes: int) -> None:
    """The output's bytes per note, by kind of file."""
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = _kind(path.relative_to(site).as_posix())
            sizes[kind] += path.stat().st_size
            counts[kind] += 1
    total = sum(sizes.values())
    print(f"\n{notes:,} notes, {total / MB:.0f} MB in all, {total / notes / 1024:.1f} KB per note.\n")
    print("| files | count | MB | KB per note |\n| --- | --: | --: | --: |")
    for kind, size in sizes.most_common():
        print(f"| {kind} | {counts[kind]:,} | {size / MB:.1f} | {size / notes / 1024:.2f} |")


def _kind(path: str) -> str:
    if path.startswith("notes/") and path.endswith(".html"):
        return "note pages (notes/*.html)"
    for folder in ("assets/search", "assets/graph", "assets/previews", "assets/explorer", "assets/vendor"):
        if path.startswith(folder + "/"):
            return f"{folder}/"
    if path.startswith("assets/"):
        return "assets/ (theme's CSS, JS, icons)"
    return "other pages (overviews, folders, tags, feed)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--sizes", action="store_true", help="only the output's bytes per note")
    args = parser.parse_args()
    if not args.sizes:
        memory(args.notes)
    with tempfile.TemporaryDirectory() as out:
        from noteforge import build_site
        from noteforge.project import project_of

        result = build_site(project_of(args.notes, Path(out) / "site", Config()), jobs=2)
        output_sizes(Path(out) / "site", result.notes)


if __name__ == "__main__":
    main()
