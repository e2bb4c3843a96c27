"""The built sample site, read as a browser would: parsed HTML, links followed on disk."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from noteforge import Config, build_site
from noteforge.project import project_of
from noteforge.write import MARKER
from tests.helpers import (
    SAMPLE_DAY,
    SAMPLE_NOTES,
    THEME_SCRIPT,
    MakeNotes,
    classes,
    one,
    sample_config,
    soup,
)

GOLDEN = Path(__file__).parent / "golden" / "sample-site"
STATIC = Path(__file__).resolve().parents[1] / "templates" / "static"
SOURCE_PAGE = "notes/2026-05-22-autoresearch-china-blackwell-compute-routing-may-2026.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    build_site(project_of(SAMPLE_NOTES, out, sample_config()), SAMPLE_DAY)
    return out


@pytest.fixture(scope="module")
def smic(site: Path) -> BeautifulSoup:
    return soup(site / "notes" / "smic.html")


def test_smic_page_shows_the_hypothesis_badge_with_its_date(smic: BeautifulSoup) -> None:
    badge = one(smic, ".note-header .badge")
    assert "badge-hypothesis" in classes(badge)
    assert one(badge, ".badge-label").get_text() == "Hypothesis"
    assert one(badge, "time")["datetime"] == "2026-05-22"
    assert one(smic, "h1").get_text() == "SMIC (Semiconductor Manufacturing International Corporation)"


def test_smic_facts_link_their_source_and_mark_the_qualifier(site: Path, smic: BeautifulSoup) -> None:
    facts = smic.select("ol.facts > li.fact")
    assert len(facts) == 5
    source_link = one(facts[0], ".fact-sources a")
    assert "missing" not in classes(source_link)
    assert target_file(site / "notes" / "smic.html", str(source_link["href"])) == site / SOURCE_PAGE
    qualifier = one(facts[1], ".qualifier")
    assert qualifier.get_text(" ", strip=True) == "Qualifier: Huawei claim; not independently benchmarked."
    assert "Huawei claim" not in one(facts[1], ".fact-text").get_text()
    assert all(fact.select_one(".fact-no-source") for fact in facts[1:])


def test_smic_open_questions_and_labelled_related_links(smic: BeautifulSoup) -> None:
    assert len(smic.select("ul.questions > li.question")) == 3
    related = smic.select("ul.related > li.relation")
    assert [(one(li, "a").get_text(), one(li, ".relation-label").get_text()) for li in related] == [
        ("Huawei", "— primary customer for Ascend AI chips"),
        (
            "Are Chinese AI developers routing around export controls to reach Blackwell compute offshore?",
            "— the question that surfaces SMIC as beneficiary",
        ),
        ("NVIDIA", "— the displaced alternative"),
    ]


def test_smic_backlinks_come_from_every_note_that_links_to_it(site: Path, smic: BeautifulSoup) -> None:
    linking = {
        path.stem
        for path in SAMPLE_NOTES.glob("*.md")
        if path.stem != "smic" and re.search(r"\[\[smic[|#\]]|^- smic\b", path.read_text(), re.MULTILINE)
    }
    backlinks = smic.select(".backlinks li.backlink > a")
    shown = {target_file(site / "notes" / "smic.html", str(a["href"])).stem for a in backlinks}
    assert linking and shown == linking
    assert {str(h3.contents[0]) for h3 in smic.select(".backlinks h3")} == {
        "Related from",
        "Cited by",
        "Mentioned in",
    } - {"Cited by"}


def test_source_page_lists_the_facts_that_cite_it(site: Path) -> None:
    page = soup(site / SOURCE_PAGE)
    cited = page.select(".backlink-cites li.backlink")
    smic_entry = next(li for li in cited if one(li, "a").get_text().startswith("SMIC"))
    assert "Manufactures Huawei Ascend 950PR" in smic_entry.get_text()


def test_every_internal_link_lands_on_a_file_and_anchor(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        for element in soup(page).select("a[href], link[href], img[src], script[src]"):
            url = str(element.get("href") or element.get("src"))
            parts = urlsplit(url)
            if parts.scheme in {"http", "https", "mailto"}:
                loads = element.name != "a" and element.get("rel") != ["canonical"]
                assert not loads, f"{page}: loads {url} from another host"
                continue
            target = target_file(page, url) if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {url} leads nowhere"
            if parts.fragment:
                assert soup(target).find(id=unquote(parts.fragment)), f"{page}: no anchor for {url}"
            checked += 1
    assert checked > 100


def test_links_to_missing_notes_lead_to_the_missing_page(site: Path) -> None:
    huawei = soup(site / "notes" / "huawei.html")
    link = one(huawei, "a.missing")
    assert link.get_text() == "hbm-supply-chain"
    assert str(link["href"]) == "../missing.html#missing-hbm-supply-chain"
    row = soup(site / "missing.html").find(id="missing-hbm-supply-chain")
    assert isinstance(row, Tag)
    assert [a.get_text() for a in row.select("td a")] == ["Huawei"]


def test_index_groups_every_note_by_type_with_badges(site: Path) -> None:
    index = soup(site / "notes.html")
    groups = {
        one(section, "h2").get_text(): len(section.select("li.note-entry"))
        for section in index.select(".note-group")
    }
    assert set(groups) == {"Theses", "Entities", "Questions", "Topics", "Sources", "Notes"}
    assert sum(groups.values()) == len(list(SAMPLE_NOTES.glob("*.md")))
    badges = {classes(b)[1] for b in index.select(".note-entry .badge")}
    assert badges == {"badge-hypothesis", "badge-active", "badge-retired"}


def test_pages_run_only_our_own_scripts_and_load_nothing_from_other_hosts(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = soup(page)
        assert not html.select("iframe, object, embed, [style]"), page
        for script in html.select("script"):
            if script.get("src"):
                assert target_file(page, str(script["src"])).parent.name in {"assets", "vendor"}, script
            elif str(script) != THEME_SCRIPT:
                assert script.get("type") == "application/json", f"{page}: inline script {script}"


def test_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(project_of(SAMPLE_NOTES, again, sample_config()), SAMPLE_DAY)
    assert tree(again) == tree(site)


def test_matches_the_golden_site(site: Path, request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, data in golden_tree(site).items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_bytes(data)
    expected, actual = golden_tree(GOLDEN), golden_tree(site)
    assert sorted(actual) == sorted(expected), "run pytest --update-golden after an intended change"
    differing = [path for path in expected if expected[path] != actual[path]]
    assert not differing, f"pages differ from tests/golden (pytest --update-golden to accept): {differing}"


def test_code_colours_do_not_depend_on_the_installed_pygments(
    make_notes: MakeNotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pygments releases change their styles' colours (2.21 changed four of monokai's); a
    # Pygments whose styles differ must give the same site.
    from pygments.formatters import HtmlFormatter

    monkeypatch.setattr(HtmlFormatter, "get_style_defs", lambda *args, **kwargs: ".k { color: red }")
    notes = make_notes({"code.md": "# Code\n\n```python\ndef f(): pass\n```\n"})
    build_site(project_of(notes, tmp_path / "site", Config()), SAMPLE_DAY)
    stylesheet = (tmp_path / "site" / "assets" / "pygments.css").read_bytes()
    assert stylesheet == (STATIC / "pygments.css").read_bytes()
    keyword = one(soup(tmp_path / "site" / "notes" / "code.html"), "pre code span.k")
    assert keyword.get_text() == "def" and b"pre code .k {" in stylesheet


def target_file(page: Path, url: str) -> Path:
    """The file a relative URL on ``page`` leads to."""
    return (page.parent / unquote(urlsplit(url).path)).resolve()


def tree(root: Path) -> dict[str, bytes]:
    """The site's files, without the theme's static assets (copied as they are: nothing to compare)."""
    files = {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}
    return {
        relative: path.read_bytes()
        for relative, path in files.items()
        if not (STATIC / relative.removeprefix("assets/")).is_file()
    }


def golden_tree(root: Path) -> dict[str, bytes]:
    """What the golden holds: the site's files less the build stamp (a digest of the inputs,
    the whole theme and noteforge's version among them, so it changes with every release)."""
    return {relative: data for relative, data in tree(root).items() if relative != MARKER}


def test_parallel_and_single_process_builds_are_byte_identical(make_notes: MakeNotes, tmp_path: Path) -> None:
    files = {
        f"{'ab'[n % 2]}/note-{n}.md": f"# Note {n}\n\n[[note-{(n * 7) % 90}]], [[note-{n + 1}#Facts]].\n\n"
        f"## Key facts\n\n- Fact {n}. From [[note-{(n * 3) % 90}]].\n"
        for n in range(90)
    }
    notes = make_notes(files)
    build_site(project_of(notes, tmp_path / "one", Config()), SAMPLE_DAY, jobs=1)
    build_site(project_of(notes, tmp_path / "two", Config()), SAMPLE_DAY, jobs=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
