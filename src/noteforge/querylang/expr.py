"""Obsidian Bases expressions: text to a typed, frozen syntax tree.

The grammar follows Obsidian's *Bases syntax* page: literals (numbers, quoted strings,
``true``/``false``/``null``, ``[lists]``, ``{objects}``, ``/regular expressions/flags``),
names, ``a.b`` and ``a["b"]`` access, calls ``f(x)`` and method calls ``x.f(y)``, and the
operators with JavaScript's precedence, loosest first: ``||``, ``&&``, ``== !=``,
``< > <= >=``, ``+ -``, ``* / %``, then the unary ``!`` and ``-``. Every node carries its
1-based line and column in the expression's text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

SYNTAX_ERROR = "NF501"


class ExprError(Exception):
    """An expression that does not parse, at a 1-based line and column of its text."""

    def __init__(self, message: str, line: int, col: int, code: str = SYNTAX_ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.code = code


@dataclass(frozen=True, slots=True)
class Literal:
    """A number, string, boolean or ``null`` written in the expression."""

    value: bool | int | float | str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class RegexLiteral:
    """``/pattern/flags``, in JavaScript's syntax."""

    pattern: str
    flags: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class ListLiteral:
    """``[a, b, c]``."""

    items: tuple[Expr, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class ObjectLiteral:
    """``{"key": value, ...}``, keys in their written order."""

    items: tuple[tuple[str, Expr], ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Name:
    """A bare name: ``file``, ``note``, ``formula``, ``this``, a note property, or a
    variable of ``filter``/``map``/``reduce`` (``value``, ``index``, ``acc``)."""

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
    """A global function call ``name(args)``."""

    name: str
    args: tuple[Expr, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class MethodCall:
    """``target.name(args)``. The position is the method name's."""

    target: Expr
    name: str
    args: tuple[Expr, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Unary:
    """``!operand`` or ``-operand``."""

    op: str
    operand: Expr
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Binary:
    """``left op right``; ``op`` is one of ``|| && == != < > <= >= + - * / %``. The
    position is the operator's."""

    op: str
    left: Expr
    right: Expr
    line: int
    col: int


Expr = (
    Literal
    | RegexLiteral
    | ListLiteral
    | ObjectLiteral
    | Name
    | Member
    | Index
    | Call
    | MethodCall
    | Unary
    | Binary
)

_GRAMMAR = r"""
?start: expr
?expr: or_expr
?or_expr: and_expr | or_expr OR and_expr -> binary
?and_expr: eq_expr | and_expr AND eq_expr -> binary
?eq_expr: cmp_expr | eq_expr EQ_OP cmp_expr -> binary
?cmp_expr: add_expr | cmp_expr CMP_OP add_expr -> binary
?add_expr: mul_expr | add_expr ADD_OP mul_expr -> binary
?mul_expr: unary | mul_expr MUL_OP unary -> binary
?unary: postfix | UNARY_OP unary -> unary
?postfix: atom
    | postfix "." member_name "(" [args] ")" -> method
    | postfix "." member_name -> member
    | postfix "[" expr "]" -> index
?atom: NUMBER -> number
    | STRING -> string
    | TRUE -> true
    | FALSE -> false
    | NULL -> null
    | REGEX -> regex
    | NAME "(" [args] ")" -> call
    | NAME -> name
    | LBRACKET [args] "]" -> list
    | LBRACE [pairs] "}" -> object
    | "(" expr ")"
args: expr ("," expr)* [","]
pairs: pair ("," pair)* [","]
pair: (STRING | NAME) ":" expr
member_name: NAME | TRUE | FALSE | NULL

OR: "||"
AND: "&&"
EQ_OP: "==" | "!="
CMP_OP: "<=" | ">=" | "<" | ">"
ADD_OP: "+" | "-"
MUL_OP: "*" | "/" | "%"
UNARY_OP: "!" | "-"
LBRACKET: "["
LBRACE: "{"
TRUE: "true"
FALSE: "false"
NULL: "null"
NUMBER: /\d+(\.\d+)?([eE][+-]?\d+)?/ | /\.\d+([eE][+-]?\d+)?/
STRING: /"(\\.|[^"\\\n])*"/ | /'(\\.|[^'\\\n])*'/
REGEX: /\/(\\.|\[(\\.|[^\]\\\n])*\]|[^\/\\\[\n])+\/[a-z]*/
NAME: /[^\W\d]\w*/

%ignore /\s+/
"""

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)


def _unescape(token: Token) -> str:
    body = str(token)[1:-1]

    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape.startswith("u{"):
            return chr(int(escape[2:-1], 16))
        if len(escape) > 1:
            return chr(int(escape[1:], 16))
        return _ESCAPES.get(escape, escape)

    return _ESCAPE.sub(replace, body)


def _at(token: Token) -> tuple[int, int]:
    return (token.line or 1, token.column or 1)


def _pos(node: Expr) -> tuple[int, int]:
    return (node.line, node.col)


@v_args(inline=True)
class _ToTree(Transformer[Token, Expr]):
    """Lark's parse tree to :data:`Expr` nodes."""

    def number(self, token: Token) -> Literal:
        text = str(token)
        # Long digit strings are doubles, as in JavaScript (and Python's int() refuses huge ones).
        value: int | float = int(text) if text.isdigit() and len(text) <= 15 else float(text)
        return Literal(value, *_at(token))

    def string(self, token: Token) -> Literal:
        return Literal(_unescape(token), *_at(token))

    def true(self, token: Token) -> Literal:
        return Literal(True, *_at(token))

    def false(self, token: Token) -> Literal:
        return Literal(False, *_at(token))

    def null(self, token: Token) -> Literal:
        return Literal(None, *_at(token))

    def regex(self, token: Token) -> RegexLiteral:
        text = str(token)
        end = text.rindex("/")
        return RegexLiteral(text[1:end], text[end + 1 :], *_at(token))

    def name(self, token: Token) -> Name:
        return Name(str(token), *_at(token))

    def call(self, token: Token, args: tuple[Expr, ...] | None) -> Call:
        return Call(str(token), args or (), *_at(token))

    def member_name(self, token: Token) -> Token:
        return token

    def method(self, target: Expr, name: Token, args: tuple[Expr, ...] | None) -> MethodCall:
        return MethodCall(target, str(name), args or (), *_at(name))

    def member(self, target: Expr, name: Token) -> Member:
        return Member(target, str(name), *_at(name))

    def index(self, target: Expr, index: Expr) -> Index:
        return Index(target, index, *_pos(target))

    def list(self, bracket: Token, args: tuple[Expr, ...] | None) -> ListLiteral:
        return ListLiteral(args or (), *_at(bracket))

    def object(self, brace: Token, pairs: tuple[tuple[str, Expr], ...] | None) -> ObjectLiteral:
        return ObjectLiteral(pairs or (), *_at(brace))

    def pair(self, key: Token, value: Expr) -> tuple[str, Expr]:
        return (_unescape(key) if key.type == "STRING" else str(key), value)

    def args(self, *items: Expr | None) -> tuple[Expr, ...]:
        return tuple(item for item in items if item is not None)

    def pairs(self, *items: tuple[str, Expr] | None) -> tuple[tuple[str, Expr], ...]:
        return tuple(item for item in items if item is not None)

    def unary(self, op: Token, operand: Expr) -> Unary:
        return Unary(str(op), operand, *_at(op))

    def binary(self, left: Expr, op: Token, right: Expr) -> Binary:
        return Binary(str(op), left, right, *_at(op))


@functools.cache
def _parser() -> Lark:
    """The grammar's parser, made when the first expression is parsed (it takes a tenth of
    a second, which a build without queries does not pay)."""
    return Lark(
        _GRAMMAR, parser="lalr", lexer="contextual", propagate_positions=False, maybe_placeholders=True
    )


def _describe(error: UnexpectedInput, text: str) -> str:
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        return "the expression ends too early"
    if isinstance(error, UnexpectedCharacters) and error.pos_in_stream is not None:
        return f"unexpected character {text[error.pos_in_stream]!r}"
    if isinstance(error, UnexpectedToken):
        return f"unexpected {str(error.token)!r}"
    return "not a valid expression"


MAX_DEPTH = 100
"""How deeply an expression may nest (evaluating it recurses once a level)."""


def _depth(tree: Tree[Token]) -> int:
    """The depth of lark's tree, found without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return deepest


def _where(error: UnexpectedInput, text: str) -> tuple[int, int]:
    """Where ``error`` is; the end of the text when the text ends too early."""
    at_end = isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    )
    if at_end or not (isinstance(error.line, int) and error.line > 0):
        stripped = text.rstrip()
        return stripped.count("\n") + 1, len(stripped.rsplit("\n", 1)[-1]) + 1
    return error.line, error.column


def parse_expression(text: str) -> Expr:
    """Parse one Bases expression, raising :class:`ExprError` where it does not parse."""
    if not text.strip():
        raise ExprError("the expression is empty", 1, 1)
    try:
        tree = _parser().parse(text)
        if _depth(tree) > MAX_DEPTH:
            raise ExprError(f"the expression nests more than {MAX_DEPTH} deep", 1, 1)
        return _ToTree().transform(tree)
    except UnexpectedInput as error:
        line, col = _where(error, text)
        raise ExprError(_describe(error, text), line, col) from None
    except VisitError as error:  # a string escape that names no character
        raise ExprError(f"not a valid expression: {error.orig_exc}", 1, 1) from None
