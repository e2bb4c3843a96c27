"""Running Dataview queries over a small wiki: sources, commands, expressions, results.

Expected results are worked out by hand from Dataview's documentation (queries, sources,
expressions, functions).
"""

from __future__ import annotations

from datetime import date

import pytest

from noteforge.model import InlineField, Task
from noteforge.query.dataview import (
    DataviewResult,
    ListItem,
    TaskGroup,
    field_value,
    inline_properties,
    run_query,
    sanitized_key,
    task_fields,
)
from noteforge.query.rows import Row
from noteforge.query.values import Duration, LinkValue, ObjectValue, Value
from noteforge.querylang.dataview import QueryType, parse_query
from tests.query_support import FakeCorpus, link, make_row

GAMES = (
    make_row(
        "Games/League of Legends.md",
        {"started": date(2021, 5, 16), "rating": 7, "authors": ("Riot",), "Play Time": 100},
        tags=("games/moba",),
        links=("Games/finished/Stardew Valley.md",),
        ctime=date(2021, 5, 13),
    ),
    make_row(
        "Games/Pillars of Eternity 2.md",
        {"started": date(2022, 4, 21), "rating": 9, "authors": ("Josh", "Adam")},
        tags=("games/crpg",),
        ctime=date(2022, 2, 2),
    ),
    make_row(
        "Games/finished/Stardew Valley.md",
        {"started": date(2021, 4, 4), "rating": 9, "finished": True},
        tags=("games/simulation",),
        backlinks=("Games/League of Legends.md",),
        tasks=(Task("water the crops", False, 5), Task("buy seeds", True, 6)),
    ),
    make_row(
        "Recipes/Cheesecake.md",
        {"type": "recipe"},
        tags=("baking",),
        links=("Games/League of Legends.md",),
        tasks=(Task("buy cream", False, 3), Task("bake [due:: 2022-09-01] (Owner:: Ann)", False, 4)),
    ),
    make_row("Dashboard.md", {"type": "moc"}, links=("Games/Pillars of Eternity 2.md",)),
    make_row("Images/cover.png"),
)
CORPUS = FakeCorpus(GAMES, today=date(2022, 9, 27))
DASHBOARD = GAMES[4]


def run(text: str, this: Row | None = DASHBOARD) -> DataviewResult:
    return run_query(parse_query(text), CORPUS, this)


def names(result: DataviewResult) -> list[str]:
    return [str(item.parts[0].text) for item in result.items if isinstance(item.parts[0], LinkValue)]


def test_list_every_note_and_no_attachment() -> None:
    result = run("LIST")
    assert result.type is QueryType.LIST
    assert names(result) == [
        "League of Legends",
        "Pillars of Eternity 2",
        "Stardew Valley",
        "Cheesecake",
        "Dashboard",
    ]
    assert result.items[0] == ListItem((LinkValue("Games/League of Legends.md", "League of Legends"),))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("#games", ["League of Legends", "Pillars of Eternity 2", "Stardew Valley"]),
        ("#games/moba or #games/crpg", ["League of Legends", "Pillars of Eternity 2"]),
        ("#GAMES/moba", ["League of Legends"]),
        ('"Games"', ["League of Legends", "Pillars of Eternity 2", "Stardew Valley"]),
        ('"Games/finished"', ["Stardew Valley"]),
        ('"Games/finished/Stardew Valley"', ["Stardew Valley"]),
        ('"Games/finished/Stardew Valley.md"', ["Stardew Valley"]),
        ('"Gam"', []),
        ('#games and -"Games/finished"', ["League of Legends", "Pillars of Eternity 2"]),
        ("#games and !#games/moba", ["Pillars of Eternity 2", "Stardew Valley"]),
        ("[[League of Legends]]", ["Cheesecake"]),
        ("[[Stardew Valley]]", ["League of Legends"]),
        ("outgoing([[Dashboard]])", ["Pillars of Eternity 2"]),
        ("[[]]", []),
        ("outgoing([[]])", ["Pillars of Eternity 2"]),
        ("(#baking or [[]]) or (#games/crpg)", ["Pillars of Eternity 2", "Cheesecake"]),
        ("[[Nowhere]]", []),
    ],
)
def test_from_sources(source: str, expected: list[str]) -> None:
    assert names(run(f"LIST FROM {source}")) == expected


def test_table_headers_rows_and_without_id() -> None:
    result = run('TABLE started, file.folder AS Path, rating * 2 AS "Double" FROM #games/moba')
    assert result.headers == ("File", "started", "Path", "Double")
    assert result.rows == ((link("Games/League of Legends.md"), date(2021, 5, 16), "Games", 14),)
    bare = run("TABLE WITHOUT ID rating, file.name FROM #games/moba")
    assert bare.headers == ("rating", "file.name")
    assert bare.rows == ((7, "League of Legends"),)


def test_list_value_and_without_id() -> None:
    assert run("LIST rating FROM #games/moba").items == (ListItem((link("Games/League of Legends.md"), 7)),)
    assert run('LIST WITHOUT ID "r" + rating FROM #games/moba').items == (ListItem(("r7",)),)


def test_where_sort_limit_in_the_order_written() -> None:
    result = run("TABLE rating FROM #games WHERE rating > 7 SORT rating DESC, file.name ASC")
    assert [row[0].text for row in result.rows] == ["Pillars of Eternity 2", "Stardew Valley"]  # type: ignore[union-attr]
    limited_first = run("LIST FROM #games LIMIT 1 SORT file.name DESC")
    assert names(limited_first) == ["League of Legends"]
    sorted_first = run("LIST FROM #games SORT file.name DESC LIMIT 1")
    assert names(sorted_first) == ["Stardew Valley"]


def test_sort_puts_missing_values_last_either_way_and_keeps_ties_in_order() -> None:
    assert names(run("LIST SORT rating")) == [
        "League of Legends",
        "Pillars of Eternity 2",
        "Stardew Valley",
        "Cheesecake",
        "Dashboard",
    ]
    assert names(run("LIST SORT rating DESC")) == [
        "Pillars of Eternity 2",
        "Stardew Valley",
        "League of Legends",
        "Cheesecake",
        "Dashboard",
    ]


def test_group_by_gives_key_and_rows_sorted_by_key() -> None:
    result = run("TABLE length(rows) AS n, rows.file.name AS names FROM #games GROUP BY rating")
    assert result.headers == ("Group", "n", "names")
    assert result.rows == (
        (7, 1, ("League of Legends",)),
        (9, 2, ("Pillars of Eternity 2", "Stardew Valley")),
    )
    listed = run('LIST WITHOUT ID length(rows) + " pages of type " + key WHERE type GROUP BY type')
    assert listed.items == (ListItem(("1 pages of type moc",)), ListItem(("1 pages of type recipe",)))
    named = run("LIST FROM #games GROUP BY file.folder AS place")
    assert [item.parts[0] for item in named.items] == ["Games", "Games/finished"]


def test_flatten_gives_a_row_per_item() -> None:
    result = run("TABLE authors FROM #games FLATTEN authors WHERE authors")
    assert [(row[0].text, row[1]) for row in result.rows] == [  # type: ignore[union-attr]
        ("League of Legends", "Riot"),
        ("Pillars of Eternity 2", "Josh"),
        ("Pillars of Eternity 2", "Adam"),
    ]
    named = run("TABLE WITHOUT ID T.text FROM #games FLATTEN file.tasks AS T WHERE !T.completed")
    assert named.rows == (("water the crops",),)


BAKE = Task("bake [due:: 2022-09-01] (Owner:: Ann)", False, 4)


def test_task_queries_run_on_tasks_grouped_by_file() -> None:
    result = run("TASK WHERE !completed")
    assert result.task_groups == (
        TaskGroup(link("Games/finished/Stardew Valley.md"), (Task("water the crops", False, 5),)),
        TaskGroup(link("Recipes/Cheesecake.md"), (Task("buy cream", False, 3), BAKE)),
    )
    assert run('TASK FROM "Recipes" WHERE file.name = "Cheesecake"').task_groups == (
        TaskGroup(link("Recipes/Cheesecake.md"), (Task("buy cream", False, 3), BAKE)),
    )
    grouped = run("TASK GROUP BY completed")
    assert [(group.key, len(group.tasks)) for group in grouped.task_groups] == [(False, 3), (True, 1)]


def test_a_tasks_own_inline_fields_are_its_fields() -> None:
    due = run('TASK WHERE due < date(today) AND owner = "Ann"')
    assert due.task_groups == (TaskGroup(link("Recipes/Cheesecake.md"), (BAKE,)),)
    assert task_fields(BAKE.text) == (("due", "2022-09-01"), ("Owner", "Ann"))
    assert task_fields("no fields here") == ()


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 / 2", 3.5),
        ("6 / 3", 2),
        ("7 % 4", 3),
        ("1 / 0", None),
        ('"a" + 1', "a1"),
        ("null + 1", None),
        ("-rating", -7),
        ("!finished", True),
        ("rating = 7 and rating != 8", True),
        ("rating < 5 or rating >= 7", True),
        ("missing", None),
        ("play-time", 100),
        ('row["Play Time"]', 100),
        ("file.name", "League of Legends"),
        ("file.ext", "md"),
        ("file.cday", date(2021, 5, 13)),
        ("file.etags", ("#games/moba",)),
        ("file.tags", ("#games", "#games/moba")),
        ("file.outlinks", (link("Games/finished/Stardew Valley.md"),)),
        ("this.file.name", "Dashboard"),
        ("date(today)", date(2022, 9, 27)),
        ("date(som)", date(2022, 9, 1)),
        ("date(eoy)", date(2022, 12, 31)),
        ("date(2021-04-18)", date(2021, 4, 18)),
        ("date(2022-01-31) + dur(1 month)", date(2022, 2, 28)),
        ("date(today) - dur(1 week)", date(2022, 9, 20)),
        ("date(2022-01-02) - date(2022-01-01)", Duration(0, 86_400_000)),
        ("started.year", 2021),
        ("(date(2022-01-03) - date(2022-01-01)).days", 2),
        ("started < date(2022-01-01)", True),
        ("[[Stardew Valley]].rating", 9),
        ("[[Stardew Valley]] = file.outlinks[0]", True),
        ("list(1, 2, 3)[0]", 1),
        ("[1, 2][5]", None),
        ("{a: 1, b: 2}.b", 2),
        ('{a: 1}["a"]', 1),
        ("length(authors)", 1),
        ("length(null)", 0),
        ('contains(authors, "Ri")', True),
        ('econtains(authors, "Ri")', False),
        ('icontains("Hello", "hell")', True),
        ('contains(file.name, "Legends")', True),
        ('lower("AbC") + upper("x")', "abcX"),
        ("default(missing, 5)", 5),
        ('choice(rating > 5, "good", "bad")', "good"),
        ("round(2.567, 2)", 2.57),
        ("round(2.5)", 3),
        ("min(3, 1, 2) + max([4, 9])", 10),
        ("sum([1, 2, 3])", 6),
        ("average([1, 2, 3, 4])", 2.5),
        ('join(["a", "b"], "-")', "a-b"),
        ("sort([3, 1, 2])", (1, 2, 3)),
        ("reverse([1, 2])", (2, 1)),
        ("flat([[1, 2], [3]])", (1, 2, 3)),
        ("unique([1, 1, 2])", (1, 2)),
        ("nonnull([1, null, 2])", (1, 2)),
        ("map([1, 2], (x) => x * 10)", (10, 20)),
        ("filter([1, 2, 3], (x) => x > 1)", (2, 3)),
        ("reduce([1, 2, 3], (a, b) => a + b)", 6),
        ("any([0, 1], (x) => x)", True),
        ("all([0, 1], (x) => x)", False),
        ('regextest("\\\\d+", "ab12")', True),
        ('regexmatch("\\\\d+", "ab12")', False),
        ('replace("a-b", "-", "+")', "a+b"),
        ('split("a, b", ", ")', ("a", "b")),
        ('substring("hello", 1, 3)', "el"),
        ('startswith("hello", "he") and endswith("hello", "lo")', True),
        ("typeof(started) + typeof(authors) + typeof(file)", "datearrayobject"),
        ('number("12 apples")', 12),
        ("string(1) + string(true)", "1true"),
        ('link("Dashboard").path', None),
        ("dur(1 day) + dur(2 hours)", Duration(0, 93_600_000)),
        ("striptime(date(2022-01-01T10:00))", date(2022, 1, 1)),
    ],
)
def test_expressions(expression: str, expected: Value) -> None:
    result = run(f"TABLE WITHOUT ID {expression} FROM #games/moba")
    assert not result.problems, result.problems
    assert result.rows == ((expected,),)


def test_link_function_resolves_its_target() -> None:
    result = run('TABLE WITHOUT ID link("Dashboard", "Home") FROM #games/moba')
    assert result.rows == ((LinkValue("Dashboard.md", "Dashboard", "Home"),),)


def test_errors_are_reported_once_at_their_place_and_give_null() -> None:
    result = run("TABLE WITHOUT ID nosuch(rating), file.name - 1 FROM #games")
    assert result.rows == ((None, None),) * 3
    assert [(p.code, p.line, p.col) for p in result.problems] == [("NF543", 1, 18), ("NF542", 1, 34)]
    assert "nosuch" in result.problems[0].message
    where = run("LIST FROM #games WHERE file.name * 2")
    assert where.items == () and [p.code for p in where.problems] == ["NF542"]


def test_calendar_is_reported_as_not_supported() -> None:
    result = run("CALENDAR file.ctime")
    assert [p.code for p in result.problems] == ["NF541"]


def test_inline_field_values_are_typed_as_dataview_types_them() -> None:
    resolve = CORPUS.resolve
    assert field_value("9", resolve) == 9
    assert field_value("2.5", resolve) == 2.5
    assert field_value("true", resolve) is True
    assert field_value("2022-04-05", resolve) == date(2022, 4, 5)
    assert field_value("1 day", resolve) == Duration(0, 86_400_000)
    assert field_value("[[Dashboard|Home]]", resolve) == LinkValue("Dashboard.md", "Dashboard", "Home")
    assert field_value('"quoted"', resolve) == "quoted"
    assert field_value("acceptable", resolve) == "acceptable"
    assert field_value("", resolve) is None


def test_inline_properties_merge_repeats_and_add_sanitised_keys() -> None:
    fields = (
        InlineField("Basic Field", "x", 1, 1),
        InlineField("tag", "a", 2, 1),
        InlineField("tag", "b", 3, 1),
    )
    assert inline_properties(fields, CORPUS.resolve) == (
        ("Basic Field", "x"),
        ("basic-field", "x"),
        ("tag", ("a", "b")),
    )
    assert sanitized_key("Hello World!") == "hello-world"


def test_a_page_object_holds_fields_and_file() -> None:
    result = run("TABLE WITHOUT ID this FROM #games/moba")
    [[page]] = result.rows
    assert isinstance(page, ObjectValue) and dict(page.items)["type"] == "moc"


def test_whole_numbers_of_huge_and_infinite_values_are_values_not_errors() -> None:
    huge = FakeCorpus((make_row("Big.md", {"x": 1e308}),), today=date(2022, 9, 27))
    query = parse_query(
        'TABLE WITHOUT ID floor(x * 10), ceil(x), trunc(x * -10), round(x * 10), round(x, 400) FROM ""'
    )
    result = run_query(query, huge, None)
    assert result.rows == ((float("inf"), int(1e308), float("-inf"), float("inf"), 1e308),)
    assert not result.problems
