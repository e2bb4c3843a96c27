"""Evaluate a Bases expression (:mod:`noteforge.querylang.expr`) for one row of the wiki.

A bare name is a note property, unless it is ``file`` (the row's file), ``note`` (its
properties), ``formula`` (the base's formulas, ``formula.x``), ``this`` (the embedding
note, or the base's own page) or a variable of ``filter``/``map``/``reduce``. Null flows
through: a property the note lacks is null, a field of null is null, a method of null is
null (but the methods of any value work: ``isEmpty()`` is true, ``isTruthy()`` false,
``toString()`` is ``""``), arithmetic with null is null, and a comparison with null is false.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from noteforge.query.dates import add_duration, difference, negate
from noteforge.query.functions import (
    ANY,
    GLOBALS,
    LAZY_GLOBALS,
    LAZY_METHODS,
    METHODS,
    Files,
    check_length,
    file_field,
    method_for,
    to_duration,
    value_field,
)
from noteforge.query.rows import Corpus, Row
from noteforge.query.values import (
    FORMULA_CYCLE,
    INVALID_VALUE,
    UNKNOWN_FORMULA,
    UNKNOWN_FUNCTION,
    WRONG_ARGUMENTS,
    WRONG_TYPE,
    Duration,
    FileValue,
    ObjectValue,
    QueryError,
    Regex,
    Value,
    as_datetime,
    compare,
    display,
    duration_milliseconds,
    equal,
    is_number,
    parse_date,
    truthy,
    type_name,
)
from noteforge.querylang.expr import (
    Binary,
    Call,
    Expr,
    Index,
    ListLiteral,
    Literal,
    Member,
    MethodCall,
    Name,
    ObjectLiteral,
    RegexLiteral,
    Unary,
)

__all__ = ["QueryError", "Scope", "evaluate", "unknown_functions"]

# How many formulas may wait on one another (a chain longer than this is surely a mistake).
_FORMULA_DEPTH = 64
# Names a bare identifier never reads as a note property (``note.file`` still does).
_ROOTS = frozenset({"file", "note", "formula", "this"})


@dataclass(frozen=True, slots=True)
class Scope:
    """What an expression is evaluated against: the ``row`` it looks at, the wiki, the
    ``this`` file (``None`` where there is none), the base's formulas by name, the
    variables ``filter``/``map``/``reduce`` bind (``value``, ``index``, ``acc``), and the
    formulas being evaluated (to catch a formula that needs itself)."""

    row: Row
    corpus: Corpus
    this: Row | None = None
    formulas: Mapping[str, Expr] = field(default_factory=dict)
    variables: tuple[tuple[str, Value], ...] = ()
    active: tuple[str, ...] = ()

    def files(self) -> Files:
        """The files this scope's functions may look at."""
        known = (self.row,) if self.this is None else (self.row, self.this)
        return Files(self.corpus, known)

    def variable(self, name: str) -> tuple[bool, Value]:
        """Whether ``name`` is a bound variable, and its value."""
        for key, value in reversed(self.variables):
            if key == name:
                return True, value
        return False, None


def evaluate(expr: Expr, scope: Scope) -> Value:
    """The value of ``expr`` for ``scope.row``; :class:`QueryError` (placed at the node
    that failed) for a wrong type, an unknown function or formula, or a formula cycle."""
    try:
        return _evaluate(expr, scope)
    except QueryError as error:
        raise error.at(expr.line, expr.col) from None


def _evaluate(expr: Expr, scope: Scope) -> Value:
    match expr:
        case Literal():
            return expr.value
        case Name():
            return _name(expr.name, scope)
        case Member():
            return _member(expr, scope)
        case Index():
            return _index(expr, scope)
        case MethodCall():
            return _method(expr, scope)
        case Call():
            return _call(expr, scope)
        case Binary():
            return _binary(expr, scope)
        case Unary():
            return _unary(expr, scope)
        case ListLiteral():
            return tuple(evaluate(item, scope) for item in expr.items)
        case ObjectLiteral():
            return ObjectValue(tuple((key, evaluate(value, scope)) for key, value in expr.items))
        case RegexLiteral():
            return Regex(expr.pattern, expr.flags)


def _is_root(expr: Expr, scope: Scope, root: str) -> bool:
    """Whether ``expr`` is the bare name ``root`` (and no variable hides it)."""
    return isinstance(expr, Name) and expr.name == root and not scope.variable(root)[0]


def _name(name: str, scope: Scope) -> Value:
    bound, value = scope.variable(name)
    if bound:
        return value
    match name:
        case "file":
            return FileValue(scope.row.path)
        case "note":
            return ObjectValue(scope.row.properties)
        case "this":
            return None if scope.this is None else FileValue(scope.this.path)
        case "formula":
            raise QueryError("formula needs a name: formula.<name>", WRONG_TYPE)
    return scope.row.property(name)


def _in_this(scope: Scope) -> Scope | None:
    """The scope of ``this.…``: the same wiki and formulas, looking at ``this``."""
    if scope.this is None:
        return None
    return replace(scope, row=scope.this, variables=(), active=())


def _property(root: str, name: str, scope: Scope) -> Value:
    """``root.name`` where ``root`` is ``file``, ``note``, ``formula`` or ``this``."""
    match root:
        case "file":
            return file_field(scope.files(), scope.row.path, name)
        case "note":
            return scope.row.property(name)
        case "formula":
            return _formula(name, scope)
    inner = _in_this(scope)
    if inner is None:
        return None
    return _name(name, inner)


def _root_of(expr: Expr, scope: Scope) -> str | None:
    if isinstance(expr, Name) and expr.name in _ROOTS and not scope.variable(expr.name)[0]:
        return expr.name
    return None


def _member(expr: Member, scope: Scope) -> Value:
    root = _root_of(expr.target, scope)
    if root is not None:
        return _property(root, expr.name, scope)
    if isinstance(expr.target, Member) and _is_root(expr.target.target, scope, "this"):
        inner = _in_this(scope)
        return None if inner is None else _member(replace(expr, target=Name(expr.target.name, 0, 0)), inner)
    return value_field(scope.files(), evaluate(expr.target, scope), expr.name)


def _index(expr: Index, scope: Scope) -> Value:
    key = evaluate(expr.index, scope)
    root = _root_of(expr.target, scope)
    if root is not None and isinstance(key, str):
        return _property(root, key, scope)
    target = evaluate(expr.target, scope)
    match target, key:
        case None, _:
            return None
        case tuple(), int() if not isinstance(key, bool):
            return target[key] if 0 <= key < len(target) else None
        case str(), int() if not isinstance(key, bool):
            return target[key] if 0 <= key < len(target) else None
        case ObjectValue() | FileValue(), str():
            return value_field(scope.files(), target, key)
    raise QueryError(f"a {type_name(target)} cannot be indexed by a {type_name(key)}", WRONG_TYPE)


def _formula(name: str, scope: Scope) -> Value:
    if name not in scope.formulas:
        raise QueryError(f"no formula named {name!r}", UNKNOWN_FORMULA)
    if len(scope.active) >= _FORMULA_DEPTH:
        raise QueryError(f"formulas nest more than {_FORMULA_DEPTH} deep", FORMULA_CYCLE)
    if name in scope.active:
        chain = " -> ".join((*scope.active[scope.active.index(name) :], name))
        raise QueryError(f"formula {name!r} depends on itself ({chain})", FORMULA_CYCLE)
    inner = replace(scope, variables=(), active=(*scope.active, name))
    try:
        return _evaluate(scope.formulas[name], inner)
    except QueryError as error:
        # The place inside the formula's own text means nothing here; the reference's does.
        # A cycle names its whole chain, and an error names the innermost formula, once.
        if error.code == FORMULA_CYCLE or error.message.startswith("in formula "):
            raise QueryError(error.message, error.code) from None
        raise QueryError(f"in formula {name!r}: {error.message}", error.code) from None


def _call(expr: Call, scope: Scope) -> Value:
    if expr.name in LAZY_GLOBALS:
        return _if(expr, scope)
    if expr.name not in GLOBALS:
        raise QueryError(f"unknown function {expr.name}()", UNKNOWN_FUNCTION)
    implementation, arity = GLOBALS[expr.name]
    arity.check(expr.name, len(expr.args))
    return implementation(scope.files(), tuple(evaluate(arg, scope) for arg in expr.args))


def _if(expr: Call, scope: Scope) -> Value:
    if not 2 <= len(expr.args) <= 3:
        raise QueryError(f"if() takes 2 or 3 arguments, not {len(expr.args)}", WRONG_ARGUMENTS)
    if truthy(evaluate(expr.args[0], scope)):
        return evaluate(expr.args[1], scope)
    return evaluate(expr.args[2], scope) if len(expr.args) == 3 else None


def _method(expr: MethodCall, scope: Scope) -> Value:
    if expr.name not in METHODS and expr.name not in LAZY_METHODS:
        raise QueryError(f"unknown function {expr.name}()", UNKNOWN_FUNCTION)
    target = evaluate(expr.target, scope)
    if expr.name in LAZY_METHODS:
        return _list_method(expr, target, scope)
    if target is None and ANY not in METHODS[expr.name]:
        return None  # a property the note lacks: its methods quietly give null
    implementation, arity, receiver = method_for(expr.name, target)
    arity.check(expr.name, len(expr.args))
    return implementation(scope.files(), receiver, tuple(evaluate(arg, scope) for arg in expr.args))


def _list_method(expr: MethodCall, target: Value, scope: Scope) -> Value:
    """``filter``, ``map`` and ``reduce``: their first argument is evaluated for each item,
    with ``value`` and ``index`` (and ``acc``) bound."""
    if target is None:
        return None
    if not isinstance(target, tuple):
        raise QueryError(f"{expr.name}() is a function of a list, not of a {type_name(target)}", WRONG_TYPE)
    wanted = 2 if expr.name == "reduce" else 1
    if len(expr.args) != wanted:
        raise QueryError(f"{expr.name}() takes {wanted} argument(s), not {len(expr.args)}", WRONG_ARGUMENTS)
    body = expr.args[0]

    def each(index: int, value: Value, *more: tuple[str, Value]) -> Value:
        inner = replace(scope, variables=(*scope.variables, ("index", index), ("value", value), *more))
        return evaluate(body, inner)

    if expr.name == "filter":
        return tuple(value for index, value in enumerate(target) if truthy(each(index, value)))
    if expr.name == "map":
        return tuple(each(index, value) for index, value in enumerate(target))
    accumulated = evaluate(expr.args[1], scope)
    for index, value in enumerate(target):
        accumulated = each(index, value, ("acc", accumulated))
    return accumulated


def _unary(expr: Unary, scope: Scope) -> Value:
    value = evaluate(expr.operand, scope)
    if expr.op == "!":
        return not truthy(value)
    match value:
        case None:
            return None
        case bool():
            pass
        case int() | float():
            return -value
        case Duration():
            return negate(value)
    raise QueryError(f"cannot negate a {type_name(value)}", WRONG_TYPE)


def _binary(expr: Binary, scope: Scope) -> Value:
    if expr.op == "&&":
        return truthy(evaluate(expr.left, scope)) and truthy(evaluate(expr.right, scope))
    if expr.op == "||":
        return truthy(evaluate(expr.left, scope)) or truthy(evaluate(expr.right, scope))
    left, right = evaluate(expr.left, scope), evaluate(expr.right, scope)
    match expr.op:
        case "==":
            return equal(left, right)
        case "!=":
            return not equal(left, right)
        case "<" | ">" | "<=" | ">=":
            return _ordered(expr.op, left, right)
    return arithmetic(expr.op, left, right)


def _comparable(left: Value, right: Value) -> tuple[Value, Value] | None:
    """The two sides of ``<`` as values of one kind (a date and text that reads as a date,
    a number and text that reads as a number), or ``None`` if they are not of one kind."""
    if isinstance(left, date) or isinstance(right, date):
        first = left if isinstance(left, date) else parse_date(left) if isinstance(left, str) else None
        second = right if isinstance(right, date) else parse_date(right) if isinstance(right, str) else None
        return None if first is None or second is None else (as_datetime(first), as_datetime(second))
    if isinstance(left, Duration) or isinstance(right, Duration):
        sides = [
            duration_milliseconds(side) if isinstance(side, Duration) else side for side in (left, right)
        ]
        return (sides[0], sides[1]) if all(is_number(side) for side in sides) else None
    if (is_number(left) and isinstance(right, str)) or (isinstance(left, str) and is_number(right)):
        try:
            return float(display(left)), float(display(right))
        except ValueError:
            return None
    if (is_number(left) and is_number(right)) or type(left) is type(right):
        return left, right
    return None


def _ordered(op: str, left: Value, right: Value) -> bool:
    if left is None or right is None:
        return False
    sides = _comparable(left, right)
    if sides is None:
        raise QueryError(f"cannot compare a {type_name(left)} with a {type_name(right)}", WRONG_TYPE)
    order = compare(*sides)
    return {"<": order < 0, ">": order > 0, "<=": order <= 0, ">=": order >= 0}[op]


def arithmetic(op: str, left: Value, right: Value) -> Value:
    """``left op right`` for ``+ - * / %``: numbers, text joined by ``+``, lists joined by
    ``+``, dates moved by durations (or text such as ``"7d"``), dates subtracted (a
    duration in milliseconds), durations scaled by numbers. Null with anything is null;
    division by zero is null."""
    if left is None or right is None:
        return None
    if is_number(left) and is_number(right):
        return _numbers(op, left, right)  # type: ignore[arg-type]
    if isinstance(left, date) or isinstance(right, date):
        return _dates(op, left, right)
    if isinstance(left, Duration):
        return _durations(op, left, right)
    if op == "+" and (isinstance(left, str) or isinstance(right, str)):
        return check_length(display(left) + display(right))
    if op == "+" and isinstance(left, tuple) and isinstance(right, tuple):
        return check_length(left + right)
    raise QueryError(f"cannot apply {op} to a {type_name(left)} and a {type_name(right)}", WRONG_TYPE)


def _numbers(op: str, left: int | float, right: int | float) -> Value:
    match op:
        case "+":
            return _as_javascript(left + right)
        case "-":
            return _as_javascript(left - right)
        case "*":
            return _as_javascript(left * right)
    if right == 0:
        return None
    if op == "/":
        quotient = left / right
        return (
            int(quotient)
            if quotient.is_integer() and isinstance(left, int) and isinstance(right, int)
            else quotient
        )
    remainder = abs(left) % abs(right)  # JavaScript's %: the sign of the dividend
    return -remainder if left < 0 else remainder


_EXACT = 2**53


def _as_javascript(number: int | float) -> int | float:
    """A whole number beyond JavaScript's exact range as the double JavaScript would hold
    (so that repeated products cannot grow without bound)."""
    if isinstance(number, float) or -_EXACT <= number <= _EXACT:
        return number
    return float(number) if number.bit_length() <= 1023 else math.copysign(math.inf, number)


def _dates(op: str, left: Value, right: Value) -> Value:
    if isinstance(left, date) and op in "+-":
        if isinstance(right, date) and op == "-":
            return difference(left, right)
        if isinstance(right, str) and op == "-" and (other := parse_date(right)) is not None:
            return difference(left, other)
        if isinstance(right, Duration | str):
            return add_duration(left, _duration_of(right) if op == "+" else negate(_duration_of(right)))
    if op == "+" and isinstance(right, date):
        if isinstance(left, Duration):
            return add_duration(right, left)
        if isinstance(left, str):
            duration = to_duration(left)
            return display(left) + display(right) if duration is None else add_duration(right, duration)
    raise QueryError(f"cannot apply {op} to a {type_name(left)} and a {type_name(right)}", WRONG_TYPE)


def _duration_of(value: Duration | str) -> Duration:
    duration = to_duration(value)
    if duration is None:
        raise QueryError(f"{display(value)!r} is not a duration (such as 7d or 1 week)", INVALID_VALUE)
    return duration


def _durations(op: str, left: Duration, right: Value) -> Value:
    other = to_duration(right) if op in "+-" else None
    if other is not None:
        sign = 1 if op == "+" else -1
        return Duration(left.months + sign * other.months, left.milliseconds + sign * other.milliseconds)
    if op in "*/" and is_number(right):
        assert isinstance(right, int | float)
        if op == "/" and right == 0:
            return None
        factor = right if op == "*" else 1 / right
        months, milliseconds = left.months * factor, left.milliseconds * factor
        if not (abs(months) < _EXACT and abs(milliseconds) < _EXACT):
            raise QueryError("the duration would be too long", INVALID_VALUE)
        return Duration(round(months), round(milliseconds))
    if op == "+" and isinstance(right, str):
        return display(left) + right
    raise QueryError(f"cannot apply {op} to a duration and a {type_name(right)}", WRONG_TYPE)


def unknown_functions(expr: Expr) -> tuple[QueryError, ...]:
    """Every call in ``expr`` of a function that does not exist, each placed at its name:
    found without evaluating, so a filter no row reaches still reports them."""
    found: list[QueryError] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        match node:
            case Call() if node.name not in GLOBALS and node.name not in LAZY_GLOBALS:
                found.append(
                    QueryError(f"unknown function {node.name}()", UNKNOWN_FUNCTION, node.line, node.col)
                )
            case MethodCall() if node.name not in METHODS and node.name not in LAZY_METHODS:
                found.append(
                    QueryError(f"unknown function {node.name}()", UNKNOWN_FUNCTION, node.line, node.col)
                )
        stack.extend(_children(node))
    return tuple(sorted(found, key=lambda error: (error.line or 0, error.col or 0)))


def _children(node: Expr) -> tuple[Expr, ...]:
    match node:
        case Member():
            return (node.target,)
        case Index():
            return (node.target, node.index)
        case Call():
            return node.args
        case MethodCall():
            return (node.target, *node.args)
        case Unary():
            return (node.operand,)
        case Binary():
            return (node.left, node.right)
        case ListLiteral():
            return node.items
        case ObjectLiteral():
            return tuple(value for _, value in node.items)
    return ()
