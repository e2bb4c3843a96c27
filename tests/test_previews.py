"""Hover-preview data: the shards a note page loads when a link is hovered or focused."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from noteforge import Config, ParseSettings, SiteSettings, build_site
from noteforge.model import Status
from noteforge.project import project_of
from noteforge.views.previews import EXCERPT_CHARS, PREVIEW_FOLDER, shard_count, shard_of
from tests.helpers import MakeNotes, one

_ADD = re.compile(r"^window\.nfPreviews\.add\((\d+),(.*)\);\n\Z", re.DOTALL)
_SHARDS = re.compile(r"^window\.nfPreviews\.shards\((\d+)\);\n\Z")


def build(notes: Path, config: Config | None = None) -> Path:
    out = notes.parent / "site"
    build_site(project_of(notes, out, config))
    return out


def shards(site: Path) -> list[dict[str, dict[str, Any]]]:
    """Every shard's previews, checking each file is the registration call the loader expects."""
    folder = site / PREVIEW_FOLDER
    found = _SHARDS.match((folder / "index.js").read_text("utf-8"))
    assert found, "index.js must call window.nfPreviews.shards(n)"
    loaded = []
    for n in range(int(found.group(1))):
        call = _ADD.match((folder / f"{n}.js").read_text("utf-8"))
        assert call and int(call.group(1)) == n
        loaded.append(json.loads(call.group(2)))
    return loaded


def previews(site: Path) -> dict[str, dict[str, Any]]:
    return {key: entry for shard in shards(site) for key, entry in shard.items()}


def html(entry: dict[str, Any]) -> BeautifulSoup:
    return BeautifulSoup(entry["html"], "lxml")


PARAGRAPHS = [
    " ".join(f"Sentence {i}.{j} fills the paragraph with plain words." for j in range(4)) for i in range(12)
]


def test_a_note_preview_has_its_title_status_summary_and_body_start(make_notes: MakeNotes) -> None:
    body = "\n\n".join(PARAGRAPHS)
    site = build(
        make_notes(
            {
                "a.md": f"---\nstatus: active\nsummary: What this note argues.\n---\n# Alpha\n\n{body}\n",
                "b.md": "B\n\n[[a]]\n",
            }
        )
    )
    entry = previews(site)["notes/a.html"]
    assert entry["title"] == "Alpha"
    assert entry["status"] == ["active", dict(SiteSettings().status_labels)[Status.ACTIVE]]
    assert entry["summary"] == "What this note argues."
    shown = [p.get_text() for p in html(entry).find_all("p")]
    assert 1 <= len(shown) < len(PARAGRAPHS), "the body is cut"
    assert shown == PARAGRAPHS[: len(shown)], "cut at a block boundary: whole paragraphs only"
    assert sum(map(len, shown[:-1])) < EXCERPT_CHARS <= sum(map(len, shown))


def test_a_summary_that_is_the_first_paragraph_is_not_repeated(make_notes: MakeNotes) -> None:
    site = build(make_notes({"a.md": "A\n\nThe opening paragraph.\n\nMore.\n"}))
    entry = previews(site)["notes/a.html"]
    assert "summary" not in entry and "status" not in entry
    assert one(html(entry), "p").get_text() == "The opening paragraph."


def test_a_long_first_block_becomes_its_text_cut(make_notes: MakeNotes) -> None:
    rows = "\n".join(f"| {'cell ' * 30} | {i} |" for i in range(200))
    site = build(make_notes({"a.md": f"A\n\n| x | y |\n|---|---|\n{rows}\n"}))
    page = html(previews(site)["notes/a.html"])
    assert page.table is None
    assert len(page.get_text()) <= EXCERPT_CHARS + 1 and page.get_text().endswith("…")


def test_a_heading_link_previews_its_section_and_a_block_link_its_block(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "a.md": "A\n\nSee [[b#Details]] and [[b#^key]] and [[b#B]].\n",
                "b.md": "# B\n\nThe key sentence. ^key\n\n## Details\n\nDetail text.\n\n## Later\n\nNo.\n",
            }
        )
    )
    found = previews(site)
    section = found["notes/b.html#details"]
    assert section["title"] == "B › Details"
    assert html(section).get_text(strip=True) == "Detail text."
    block = found["notes/b.html#^key"]
    assert block["title"] == "B › block"
    assert html(block).get_text(strip=True) == "The key sentence."
    assert "notes/b.html#b" not in found, "a link to the title heading shows the note's own preview"
    assert not [entry for entry in found.values() if html(entry).select("[id]")], "no repeated ids"


def test_a_missing_note_preview_lists_who_wants_it(make_notes: MakeNotes) -> None:
    site = build(
        make_notes(
            {
                "a.md": "Alpha\n\n[[Nowhere]]\n",
                "sub/c.md": "Gamma\n\n[[nowhere]]\n",
                "b.md": "Beta\n\nNo link.\n",
            }
        )
    )
    entry = previews(site)["missing.html#missing-nowhere"]
    assert entry["missing"] == 1 and entry["title"] in {"Nowhere", "nowhere"}
    wanters = html(entry).find_all("a")
    assert [(a.get_text(), a["href"]) for a in wanters] == [
        ("Alpha", "notes/a.html"),
        ("Gamma", "notes/sub/c.html"),
    ]
    assert "Wanted by" in html(entry).get_text()
    link = one(BeautifulSoup((site / "notes" / "a.html").read_text("utf-8"), "lxml"), "article a.missing")
    assert link["href"] == "../missing.html#missing-nowhere"


def test_preview_urls_are_relative_to_the_previewed_page(make_notes: MakeNotes) -> None:
    site = build(
        make_notes({"deep/x/a.md": "A\n\nTo [[b]] and [[b#Part]].\n", "b.md": "B\n\n## Part\n\nP.\n"})
    )
    links = html(previews(site)["notes/deep/x/a.html"]).find_all("a")
    assert [a["href"] for a in links] == ["../../b.html", "../../b.html#part"]


HOSTILE = """Hostile

<script>alert(1)</script>
<img src="x.png" onerror="alert(2)">
<a href="javascript:alert(3)" onclick="alert(4)">click</a>
[md](javascript:alert(5)) <svg onload="alert(6)"></svg>
<iframe src="https://evil.example"></iframe>
"""


def test_preview_html_from_a_hostile_note_is_safe(make_notes: MakeNotes) -> None:
    for trusted in (False, True):
        notes = make_notes({"evil.md": HOSTILE, "b.md": "B\n\n[[evil]]\n"})
        page = html(
            previews(build(notes, Config(parse=ParseSettings(trusted_html=trusted))))["notes/evil.html"]
        )
        assert not page.find_all(["script", "iframe", "svg"])
        attributes = [(name, str(value)) for tag in page.find_all(True) for name, value in tag.attrs.items()]
        assert not [name for name, _ in attributes if name.startswith("on")], attributes
        assert not [v for _, v in attributes if "javascript:" in v.replace(" ", "").lower()], attributes


def test_shards_are_stable_and_each_preview_is_in_its_keys_shard(make_notes: MakeNotes) -> None:
    files = {
        f"n{i:03}.md": f"Note {i}\n\nLinks to [[n{(i + 1) % 90:03}]] and [[gone{i % 7}]].\n"
        for i in range(90)
    }
    files["n000.md"] = "Note 0\n\n## Part\n\nText.\n\n[[n001#Nope]] [[n000#Part]]\n"
    notes = make_notes(files)
    first = build(notes)
    loaded = shards(first)
    assert len(loaded) == shard_count(90 + 7 + 1) == 4
    for n, shard in enumerate(loaded):
        for key in shard:
            page, _, _ = key.partition("#")
            assert shard_of(key if page == "missing.html" else page, len(loaded)) == n
    assert "notes/n000.html#part" in loaded[shard_of("notes/n000.html", 4)]
    again = notes.parent / "again"
    build_site(project_of(notes, again))
    assert _files(first / PREVIEW_FOLDER) == _files(again / PREVIEW_FOLDER)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_shard_hash_is_fnv1a_of_utf8() -> None:
    # FNV-1a 32 test vectors; the loader (templates/static/preview.js) computes the same.
    assert shard_of("", 1 << 31) == 0x811C9DC5 & 0x7FFFFFFF
    assert shard_of("a", 1 << 31) == 0xE40C292C & 0x7FFFFFFF
    assert shard_of("foobar", 1 << 31) == 0xBF9CF968 & 0x7FFFFFFF
    assert shard_count(1) == 1 and shard_count(33) == 2 and shard_count(10_000) == 512


def test_every_page_loads_the_preview_script(make_notes: MakeNotes) -> None:
    site = build(make_notes({"a.md": "---\ntags: [x]\n---\nA\n\n[[b]]\n", "b.md": "B\n"}))
    for page in ("index.html", "notes.html", "notes/a.html", "tags.html"):
        soup = BeautifulSoup((site / page).read_text("utf-8"), "lxml")
        script = one(soup, "script[src$='assets/preview.js']")
        assert script.has_attr("defer")
    assert len((site / "assets" / "preview.js").read_bytes()) < 12_000
