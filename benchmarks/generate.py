"""Generate a synthetic research wiki of N notes, deterministically (same N and seed, same bytes).

Shape (from issue 5): entity, source and question notes; statuses; front matter with aliases
and tags; "Key facts" citing sources; ~49 lines and ~22 wikilinks per note, to Zipf-popular
targets, in `[[x]]`, `[[x|label]]` and `[[x#Heading]]` forms; notes spread over subfolders;
about 2% of links point at notes that do not exist.

    python benchmarks/generate.py 10000 /tmp/wiki-10k

``--shape`` writes one of the pathological shapes of issue 12 instead (``count`` is then
ignored; pass 0):

* ``big-note``: one ~5 MB note with ~70,000 wikilinks in paragraphs of up to ~1,000 links,
  plus the 60 small notes it links to (~2% of its links name notes that do not exist);
* ``limit-note``: the same, cut to what noteforge's limits still parse in full
  (``limits.NOTE_BYTES`` and ``limits.NOTE_LINKS``): just under 1 MiB, 10,000 links;
* ``mitre``: the shape of a MITRE ATT&CK Obsidian vault: ~40 MB in 1,761 notes (techniques,
  software, groups, mitigations, tactics, data sources), mostly big Markdown tables of
  procedure examples, mitigations and detections whose rows link to other notes
  (~37,000 table links in all).

    python benchmarks/generate.py 0 /tmp/big-note --shape big-note
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

FOLDERS = ("companies", "people", "sources", "questions", "topics")
WORDS = (
    *("capacity", "foundry", "demand", "export", "control", "supply", "chain", "yield", "node"),
    *("wafer", "accelerator", "cluster", "inference", "training", "memory", "bandwidth", "policy"),
    *("licence", "margin", "revenue", "customer", "shipment", "forecast", "pricing", "lead", "time"),
    *("packaging", "substrate", "lithography", "tooling", "roadmap", "benchmark", "model", "lab"),
)
STATUSES = ("hypothesis", "active", "retired")


def slug_of(number: int) -> str:
    return f"note-{number:06d}"


def zipf_target(rng: random.Random, count: int) -> int:
    """A note number, popular ones far more often (Zipf, exponent ~1)."""
    return min(int(count ** rng.random()) - 1, count - 1)


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def link(rng: random.Random, count: int, broken: float = 0.02) -> str:
    if rng.random() < broken:
        return f"[[missing-{rng.randrange(count // 10 + 1):05d}]]"
    target = slug_of(zipf_target(rng, count))
    form = rng.random()
    if form < 0.6:
        return f"[[{target}]]"
    if form < 0.85:
        return f"[[{target}|{rng.choice(WORDS).title()} {rng.choice(WORDS)}]]"
    return f"[[{target}#Key facts]]"


def note_text(number: int, count: int, rng: random.Random) -> str:
    kind = ("entity", "source", "question", "entity", "thesis")[number % 5]
    created = date(2025, 1, 1) + timedelta(days=number % 600)
    lines = ["---", f"title: Note {number} {rng.choice(WORDS).title()} {rng.choice(WORDS)}"]
    lines += [f"type: {kind}", f"aliases: [N{number}, {rng.choice(WORDS)}-{number}]"]
    lines += [f"tags: [{rng.choice(WORDS)}, area/{rng.choice(WORDS)}]", f"created: {created.isoformat()}"]
    if kind in ("entity", "thesis") and number % 3 == 0:
        lines += [f"status: {STATUSES[number % 3 // 1 % 3]}", f"status_since: {created.isoformat()}"]
    lines += ["---", "", f"# Note {number}", ""]
    lines += [f"{sentence(rng)} See {link(rng, count)} and {link(rng, count)}.", ""]
    lines += ["## Why it matters", ""]
    for _ in range(3):
        lines += [f"{sentence(rng)} {link(rng, count)} {sentence(rng, 8)} {link(rng, count)}.", ""]
    lines += ["## Key facts", ""]
    for _ in range(6):
        source = slug_of(zipf_target(rng, count))
        lines.append(f"- {sentence(rng, 12)} {link(rng, count)}. From [[{source}]].")
    lines += ["", "## Open questions", ""]
    lines += [f"- {sentence(rng, 10)[:-1]}?" for _ in range(3)]
    lines += ["", "## Related", ""]
    for _ in range(5):
        lines.append(f"- {link(rng, count)} — {sentence(rng, 6)[:-1].lower()}")
    lines += ["", "## Notes", "", f"{sentence(rng)} {link(rng, count)} {link(rng, count)}.", ""]
    return "\n".join(lines) + "\n"


def generate(count: int, out: Path, seed: int = 1) -> None:
    """Write ``count`` notes under ``out``."""
    for number in range(count):
        rng = random.Random(seed * 1_000_003 + number)
        folder = out / FOLDERS[number % len(FOLDERS)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug_of(number)}.md").write_text(note_text(number, count, rng), encoding="utf-8")


# -- pathological shapes (issue 12) -------------------------------------------------------

BIG_NOTE_TARGETS = 60


def big_note_text(links: int, rng: random.Random, max_bytes: int | None = None, words: int = 5) -> str:
    """A note of ``links`` wikilinks in prose, paragraphs of 10 to ~1,000 links each.

    Sentences carry abbreviations ("e.g.", "U.S.") so the sentence finder meets them too.
    With ``max_bytes`` the note stops (at a paragraph end) before it would grow past it.
    """
    parts = ["---", "title: A very long note", "tags: [benchmark]", "---", "", "# A very long note", ""]
    size = sum(len(part) + 1 for part in parts)
    written = 0
    section = 0
    while written < links:
        if written // 5000 > section:
            section = written // 5000
            parts += [f"## Part {section}", ""]
        in_paragraph = min(links - written, 10 + int(1000 * rng.random() ** 3))
        sentences = []
        for _ in range(in_paragraph):
            target = _big_note_target(rng)
            lead = rng.choice(("See", "As e.g.", "The U.S. view in", "Compare", "Per"))
            sentences.append(f"{lead} {target} on {' '.join(rng.choice(WORDS) for _ in range(words))}.")
        paragraph = " ".join(sentences)
        if max_bytes is not None and size + len(paragraph.encode()) + 2 > max_bytes:
            break
        parts += [paragraph, ""]
        size += len(paragraph.encode()) + 2
        written += in_paragraph
    return "\n".join(parts) + "\n"


def _big_note_target(rng: random.Random) -> str:
    if rng.random() < 0.02:
        return f"[[missing-{rng.randrange(200):03d}]]"
    target = f"target-{rng.randrange(BIG_NOTE_TARGETS):02d}"
    return f"[[{target}|{rng.choice(WORDS)}]]" if rng.random() < 0.3 else f"[[{target}]]"


def big_note(out: Path, seed: int, links: int = 70_000, max_bytes: int | None = None, words: int = 5) -> None:
    """One big note and the small notes it links to."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "big-note.md").write_text(big_note_text(links, rng, max_bytes, words), encoding="utf-8")
    for number in range(BIG_NOTE_TARGETS):
        text = f"# Target {number}\n\n{sentence(rng)} Back to [[big-note]].\n"
        (out / f"target-{number:02d}.md").write_text(text, encoding="utf-8")


# MITRE ATT&CK in Obsidian: one folder per object type; (folder, prefix, how many).
MITRE_KINDS = (
    ("techniques", "T", 780),
    ("software", "S", 700),
    ("groups", "G", 150),
    ("mitigations", "M", 45),
    ("tactics", "TA", 14),
    ("datasources", "DS", 72),
)
MITRE_TABLE_LINKS = 37_000


def mitre_names() -> dict[str, list[str]]:
    """The note names of each kind, e.g. ``T1059 Command 0``."""
    return {
        folder: [f"{prefix}{1000 + n:04d} {folder[:-1].title()} {n}" for n in range(count)]
        for folder, prefix, count in MITRE_KINDS
    }


def mitre(out: Path, seed: int) -> None:
    """A MITRE ATT&CK-shaped vault: notes of big tables whose rows link to other notes."""
    names = mitre_names()
    everyone = [(folder, name) for folder, group in names.items() for name in group]
    # Rows per note are Zipf-like: a few notes (T1059, T1105…) have hundreds of procedure rows.
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(everyone))]
    scale = MITRE_TABLE_LINKS / sum(weights)
    order = list(range(len(everyone)))
    random.Random(seed).shuffle(order)
    for rank, position in enumerate(order):
        folder, name = everyone[position]
        rng = random.Random(seed * 7919 + position)
        rows = max(1, round(weights[rank] * scale))
        (out / folder).mkdir(parents=True, exist_ok=True)
        (out / folder / f"{name}.md").write_text(mitre_note(folder, name, rows, names, rng), encoding="utf-8")


def mitre_note(folder: str, name: str, rows: int, names: dict[str, list[str]], rng: random.Random) -> str:
    """One note: front matter, a description, then its tables (``rows`` links in all)."""
    identifier = name.split()[0]
    lines = ["---", f"aliases: [{identifier}]", f"tags: [attack/{folder}]", "---", "", f"# {name}", ""]
    lines += [_mitre_prose(rng, 6), "", "## Tables", ""]
    linked = {"techniques": ("software", "groups"), "software": ("techniques",), "groups": ("techniques",)}
    tables = [
        ("Procedure Examples", linked.get(folder, ("techniques",)), rows * 6 // 10),
        ("Mitigations", ("mitigations",), rows * 2 // 10),
        ("Detection", ("datasources",), rows - rows * 6 // 10 - rows * 2 // 10),
    ]
    references: list[str] = []
    for title, kinds, count in tables:
        if count == 0:
            continue
        lines += [f"### {title}", "", "| ID | Name | Description |", "| --- | --- | --- |"]
        for _ in range(count):
            target = rng.choice(names[rng.choice(kinds)])
            references.append(f"https://attack.example.org/ref/{rng.randrange(10**6):06d}")
            description = _mitre_prose(rng, rng.randrange(3, 10)).replace("|", "/")
            lines.append(f"| {target.split()[0]} | [[{target}]] | {description}[^{len(references)}] |")
        lines.append("")
    lines += ["## References", ""]
    lines += [f"[^{n}]: [Report {n}]({url}). Retrieved 2024." for n, url in enumerate(references, 1)]
    return "\n".join(lines) + "\n"


def _mitre_prose(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randrange(8, 30)) for _ in range(sentences))


SHAPES = {
    "big-note": lambda out, seed: big_note(out, seed),
    "limit-note": lambda out, seed: big_note(out, seed, links=10_000, max_bytes=1_040_000, words=9),
    "mitre": mitre,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--shape", choices=sorted(SHAPES), help="a pathological shape instead (count ignored)"
    )
    args = parser.parse_args()
    if args.shape:
        SHAPES[args.shape](args.out, args.seed)
    else:
        generate(args.count, args.out, args.seed)


if __name__ == "__main__":
    main()
