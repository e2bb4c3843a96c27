"""Time noteforge against the cost floor of its stack and against peers, on generated wikis.

    python benchmarks/run.py                 # 1,000 and 10,000 notes, 3 runs each
    python benchmarks/run.py --sizes 1000 --runs 5 --peers
    python benchmarks/run.py --hostile 100 200  # hostile vaults of 100 and 200 notes
    python benchmarks/run.py --sizes 10000 100000 --peers  # issue 12's "Done when", in one run

For each size it generates a wiki (benchmarks/generate.py, deterministic), then times in one
run: noteforge cold (empty cache; on 2 processes and on 1), no-op rebuild and one-edit rebuild,
and the markdown-it-py floor (read, render, write; one process, no links, no templates;
CommonMark with markdown-it-py's own GFM table and strikethrough rules, which the notes
use: a table is rendered as a table, as noteforge renders it), and
with ``noteforge serve`` running, the time from saving to open pages being told to reload:
the median of 5 saves to different notes, one of which renames a note that 40 to 60 others
link to (the save of that one is shown on its own row too). ``--peers`` adds MkDocs with
mkdocs-roamlinks-plugin (pip) and Hugo (Debian package), installed by this script. Each
command runs as a child process; the table reports the median wall time, the CPU time, the
peak RSS of the largest process (from ``wait4``) and the peak of the summed PSS of the
command's whole process tree (sampled every 0.2 s, so a short peak may be missed) of the
median run, then noteforge's cold time over the floor's and, with two sizes, the larger's
cold time over the smaller's. Above ``--full-up-to`` notes (default 10,000) only the floor
and the 2-process cold build are timed, once each: the 1-process build, the rebuilds, serve
and the peers are left out, to keep a 100,000-note run near an hour. The result is written
with the machine's description to docs/benchmarks-results.md. Before anything is timed,
noteforge's modules are compiled to bytecode, as installing its wheel does.

``--hostile A B`` instead builds two vaults of hostile notes (the reproductions of issue 10,
in turn: ten-note embedding chains, a paragraph of 5,000 links, runs of ``[[`` and of
``A. ``, a note over the size limit), of A and B notes, cold and on one process, and prints
their time and peak RSS side by side with the ratio: for B = 2A a linear build shows about 2.

``--shapes [NAME ...]`` instead builds the pathological shapes of issue 12
(benchmarks/generate.py ``--shape``: a 5 MB note of 70,000 links, the same cut to the
limits noteforge parses in full, a MITRE ATT&CK-shaped vault of big tables), cold and on
one process, and prints each beside the markdown-it-py floor of the same files.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FLOOR = """
import sys, pathlib
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for path in src.rglob("*.md"):
    target = out / path.relative_to(src).with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(md.render(path.read_text(encoding="utf-8")), encoding="utf-8")
"""


NOT_MEASURED = float("nan")
SERVED_SAVES = 5
# The renamed note of the served saves has about this many backlinks (issue 12: "a title that
# 50 other notes link to").
BACKLINKS = range(40, 61)


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    rss_mb: float
    tree_mb: float = NOT_MEASURED


class TreeMemory(threading.Thread):
    """Samples the summed PSS (proportional set size: shared pages split between the processes
    sharing them) of a process and all its descendants, keeping the peak."""

    INTERVAL = 0.2

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.INTERVAL):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.pid)))

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self.done.set()
        self.join()
        return self.peak_kb / 1024 if self.peak_kb else NOT_MEASURED


def _tree(root: int) -> set[int]:
    """``root`` and its living descendants, from each process's parent in /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def run(command: list[str], cwd: Path | None = None) -> Measure:
    """Run a command to completion; its wall time, CPU time (user + system), the peak RSS of
    its largest process and the sampled peak PSS of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    memory.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    tree = memory.stop()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(
            f"{' '.join(command)} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree)


def median(measures: list[Measure]) -> Measure:
    ordered = sorted(measures, key=lambda m: m.wall)
    return ordered[len(ordered) // 2]


def noteforge_build(notes: Path, out: Path, *options: str) -> list[str]:
    """The command line of a quiet noteforge build of ``notes`` into ``out``."""
    return [sys.executable, "-m", "noteforge", "build", str(notes), "-o", str(out), "-q", *options]


COLD = "noteforge cold (2 processes)"


def noteforge_rows(notes: Path, work: Path, runs: int, full: bool = True) -> dict[str, Measure]:
    """Cold builds, then (``full``) a cold build on one process and no-op and one-edit rebuilds."""
    out, cache = work / "site", work / "cache"
    build = noteforge_build(notes, out, "--cache-dir", str(cache))
    cold = []
    for _ in range(runs if full else 1):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(build))
    if not full:
        return {COLD: median(cold)}
    noop = [run(build) for _ in range(runs)]
    edited = next(notes.rglob("*.md"))
    edits = []
    for number in range(runs):
        with edited.open("a", encoding="utf-8") as stream:
            stream.write(f"\nAn edit, number {number}.\n")
        edits.append(run(build))
    single = noteforge_build(notes, work / "single", "--no-cache", "-j", "1")
    return {
        COLD: median(cold),
        "noteforge cold (1 process)": median([run(single) for _ in range(max(1, runs // 2))]),
        "noteforge no-op rebuild": median(noop),
        "noteforge one-edit rebuild": median(edits),
    }


def serve_rows(notes: Path, work: Path) -> dict[str, Measure]:
    """``noteforge serve`` on the wiki: the time from saving a note to the moment open pages are
    told to reload (the rebuild is done by then; the reload itself is the browser's), the median
    of :data:`SERVED_SAVES` saves to different notes, one of which renames a much-linked note."""
    command = [*noteforge_build(notes, work / "served")[:3], "serve", str(notes), "--port", "0"]
    command += ["-o", str(work / "served")]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        url = next(line.split("serving ")[1].split()[0] for line in server.stderr if "serving http" in line)
        renamed = much_linked_note(notes)
        latencies = [_edit_to_reload(url, renamed, lambda text: _renamed(text, renamed.stem))]
        for edited in other_notes(notes, renamed, SERVED_SAVES - 1):
            latencies.append(_edit_to_reload(url, edited, lambda text: f"{text}\nA served edit.\n"))
        middle = sorted(latencies)[len(latencies) // 2]
        return {
            f"noteforge serve: save to page reload (median of {SERVED_SAVES} saves)": _wall_only(middle),
            "noteforge serve: save renaming a note with ~50 backlinks": _wall_only(latencies[0]),
        }
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


def _wall_only(wall: float) -> Measure:
    return Measure(wall, NOT_MEASURED, NOT_MEASURED)


def much_linked_note(notes: Path) -> Path:
    """The generated note whose number of linking notes is closest to 50 among those with 40 to
    60 (the lowest-numbered on a tie): benchmarks/generate.py's Zipf targets make some."""
    linking: Counter[str] = Counter()
    paths = {path.stem: path for path in notes.rglob("*.md")}
    for path in paths.values():
        targets = set(re.findall(r"\[\[(note-\d+)", path.read_text(encoding="utf-8"))) - {path.stem}
        linking.update(targets)
    fitting = sorted((abs(count - 50), stem) for stem, count in linking.items() if count in BACKLINKS)
    if not fitting:
        raise SystemExit(f"no note of {notes} has {BACKLINKS.start} to {BACKLINKS.stop - 1} backlinks")
    return paths[fitting[0][1]]


def other_notes(notes: Path, besides: Path, count: int) -> list[Path]:
    """``count`` notes spread evenly over the wiki, other than ``besides``."""
    paths = [path for path in sorted(notes.rglob("*.md")) if path != besides]
    return [paths[(2 * n + 1) * len(paths) // (2 * count)] for n in range(count)]


def _renamed(text: str, stem: str) -> str:
    """A note's text with a new title (in its front matter, where generate.py puts it)."""
    renamed, changes = re.subn(r"^title: .*$", f"title: Renamed {stem}", text, count=1, flags=re.MULTILINE)
    assert changes == 1, f"{stem} has no title line"
    return renamed


def _edit_to_reload(url: str, edited: Path, edit: Callable[[str], str]) -> float:
    with urllib.request.urlopen(url + "index.html", timeout=600) as response:
        generation = re.search(r"generation=(\d+)", response.read().decode("utf-8"))
    assert generation, "serve adds its reload script to pages"
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=600)
    connection.request("GET", f"/__noteforge/events?generation={generation.group(1)}")
    events = connection.getresponse()
    events.readline()
    text = edit(edited.read_text(encoding="utf-8"))
    started = time.perf_counter()
    edited.write_text(text, encoding="utf-8")
    while events.readline() != b"data: reload\n":
        pass
    connection.close()
    return time.perf_counter() - started


FLOOR_ROW = "markdown-it-py floor (1 process)"


def floor_row(notes: Path, work: Path, runs: int) -> Measure:
    return median(
        [run([sys.executable, "-c", FLOOR, str(notes), str(work / f"floor{n}")]) for n in range(runs)]
    )


def hostile_note(number: int) -> dict[str, str]:
    """The files of hostile note ``number``: one of issue 10's reproductions, in turn."""
    kind = number % 5
    name = f"hostile-{number:05d}"
    if kind == 0:
        chain = {
            f"{name}-{link}.md": f"# {name} {link}\n\n" + f"![[{name}-{link + 1}]]\n\n" * 10
            for link in range(9)
        }
        return {**chain, f"{name}-9.md": f"# {name} 9\n\nThe end of the chain.\n"}
    body = {
        1: " ".join(f"See [[t{number}-{link}]]." for link in range(5000)),
        2: "[[" * 200_000,
        3: "A. " * 20_000,
        4: "A long note, pasted from somewhere. " * 40_000,
    }[kind]
    return {f"{name}.md": f"# {name}\n\n{body}\n"}


def hostile_vault(size: int, notes: Path) -> None:
    """A vault of ``size`` hostile notes (an embedding chain counts as one: it is one page's
    worth of transclusion, in ten files)."""
    notes.mkdir(parents=True)
    for number in range(size):
        for path, text in hostile_note(number).items():
            (notes / path).write_text(text, encoding="utf-8")


def hostile_rows(sizes: list[int]) -> dict[int, dict[str, Measure]]:
    """A cold one-process build of a hostile vault of each size."""
    results: dict[int, dict[str, Measure]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            hostile_vault(size, work / "notes")
            build = noteforge_build(work / "notes", work / "site", "--no-cache", "-j", "1")
            results[size] = {"noteforge cold, hostile notes (1 process)": run(build)}
            print(f"{size} hostile notes done", file=sys.stderr)
    return results


SHAPE_TARGETS = {"big-note": 3.0, "limit-note": 3.0, "mitre": 2.0}
"""Each pathological shape of issue 12 and the most its build may cost, as a multiple of its floor."""


def shape_rows(shapes: list[str]) -> dict[str, tuple[Measure, Measure]]:
    """For each shape (benchmarks/generate.py ``--shape``), a cold one-process noteforge
    build and the markdown-it-py floor of the same files."""
    sys.path.insert(0, str(HERE))
    from generate import SHAPES

    results: dict[str, tuple[Measure, Measure]] = {}
    for shape in shapes:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            SHAPES[shape](work / "notes", 1)
            build = noteforge_build(work / "notes", work / "site", "--no-cache", "-j", "1")
            # From the temporary folder: no noteforge.yaml of the working directory applies.
            results[shape] = (run(build, cwd=work), floor_row(work / "notes", work, 1))
            print(f"shape {shape} done", file=sys.stderr)
    return results


def shapes_table(results: dict[str, tuple[Measure, Measure]]) -> str:
    """noteforge against the floor for each shape: wall and CPU time with their ratios
    (CPU time suffers less from other work on a shared machine), and peak RSS."""
    lines = [
        "| shape | noteforge wall (CPU) | floor wall (CPU) | ratio wall (CPU) | target | peak RSS (floor) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for shape, (ours, floor) in results.items():
        ratio = f"{ours.wall / floor.wall:.2f} ({ours.cpu / floor.cpu:.2f})"
        lines.append(
            f"| {shape} | {ours.wall:.2f} s ({ours.cpu:.2f} s) | {floor.wall:.2f} s ({floor.cpu:.2f} s)"
            f" | {ratio} | ≤ {SHAPE_TARGETS[shape]:.0f} | {ours.rss_mb:.0f} MB ({floor.rss_mb:.0f} MB) |"
        )
    return "\n".join(lines)


def side_by_side(results: dict[int, dict[str, Measure]]) -> str:
    """Two sizes of one scenario, with the ratio of the larger to the smaller."""
    (small, first), (large, second) = results.items()
    lines = [
        f"| what | {small:,} notes | {large:,} notes | ratio ({large / small:.1f}x the notes) |",
        "| --- | --- | --- | --- |",
    ]
    for name, a in first.items():
        b = second[name]
        lines.append(f"| {name}: wall | {a.wall:.2f} s | {b.wall:.2f} s | {b.wall / a.wall:.2f} |")
        lines.append(
            f"| {name}: peak RSS | {a.rss_mb:.0f} MB | {b.rss_mb:.0f} MB | {b.rss_mb / a.rss_mb:.2f} |"
        )
    return "\n".join(lines)


MKDOCS_YML = """site_name: benchmark
docs_dir: {docs}
site_dir: {site}
nav:
  - Home: {home}
plugins:
  - roamlinks
"""
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_LAYOUTS = {
    "_default/single.html": "<!doctype html><title>{{ .Title }}</title>{{ .Content }}",
    "_default/list.html": "<!doctype html><title>{{ .Title }}</title>{{ range .Pages }}{{ .Title }}{{ end }}",
    "index.html": "<!doctype html><title>{{ .Title }}</title>{{ len .Site.RegularPages }} pages",
}


def install_peers() -> None:
    """MkDocs with the roamlinks plugin from PyPI, Hugo from Debian's packages."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "mkdocs", "mkdocs-roamlinks-plugin"], check=True
    )
    if shutil.which("hugo") is None:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "hugo"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )


def mkdocs_row(notes: Path, work: Path) -> Measure:
    home = next(notes.rglob("*.md")).relative_to(notes).as_posix()
    config = work / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(docs=notes, site=work / "mkdocs-site", home=home), encoding="utf-8")
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)])


def hugo_row(notes: Path, work: Path) -> Measure:
    site = work / "hugo"
    shutil.copytree(notes, site / "content")
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    return run(["hugo", "--quiet", "-s", str(site), "-d", str(work / "hugo-site")])


def hugo_version() -> str:
    text = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    return text.split()[1].lstrip("v").split("-")[0] if text else "?"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {cpu}, {cores} cores, {memory:.0f} GiB, Python {python}"


def table(results: dict[int, dict[str, Measure]]) -> str:
    lines = [
        "| size | what | wall (median) | CPU | peak RSS (largest process) | peak PSS (all processes) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for size, rows in results.items():
        for name, m in rows.items():
            cpu = "–" if math.isnan(m.cpu) else f"{m.cpu:.2f} s"
            memory = f"{_megabytes(m.rss_mb)} | {_megabytes(m.tree_mb)}"
            lines.append(f"| {size:,} | {name} | {m.wall:.2f} s | {cpu} | {memory} |")
    return "\n".join(lines)


def _megabytes(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f} MB"


def ratios(results: dict[int, dict[str, Measure]]) -> str:
    """noteforge's cold time over the floor's at each size, and the cold time of each size over
    the first size's."""
    lines = [
        f"- {size:,} notes: {COLD} / {FLOOR_ROW} = {rows[COLD].wall / rows[FLOOR_ROW].wall:.2f}"
        for size, rows in results.items()
    ]
    (first, base), *rest = results.items()
    lines += [
        f"- {COLD}, {size:,} / {first:,} notes = {rows[COLD].wall / base[COLD].wall:.2f}"
        f" ({size / first:.0f}x the notes)"
        for size, rows in rest
    ]
    return "\n".join(lines)


def page_metrics_table() -> str:
    """Run the browser test that loads the sample and a 10,000-note wiki's pages, and tabulate
    what it records: bytes before any interaction, first contentful paint, layout shift."""
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "metrics.jsonl"
        test = "tests/test_page_metrics_browser.py"
        env = {**os.environ, "NOTEFORGE_PAGE_METRICS": str(results)}
        subprocess.run([sys.executable, "-m", "pytest", test, "-q", "-n", "0"], cwd=REPO, env=env, check=True)
        rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    lines = [
        "| wiki | page | viewport | HTML+CSS+JS before interaction | first contentful paint | layout shift |",
        "|---|---|---|--:|--:|--:|",
    ]
    for row in rows:
        weight = row["bytes_before_interaction"] / 1024
        lines.append(
            f"| {row['wiki']} | {row['page']} | {row['viewport']} | {weight:.1f} KB"
            f" | {row['first_contentful_paint_ms']:.0f} ms | {row['layout_shift']:.3f} |"
        )
    return "\n".join(lines)


def size_rows(size: int, args: argparse.Namespace) -> dict[str, Measure]:
    """Every row of one size, on a wiki generated for it (only the floor and the cold build
    above ``--full-up-to`` notes)."""
    from generate import generate

    full = size <= args.full_up_to
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        generate(size, work / "notes")
        rows = {FLOOR_ROW: floor_row(work / "notes", work, args.runs if full else 1)}
        rows.update(noteforge_rows(work / "notes", work, args.runs, full))
        if full:
            rows.update(serve_rows(work / "notes", work))
        if full and args.peers and size <= args.mkdocs_up_to:
            rows["MkDocs 1.6 + roamlinks (one-entry nav)"] = mkdocs_row(work / "notes", work)
        if full and args.peers:
            rows[f"Hugo {hugo_version()} (no wikilinks, no backlinks)"] = hugo_row(work / "notes", work)
    print(f"{size} notes done", file=sys.stderr)
    return rows


def compile_noteforge() -> None:
    """Compile noteforge's modules to bytecode, as installing its wheel does (pip compiles
    what it installs). An editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise
    compile every module from source on every run, a cost no installed noteforge (nor any
    peer or floor, whose packages pip compiled) pays."""
    import compileall

    import noteforge

    compileall.compile_dir(Path(noteforge.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "benchmarks-results.md")
    parser.add_argument(
        "--peers", action="store_true", help="also time MkDocs + roamlinks and Hugo (installs them)"
    )
    parser.add_argument(
        "--full-up-to",
        type=int,
        default=10_000,
        help="largest size with every row; above it only the floor and one cold build",
    )
    parser.add_argument("--mkdocs-up-to", type=int, default=1000, help="largest size MkDocs is timed at")
    parser.add_argument(
        "--hostile", type=int, nargs=2, metavar=("A", "B"), help="only time hostile vaults of A and B notes"
    )
    parser.add_argument(
        "--shapes",
        nargs="*",
        choices=sorted(SHAPE_TARGETS),
        help="only time the pathological shapes (all if none named) against their floor",
    )
    parser.add_argument(
        "--page-metrics",
        action="store_true",
        help="only record page weight, first contentful paint and layout shift in Chromium",
    )
    args = parser.parse_args()
    compile_noteforge()
    if args.page_metrics:
        print(f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}.\n\n{page_metrics_table()}")
        return
    if args.shapes is not None:
        shaped = shape_rows(args.shapes or sorted(SHAPE_TARGETS))
        print(f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}.\n\n{shapes_table(shaped)}")
        return
    if args.hostile:
        results = hostile_rows(args.hostile)
        print(f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}.\n\n{side_by_side(results)}")
        return
    sys.path.insert(0, str(HERE))
    if args.peers:
        install_peers()
    results = {size: size_rows(size, args) for size in args.sizes}
    text = f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}.\n\n{table(results)}\n\n{ratios(results)}\n"
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
