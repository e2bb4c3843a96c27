"""What a one-note edit rewrites: the pages whose keys cover what changed, and no others."""

from __future__ import annotations

from pathlib import Path

from noteforge import Config, build_site
from noteforge.paths import note_page
from noteforge.project import project_of
from noteforge.views.datashards import shard_count
from noteforge.views.previews import shard_of
from tests.helpers import SAMPLE_DAY

NOTES = {
    "a.md": (
        "# Alpha\n\nAlpha links [[b]].\n\n## Key facts\n\n- Output rose. From [[s]].\n\n"
        "## Notes\n\nPlain words.\n"
    ),
    "x/b.md": "# Beta\n\nBeta links [[c]] and embeds nothing.\n",
    "c.md": "# Gamma\n\nGamma stands alone.\n",
    "d.md": "# Delta\n\nDelta embeds ![[a#Notes]].\n",
    "y/s.md": "---\ndate: 2026-01-01\n---\n# Source\n\nA report.\n",
}


# The generated files a build keeps when their key is unchanged (the theme's own assets are
# copied on every build).
_KEYED = ("assets/search/", "assets/graph/", "assets/previews/", "assets/explorer/")


def inodes(site: Path) -> dict[str, int]:
    files = (p for p in site.rglob("*") if p.is_file())
    return {
        path: p.stat().st_ino
        for p in files
        if (path := p.relative_to(site).as_posix()).endswith((".html", ".xml")) or path.startswith(_KEYED)
    }


def rewritten(tmp_path: Path, name: str, text: str) -> set[str]:
    notes = tmp_path / "notes"
    for file, body in NOTES.items():
        (notes / file).parent.mkdir(parents=True, exist_ok=True)
        (notes / file).write_text(body, encoding="utf-8")
    project = project_of(notes, tmp_path / "site", Config(), cache_dir=tmp_path / "cache")
    build_site(project, SAMPLE_DAY)
    before = inodes(tmp_path / "site")
    (notes / name).write_text(text, encoding="utf-8")
    build_site(project, SAMPLE_DAY)
    after = inodes(tmp_path / "site")
    return {path for path, inode in after.items() if before.get(path) != inode} - {".noteforge"}


def shards(slug: str) -> set[str]:
    page = note_page(slug)
    count = shard_count(len(NOTES))
    return {f"assets/search/{shard_of(page, count)}.js"}


def test_a_body_edit_rewrites_the_note_its_embedders_and_its_shards_only(tmp_path: Path) -> None:
    changed = rewritten(tmp_path, "a.md", NOTES["a.md"] + "More plain words.\n")
    previews = {path for path in changed if path.startswith("assets/previews/")}
    assert changed - previews == {note_page("a"), note_page("d")} | shards("a")
    assert len(previews) <= 2  # the shards holding a's and d's previews


def test_a_title_edit_also_rewrites_the_pages_linking_to_or_from_the_note(tmp_path: Path) -> None:
    changed = rewritten(tmp_path, "x/b.md", NOTES["x/b.md"].replace("# Beta", "# Bravo"))
    assert {note_page("a"), note_page("x/b"), note_page("c")} <= changed
    assert note_page("y/s") not in changed  # neither linked with b nor in its folder
    assert "notes.html" in changed  # the notes index lists titles
    assert "assets/explorer/x.js" in changed
    assert "assets/explorer/y.js" not in changed  # the listing of a folder b is not in
