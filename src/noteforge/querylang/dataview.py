"""Dataview's query language (DQL), a static subset: text → a typed, frozen query tree.

A query is a type (``LIST``, ``TABLE``, ``TASK``; ``CALENDAR`` parses but is not run),
an optional ``FROM`` source (tags, folders or files, links to ``[[x]]``, ``outgoing([[x]])``,
combined with ``and``, ``or``, ``-``/``!`` and parentheses) and data commands in order
(``WHERE``, ``SORT``, ``GROUP BY``, ``FLATTEN``, ``LIMIT``). Keywords are case-insensitive;
``//`` starts a comment. Expressions are Dataview's own: literals (numbers, ``"text"``,
``true``, ``false``, ``null``, ``date(2021-04-18)``, ``date(today)``, ``dur(1 day)``,
``[[Link]]``, ``[1, 2]``, ``{a: 1}``), fields (``due-date``, ``file.name``, ``a[expr]``), calls,
lambdas ``(x) => …``, ``!``/``-``, ``* / %``, ``+ -``, comparisons, ``and``/``&``, ``or``/``|``.
The grammar is lark's (LALR); :func:`parse_query` raises :class:`DataviewSyntaxError` with a
1-based line and column.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, v_args
from lark.exceptions import VisitError
from lark.tree import Meta

__all__ = [
    "And",
    "Binary",
    "Call",
    "Command",
    "DataviewQuery",
    "DataviewSyntaxError",
    "DateLiteral",
    "DurationLiteral",
    "Expr",
    "Field",
    "Flatten",
    "FolderSource",
    "GroupBy",
    "Index",
    "Lambda",
    "Limit",
    "LinkLiteral",
    "LinkSource",
    "ListLiteral",
    "Literal",
    "Member",
    "Not",
    "ObjectLiteral",
    "Or",
    "OutgoingSource",
    "QueryField",
    "QueryType",
    "Sort",
    "SortKey",
    "Source",
    "TagSource",
    "Unary",
    "Where",
    "parse_dql_expression",
    "parse_query",
]


class DataviewSyntaxError(Exception):
    """A query that does not parse: what is wrong and where (1-based, in the query's text)."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


# -- expressions ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    """``null``, ``true``/``false``, a number or a text."""

    value: bool | int | float | str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class DateLiteral:
    """``date(2021-04-18)``, ``date(2021-04-18T10:30)`` or ``date(today)`` (``now``, ``tomorrow``,
    ``yesterday``, ``sow``/``eow``, ``som``/``eom``, ``soy``/``eoy``): the text in parentheses."""

    text: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class DurationLiteral:
    """``dur(1 day)``, ``dur(2 hours, 30 minutes)``: the text in parentheses."""

    text: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class LinkLiteral:
    """``[[target#section|display]]``; an empty target (``[[]]``, ``[[#]]``) is the query's own note."""

    target: str
    display: str | None
    embed: bool
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class ListLiteral:
    items: tuple[Expr, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class ObjectLiteral:
    items: tuple[tuple[str, Expr], ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Field:
    """A name: a field of the row (``status``, ``due-date``), ``this``, ``row``, or a lambda's
    parameter."""

    name: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Member:
    """``target.name``."""

    target: Expr
    name: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Index:
    """``target[index]``."""

    target: Expr
    index: Expr
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Call:
    """``function(args…)``; ``function`` is a name for Dataview's functions."""

    function: Expr
    args: tuple[Expr, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Lambda:
    params: tuple[str, ...]
    body: Expr
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Unary:
    """``!x`` (``op`` is ``"!"``) or ``-x``."""

    op: str
    operand: Expr
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Binary:
    """``left op right``; ``op`` is one of ``and or = != < > <= >= + - * / %``."""

    op: str
    left: Expr
    right: Expr
    line: int
    col: int


Expr = (
    Literal
    | DateLiteral
    | DurationLiteral
    | LinkLiteral
    | ListLiteral
    | ObjectLiteral
    | Field
    | Member
    | Index
    | Call
    | Lambda
    | Unary
    | Binary
)


# -- sources -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TagSource:
    """``#tag``: notes with the tag or one below it (without ``#``)."""

    tag: str


@dataclass(frozen=True, slots=True)
class FolderSource:
    """``"folder"`` (and everything below it) or ``"folder/file"`` (``.md`` optional)."""

    path: str


@dataclass(frozen=True, slots=True)
class LinkSource:
    """``[[note]]``: notes linking to it (``[[]]``: to the query's own note)."""

    target: str


@dataclass(frozen=True, slots=True)
class OutgoingSource:
    """``outgoing([[note]])``: the notes it links to."""

    target: str


@dataclass(frozen=True, slots=True)
class And:
    left: Source
    right: Source


@dataclass(frozen=True, slots=True)
class Or:
    left: Source
    right: Source


@dataclass(frozen=True, slots=True)
class Not:
    source: Source


Source = TagSource | FolderSource | LinkSource | OutgoingSource | And | Or | Not


# -- commands and the query ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Where:
    condition: Expr
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class SortKey:
    expr: Expr
    descending: bool


@dataclass(frozen=True, slots=True)
class Sort:
    keys: tuple[SortKey, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class GroupBy:
    """``GROUP BY expr [AS name]``; without a name a field's own name (else ``key``) is used."""

    expr: Expr
    name: str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Flatten:
    expr: Expr
    name: str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Limit:
    count: int
    line: int
    col: int


Command = Where | Sort | GroupBy | Flatten | Limit


class QueryType(StrEnum):
    LIST = "list"
    TABLE = "table"
    TASK = "task"
    CALENDAR = "calendar"


@dataclass(frozen=True, slots=True)
class QueryField:
    """A column of a ``TABLE`` (or the value of a ``LIST``): its expression and its header
    (``AS`` name, else the expression as written)."""

    expr: Expr
    label: str


@dataclass(frozen=True, slots=True)
class DataviewQuery:
    """A parsed query. ``fields`` are a table's columns, the one value of a ``LIST`` or the
    date of a ``CALENDAR``."""

    type: QueryType
    without_id: bool
    fields: tuple[QueryField, ...]
    source: Source | None
    commands: tuple[Command, ...]


_GRAMMAR = r"""
query: head from_clause? command*
head: LIST without_id? value?                     -> list_head
    | TABLE without_id? (table_field ("," table_field)*)?  -> table_head
    | TASK                                        -> task_head
    | CALENDAR value                              -> calendar_head
without_id: WITHOUT ID
value: expr
table_field: expr (AS (STRING | NAME))?

from_clause: FROM source
?source: source_and | source OR source_and       -> source_or
?source_and: source_not | source_and AND source_not
?source_not: source_atom | ("-" | "!") source_not -> source_negated
?source_atom: TAG                                 -> tag_source
    | STRING                                      -> folder_source
    | LINK                                        -> link_source
    | OUTGOING "(" LINK ")"                       -> outgoing_source
    | "(" source ")"

command: WHERE expr                               -> where
    | SORT sort_key ("," sort_key)*               -> sort
    | GROUP BY expr (AS NAME)?                    -> group_by
    | FLATTEN expr (AS NAME)?                     -> flatten
    | LIMIT NUMBER                                -> limit
sort_key: expr DIRECTION?

?expr: or_expr
?or_expr: and_expr | or_expr (OR | "|") and_expr  -> or_op
?and_expr: cmp_expr | and_expr (AND | "&") cmp_expr -> and_op
?cmp_expr: add_expr | cmp_expr CMP add_expr       -> binary
?add_expr: mul_expr | add_expr ADD_OP mul_expr    -> binary
?mul_expr: unary | mul_expr MUL_OP unary          -> binary
?unary: postfix | NOT_OP unary                    -> unary
    | MINUS unary                                 -> unary
?postfix: atom
    | postfix "." NAME                            -> member
    | postfix "[" expr "]"                        -> index
    | postfix "(" [expr ("," expr)*] ")"          -> call
    | FUNCTION "(" [expr ("," expr)*] ")"         -> named_call
?atom: NUMBER                                     -> number
    | STRING                                      -> string
    | TRUE                                        -> true
    | FALSE                                       -> false
    | NULL                                        -> null
    | NAME                                        -> field
    | LINK                                        -> link
    | DATE                                        -> date
    | DURATION                                    -> duration
    | "[" [expr ("," expr)*] "]"                  -> list_literal
    | "{" [pair ("," pair)*] "}"                  -> object_literal
    | "(" expr ")"
    | "(" expr ")" ARROW expr                     -> lambda_one
    | "(" expr ("," expr)+ ")" ARROW expr         -> lambda_many
    | "(" ")" ARROW expr                          -> lambda_none
pair: (NAME | STRING) ":" expr

LIST: "list"i
TABLE: "table"i
TASK: "task"i
CALENDAR: "calendar"i
WITHOUT: "without"i
ID: "id"i
AS: "as"i
FROM: "from"i
OUTGOING: "outgoing"i
WHERE: "where"i
SORT: "sort"i
GROUP: "group"i
BY: "by"i
FLATTEN: "flatten"i
LIMIT: "limit"i
AND: "and"i
OR: "or"i
TRUE: "true"i
FALSE: "false"i
NULL: "null"i
DIRECTION: /asc(ending)?|desc(ending)?/i
DATE.5: /date\(\s*(\d{4}-\d\d(-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?)?|DATE_WORDS)\s*\)/i
DURATION.5: /dur\(\s*-?\d+(\.\d+)?\s*[a-z]+(\s*,?\s*\d+(\.\d+)?\s*[a-z]+)*\s*\)/i
// A name just before "(" is a function's, even one spelled as a keyword (sort, list).
FUNCTION.4: /[^\W\d][\w-]*(?=\()/i
NAME: /[^\W\d][\w-]*/i
NUMBER: /\d+(\.\d+)?/
STRING: /"(\\.|[^"\\\n])*"/
TAG: /#[^\s,;:!"'()\[\]{}#]+/
LINK: /!?\[\[[^\[\]\n]*\]\]/
CMP: "<=" | ">=" | "!=" | "=" | "<" | ">"
ADD_OP: "+" | MINUS
MINUS: "-"
MUL_OP: "*" | "/" | "%"
NOT_OP: "!"
ARROW.2: "=>"
COMMENT: /\/\/[^\n]*/

%import common.WS
%ignore WS
%ignore COMMENT
""".replace("DATE_WORDS", "today|now|tomorrow|yesterday|sow|eow|som|eom|soy|eoy")


@functools.cache
def _parser() -> Lark:
    return Lark(
        _GRAMMAR,
        start=["query", "expr"],
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
    )


def parse_query(text: str) -> DataviewQuery:
    """Parse a ``dataview`` block's text into a :class:`DataviewQuery`."""
    query = _parse(text, "query")
    assert isinstance(query, DataviewQuery)
    return query


def parse_dql_expression(text: str) -> Expr:
    """Parse one DQL expression (an inline query's ``= expr``)."""
    return _parse(text, "expr")  # type: ignore[return-value]


def _parse(text: str, start: str) -> object:
    """The typed tree of ``text`` from the grammar's rule ``start``."""
    if not text.strip():
        raise DataviewSyntaxError("empty query: expected LIST, TABLE, TASK or CALENDAR", 1, 1)
    try:
        return _ToQuery(text).transform(_parser().parse(text, start=start))
    except UnexpectedInput as error:
        raise DataviewSyntaxError(_message(error), *_position(error, text)) from None
    except VisitError as error:  # a check of the tree's builder (a lambda's parameters…)
        if isinstance(error.orig_exc, DataviewSyntaxError):
            raise error.orig_exc from None
        raise


def _position(error: UnexpectedInput, text: str) -> tuple[int, int]:
    if _at_end(error):
        lines = text.rstrip().split("\n")
        return len(lines), len(lines[-1]) + 1
    return error.line, error.column


def _at_end(error: UnexpectedInput) -> bool:
    token = getattr(error, "token", None)
    return isinstance(error, UnexpectedEOF) or (isinstance(token, Token) and token.type == "$END")


def _message(error: UnexpectedInput) -> str:
    if _at_end(error):
        return "the query ends too early"
    if isinstance(error, UnexpectedCharacters):
        return f"unexpected character {error.char!r}"
    found = f"unexpected {str(getattr(error, 'token', ''))!r}"
    if error.line == 1 and error.column == 1:
        return f"{found}: a query starts with LIST, TABLE, TASK or CALENDAR"
    return found


_LINK_PARTS = re.compile(r"^(!?)\[\[([^|]*)(?:\|(.*))?\]\]$", re.DOTALL)


def _link(token: Token) -> tuple[str, str | None, bool]:
    found = _LINK_PARTS.match(str(token))
    assert found is not None  # the LINK terminal has this shape
    target = found.group(2).strip()
    return ("" if target == "#" else target), found.group(3), found.group(1) == "!"


def _string(token: Token) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), str(token)[1:-1])


def _at(meta: Meta) -> tuple[int, int]:
    return (meta.line, meta.column) if not meta.empty else (1, 1)


def _here(token: Token) -> tuple[int, int]:
    return token.line or 1, token.column or 1


@v_args(meta=True)
class _ToQuery(Transformer[Token, object]):
    """The parse tree to the typed query tree."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    # -- the query --

    def query(self, meta: Meta, children: list[object]) -> DataviewQuery:
        head = children[0]
        assert isinstance(head, _Head)
        source = next((c.source for c in children[1:] if isinstance(c, _FromClause)), None)
        commands = tuple(c for c in children[1:] if not isinstance(c, _FromClause))
        return DataviewQuery(head.type, head.without_id, head.fields, source, commands)  # type: ignore[arg-type]

    def list_head(self, meta: Meta, children: list[object]) -> _Head:
        fields = tuple(c for c in children[1:] if isinstance(c, QueryField))
        return _Head(QueryType.LIST, True in children[1:2], fields)

    def table_head(self, meta: Meta, children: list[object]) -> _Head:
        fields = tuple(c for c in children[1:] if isinstance(c, QueryField))
        return _Head(QueryType.TABLE, True in children[1:2], fields)

    def task_head(self, meta: Meta, children: list[object]) -> _Head:
        return _Head(QueryType.TASK, False, ())

    def calendar_head(self, meta: Meta, children: list[object]) -> _Head:
        return _Head(QueryType.CALENDAR, False, (children[1],))  # type: ignore[arg-type]

    def without_id(self, meta: Meta, children: list[object]) -> bool:
        return True

    def value(self, meta: Meta, children: list[object]) -> QueryField:
        return QueryField(children[0], self._written(meta))  # type: ignore[arg-type]

    def table_field(self, meta: Meta, children: list[object]) -> QueryField:
        if len(children) == 1:
            return self.value(meta, children)
        label = children[2]
        assert isinstance(label, Token)
        return QueryField(children[0], _string(label) if label.type == "STRING" else str(label))  # type: ignore[arg-type]

    def _written(self, meta: Meta) -> str:
        """The text a node was written as (a column's default header)."""
        return " ".join(self.text[meta.start_pos : meta.end_pos].split())

    # -- sources --

    def from_clause(self, meta: Meta, children: list[object]) -> _FromClause:
        return _FromClause(children[1])  # type: ignore[arg-type]

    def source_or(self, meta: Meta, children: list[object]) -> Source:
        return Or(children[0], children[2])  # type: ignore[arg-type]

    def source_and(self, meta: Meta, children: list[object]) -> Source:
        return And(children[0], children[2])  # type: ignore[arg-type]

    def source_negated(self, meta: Meta, children: list[object]) -> Source:
        return Not(children[-1])  # type: ignore[arg-type]

    def tag_source(self, meta: Meta, children: list[Token]) -> Source:
        return TagSource(str(children[0])[1:])

    def folder_source(self, meta: Meta, children: list[Token]) -> Source:
        return FolderSource(_string(children[0]))

    def link_source(self, meta: Meta, children: list[Token]) -> Source:
        return LinkSource(_link(children[0])[0])

    def outgoing_source(self, meta: Meta, children: list[Token]) -> Source:
        return OutgoingSource(_link(children[1])[0])

    # -- commands --

    def where(self, meta: Meta, children: list[object]) -> Where:
        return Where(children[1], *_at(meta))  # type: ignore[arg-type]

    def sort(self, meta: Meta, children: list[object]) -> Sort:
        return Sort(tuple(c for c in children[1:] if isinstance(c, SortKey)), *_at(meta))

    def sort_key(self, meta: Meta, children: list[object]) -> SortKey:
        descending = len(children) > 1 and str(children[1]).lower().startswith("desc")
        return SortKey(children[0], descending)  # type: ignore[arg-type]

    def group_by(self, meta: Meta, children: list[object]) -> GroupBy:
        expr, name = children[2], children[4] if len(children) > 4 else None
        return GroupBy(expr, str(name) if name is not None else None, *_at(meta))  # type: ignore[arg-type]

    def flatten(self, meta: Meta, children: list[object]) -> Flatten:
        expr, name = children[1], children[3] if len(children) > 3 else None
        return Flatten(expr, str(name) if name is not None else None, *_at(meta))  # type: ignore[arg-type]

    def limit(self, meta: Meta, children: list[Token]) -> Limit:
        count = str(children[1])
        if "." in count:
            raise DataviewSyntaxError(f"LIMIT needs a whole number, not {count}", *_here(children[1]))
        return Limit(int(count), *_at(meta))

    # -- expressions --

    def or_op(self, meta: Meta, children: list[object]) -> Expr:
        return Binary("or", children[0], children[-1], *_at(meta))  # type: ignore[arg-type]

    def and_op(self, meta: Meta, children: list[object]) -> Expr:
        return Binary("and", children[0], children[-1], *_at(meta))  # type: ignore[arg-type]

    def binary(self, meta: Meta, children: list[object]) -> Expr:
        left, op, right = children
        return Binary(str(op), left, right, *_at(meta))  # type: ignore[arg-type]

    def unary(self, meta: Meta, children: list[object]) -> Expr:
        op, operand = children
        return Unary(str(op), operand, *_at(meta))  # type: ignore[arg-type]

    def member(self, meta: Meta, children: list[object]) -> Expr:
        return Member(children[0], str(children[1]), *_at(meta))  # type: ignore[arg-type]

    def index(self, meta: Meta, children: list[object]) -> Expr:
        return Index(children[0], children[1], *_at(meta))  # type: ignore[arg-type]

    def call(self, meta: Meta, children: list[object]) -> Expr:
        args = tuple(c for c in children[1:] if c is not None)
        return Call(children[0], args, *_at(meta))  # type: ignore[arg-type]

    def named_call(self, meta: Meta, children: list[object]) -> Expr:
        name = children[0]
        assert isinstance(name, Token)
        args = tuple(c for c in children[1:] if c is not None)
        return Call(Field(str(name), *_here(name)), args, *_at(meta))  # type: ignore[arg-type]

    def number(self, meta: Meta, children: list[Token]) -> Expr:
        text = str(children[0])
        return Literal(float(text) if "." in text else int(text), *_at(meta))

    def string(self, meta: Meta, children: list[Token]) -> Expr:
        return Literal(_string(children[0]), *_at(meta))

    def true(self, meta: Meta, children: list[Token]) -> Expr:
        return Literal(True, *_at(meta))

    def false(self, meta: Meta, children: list[Token]) -> Expr:
        return Literal(False, *_at(meta))

    def null(self, meta: Meta, children: list[Token]) -> Expr:
        return Literal(None, *_at(meta))

    def field(self, meta: Meta, children: list[Token]) -> Expr:
        return Field(str(children[0]), *_at(meta))

    def link(self, meta: Meta, children: list[Token]) -> Expr:
        return LinkLiteral(*_link(children[0]), *_at(meta))

    def date(self, meta: Meta, children: list[Token]) -> Expr:
        inner = str(children[0])[str(children[0]).index("(") + 1 : -1].strip()
        return DateLiteral(inner, *_at(meta))

    def duration(self, meta: Meta, children: list[Token]) -> Expr:
        inner = str(children[0])[str(children[0]).index("(") + 1 : -1].strip()
        return DurationLiteral(inner, *_at(meta))

    def list_literal(self, meta: Meta, children: list[object]) -> Expr:
        items = tuple(c for c in children if c is not None)
        return ListLiteral(items, *_at(meta))  # type: ignore[arg-type]

    def object_literal(self, meta: Meta, children: list[object]) -> Expr:
        items = tuple(c for c in children if c is not None)
        return ObjectLiteral(items, *_at(meta))  # type: ignore[arg-type]

    def pair(self, meta: Meta, children: list[object]) -> tuple[str, Expr]:
        key, value = children
        assert isinstance(key, Token)
        return (_string(key) if key.type == "STRING" else str(key)), value  # type: ignore[return-value]

    def lambda_one(self, meta: Meta, children: list[object]) -> Expr:
        return self._lambda(meta, children[:1], children[-1])

    def lambda_many(self, meta: Meta, children: list[object]) -> Expr:
        return self._lambda(meta, children[:-2], children[-1])

    def lambda_none(self, meta: Meta, children: list[object]) -> Expr:
        return self._lambda(meta, [], children[-1])

    def _lambda(self, meta: Meta, params: list[object], body: object) -> Expr:
        names: list[str] = []
        for param in params:
            if not isinstance(param, Field):
                line, col = _position_of(param)
                raise DataviewSyntaxError("a lambda's parameters must be plain names", line, col)
            names.append(param.name)
        return Lambda(tuple(names), body, *_at(meta))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Head:
    type: QueryType
    without_id: bool
    fields: tuple[QueryField, ...]


@dataclass(frozen=True, slots=True)
class _FromClause:
    source: Source


def _position_of(value: object) -> tuple[int, int]:
    return (getattr(value, "line", 1), getattr(value, "col", 1))
