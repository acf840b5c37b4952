"""Safe expressions in scenario files: a condition or amount written as text, over named columns.

The text is parsed with Python's `ast` and every node checked against a whitelist; it is never evaluated as
Python. What passes compiles to a function of named numpy columns (`compile_expression(text, names)(columns)`),
vectorised over agents and broadcast like numpy. docs/cookbook.md lists the same names and operators.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from .load import suggest

BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}
COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
           ast.Eq: operator.eq, ast.NotEq: operator.ne}
FUNCTIONS = {"min": (2, np.minimum), "max": (2, np.maximum), "where": (3, np.where), "abs": (1, np.abs)}
SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.Mod: "%",
           ast.FloorDiv: "//", ast.BitAnd: "&", ast.BitOr: "|", ast.Invert: "~"}

Columns = Mapping[str, np.ndarray | float]


class ExpressionError(ValueError):
    """Text that is not a whitelisted expression; the message says what is not allowed."""


def compile_expression(text: str, names: Iterable[str]) -> Callable[[Columns], np.ndarray]:
    """The vectorised function of a checked expression over the allowed `names` (ExpressionError if not allowed)."""
    allowed = frozenset(names)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        raise ExpressionError(f"cannot read {text!r}: {e.msg}") from None
    return _build(tree.body, allowed)


def problem(text: str, names: Iterable[str]) -> str | None:
    """Why `text` is not an allowed expression over `names`, or None (for validation at load)."""
    try:
        compile_expression(text, names)
    except ExpressionError as e:
        return str(e)
    return None


def _build(node: ast.AST, names: frozenset[str]) -> Callable[[Columns], np.ndarray]:
    """One checked node as a function of the columns."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):  # True/False are numbers 1/0 too
        value = node.value if isinstance(node.value, bool) else float(node.value)
        return lambda cols: value
    if isinstance(node, ast.Name):
        return _name(node.id, names)
    if isinstance(node, ast.BinOp):
        return _binary(node, names)
    if isinstance(node, ast.UnaryOp):
        return _unary(node, names)
    if isinstance(node, ast.Compare):
        return _compare(node, names)
    if isinstance(node, ast.BoolOp):
        return _boolean(node, names)
    if isinstance(node, ast.Call):
        return _call(node, names)
    raise ExpressionError(f"{_describe(node)} is not allowed (numbers, names, + - * /, comparisons, and/or/not, "
                          f"{', '.join(FUNCTIONS)})")


def _name(name: str, names: frozenset[str]) -> Callable[[Columns], np.ndarray]:
    """A named column, if it is one of the allowed names."""
    if name not in names:
        raise ExpressionError(f"unknown name {name!r}{suggest(name, sorted(names))}; known: {', '.join(sorted(names))}")
    return lambda cols: np.asarray(cols[name])


def _binary(node: ast.BinOp, names: frozenset[str]) -> Callable[[Columns], np.ndarray]:
    """+ - * / of two checked operands (a division by 0 gives 0, not an error: a rule reads it as nothing)."""
    if type(node.op) not in BINARY:
        raise ExpressionError(f"operator {SYMBOLS.get(type(node.op), type(node.op).__name__)!r} is not allowed (+ - * /)")
    left, right, op = _build(node.left, names), _build(node.right, names), BINARY[type(node.op)]
    if op is np.divide:
        return lambda cols: _divide(left(cols), right(cols))
    return lambda cols: op(left(cols), right(cols))


def _divide(a, b) -> np.ndarray:
    """a / b, 0 where b is 0."""
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)


def _unary(node: ast.UnaryOp, names: frozenset[str]) -> Callable[[Columns], np.ndarray]:
    """-x, +x and `not x`."""
    inner = _build(node.operand, names)
    if isinstance(node.op, ast.USub):
        return lambda cols: np.negative(inner(cols))
    if isinstance(node.op, ast.UAdd):
        return inner
    if isinstance(node.op, ast.Not):
        return lambda cols: np.logical_not(inner(cols))
    raise ExpressionError(f"operator {SYMBOLS.get(type(node.op), type(node.op).__name__)!r} is not allowed")


def _compare(node: ast.Compare, names: frozenset[str]) -> Callable[[Columns], np.ndarray]:
    """A comparison, chained as in `60 <= score < 70` (each link and-ed)."""
    ops = []
    for op in node.ops:
        if type(op) not in COMPARE:
            raise ExpressionError(f"comparison {type(op).__name__} is not allowed (< <= > >= == !=)")
        ops.append(COMPARE[type(op)])
    terms = [_build(t, names) for t in (node.left, *node.comparators)]

    def compare(cols):
        values = [t(cols) for t in terms]
        result = np.asarray(ops[0](values[0], values[1]))
        for op, a, b in zip(ops[1:], values[1:], values[2:]):
            result = result & op(a, b)
        return result
    return compare


def _boolean(node: ast.BoolOp, names: frozenset[str]) -> Callable[[Columns], np.ndarray]:
    """`and` / `or` of conditions, element by element."""
    parts = [_build(v, names) for v in node.values]
    join = np.logical_and if isinstance(node.op, ast.And) else np.logical_or

    def combine(cols):
        result = np.asarray(parts[0](cols), bool)
        for part in parts[1:]:
            result = join(result, part(cols))
        return result
    return combine


def _call(node: ast.Call, names: frozenset[str]) -> Callable[[Columns], np.ndarray]:
    """min(a, b), max(a, b), where(condition, a, b), abs(a): element by element."""
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(f"calling {_describe(node.func)} is not allowed; functions: {', '.join(FUNCTIONS)}")
    if node.func.id not in FUNCTIONS:
        raise ExpressionError(f"function {node.func.id!r} is not allowed; known: {', '.join(FUNCTIONS)}")
    arity, function = FUNCTIONS[node.func.id]
    if node.keywords or len(node.args) != arity:
        raise ExpressionError(f"{node.func.id} takes {arity} argument{'s' if arity > 1 else ''}")
    args = [_build(a, names) for a in node.args]
    return lambda cols: function(*(a(cols) for a in args))


def _describe(node: ast.AST) -> str:
    """A short name of a syntax node for a message."""
    if isinstance(node, ast.Constant):
        return f"the value {node.value!r}"
    if isinstance(node, ast.Attribute):
        return f"attribute access '.{node.attr}'"
    return f"'{type(node).__name__}'"
