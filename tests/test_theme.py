"""Theme overrides: a wiki's own templates/ replaces built-in templates and assets by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from noteforge import Config, SiteSettings, build_site
from noteforge.errors import DiagnosticError
from noteforge.project import project_of
from noteforge.theme import builtin_theme
from tests.helpers import SAMPLE_DAY, MakeNotes, one, run, soup

NOTES = {"a.md": "# A\n\nLinks [[b]].\n", "b.md": "# B\n"}


def make_theme(root: Path, files: dict[str, str]) -> Path:
    theme = root / "templates"
    for name, text in files.items():
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text(text, encoding="utf-8")
    return theme


def test_an_override_extends_the_builtin_template_and_changes_one_block(
    make_notes: MakeNotes, tmp_path: Path
) -> None:
    theme = make_theme(
        tmp_path,
        {
            "base.html": '{% extends "builtin/base.html" %}'
            '{% block footer %}<footer class="team-footer">Desk {{ page.site.title }}</footer>{% endblock %}',
            "note.html": '{% extends "builtin/note.html" %}'
            '{% block extra_head %}<meta name="team" content="{{ page.type }}">{% endblock %}',
        },
    )
    build_site(
        project_of(
            make_notes(NOTES),
            tmp_path / "site",
            Config(site=SiteSettings(site_title="Chips")),
            theme_dir=theme,
        ),
        SAMPLE_DAY,
    )
    note, index = soup(tmp_path / "site" / "notes" / "a.html"), soup(tmp_path / "site" / "index.html")
    assert one(note, "meta[name=team]")["content"] == "note"
    assert not index.select("meta[name=team]"), "only note pages use note.html"
    for page in (note, index):
        assert one(page, "footer.team-footer").get_text() == "Desk Chips"
        assert not page.select("footer.site-footer")
    assert one(note, "main h1").get_text(strip=True) == "A", "the rest of the built-in page is kept"


def test_static_files_are_replaced_or_added(make_notes: MakeNotes, tmp_path: Path) -> None:
    theme = make_theme(
        tmp_path, {"static/style.css": "body { color: teal; }\n", "static/img/logo.svg": "<svg/>"}
    )
    build_site(project_of(make_notes(NOTES), tmp_path / "site", Config(), theme_dir=theme), SAMPLE_DAY)
    assets = tmp_path / "site" / "assets"
    assert (assets / "style.css").read_text() == "body { color: teal; }\n"
    assert (assets / "img" / "logo.svg").read_text() == "<svg/>"
    builtin_graph = builtin_theme() / "static" / "graph.css"
    assert (assets / "graph.css").read_bytes() == builtin_graph.read_bytes(), "other assets stay built-in"


def test_editing_an_override_rebuilds_the_site(make_notes: MakeNotes, tmp_path: Path) -> None:
    notes, out, cache = make_notes(NOTES), tmp_path / "site", tmp_path / "cache"
    theme = make_theme(tmp_path, {"static/extra.css": "a {}\n"})
    build_site(project_of(notes, out, Config(), theme_dir=theme, cache_dir=cache), SAMPLE_DAY)
    assert build_site(
        project_of(notes, out, Config(), theme_dir=theme, cache_dir=cache), SAMPLE_DAY
    ).up_to_date
    (theme / "static" / "extra.css").write_text("a { color: red; }\n")
    assert not build_site(
        project_of(notes, out, Config(), theme_dir=theme, cache_dir=cache), SAMPLE_DAY
    ).up_to_date
    assert (out / "assets" / "extra.css").read_text() == "a { color: red; }\n"


def test_the_command_line_uses_the_templates_folder_beside_the_config(tmp_path: Path) -> None:
    (tmp_path / "noteforge.yaml").write_text("site_title: Desk\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# A\n")
    make_theme(
        tmp_path, {"index.html": '{% extends "builtin/index.html" %}{% block title %}Home{% endblock %}'}
    )
    (tmp_path / "work").mkdir()
    result = run("build", "../notes", "-o", "../site", cwd=tmp_path / "work")
    assert result.returncode == 0, result.stderr
    assert one(soup(tmp_path / "site" / "index.html"), "title").get_text() == "Home"


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_typo_in_an_override_is_one_diagnostic_and_the_previous_site_stays(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# A\n")
    assert run("build", "notes", cwd=tmp_path).returncode == 0
    before = site_files(tmp_path / "site")
    typo = '{% extends "builtin/note.html" %}\n{% block content %}\n<p>{{ page.title }</p>\n{% endblock %}\n'
    make_theme(tmp_path, {"note.html": typo})
    result = run("build", "notes", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "templates/note.html:3:1: error NF401: unexpected '}'"
    assert site_files(tmp_path / "site") == before


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            '{% extends "builtin/note.html" %}\n{% block content %}\n\n{{ page.nosuch }}{% endblock %}',
            "note.html:4:1: error NF402: 'noteforge.views.note.NotePage object' has no attribute 'nosuch'",
        ),
        (
            '{% extends "builtin/note.html" %}\n{% block content %}{% include "gone.html" %}{% endblock %}',
            "note.html:2:1: error NF403: template 'gone.html' not found",
        ),
        ('{% extends "gone.html" %}', "note.html:1:1: error NF403: template 'gone.html' not found"),
        (
            '{% extends "builtin/note.html" %}\n{% block content %}{{ page.title + 1 }}{% endblock %}',
            'note.html:2:1: error NF404: TypeError: can only concatenate str (not "int") to str',
        ),
    ],
)
def test_template_mistakes_name_the_template_and_line(
    make_notes: MakeNotes, tmp_path: Path, template: str, expected: str
) -> None:
    theme = make_theme(tmp_path, {"note.html": template})
    with pytest.raises(DiagnosticError) as raised:
        build_site(project_of(make_notes(NOTES), tmp_path / "site", Config(), theme_dir=theme), SAMPLE_DAY)
    assert str(raised.value) == f"{theme.as_posix()}/{expected}"
    assert not (tmp_path / "site").exists()


def test_a_static_link_out_of_the_theme_is_refused_and_publishes_nothing(
    make_notes: MakeNotes, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private key\n")
    theme = make_theme(tmp_path, {"static/inside.css": "a {}\n"})
    (theme / "static" / "alias.css").symlink_to("inside.css")
    notes = make_notes(NOTES)
    build_site(project_of(notes, tmp_path / "site", Config(), theme_dir=theme), SAMPLE_DAY)
    assert (tmp_path / "site" / "assets" / "alias.css").read_text() == "a {}\n", "a link inside is fine"
    (theme / "static" / "leak.txt").symlink_to(secret)
    with pytest.raises(DiagnosticError) as raised:
        build_site(project_of(notes, tmp_path / "site", Config(), theme_dir=theme), SAMPLE_DAY)
    assert raised.value.diagnostic.code == "NF405"
    assert raised.value.diagnostic.path == (theme / "static" / "leak.txt").as_posix()
    assert not (tmp_path / "site" / "assets" / "leak.txt").exists()
