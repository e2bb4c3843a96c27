"""Query results in the built site: a page with a query (a base block, an embedded base,
a Dataview block) shows what its query selects, and is rebuilt whenever a note it could
select changes: a patched or cached rebuild is byte for byte a clean build."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from noteforge import Config, build_site
from noteforge.live import LiveSite
from noteforge.paths import base_page, note_page
from noteforge.project import project_of
from tests.helpers import SAMPLE_DAY, SAMPLE_NOTES, examples, one, sample_config, soup
from tests.test_live import EDIT, NAMES, NoteState, edit, tree, write

BASE_FILE = """\
filters: 'file.folder == ""'
formulas:
  cited_by: 'file.backlinks.length'
properties:
  note.title:
    displayName: Title
views:
  - type: table
    name: Cited
    order: [file.name, title, formula.cited_by, status, date]
    sort:
      - property: formula.cited_by
        direction: DESC
      - property: file.name
        direction: ASC
  - type: list
    name: Statuses
    filters: '!status.isEmpty()'
    groupBy:
      property: status
      direction: ASC
"""

DASHBOARD = """\
# Dashboard

![[board.base#Cited]]

```base
filters:
  and:
    - 'file.ext == "md"'
    - 'facts > 0'
views:
  - type: table
    name: With facts
    order: [file.name, facts, sourced_facts, stale]
    summaries:
      note.facts: Sum
```
"""


def dashboard(notes: Path) -> None:
    """A base file and a note that shows it and a base block, in a folder of their own."""
    (notes / "boards").mkdir(exist_ok=True)
    (notes / "boards" / "board.base").write_text(BASE_FILE)
    (notes / "boards" / "dash.md").write_text(DASHBOARD)


def served(root: Path, states: dict[str, NoteState]) -> tuple[Path, LiveSite]:
    """The dashboard and the notes of ``states``, served (with a cache) into ``root/site``."""
    notes = root / "notes"
    notes.mkdir()
    dashboard(notes)
    write(notes, states)
    project = project_of(notes, root / "site", Config(), cache_dir=root / "cache")
    site = LiveSite(lambda: project, lambda: SAMPLE_DAY)
    site.build(1, None)
    return notes, site


def clean(root: Path, notes: Path) -> Path:
    shutil.rmtree(root / "clean", ignore_errors=True)
    build_site(project_of(notes, root / "clean", Config()), SAMPLE_DAY)
    return root / "clean"


@pytest.mark.timeout(600)
@settings(max_examples=examples(20), deadline=None)
@given(st.lists(EDIT, min_size=1, max_size=6))
@example([("fact", "n0", "n1", 0), ("status", "n1", "n0", 1), ("delete", "n0", "n1", 0)])
@example([("body", "n2", "n3", 0), ("title", "n3", "n0", 1), ("unlink", "n2", "n0", 0)])
def test_query_pages_follow_every_edit(edits: list[tuple[str, str, str, int]]) -> None:
    """Random edits of the notes a dashboard queries (links that change backlink counts,
    facts, statuses, titles, dates, notes written and deleted): after each, the live site
    (patching in memory) is byte for byte a clean build."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        states = {name: NoteState(name, body=[f"See [[{NAMES[0]}]]."]) for name in NAMES[:4]}
        notes, site = served(root, states)
        for kind, name, other, variant in edits:
            edit(states, kind, name, other, variant)
            touched = write(notes, states)
            site.build(1, frozenset(touched))
            assert tree(root / "site") == tree(clean(root, notes))


def test_a_body_edit_elsewhere_changes_the_dashboard(tmp_path: Path) -> None:
    """A link added in one note raises its target's backlink count on the dashboard: the
    dashboard's page is rebuilt by a cached build though the dashboard did not change."""
    states = {name: NoteState(name) for name in NAMES[:3]}
    notes, site = served(tmp_path, states)
    page = tmp_path / "site" / note_page("boards/dash")

    def cited() -> dict[str, str]:
        table = one(soup(page), "figure.query")
        return {
            row.select("td")[0].get_text(strip=True): row.select("td")[2].get_text(strip=True)
            for row in table.select("tbody tr")
        }

    assert cited()["n1"] == "0"
    edit(states, "body", "n0", "n1", 0)
    edit(states, "body", "n2", "n1", 0)
    site.build(1, frozenset(write(notes, states)))
    assert site.patched
    assert cited()["n1"] == "2"
    assert next(iter(cited())) == "n1"  # sorted by backlinks, most first


def test_a_base_has_a_page_with_every_view(tmp_path: Path) -> None:
    states = {"n0": NoteState("n0", status="active"), "n1": NoteState("n1", status="hypothesis")}
    served(tmp_path, states)
    page = soup(tmp_path / "site" / base_page("boards/board.base"))
    views = page.select("section.base-view")
    assert [one(view, "h2").get_text(strip=True) for view in views] == ["Cited", "Statuses"]
    groups = [h.get_text(strip=True) for h in views[1].select("h4.query-group")]
    assert groups == ["active", "hypothesis"]
    # A link to the base file leads to its page.
    dash = soup(tmp_path / "site" / note_page("boards/dash"))
    assert dash.select_one("figure.query") is not None


def test_the_sample_theses_base_lists_the_theses_board(tmp_path: Path) -> None:
    """The sample wiki's theses base shows the notes of the Theses board, in the same
    status groups, with the board's days in status, sources, open questions and stale flags."""
    site = tmp_path / "site"
    build_site(project_of(SAMPLE_NOTES, site, sample_config()), SAMPLE_DAY)
    board = soup(site / "theses.html")
    expected = {}
    for column in board.select("section.board-column"):
        status = str(one(column, "h2")["id"]).removeprefix("board-")
        for card in column.select("li.board-card"):
            days = card.select_one(".days")
            counts = one(card, ".board-counts").get_text(" ", strip=True).split()
            expected[str(one(card, ".board-title a")["href"])] = (
                status,
                days.get_text(strip=True).split()[0] if days else "",
                counts[3],  # "5 facts · 2 sources · 3 open questions"
                counts[6],
                "true" if card.select_one(".flag-stale") else "false",
            )
    page = soup(site / base_page("theses.base"))
    shown = {}
    for group in page.select("#view-by-status figure.query tbody"):
        heading = one(group, "tr.query-group th").get_text(strip=True)
        for row in group.select("tr:not(.query-group)"):
            cells = [cell.get_text(strip=True) for cell in row.select("td")]
            href = str(one(row, "td a")["href"]).removeprefix("../")
            shown[href] = (heading, cells[3], cells[5], cells[6], cells[7])
    assert expected and shown == expected


def test_builds_patched_from_the_cache_equal_clean_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build`` patches the last build from the cache (its model rebuilt without running
    the queries again): with a query that fails (its problem shown on the page), each
    patched build is a clean one, byte for byte."""
    states = {name: NoteState(name) for name in NAMES[:3]}
    notes = tmp_path / "notes"
    notes.mkdir()
    dashboard(notes)
    (notes / "boards" / "broken.md").write_text("# Broken\n\n```base\nformulas:\n  x: 'nosuch(1)'\n```\n")
    write(notes, states)
    project = project_of(notes, tmp_path / "site", Config(), cache_dir=tmp_path / "cache")
    build_site(project, SAMPLE_DAY)
    from noteforge import pipeline

    edits = [("body", "n0", "n1", 0), ("fact", "n1", "n0", 0), ("status", "n2", "n0", 2)]
    for kind, name, other, variant in edits:
        edit(states, kind, name, other, variant)
        write(notes, states)
        with monkeypatch.context() as watched:
            watched.delattr(pipeline, "compile_site")  # a full build would fail
            result = build_site(project, SAMPLE_DAY)
        assert any(d.code == "NF502" for d in result.diagnostics)
        assert tree(tmp_path / "site") == tree(clean(tmp_path, notes))
