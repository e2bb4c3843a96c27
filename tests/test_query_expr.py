"""Bases expressions: the parser (syntax tree, precedence, positions, errors) and the
evaluator's core (property access, ``this``, formulas, operators, null handling).

Expected values are worked out by hand from Obsidian's *Bases syntax* page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from noteforge.diagnostics import CODES
from noteforge.query.evaluate import QueryError, Scope, evaluate, unknown_functions
from noteforge.query.functions import GLOBALS, METHODS
from noteforge.query.rows import Row
from noteforge.query.values import Duration, FileValue, LinkValue, ObjectValue, Regex, Value
from noteforge.querylang.expr import (
    Binary,
    Call,
    ExprError,
    Index,
    ListLiteral,
    Literal,
    Member,
    MethodCall,
    Name,
    ObjectLiteral,
    RegexLiteral,
    Unary,
    parse_expression,
)
from tests.helpers import SHARED
from tests.query_support import FakeCorpus, link, make_row

BLADE_RUNNER = make_row(
    "Movies/Blade Runner.md",
    {
        "rating": 8,
        "year": 1982,
        "genre": (link("Categories/Sci-fi.md", "Sci-fi"), link(None, "Noir")),
        "director": link("People/Ridley Scott.md", "Ridley Scott"),
        "status": "done",
        "price": 12.5,
        "created": date(2025, 1, 2),
        "last": datetime(2025, 5, 20, 18, 30),
        "cast": ("Harrison Ford", "Sean Young"),
        "info": ObjectValue((("studio", "Warner"), ("budget", 28))),
        "empty": "",
        "my key": "spaced",
    },
    tags=("movie", "sci/fi"),
    links=("Categories/Sci-fi.md", "People/Ridley Scott.md"),
    embeds=("Attachments/poster.jpg",),
    backlinks=("People/Ridley Scott.md",),
    ctime=date(2025, 1, 2),
    mtime=datetime(2025, 5, 1, 9, 0),
    size=2048,
)
RIDLEY = make_row("People/Ridley Scott.md", {"born": date(1937, 11, 30)}, links=("Movies/Blade Runner.md",))
SCIFI = make_row("Categories/Sci-fi.md", {"related": (link("Categories/Noir.md"),)})
POSTER = make_row("Attachments/poster.jpg", size=5000)
CORPUS = FakeCorpus((BLADE_RUNNER, RIDLEY, SCIFI, POSTER))


def scope(row: Row = BLADE_RUNNER, this: Row | None = SCIFI, formulas: Mapping[str, str] = {}) -> Scope:
    parsed = {name: parse_expression(text) for name, text in formulas.items()}
    return Scope(row=row, corpus=CORPUS, this=this, formulas=parsed)


def value_of(text: str, *, row: Row = BLADE_RUNNER, this: Row | None = SCIFI, **formulas: str) -> Value:
    return evaluate(parse_expression(text), scope(row, this, formulas))


def error_of(text: str, **formulas: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        evaluate(parse_expression(text), scope(formulas=formulas))
    return caught.value


# --- the parser -------------------------------------------------------------------------


def test_literals() -> None:
    assert parse_expression("42") == Literal(42, 1, 1)
    assert parse_expression("2.5") == Literal(2.5, 1, 1)
    assert parse_expression('"it\'s"') == Literal("it's", 1, 1)
    assert parse_expression("'say \"hi\"'") == Literal('say "hi"', 1, 1)
    assert parse_expression(r'"a\nb\u00e9"') == Literal("a\nb\u00e9", 1, 1)
    assert parse_expression("true") == Literal(True, 1, 1)
    assert parse_expression("false") == Literal(False, 1, 1)
    assert parse_expression("null") == Literal(None, 1, 1)
    assert parse_expression("/a,b/gi") == RegexLiteral("a,b", "gi", 1, 1)
    assert parse_expression("[1, 'x']") == ListLiteral((Literal(1, 1, 2), Literal("x", 1, 5)), 1, 1)
    assert parse_expression('{"a": 1, b: 2}') == ObjectLiteral(
        (("a", Literal(1, 1, 7)), ("b", Literal(2, 1, 13))), 1, 1
    )


def test_names_members_indexes_and_calls() -> None:
    assert parse_expression("note.price") == Member(Name("note", 1, 1), "price", 1, 6)
    assert parse_expression('note["my key"]') == Index(Name("note", 1, 1), Literal("my key", 1, 6), 1, 1)
    assert parse_expression("list(x)") == Call("list", (Name("x", 1, 6),), 1, 1)
    assert parse_expression("now()") == Call("now", (), 1, 1)
    assert parse_expression('file.hasTag("a", "b")') == MethodCall(
        Name("file", 1, 1), "hasTag", (Literal("a", 1, 13), Literal("b", 1, 18)), 1, 6
    )
    # A number's method: the dot after digits is the method's, not a decimal point.
    assert parse_expression("5.isEmpty()") == MethodCall(Literal(5, 1, 1), "isEmpty", (), 1, 3)
    assert parse_expression("x.true") == Member(Name("x", 1, 1), "true", 1, 3)


def test_operator_precedence_is_javascripts() -> None:
    one, two, three = Literal(1, 1, 1), Literal(2, 1, 5), Literal(3, 1, 9)
    assert parse_expression("1 + 2 * 3") == Binary("+", one, Binary("*", two, three, 1, 7), 1, 3)
    assert parse_expression("1 - 2 - 3") == Binary("-", Binary("-", one, two, 1, 3), three, 1, 7)
    tree = parse_expression("a || b && c == d < e + f * g")
    assert isinstance(tree, Binary) and tree.op == "||"
    assert isinstance(tree.right, Binary) and tree.right.op == "&&"
    assert isinstance(tree.right.right, Binary) and tree.right.right.op == "=="
    assert isinstance(tree.right.right.right, Binary) and tree.right.right.right.op == "<"
    assert parse_expression("!a.b()") == Unary("!", MethodCall(Name("a", 1, 2), "b", (), 1, 4), 1, 1)
    assert parse_expression("-(2).abs()") == Unary("-", MethodCall(Literal(2, 1, 3), "abs", (), 1, 6), 1, 1)


def test_division_and_regular_expressions_are_told_apart() -> None:
    tree = parse_expression("a / b / c")
    assert isinstance(tree, Binary) and tree.op == "/"
    assert parse_expression('"x".replace(/\\//g, "-")') == MethodCall(
        Literal("x", 1, 1), "replace", (RegexLiteral("\\/", "g", 1, 13), Literal("-", 1, 20)), 1, 5
    )


def test_positions_span_lines() -> None:
    tree = parse_expression("a &&\n  b.c")
    assert tree == Binary("&&", Name("a", 1, 1), Member(Name("b", 2, 3), "c", 2, 5), 1, 3)


@pytest.mark.parametrize(
    ("text", "message", "line", "col"),
    [
        ("a ==", "the expression ends too early", 1, 5),
        ("1 +* 2", "unexpected '*'", 1, 4),
        ("a @ b", "unexpected character '@'", 1, 3),
        ('"open', "unexpected character '\"'", 1, 1),
        ("f(1,,2)", "unexpected ','", 1, 5),
        ("a\n  b", "unexpected 'b'", 2, 3),
        ("   ", "the expression is empty", 1, 1),
    ],
)
def test_syntax_errors_have_a_place(text: str, message: str, line: int, col: int) -> None:
    with pytest.raises(ExprError) as caught:
        parse_expression(text)
    assert (caught.value.message, caught.value.line, caught.value.col, caught.value.code) == (
        message,
        line,
        col,
        "NF501",
    )


def kepano_expressions() -> list[str]:
    """Every filter and formula string in kepano's base files (lines that hold a call,
    comparison or operator), as YAML writes them."""
    found: list[str] = []
    folder = SHARED / "vaults" / "kepano-obsidian"
    for base in sorted(folder.rglob("*.base")) if folder.is_dir() else ():
        found.extend(_expressions_in(base))
    return found


def _expressions_in(base: Path) -> list[str]:
    data = yaml.safe_load(base.read_text(encoding="utf-8")) or {}
    texts: list[str] = [str(text) for text in (data.get("formulas") or {}).values()]

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(data.get("filters"))
    for view in data.get("views") or []:
        walk(view.get("filters"))
    return texts


def test_every_expression_in_kepanos_vault_parses() -> None:
    expressions = kepano_expressions()
    if not expressions:
        pytest.skip("the shared vaults are not here")
    for text in expressions:
        parse_expression(text)


def test_kepanos_vault_evaluates_or_reports_never_crashes() -> None:
    expressions = kepano_expressions()
    if not expressions:
        pytest.skip("the shared vaults are not here")
    reported = set()
    for text in expressions:
        for row in CORPUS.rows:
            try:
                value_of(text, row=row)
            except QueryError as error:
                reported.add((text, error.code))
    # Only the functions Obsidian does not have, and formulas the test gives no base for.
    assert {code for _, code in reported} <= {"NF502", "NF505"}


# --- property access --------------------------------------------------------------------


def test_bare_names_and_note_dot_read_note_properties() -> None:
    assert value_of("rating") == 8
    assert value_of("note.rating") == 8
    assert value_of('note["rating"]') == 8
    assert value_of('note["my key"]') == "spaced"
    assert value_of("missing") is None
    assert value_of("note.missing") is None
    assert value_of("info.studio") == "Warner"
    assert value_of('info["budget"]') == 28
    assert value_of("info.nothing") is None
    assert value_of("cast[0]") == "Harrison Ford"
    assert value_of("cast[5]") is None
    assert value_of("missing[0]") is None
    assert value_of("missing.deeper.still") is None


def test_file_fields() -> None:
    assert value_of("file.name") == "Blade Runner"
    assert value_of("file.basename") == "Blade Runner"
    assert value_of("file.path") == "Movies/Blade Runner.md"
    assert value_of("file.folder") == "Movies"
    assert value_of("file.ext") == "md"
    assert value_of("file.size") == 2048
    assert value_of("file.ctime") == date(2025, 1, 2)
    assert value_of("file.mtime") == datetime(2025, 5, 1, 9, 0)
    assert value_of("file.tags") == ("movie", "sci/fi")
    assert value_of("file.links") == (link("Categories/Sci-fi.md"), link("People/Ridley Scott.md"))
    assert value_of("file.embeds") == (link("Attachments/poster.jpg"),)
    assert value_of("file.backlinks") == (link("People/Ridley Scott.md"),)
    assert value_of("file.file") == FileValue("Movies/Blade Runner.md")
    assert value_of("file") == FileValue("Movies/Blade Runner.md")
    assert value_of('file["name"]') == "Blade Runner"
    properties = value_of("file.properties")
    assert isinstance(properties, ObjectValue) and dict(properties.items)["rating"] == 8
    # An attachment keeps its extension in its name.
    assert value_of("file.name", row=POSTER) == "poster.jpg"
    assert value_of("file.ext", row=POSTER) == "jpg"
    assert value_of("file.properties.isEmpty()", row=POSTER) is True
    assert error_of("file.colour").code == "NF503"


def test_this_is_the_embedding_file() -> None:
    assert value_of("this") == FileValue("Categories/Sci-fi.md")
    assert value_of("this.file.name") == "Sci-fi"
    assert value_of("this.file") == FileValue("Categories/Sci-fi.md")
    assert value_of("this.related") == (link("Categories/Noir.md"),)
    assert value_of("this.note.related") == (link("Categories/Noir.md"),)
    assert value_of("file.name != this.file.name") is True
    assert value_of("list(genre).contains(this)") is True
    assert value_of("file.links.contains(this.file)") is True
    assert value_of("file.hasLink(this)") is True
    assert value_of("this.file.hasLink(file)") is False
    assert value_of("this.file.name", this=None) is None
    assert value_of("this", this=None) is None


def test_this_need_not_be_in_the_corpus() -> None:
    page = make_row("Bases/Movies.base", size=10)
    assert value_of("this.file.name", this=page) == "Movies.base"
    assert value_of("this.file.ext", this=page) == "base"
    assert value_of("this.file.size", this=page) == 10


# --- formulas ---------------------------------------------------------------------------


def test_formulas_read_other_formulas() -> None:
    assert value_of("formula.double", double="rating * 2") == 16
    assert value_of("formula.quad", double="rating * 2", quad="formula.double * 2") == 32
    assert value_of('formula["double"] + 1', double="rating * 2") == 17


def test_a_formula_cycle_is_an_error() -> None:
    error = error_of("formula.a", a="formula.b + 1", b="formula.a")
    assert error.code == "NF504"
    assert "a -> b -> a" in error.message
    assert (error.line, error.col) == (1, 9)
    assert error_of("formula.self", self="formula.self").code == "NF504"


def test_an_unknown_formula_is_an_error() -> None:
    error = error_of("formula.nothing.isEmpty()")
    assert (error.code, error.line, error.col) == ("NF505", 1, 9)


def test_an_error_inside_a_formula_is_placed_at_the_reference() -> None:
    error = error_of("1 + formula.bad", bad='"x".round()')
    assert (error.code, error.line, error.col) == ("NF503", 1, 13)
    assert error.message.startswith("in formula 'bad':")


# --- operators --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 / 2", 3.5),
        ("6 / 3", 2),
        ("7 % 3", 1),
        ("-7 % 3", -1),
        ("2 - 5", -3),
        ("radius * (2 * 3.14)", None),
        ("price * 2", 25.0),
        ("1 / 0", None),
        ('"a" + "b"', "ab"),
        ('"n=" + 3', "n=3"),
        ('file.name + " - " + status', "Blade Runner - done"),
        ("[1] + [2, 3]", (1, 2, 3)),
        ("missing + 1", None),
        ("1 == 1.0", True),
        ('"a" == "a"', True),
        ('1 == "1"', False),
        ("true == 1", False),
        ("null == null", True),
        ("missing == null", True),
        ('status != "done"', False),
        ("[1, 2] == [1, 2]", True),
        ("rating > 6", True),
        ("rating >= 8", True),
        ("rating < 8", False),
        ("rating <= 8", True),
        ("missing > 6", False),
        ("missing < 6", False),
        ('"b" > "a"', True),
        ("created < last", True),
        ('created == "2025-01-02"', True),
        ('created > "2024-12-31"', True),
        ('"10" > 9', True),
        ("!true", False),
        ("!missing", True),
        ("!empty", True),
        ("!!cast", True),
        ("-rating", -8),
        ("true && 0", False),
        ("0 || 'x'", True),
        ("missing && missing.foo()", False),
        ('rating > 6 && status == "done"', True),
        ('rating > 9 || status == "done"', True),
    ],
)
def test_operators(text: str, expected: Value) -> None:
    assert value_of(text) == expected
    assert type(value_of(text)) is type(expected)


def test_links_equal_the_files_they_lead_to() -> None:
    assert value_of('director == link("Ridley Scott")') is True
    assert value_of('director == link("People/Ridley Scott.md")') is True
    assert value_of('director == file("People/Ridley Scott.md")') is True
    assert value_of('genre[1] == link("Noir")') is True  # both lead nowhere: compared by text
    assert value_of('genre[1] == link("noir")') is False
    assert value_of('director == "Ridley Scott"') is False


def test_date_arithmetic() -> None:
    assert value_of('date("2024-12-01") + "1M" + "4h" + "3m"') == datetime(2025, 1, 1, 4, 3)
    assert value_of('created + "7d"') == date(2025, 1, 9)
    assert value_of('created - "1 week"') == date(2024, 12, 26)
    assert value_of('created + "1y"') == date(2026, 1, 2)
    assert value_of('date("2025-01-31") + "1M"') == date(2025, 2, 28)
    assert value_of('created + "2h"') == datetime(2025, 1, 2, 2, 0)
    assert value_of('now() + "1 day"') == datetime(2025, 5, 28)
    assert value_of('(now() + "1d") - now()') == Duration(0, 86_400_000)
    assert value_of('(now() + "1d") - now() == 86400000') is True
    assert value_of("today() - created") == Duration(0, 145 * 86_400_000)
    assert value_of('last > now() - "60d"') is True
    assert value_of('file.mtime > now() - "1 week"') is False
    assert value_of('now() + (duration("1d") * 2)') == datetime(2025, 5, 29)
    assert value_of('duration("5h") / 5') == Duration(0, 3_600_000)
    assert value_of('duration("1d") + "12h"') == Duration(0, 36 * 3_600_000)
    assert value_of('"7d" + created') == date(2025, 1, 9)
    assert value_of('"Made " + created') == "Made 2025-01-02"
    assert value_of('missing + "7d"') is None


def test_differences_of_dates_read_in_units() -> None:
    assert value_of("(today() - created).days") == 145
    assert value_of('(date("2025-01-02") - date("2025-01-01")).hours') == 24
    assert value_of("((today() - created).months).round()") == 5
    assert value_of('(now() - date("1990-05-27")).years.floor()') == 35


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('"a" * 2', "NF503"),
        ("cast > 1", "NF503"),
        ('created + "soon"', "NF506"),
        ("-status", "NF503"),
        ("rating.year", "NF503"),
        ('cast["x"]', "NF503"),
        ("formula", "NF503"),
    ],
)
def test_type_errors(text: str, code: str) -> None:
    assert error_of(text).code == code


def test_errors_are_placed_at_the_failing_node() -> None:
    error = error_of('rating > 6 && "a" * 2 > 1')
    assert (error.line, error.col) == (1, 19)


# --- unknown functions ------------------------------------------------------------------


def test_an_unknown_function_is_an_error_at_its_name() -> None:
    error = error_of("rating > 1 && shout(rating)")
    assert (error.code, error.line, error.col) == ("NF502", 1, 15)
    assert error_of("status.shout()").code == "NF502"
    # Even on null, where a known method would quietly give null.
    assert error_of("missing.shout()").code == "NF502"


def test_unknown_functions_are_found_without_evaluating() -> None:
    found = unknown_functions(parse_expression("false && not(empty(note.last)) || x.upper()"))
    assert [(error.message, error.line, error.col) for error in found] == [
        ("unknown function not()", 1, 10),
        ("unknown function empty()", 1, 14),
        ("unknown function upper()", 1, 37),
    ]
    assert unknown_functions(parse_expression("list(x).filter(value > 1).map(value * 2)")) == ()


def test_regex_literal_is_a_value() -> None:
    assert value_of("/a+/i") == Regex("a+", "i")
    assert isinstance(value_of('link("Ridley Scott")'), LinkValue)


# --- nothing a note writes crashes ------------------------------------------------------

_ATOMS = st.sampled_from(
    [
        "1", "0", "-1", "2.5", "1e308", '"x"', '""', '"7d"', '"2025-01-01"', "true", "null", "[]",
        '[1, "a", null]', "{}", '{"a": 1}', "/a+/g", "rating", "price", "created", "last", "cast",
        "genre", "info", "empty", "missing", "director", "file", "this", "note", "formula.double",
        "file.links", "now()", "today()", 'duration("1d")', 'link("x")', "value", "index",
    ]
)  # fmt: skip
_OPERATORS = st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"])
_METHODS = st.sampled_from(sorted({*METHODS, "filter", "map", "reduce"}))
_GLOBALS = st.sampled_from(sorted({*GLOBALS, "if"}))
_FIELDS = st.sampled_from(["length", "year", "days", "name", "links", "studio", "x"])


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    arguments = st.lists(inner, max_size=3).map(", ".join)
    return st.one_of(
        st.tuples(inner, _OPERATORS, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, _METHODS, arguments).map(lambda t: f"{t[0]}.{t[1]}({t[2]})"),
        st.tuples(_GLOBALS, arguments).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, _FIELDS).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        inner.map(lambda text: f"!{text}"),
    )


EXPRESSIONS = st.recursive(_ATOMS, _compound, max_leaves=12)


@given(EXPRESSIONS)
def test_any_expression_evaluates_or_reports(text: str) -> None:
    tree = parse_expression(text)
    try:
        evaluate(tree, scope(formulas={"double": "rating * 2"}))
    except QueryError as error:
        assert error.code in CODES and error.line is not None


@given(EXPRESSIONS, st.integers(min_value=0, max_value=40), st.sampled_from("()[]{}.,\"'/!-+ @"))
def test_any_text_parses_or_reports(text: str, at: int, typo: str) -> None:
    broken = text[:at] + typo + text[at + 1 :]
    try:
        parse_expression(broken)
    except ExprError as error:
        assert error.code == "NF501" and error.line >= 1 and error.col >= 1
