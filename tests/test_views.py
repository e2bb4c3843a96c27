"""The research views of the sample wiki (and of small wikis made for one case), read as HTML."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from bs4 import Tag

from noteforge import Config, SiteSettings, build_site, load_wiki
from noteforge.export import graph_text
from noteforge.project import project_of
from tests.helpers import (
    SAMPLE_DAY,
    SAMPLE_NOTES,
    MakeNotes,
    classes,
    graph_data,
    one,
    sample_config,
    search_docs,
    soup,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views") / "site"
    build_site(project_of(SAMPLE_NOTES, out, sample_config()), SAMPLE_DAY)
    return out


def texts(nodes: Iterable[Tag]) -> list[str]:
    return [node.get_text(" ", strip=True) for node in nodes]


def test_theses_board_groups_by_status_with_dates_and_counts(site: Path) -> None:
    board = soup(site / "theses.html")
    columns = {one(c, "h2 .badge-label").get_text(): c for c in board.select(".board-column")}
    assert list(columns) == ["Hypothesis", "Active thesis", "Retired"]
    smic = next(card for card in columns["Hypothesis"].select(".board-card") if "SMIC" in card.get_text())
    assert one(smic, "time")["datetime"] == "2026-05-22"
    assert one(smic, ".days").get_text() == f"{(SAMPLE_DAY - date(2026, 5, 22)).days} days"
    assert one(smic, ".board-counts").get_text(" ", strip=True) == "5 facts · 1 source · 3 open questions"
    retired = texts(columns["Retired"].select(".board-title a"))
    assert retired == ["Nvidia H20 China demand recovery"]


def test_status_history_is_a_timeline_on_the_note(site: Path) -> None:
    page = soup(site / "notes" / "nvidia-h20-china-demand-recovery.html")
    entries = page.select(".status-timeline li")
    assert [one(e, "time")["datetime"] for e in entries] == ["2026-02-01", "2026-03-01", "2026-04-28"]
    assert [one(e, ".badge-label").get_text() for e in entries] == ["Hypothesis", "Active thesis", "Retired"]
    assert "Chinese purchase guidance" in one(entries[2], ".timeline-reason").get_text()


def test_evidence_summary_and_completeness_on_a_note(site: Path) -> None:
    page = soup(site / "notes" / "smic.html")
    assert (
        one(page, ".evidence")
        .get_text(" ", strip=True)
        .startswith("Evidence: 1 of 5 facts sourced, 1 source")
    )
    assert one(page, ".completeness meter")["value"] == "100"
    assert one(page, ".note-summary a[href='#nf-open-questions']").get_text() == "3"


def test_claims_to_verify_lists_unsourced_and_qualified_facts(site: Path) -> None:
    claims = soup(site / "claims.html")
    smic = next(g for g in claims.select(".claim-group") if "SMIC" in one(g, "h2").get_text())
    items = smic.select(".claim")
    # the seed's first fact cites a source dated 2026-05-22, stale after the sample's 180 days;
    # the four others cite nothing
    assert [bool(item.select_one(".flag-unsourced")) for item in items] == [False, True, True, True, True]
    assert one(items[0], ".flag-stale time")["datetime"] == "2026-05-22"
    qualified = next(item for item in items if item.select_one(".qualifier"))
    assert "Huawei claim; not independently benchmarked." in one(qualified, ".qualifier").get_text()


def test_source_pages_list_the_facts_citing_them(site: Path) -> None:
    page = soup(site / "notes" / "2026-05-22-autoresearch-china-blackwell-compute-routing-may-2026.html")
    cited = page.select(".backlink-cites .backlink")
    assert {one(c, "a").get_text() for c in cited} >= {
        "SMIC (Semiconductor Manufacturing International Corporation)"
    }


def test_open_questions_register_links_every_question(site: Path) -> None:
    register = soup(site / "questions.html")
    smic_questions = [li for li in register.select("li.question") if str(li["id"]).startswith("smic-q-")]
    assert len(smic_questions) == 3
    first = smic_questions[0]
    assert first["id"] == "smic-q-what-fraction-of-smic-revenue-is-huawei-ascend-ai-chip-fabri"
    href = str(one(first, "a.question-link")["href"])
    note, anchor = href.split("#")
    assert note == "notes/smic.html" and soup(site / note).find(id=anchor) is not None
    assert texts(register.select(".question-section > h2"))[0].endswith("Active theses")


def test_answered_questions_move_to_answered(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "a.md": "A\n\n## Open questions\n\n"
            "- [x] Settled already?\n- Who buys? answered: [[b]]\n- Still open?\n",
            "b.md": "B\n",
        }
    )
    out = notes.parent / "site"
    build_site(project_of(notes, out, Config()), SAMPLE_DAY)
    register = soup(out / "questions.html")
    assert texts(register.select(".question-section:not(.answered) li.question")) == ["Still open? ↗"]
    answered = register.select(".answered li.question")
    assert [li.get_text(" ", strip=True).split("?")[0] for li in answered] == ["Settled already", "Who buys"]
    assert one(answered[1], ".flag-answered a").get_text() == "B"
    page = soup(out / "notes" / "a.html")
    assert one(page, "h2#open-questions .count").get_text() == "(1 open)"


def test_gaps_report(site: Path) -> None:
    gaps = soup(site / "gaps.html")
    missing = gaps.select("#gaps-missing ~ ol li")
    assert [one(li, "a").get_text() for li in missing] == ["cambricon", "hbm-supply-chain"]
    sections = {
        one(s, "h2").get_text(" ", strip=True).rsplit(" ", 1)[0]: s for s in gaps.select(".gap-section")
    }
    assert set(sections) == {
        "Missing notes",
        "Orphans",
        "Dead ends",
        "Entities without sources",
        "Incomplete notes",
    }


def test_incomplete_notes_and_orphans(make_notes: MakeNotes) -> None:
    notes = make_notes({"thin.md": "---\ntype: entity\n---\nThin\n\n## Key facts\n\n- One. From [[src]].\n"})
    out = notes.parent / "site"
    build_site(project_of(notes, out, Config()), SAMPLE_DAY)
    gaps = soup(out / "gaps.html")
    detail = one(gaps, "#gaps-incomplete ~ ul li").get_text(" ", strip=True)
    assert detail == "Thin 25% complete; missing Why it matters, Open questions, Related"
    assert texts(gaps.select("#gaps-orphans ~ ul li")) == ["Thin"]
    assert one(soup(out / "notes" / "thin.html"), ".completeness meter")["value"] == "25"


def test_tags_nest(site: Path) -> None:
    china = soup(site / "tags" / "china.html")
    assert one(china, "h1").get_text() == "#china"
    assert "#china/policy" in texts(china.select(".tag-children a"))
    child = soup(site / "tags" / "china" / "policy.html")
    assert texts(child.select(".breadcrumbs a")) == ["Tags", "#china"]
    assert texts(child.select(".note-entry-title a")) == ["China domestic AI compute substitution"]
    index = soup(site / "tags.html")
    assert "#china/policy" in texts(index.select(".tag-depth-1 a"))


def test_identifiers_page(site: Path) -> None:
    rows = {
        one(r, "th").get_text(): one(r, "td a").get_text()
        for r in soup(site / "identifiers.html").select("tbody tr")
    }
    assert rows["SMICY"].startswith("SMIC") and rows["NVDA"] == "NVIDIA"


def test_stale_facts_and_theses_are_flagged(make_notes: MakeNotes) -> None:
    notes = make_notes(
        {
            "t.md": "---\nstatus: active\nstatus_since: 2024-01-01\n---\nT\n\n## Key facts\n\n"
            "- Old claim (as of 2024-02-01).\n- Fresh claim. From [[2026-11-01-src]].\n",
            "2026-11-01-src.md": "Src\n",
        }
    )
    out = notes.parent / "site"
    build_site(project_of(notes, out, Config(site=SiteSettings(stale_after_days=365))), SAMPLE_DAY)
    page = soup(out / "notes" / "t.html")
    assert one(page, ".note-status .flag-stale")
    facts = page.select("li.fact")
    assert ["fact-stale" in classes(f) for f in facts] == [True, False]
    assert "1 stale" in one(page, ".evidence").get_text()
    assert one(soup(out / "claims.html"), ".claim .flag-stale time")["datetime"] == "2024-02-01"


def test_graph_page_and_export_agree(site: Path) -> None:
    assert one(soup(site / "graph.html"), "#nf-graph") is not None
    data = graph_data(site)
    wiki, _ = load_wiki(project_of(SAMPLE_NOTES, config=sample_config()))
    graph = nx.read_graphml(_write(graph_text(wiki, "graphml")))
    assert {node["id"] for node in data["nodes"]} == set(graph.nodes)
    assert {(e["source"], e["target"], e["kind"]) for e in data["edges"]} == {
        (u, v, d["kind"]) for u, v, d in graph.edges(data=True)
    }
    assert graph.nodes["missing:cambricon"]["kind"] == "missing"


def _write(text: str) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "graph.graphml"
    path.write_text(text, encoding="utf-8")
    return path


def test_local_graph_on_note_pages(site: Path) -> None:
    """A note page names its graph's centre and the whole-wiki data to load; it embeds no data."""
    page_file = site / "notes" / "smic.html"
    page = soup(page_file)
    graph = one(page, "#nf-local-graph")
    assert graph["data-center"] == "smic"
    data_url = graph["data-graph-data"]
    assert isinstance(data_url, str) and data_url == "../assets/graph/index.js"
    assert (page_file.parent / data_url).resolve() == (site / "assets" / "graph" / "index.js").resolve()
    assert (page_file.parent / data_url).is_file()
    assert not page.select("#nf-local-graph-data") and not page.select("script[type='application/json']")


def test_feed_sitemap_and_metadata(site: Path) -> None:
    feed = ElementTree.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert entries and len({e.findtext(f"{atom}id") for e in entries}) == len(entries)
    updated = [e.findtext(f"{atom}updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert any(e.findtext(f"{atom}title") == "Retired: Nvidia H20 China demand recovery" for e in entries)
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = [loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/noteforge-sample/notes/smic.html" in locations
    page = soup(site / "notes" / "smic.html")
    assert str(one(page, "meta[name=description]")["content"]).startswith("China's leading domestic foundry.")
    assert (
        one(page, "meta[property='og:url']")["content"]
        == "https://example.org/noteforge-sample/notes/smic.html"
    )
    assert one(page, "meta[property='og:type']")["content"] == "article"


def test_search_data_covers_titles_facts_and_questions(site: Path) -> None:
    docs = search_docs(site)
    smic = next(doc for doc in docs if doc["url"] == "notes/smic.html")
    assert "Ascend 950PR" in smic["facts"] and "EUV" in smic["questions"] and smic["status"] == "hypothesis"
    assert len(docs) == len(list(SAMPLE_NOTES.glob("*.md")))
