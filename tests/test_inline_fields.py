"""Dataview inline fields: the markdown-it rule, the note's fields, how they show, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from noteforge.model import InlineField, Task
from tests.helpers import MakeNotes, parse, run


def fields(text: str) -> list[tuple[str, str]]:
    return [(field.key, field.value) for field in parse(text).fields]


def test_a_field_on_its_own_line_runs_to_the_line_end() -> None:
    text = "Title\n\nBasic Field:: Some random Value\n**Bold Field**:: Nice!\n"
    assert fields(text) == [("Basic Field", "Some random Value"), ("Bold Field", "Nice!")]


def test_a_line_field_key_is_everything_before_the_colons_as_in_dataview() -> None:
    assert fields("Title\n\nA sentence and then key:: value\n") == [("A sentence and then key", "value")]


def test_bracketed_and_parenthesised_fields_sit_inside_sentences() -> None:
    text = "Title\n\nI would rate this a [rating:: 9]! It was [mood:: acceptable] (hidden:: key).\n"
    assert fields(text) == [("rating", "9"), ("mood", "acceptable"), ("hidden", "key")]


def test_a_value_may_hold_brackets_and_links() -> None:
    note = parse("Title\n\n- [ ] Send a mail [due:: [[Deadline]]] and [tags:: [a, b]]\n")
    assert [(f.key, f.value) for f in note.fields] == [("due", "[[Deadline]]"), ("tags", "[a, b]")]
    assert [link.target for link in note.links] == ["Deadline"]


@pytest.mark.parametrize(
    "text",
    [
        "Title\n\n`key:: value` in code\n",
        "Title\n\n```\nkey:: value\n```\n",
        "Title\n\nA sentence with [a link](url) and then key:: value\n",
        "Title\n\n[[Link]] and [text](url) and (plain) [words]\n",
        "Title\n\n\\[key:: escaped]\n",
        "Title\n\n[no closer:: here\n",
        "Title\n\nNote: not a field\n",
        "Title\n\n[**:: only marks]\n",
    ],
)
def test_what_is_not_a_field(text: str) -> None:
    assert fields(text) == []


def test_fields_carry_their_file_line_and_column() -> None:
    text = "---\ntitle: T\n---\nIntro line\nkey:: one\n\n> quoted [a:: 1] and [a:: 1]\n- [ ] task [b:: 2]\n"
    assert parse(text).fields == (
        InlineField("key", "one", 5, 1),
        InlineField("a", "1", 7, 10),
        InlineField("a", "1", 7, 22),
        InlineField("b", "2", 8, 12),
    )


def test_fields_show_as_dataview_shows_them() -> None:
    note = parse("Title\n\nrated [rating:: 9] and (hidden:: shown)\n\nLine:: value **bold**\n")
    page = BeautifulSoup(note.body_html, "lxml")
    first, second, third = page.select("span.inline-field")
    assert first.select_one(".inline-field-key").get_text() == "rating"  # type: ignore[union-attr]
    assert first.select_one(".inline-field-value").get_text() == "9"  # type: ignore[union-attr]
    assert second.select_one(".inline-field-key") is None
    assert second.select_one(".inline-field-standalone-value").get_text() == "shown"  # type: ignore[union-attr]
    assert third.select_one(".inline-field-key").get_text() == "Line"  # type: ignore[union-attr]
    assert third.select_one(".inline-field-value strong").get_text() == "bold"  # type: ignore[union-attr]


def test_a_field_value_cannot_smuggle_markup() -> None:
    note = parse('Title\n\n[k:: <script>alert(1)</script>] (x:: <img src=x onerror="alert(1)">)\n')
    page = BeautifulSoup(note.body_html, "lxml")
    assert page.find("script") is None
    assert all(not tag.get("onerror") for tag in page.find_all(True))


def test_tasks_at_any_depth_with_their_state_and_line() -> None:
    text = "Title\n\n- [ ] open one [due:: 2024-01-01]\n- [x] done\n  - [X] nested done\n- plain item\n"
    assert parse(text).tasks == (
        Task("open one [due:: 2024-01-01]", False, 3),
        Task("done", True, 4),
        Task("nested done", True, 5),
    )


def test_export_includes_each_notes_inline_fields(make_notes: MakeNotes, tmp_path: Path) -> None:
    make_notes({"a.md": "A\n\nrating:: 9\nIt was [mood:: fine].\n"})
    result = run("export", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [note] = json.loads(result.stdout)["notes"]
    assert note["fields"] == [
        {"key": "rating", "value": "9", "line": 3, "col": 1},
        {"key": "mood", "value": "fine", "line": 4, "col": 8},
    ]
