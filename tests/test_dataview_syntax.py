"""Dataview's query language: what parses into which tree, and where a syntax error is."""

from __future__ import annotations

import pytest

from noteforge.querylang.dataview import (
    And,
    Binary,
    Call,
    DataviewSyntaxError,
    DateLiteral,
    DurationLiteral,
    Field,
    Flatten,
    FolderSource,
    GroupBy,
    Lambda,
    Limit,
    LinkLiteral,
    LinkSource,
    Member,
    Not,
    Or,
    OutgoingSource,
    QueryType,
    Sort,
    TagSource,
    Unary,
    Where,
    parse_dql_expression,
    parse_query,
)


def test_query_types_and_without_id() -> None:
    assert parse_query("LIST").type is QueryType.LIST
    assert parse_query("table").type is QueryType.TABLE
    assert parse_query("Task").type is QueryType.TASK
    assert parse_query("CALENDAR file.ctime").type is QueryType.CALENDAR
    assert parse_query("TABLE WITHOUT ID a").without_id
    assert parse_query("LIST WITHOUT ID a").without_id
    assert not parse_query("TABLE a").without_id


def test_table_columns_take_their_header_from_as_or_their_text() -> None:
    query = parse_query('TABLE started, file.folder AS Path, file.etags AS "File Tags", a  +  b')
    assert [field.label for field in query.fields] == ["started", "Path", "File Tags", "a + b"]
    assert query.fields[1].expr == Member(Field("file", 1, 16), "folder", 1, 16)


def test_list_takes_one_value() -> None:
    [field] = parse_query('LIST "Path: " + file.folder').fields
    assert field.label == '"Path: " + file.folder'


def test_sources_combine_with_and_or_and_negation() -> None:
    query = parse_query('LIST FROM #games/moba or #tag and -"folder" or outgoing([[Note]]) and !([[]])')
    assert query.source == Or(
        Or(TagSource("games/moba"), And(TagSource("tag"), Not(FolderSource("folder")))),
        And(OutgoingSource("Note"), Not(LinkSource(""))),
    )


def test_commands_keep_their_order_and_positions() -> None:
    query = parse_query(
        "LIST\nFROM #a\nWHERE x\nSORT a DESC, b asc, c\nGROUP BY type AS kind\nFLATTEN t AS T\nLIMIT 5"
    )
    where, sort, group, flatten, limit = query.commands
    assert where == Where(Field("x", 3, 7), 3, 1)
    assert isinstance(sort, Sort) and [key.descending for key in sort.keys] == [True, False, False]
    assert isinstance(group, GroupBy) and group.name == "kind" and (group.line, group.col) == (5, 1)
    assert isinstance(flatten, Flatten) and flatten.name == "T"
    assert limit == Limit(5, 7, 1)


def test_expression_precedence() -> None:
    expr = parse_dql_expression("a = 1 or !b and c + 2 * 3 >= 4")
    assert isinstance(expr, Binary) and expr.op == "or"
    right = expr.right
    assert isinstance(right, Binary) and right.op == "and"
    assert isinstance(right.left, Unary) and right.left.op == "!"
    compare = right.right
    assert isinstance(compare, Binary) and compare.op == ">="
    total = compare.left
    assert isinstance(total, Binary) and total.op == "+"
    assert isinstance(total.right, Binary) and total.right.op == "*"


def test_literals() -> None:
    assert parse_dql_expression("date(2021-04-18)") == DateLiteral("2021-04-18", 1, 1)
    assert parse_dql_expression("date( today )") == DateLiteral("today", 1, 1)
    assert parse_dql_expression("dur(2 hours, 30 minutes)") == DurationLiteral("2 hours, 30 minutes", 1, 1)
    assert parse_dql_expression("[[Note#Part|Shown]]") == LinkLiteral("Note#Part", "Shown", False, 1, 1)
    assert isinstance(parse_dql_expression("date(file.name)"), Call)


def test_names_may_hold_dashes_and_keywords_are_names_where_no_keyword_fits() -> None:
    assert parse_dql_expression("due-date") == Field("due-date", 1, 1)
    assert parse_dql_expression("id") == Field("id", 1, 1)
    assert isinstance(parse_dql_expression("list(1, 2)"), Call)
    assert isinstance(parse_query("TABLE sort(x) SORT x").fields[0].expr, Call)
    assert parse_dql_expression("a - b") == Binary("-", Field("a", 1, 1), Field("b", 1, 5), 1, 1)


def test_lambdas() -> None:
    expr = parse_dql_expression("reduce(x, (a, b) => a + b)")
    assert isinstance(expr, Call) and isinstance(expr.args[1], Lambda)
    assert expr.args[1].params == ("a", "b")
    one = parse_dql_expression("(t) => t")
    assert isinstance(one, Lambda) and one.params == ("t",)


def test_comments_are_ignored() -> None:
    assert parse_query("LIST // all of them\nLIMIT 1 // one").commands == (Limit(1, 2, 1),)


@pytest.mark.parametrize(
    ("text", "line", "col", "says"),
    [
        ("", 1, 1, "empty query"),
        ("SELECT *", 1, 1, "starts with LIST"),
        ("LIST FROM", 1, 10, "ends too early"),
        ("LIST\nWHERE x\nSORT", 3, 5, "ends too early"),
        ("LIST WHERE a ~ b", 1, 14, "'~'"),
        ("LIST LIMIT 2.5", 1, 12, "whole number"),
        ("LIST WHERE (1 + 2) => 3", 1, 13, "plain names"),
    ],
)
def test_syntax_errors_say_what_and_where(text: str, line: int, col: int, says: str) -> None:
    with pytest.raises(DataviewSyntaxError) as raised:
        parse_query(text)
    assert (raised.value.line, raised.value.col) == (line, col)
    assert says in raised.value.message
