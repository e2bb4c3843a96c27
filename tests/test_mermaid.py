"""A ```mermaid block is published as escaped source in ``<pre class="mermaid">``: safe and readable
without JavaScript, and the mark the page's loader looks for before it loads the Mermaid bundle."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from noteforge import Config, build_site
from noteforge.project import project_of
from noteforge.syntax.html import highlight_code
from tests.helpers import SAMPLE_DAY, MakeNotes

SOURCE = 'graph TD\n  A["</pre><script>alert(1)</script>"] --> B & C\n'


def test_mermaid_source_stays_escaped_text() -> None:
    html = highlight_code(SOURCE, "mermaid", "")
    pre = BeautifulSoup(html, "html.parser").find_all(True)
    assert [(tag.name, tag.get("class")) for tag in pre] == [("pre", ["mermaid"])]
    assert pre[0].get_text() == SOURCE


def test_other_languages_are_not_marked() -> None:
    assert "mermaid" not in highlight_code("x = 1\n", "python", "")
    assert highlight_code("graph TD\n", "not-a-language", "") == ""


def test_a_note_page_marks_its_diagrams_and_only_those(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes = make_notes(
        {
            "flow.md": f"# Flow\n\n```Mermaid\n{SOURCE}```\n\n```text\ngraph TD\n```\n",
            "plain.md": "# Plain\n\nNo diagram.\n",
        }
    )
    build_site(project_of(notes, tmp_path / "site", Config()), SAMPLE_DAY)
    flow = BeautifulSoup((tmp_path / "site/notes/flow.html").read_text(encoding="utf-8"), "html.parser")
    diagrams = flow.select("main pre.mermaid")
    assert [d.get_text() for d in diagrams] == [SOURCE]
    assert not flow.select("main script"), "the note's script stayed text"
    plain = BeautifulSoup((tmp_path / "site/notes/plain.html").read_text(encoding="utf-8"), "html.parser")
    assert not plain.select("pre.mermaid")
    # the loader, not the bundle, is on the page
    scripts = [str(s.get("src", "")) for s in plain.find_all("script")]
    assert not any("noteforge-mermaid" in src or "noteforge-graph" in src for src in scripts), scripts
    assert any(src.endswith("assets/lazy-bundles.js") for src in scripts), scripts


def test_the_bundle_leaves_out_the_elk_layout() -> None:
    """elkjs (EPL-2.0) is neither bundled nor listed (Mermaid's dagre layout stands in for it)."""
    vendor = Path(__file__).resolve().parents[1] / "templates" / "static" / "vendor"
    licences = (vendor / "noteforge-mermaid.LICENSES.txt").read_text(encoding="utf-8")
    assert "mermaid@" in licences and "elkjs" not in licences
    bundle = (vendor / "noteforge-mermaid.js").read_text(encoding="utf-8")
    assert "org.eclipse.elk" not in bundle, "the elkjs layout engine is bundled"
