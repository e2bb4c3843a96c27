"""Obsidian ``.base`` files: loading them (positions, diagnostics) and running their views."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from noteforge.model import Diagnostic
from noteforge.query.bases import Column, ViewResult, run_view
from noteforge.query.rows import Row
from noteforge.query.values import Duration, LinkValue, Value
from noteforge.querylang.bases import (
    DEFAULT_ORDER,
    BaseSpec,
    Conjunction,
    Direction,
    Expression,
    FilterGroup,
    PropertyKind,
    PropertyRef,
    SortKey,
    ViewType,
    load_base,
)
from tests.helpers import SHARED
from tests.query_support import FakeCorpus, link, make_row

NEEDS_VAULTS = pytest.mark.skipif(
    not (SHARED / "vaults").is_dir(), reason=f"the shared vaults are not here ({SHARED / 'vaults'})"
)


def load(text: str) -> tuple[BaseSpec, tuple[Diagnostic, ...]]:
    return load_base(textwrap.dedent(text).lstrip("\n"), "T.base")


def codes(diagnostics: tuple[Diagnostic, ...]) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in diagnostics]


# -- loading ---------------------------------------------------------------------------


def test_the_example_of_obsidians_syntax_page_loads_whole() -> None:
    spec, diagnostics = load(
        """
        filters:
          or:
            - file.hasTag("tag")
            - and:
                - file.hasTag("book")
                - file.hasLink("Textbook")
            - not:
                - file.hasTag("book")
                - file.inFolder("Required Reading")
        formulas:
          formatted_price: 'if(price, price.toFixed(2) + " dollars")'
          ppu: "(price / age).toFixed(2)"
        properties:
          status:
            displayName: Status
          formula.formatted_price:
            displayName: "Price"
          file.ext:
            displayName: Extension
        views:
          - type: table
            name: "My table"
            limit: 10
            groupBy:
              property: note.age
              direction: DESC
            filters:
              and:
                - 'status != "done"'
                - or:
                    - "formula.ppu > 5"
                    - "price > 2.1"
            order:
              - file.name
              - file.ext
              - note.age
              - formula.ppu
              - formula.formatted_price
        """
    )
    assert diagnostics == ()
    assert isinstance(spec.filters, FilterGroup)
    assert spec.filters.conjunction is Conjunction.OR
    first, second, third = spec.filters.children
    assert isinstance(first, Expression) and first.text == 'file.hasTag("tag")'
    assert isinstance(second, FilterGroup) and second.conjunction is Conjunction.AND
    assert isinstance(third, FilterGroup) and third.conjunction is Conjunction.NOT
    assert len(third.children) == 2
    assert [name for name, _ in spec.formulas] == ["formatted_price", "ppu"]
    assert spec.formulas[0][1].text == 'if(price, price.toFixed(2) + " dollars")'
    assert all(expression.tree is not None for _, expression in spec.formulas)
    assert spec.label(PropertyRef(PropertyKind.NOTE, "status")) == "Status"
    assert spec.label(PropertyRef(PropertyKind.FORMULA, "formatted_price")) == "Price"
    assert spec.label(PropertyRef(PropertyKind.NOTE, "age")) == "age"
    assert spec.label(PropertyRef(PropertyKind.FILE, "name")) == "file.name"
    (view,) = spec.views
    assert (view.type, view.name, view.limit) == (ViewType.TABLE, "My table", 10)
    assert view.group_by == SortKey(PropertyRef(PropertyKind.NOTE, "age"), Direction.DESC)
    assert [ref.id for ref in view.order] == [
        "file.name",
        "file.ext",
        "note.age",
        "formula.ppu",
        "formula.formatted_price",
    ]
    assert isinstance(view.filters, FilterGroup) and view.filters.conjunction is Conjunction.AND


def test_a_filter_may_be_a_single_expression() -> None:
    spec, diagnostics = load('filters: file.ext == "md"\nviews:\n  - type: list\n    name: L\n')
    assert diagnostics == ()
    assert isinstance(spec.filters, Expression) and spec.filters.text == 'file.ext == "md"'
    assert spec.views[0].type is ViewType.LIST


@pytest.mark.parametrize(
    ("written", "ref"),
    [
        ("rating", PropertyRef(PropertyKind.NOTE, "rating")),
        ("note.rating", PropertyRef(PropertyKind.NOTE, "rating")),
        ("file.name", PropertyRef(PropertyKind.FILE, "name")),
        ("formula.Age", PropertyRef(PropertyKind.FORMULA, "Age")),
        ("property.url", PropertyRef(PropertyKind.NOTE, "property.url")),
        ("note.", PropertyRef(PropertyKind.NOTE, "note.")),
    ],
)
def test_short_names_are_note_properties(written: str, ref: PropertyRef) -> None:
    assert PropertyRef.parse(written) == ref


def test_a_view_without_order_shows_the_file_name_and_an_empty_order_shows_nothing() -> None:
    spec, _ = load("views:\n  - type: table\n    name: A\n  - type: cards\n    name: B\n    order: []\n")
    assert spec.views[0].order == DEFAULT_ORDER
    assert spec.views[1].order == ()


def test_sort_reads_property_and_the_older_column_and_defaults_to_ascending() -> None:
    spec, diagnostics = load(
        """
        views:
          - type: table
            name: T
            sort:
              - property: created
                direction: DESC
              - column: note.rating
                direction: asc
              - property: file.name
        """
    )
    assert diagnostics == ()
    assert spec.views[0].sort == (
        SortKey(PropertyRef(PropertyKind.NOTE, "created"), Direction.DESC),
        SortKey(PropertyRef(PropertyKind.NOTE, "rating"), Direction.ASC),
        SortKey(PropertyRef(PropertyKind.FILE, "name"), Direction.ASC),
    )


def test_the_older_display_section_gives_display_names_too() -> None:
    spec, diagnostics = load("display:\n  note.rating: Rating\n  file.name: Name\n")
    assert diagnostics == ()
    assert spec.label(PropertyRef(PropertyKind.NOTE, "rating")) == "Rating"
    assert spec.label(PropertyRef(PropertyKind.FILE, "name")) == "Name"


def test_presentation_settings_are_accepted_and_unknown_keys_reported_where_written() -> None:
    spec, diagnostics = load(
        """
        views:
          - type: cards
            name: C
            image: file.file
            cardSize: 70
            imageFit: ""
            columnSize:
              file.name: 414
            colour: red
        sorting: []
        """
    )
    assert codes(diagnostics) == [("NF522", 9, 5), ("NF522", 10, 1)]
    assert "colour" in diagnostics[0].message
    assert spec.views[0].image == PropertyRef(PropertyKind.FILE, "file")


def test_an_unsupported_layout_is_a_table_with_a_diagnostic_and_its_settings_let_be() -> None:
    spec, diagnostics = load(
        """
        views:
          - type: map
            name: Map
            coordinates: note.coordinates
            defaultZoom: 2
            order: [file.name, rating]
        """
    )
    assert codes(diagnostics) == [("NF525", 2, 11)]
    (view,) = spec.views
    assert (view.type, view.written_type, view.name) == (ViewType.TABLE, "map", "Map")
    assert [ref.id for ref in view.order] == ["file.name", "note.rating"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("views: 3\n", [("NF523", 1, 8)]),
        ("views:\n  - type: table\n    limit: many\n", [("NF523", 3, 12)]),
        ("views:\n  - type: table\n    limit: -1\n", [("NF523", 3, 12)]),
        ("views:\n  - plain\n", [("NF523", 2, 5)]),
        ("views:\n  - type: table\n    sort: file.name\n", [("NF523", 3, 11)]),
        ("views:\n  - type: table\n    sort:\n      - direction: ASC\n", [("NF523", 4, 9)]),
        (
            "views:\n  - type: table\n    sort:\n      - property: x\n        direction: UP\n",
            [("NF523", 5, 20)],
        ),
        ("formulas:\n  a: [1]\n", [("NF523", 2, 6)]),
        ("formulas: nope\n", [("NF523", 1, 11)]),
        ("properties:\n  x:\n    displayName: [a]\n", [("NF523", 3, 18)]),
        ("properties:\n  x:\n    width: 3\n", [("NF522", 3, 5)]),
        ("filters:\n  - a\n", [("NF524", 2, 3)]),
        ("filters:\n  any:\n    - a\n", [("NF524", 2, 3)]),
        ("filters: {}\n", [("NF524", 1, 10)]),
        ("filters:\n  and: [a]\n  or: [b]\n", [("NF524", 2, 3)]),
        ("filters:\n  and:\n    -\n", [("NF523", 3, 6)]),
    ],
)
def test_each_wrong_setting_is_a_diagnostic_where_it_is_written(
    text: str, expected: list[tuple[str, int, int]]
) -> None:
    _, diagnostics = load_base(text, "T.base")
    assert codes(diagnostics) == expected


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("views: [\n", "NF520", 2, 1),
        ("a: b\n  c: d\n", "NF520", 2, 4),
        ("- just\n- a list\n", "NF521", 1, 1),
        ("just text\n", "NF521", 1, 1),
    ],
)
def test_a_file_that_is_not_a_yaml_mapping_is_one_diagnostic(
    text: str, code: str, line: int, col: int
) -> None:
    spec, diagnostics = load_base(text, "T.base")
    assert codes(diagnostics) == [(code, line, col)]
    assert spec == BaseSpec("T.base")


def test_an_empty_file_is_a_base_with_no_views() -> None:
    assert load_base("", "T.base") == (BaseSpec("T.base"), ())


def test_a_key_written_twice_is_reported_and_the_first_kept() -> None:
    spec, diagnostics = load("formulas:\n  a: '1'\n  a: '2'\n")
    assert codes(diagnostics) == [("NF522", 3, 3)]
    assert spec.formula("a") is not None and spec.formula("a").text == "1"  # type: ignore[union-attr]


def test_an_expression_that_does_not_parse_is_reported_at_its_place_in_the_file() -> None:
    spec, diagnostics = load(
        """
        filters:
          and:
            - 'price > )'
            - price > )
        formulas:
          f: |
            if(a,
               b))
        """
    )
    assert [(d.line, d.col) for d in diagnostics] == [(3, 16), (4, 15), (8, 10)]
    assert all(d.code.startswith("NF5") for d in diagnostics)
    assert isinstance(spec.filters, FilterGroup)
    assert all(isinstance(child, Expression) and child.tree is None for child in spec.filters.children)


def test_an_expression_knows_where_each_of_its_lines_starts() -> None:
    spec, _ = load(
        """
        formulas:
          one: "a + b"
          two: a + b
          three: |
            a +
              b
        """
    )
    one, two, three = (expression for _, expression in spec.formulas)
    assert (one.line, one.col, one.locate(1, 5)) == (2, 9, (2, 13))
    assert (two.line, two.col) == (3, 8)
    assert three.locate(1, 1) == (5, 5)
    assert three.locate(2, 3) == (6, 7)


def test_a_base_block_reports_at_the_lines_of_its_note() -> None:
    spec, diagnostics = load_base("filters: rating > )\nviews:\n  - type: map\n", "Note.md", first_line=7)
    assert codes(diagnostics)[1:] == [("NF525", 9, 11)]
    assert (diagnostics[0].path, diagnostics[0].line) == ("Note.md", 7)
    assert isinstance(spec.filters, Expression) and spec.filters.locate(1, 1) == (7, 10)
    _, broken = load_base("views: [\n", "Note.md", first_line=7)
    assert codes(broken) == [("NF520", 8, 1)]


@NEEDS_VAULTS
def test_every_base_file_of_the_shared_vaults_loads() -> None:
    paths = sorted(SHARED.glob("vaults/**/*.base"))
    assert len(paths) >= 30
    for path in paths:
        spec, diagnostics = load_base(path.read_text(encoding="utf-8"), path.name)
        assert spec.views, path
        assert {d.code for d in diagnostics} <= {"NF525"}, [d.format() for d in diagnostics]


# -- running views -----------------------------------------------------------------------


def note(path: str, **properties: Value) -> Row:
    return make_row(path, properties)


MOVIES = FakeCorpus(
    (
        note("Alien.md", rating=8, year=1979, seen=True, genre="horror", last=date(2025, 5, 1)),
        note("Brazil.md", rating=7, year=1985, seen=False, genre="comedy"),
        note("Cube.md", rating=5, year=1997, genre="horror", last=date(2024, 1, 2)),
        note("Dune.md", year=2021, genre="scifi", last=date(2025, 9, 9)),
        note("Eraserhead.md", rating=7, year=1977, seen=True, last=date(2023, 2, 3)),
    )
)


def view_of(text: str, view: int | str | None = None, wiki: FakeCorpus = MOVIES) -> ViewResult:
    spec, diagnostics = load(text)
    assert diagnostics == (), [d.format() for d in diagnostics]
    return run_view(spec, view, wiki, None)


def names(result: ViewResult) -> list[str]:
    return [row.row.basename for row in result.rows]


def test_global_and_view_filters_both_apply() -> None:
    result = view_of(
        """
        filters: 'genre == "horror" || year < 1980'
        views:
          - type: table
            name: T
            filters:
              and:
                - rating > 6
        """
    )
    assert names(result) == ["Alien", "Eraserhead"]
    assert result.matched == 2


def test_or_and_not_groups() -> None:
    either = view_of('filters:\n  or:\n    - year > 2000\n    - genre == "comedy"\n')
    assert names(either) == ["Brazil", "Dune"]
    neither = view_of('filters:\n  not:\n    - year > 2000\n    - genre == "comedy"\n')
    assert names(neither) == ["Alien", "Cube", "Eraserhead"]


def test_without_filters_every_file_is_a_row_and_the_file_name_the_column() -> None:
    result = view_of("views:\n  - type: table\n    name: All\n")
    assert names(result) == ["Alien", "Brazil", "Cube", "Dune", "Eraserhead"]
    assert result.columns == (Column(PropertyRef(PropertyKind.FILE, "name"), "file.name"),)
    assert result.rows[0].cells == ("Alien",)


def test_columns_follow_order_with_their_display_names() -> None:
    result = view_of(
        """
        properties:
          note.rating:
            displayName: Rating
        formulas:
          decade: (year / 10).floor() * 10
        views:
          - type: table
            name: T
            order: [file.name, rating, note.year, formula.decade]
        """
    )
    assert [column.label for column in result.columns] == ["file.name", "Rating", "year", "formula.decade"]
    assert result.rows[1].cells[:3] == ("Brazil", 7, 1985)


def test_sort_ascending_and_descending_puts_missing_values_last_and_keeps_ties_in_order() -> None:
    ascending = view_of(
        "views:\n  - type: table\n    sort:\n      - property: rating\n        direction: ASC\n"
    )
    assert names(ascending) == ["Cube", "Brazil", "Eraserhead", "Alien", "Dune"]
    descending = view_of(
        "views:\n  - type: table\n    sort:\n      - property: rating\n        direction: DESC\n"
    )
    assert names(descending) == ["Alien", "Brazil", "Eraserhead", "Cube", "Dune"]


def test_a_second_sort_key_breaks_ties() -> None:
    result = view_of(
        """
        views:
          - type: table
            sort:
              - property: rating
                direction: DESC
              - property: year
                direction: ASC
        """
    )
    assert names(result) == ["Alien", "Eraserhead", "Brazil", "Cube", "Dune"]


def test_group_by_orders_groups_by_direction_with_the_group_without_a_value_last() -> None:
    result = view_of(
        """
        views:
          - type: table
            groupBy:
              property: genre
              direction: DESC
            sort:
              - property: year
                direction: DESC
        """
    )
    assert result.grouped
    assert [(group.key, [row.row.basename for row in group.rows]) for group in result.groups] == [
        ("scifi", ["Dune"]),
        ("horror", ["Cube", "Alien"]),
        ("comedy", ["Brazil"]),
        (None, ["Eraserhead"]),
    ]
    assert [group.label for group in result.groups] == ["scifi", "horror", "comedy", ""]


def test_limit_applies_after_sort_and_grouping() -> None:
    sorted_then_cut = view_of(
        "views:\n  - type: table\n    limit: 2\n    sort:\n      - property: year\n        direction: DESC\n"
    )
    assert names(sorted_then_cut) == ["Dune", "Cube"]
    assert sorted_then_cut.matched == 5
    grouped = view_of(
        "views:\n  - type: table\n    limit: 3\n    groupBy:\n      property: genre\n      direction: ASC\n"
    )
    assert [(group.key, len(group.rows)) for group in grouped.groups] == [("comedy", 1), ("horror", 2)]


def test_default_summaries_worked_out_by_hand() -> None:
    result = view_of(
        """
        views:
          - type: table
            order: [file.name, rating, year, seen, last, genre]
            summaries:
              rating: Average
              year: Range
              seen: Checked
              last: Earliest
              genre: Unique
        """
    )
    by_column = {result.columns[s.column].property.name: (s.name, s.value) for s in result.summaries}
    assert by_column == {
        "rating": ("Average", 6.75),  # (8 + 7 + 5 + 7) / 4: Dune has no rating
        "year": ("Range", 44),  # 2021 - 1977
        "seen": ("Checked", 2),
        "last": ("Earliest", date(2023, 2, 3)),
        "genre": ("Unique", 3),  # horror, comedy, scifi; Eraserhead's is empty
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Average", 6.75),
        ("Min", 5),
        ("Max", 8),
        ("Sum", 27),
        ("Range", 3),
        ("Median", 7),
        ("Stddev", pytest.approx(1.0897247)),  # population: sqrt(((8-6.75)² + 2·(7-6.75)² + (5-6.75)²) / 4)
        ("Empty", 1),
        ("Filled", 4),
        ("Unique", 3),
        ("Earliest", None),
        ("Checked", 0),
        ("Unchecked", 0),
    ],
)
def test_each_default_summary_over_the_ratings(name: str, expected: Value) -> None:
    result = view_of(f"views:\n  - type: table\n    order: [rating]\n    summaries:\n      rating: {name}\n")
    (summary,) = result.summaries
    assert (summary.column, summary.name, summary.value) == (0, name, expected)


def test_date_summaries_and_unchecked() -> None:
    result = view_of(
        "views:\n  - type: table\n    order: [last, seen]\n"
        "    summaries:\n      last: Latest\n      seen: Unchecked\n"
    )
    assert [summary.value for summary in result.summaries] == [date(2025, 9, 9), 1]
    ranged = view_of("views:\n  - type: table\n    order: [last]\n    summaries:\n      last: Range\n")
    assert ranged.summaries[0].value == Duration(
        milliseconds=(date(2025, 9, 9) - date(2023, 2, 3)).days * 86_400_000
    )


def test_summaries_are_per_group_too() -> None:
    result = view_of(
        """
        views:
          - type: table
            order: [rating]
            groupBy:
              property: genre
              direction: ASC
            summaries:
              rating: Sum
        """
    )
    assert [(group.key, group.summaries[0].value) for group in result.groups] == [
        ("comedy", 7),
        ("horror", 13),
        ("scifi", 0),
        (None, 7),
    ]
    assert result.summaries[0].value == 27


def test_a_custom_summary_is_a_formula_over_values() -> None:
    result = view_of(
        """
        summaries:
          total: 'values.filter(value.isType("number")).reduce(acc + value, 0)'
        views:
          - type: table
            order: [rating]
            summaries:
              rating: total
        """
    )
    assert result.summaries[0].value == 27


def test_an_unknown_summary_is_reported_where_it_is_named() -> None:
    spec, _ = load("views:\n  - type: table\n    order: [rating]\n    summaries:\n      rating: Averge\n")
    result = run_view(spec, None, MOVIES, None)
    assert result.summaries == ()
    assert codes(result.diagnostics) == [("NF527", 5, 15)]


def test_views_are_chosen_by_name_or_index_and_a_missing_one_falls_back_to_the_first() -> None:
    spec, _ = load("views:\n  - type: table\n    name: One\n  - type: list\n    name: Two\n")
    assert run_view(spec, "Two", MOVIES, None).type is ViewType.LIST
    assert run_view(spec, 1, MOVIES, None).name == "Two"
    assert run_view(spec, None, MOVIES, None).name == "One"
    missing = run_view(spec, "Three", MOVIES, None)
    assert missing.name == "One"
    assert codes(missing.diagnostics) == [("NF526", 1, 1)]
    assert "Three" in missing.diagnostics[0].message


def test_a_base_without_views_is_a_table_of_every_file() -> None:
    spec, _ = load("filters: rating > 7\n")
    result = run_view(spec, None, MOVIES, None)
    assert (result.type, names(result)) == (ViewType.TABLE, ["Alien"])


def test_an_unsupported_layout_says_so() -> None:
    spec, _ = load("views:\n  - type: map\n    name: M\n")
    result = run_view(spec, None, MOVIES, None)
    assert result.type is ViewType.TABLE
    assert result.unsupported == ("the layout 'map' is shown as a table",)


def test_a_filter_that_fails_keeps_files_out_and_is_reported_once_at_its_place() -> None:
    spec, _ = load('filters:\n  and:\n    - rating > 6\n    - genre.nosuch("x")\n')
    result = run_view(spec, None, MOVIES, None)
    assert names(result) == []
    (reported,) = result.diagnostics
    assert (reported.path, reported.line) == ("T.base", 4)
    assert 7 <= reported.col <= 13  # the expression, or its method name


def test_a_filter_that_does_not_parse_matches_nothing_and_says_so() -> None:
    spec, diagnostics = load("filters: rating > )\n")
    assert len(diagnostics) == 1
    result = run_view(spec, None, MOVIES, None)
    assert names(result) == []
    assert result.unsupported == ("the filter 'rating > )' does not parse; it matches no file",)


def test_a_failing_formula_is_an_empty_cell_reported_in_the_formula() -> None:
    spec, _ = load("formulas:\n  bad: genre.nosuch()\nviews:\n  - type: table\n    order: [formula.bad]\n")
    result = run_view(spec, None, MOVIES, None)
    assert [row.cells for row in result.rows] == [(None,)] * 5
    assert [(d.line, d.path) for d in result.diagnostics] == [(2, "T.base")]


def test_cards_carry_their_image() -> None:
    wiki = FakeCorpus((note("A.md", cover="a.png"), note("B.md")))
    result = view_of("views:\n  - type: cards\n    image: note.cover\n", wiki=wiki)
    assert [row.image for row in result.rows] == ["a.png", None]


@NEEDS_VAULTS
def test_every_view_of_the_shared_vaults_runs_over_files_that_pass_their_category_filters() -> None:
    paths = sorted(SHARED.glob("vaults/**/*.base"))
    categories = tuple(LinkValue(f"Categories/{path.stem}.md", path.stem) for path in paths)
    wiki = FakeCorpus(
        [make_row(f"Categories/{path.stem}.md") for path in paths]
        + [
            make_row(
                f"References/{path.stem} {number}.md",
                {
                    "categories": categories,
                    "tags": ("journal", "0🌲"),
                    "rating": 7 + number,
                    "created": date(2025, 1, number + 1),
                    "last": date(2026, 2, 1),
                    "birthday": date(1990, 5, 5),
                    "acquired": date(2024, 1, 1),
                    "price": 100,
                    "monthlyUses": 3,
                    "genre": link(f"Categories/{path.stem}.md"),
                },
                tags=("journal",),
            )
            for path in paths
            for number in range(2)
        ]
    )
    shown = 0
    for path in paths:
        spec, _ = load_base(path.read_text(encoding="utf-8"), path.name)
        this = wiki.row(f"Categories/{path.stem}.md")
        for index in range(len(spec.views)):
            result = run_view(spec, index, wiki, this)
            shown += len(result.rows)
            assert all(d.path == path.name and d.line > 1 for d in result.diagnostics)
            assert {d.code for d in result.diagnostics} <= {"NF502"}  # Shows.base's older not(empty(…))
    assert shown > 500


def movie(name: str, rating: int | None, *categories: str) -> Row:
    links = tuple(LinkValue(f"Categories/{category}.md", category) for category in categories)
    return note(f"References/{name}.md", categories=links, rating=rating)


@NEEDS_VAULTS
def test_kepanos_movie_favourites_select_rated_movies_by_their_category_link() -> None:
    wiki = FakeCorpus(
        (
            note("Categories/Movies.md"),
            movie("Alien", 8, "Movies"),
            movie("Brazil", 6, "Movies"),
            movie("Dune", 9, "Books", "Movies"),
            movie("Emma", 9, "Books"),
            movie("Movie Template", 10, "Movies"),
        )
    )
    base = (SHARED / "vaults" / "kepano-obsidian" / "Templates" / "Bases" / "Movies.base").read_text()
    spec, _ = load_base(base, "Movies.base")
    result = run_view(spec, "Favorites", wiki, wiki.row("Categories/Movies.md"))
    assert names(result) == ["Alien", "Dune"]
    assert [column.label for column in result.columns][:3] == ["Name", "Director", "Year"]
    assert result.diagnostics == ()


def test_an_unknown_function_is_reported_though_no_file_reaches_it() -> None:
    text = """\
filters: 'file.name == "nothing" && nosuch(1)'
formulas:
  f: 'alsonot()'
views:
  - type: table
"""
    spec, _ = load_base(text, "Empty.base")
    result = run_view(spec, None, FakeCorpus((make_row("a.md"),)), None)
    assert not result.rows
    assert sorted((d.code, d.line, d.message) for d in result.diagnostics) == [
        ("NF502", 1, "unknown function nosuch()"),
        ("NF502", 3, "unknown function alsonot()"),
    ]
