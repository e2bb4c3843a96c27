"""Obsidian ``.base`` files: loading them (positions, diagnostics) and running their views."""

from __future__ import annotations

import textwrap

import pytest

from noteforge.model import Diagnostic
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


def test_every_base_file_of_the_shared_vaults_loads() -> None:
    paths = sorted(SHARED.glob("vaults/**/*.base"))
    assert len(paths) >= 30
    for path in paths:
        spec, diagnostics = load_base(path.read_text(encoding="utf-8"), path.name)
        assert spec.views, path
        assert {d.code for d in diagnostics} <= {"NF525"}, [d.format() for d in diagnostics]
