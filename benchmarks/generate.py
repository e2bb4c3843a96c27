"""Generate a synthetic research wiki of N notes, deterministically (same N and seed, same bytes).

Shape (from issue 5): entity, source and question notes; statuses; front matter with aliases
and tags; "Key facts" citing sources; ~49 lines and ~22 wikilinks per note, to Zipf-popular
targets, in `[[x]]`, `[[x|label]]` and `[[x#Heading]]` forms; notes spread over subfolders;
about 2% of links point at notes that do not exist.

    python benchmarks/generate.py 10000 /tmp/wiki-10k
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.count, args.out, args.seed)


if __name__ == "__main__":
    main()
