"""Algebraic simplification: rewrites that are exact for every value, NaN, -0.0 and dtype
included. Each rule is ``(name, ops, fn)``: ``fn(node)``, asked only about nodes whose op is
in ``ops``, returns a replacement or None.

- ``x + c`` with ``c`` all -0.0 (floats, and both parts of complex numbers; +0.0 would turn
  -0.0 into +0.0) or all 0 (ints, bool); ``x - c`` with ``c`` all +0.0 or 0; ``x * 1`` and
  ``x / 1`` for real dtypes (NumPy's complex product with 1 + 0j turns a NaN or infinite part
  into NaNs) -- only where the result has x's type;
- ``neg(neg(x))`` (exact, integer wrap-around included);
- reshape of reshape; permute of permute; identity reshape, permute, expand and full getitem;
- cast to the same dtype; ``cast(cast(x, B), C)`` -> ``cast(x, C)`` where x -> B is lossless and
  x is an integer or bool, or x -> C is lossless too;
- a count, ``reduce_sum(cast(mask, T))`` for a bool mask and a float64 or 32/64-bit integer T,
  is summed in float32 (exact up to 2**24 per sum) and cast to T: onnxruntime sums float32
  fastest, the wide cast costs a pass over 8 bytes per element, and its integer sums are trees
  of Adds (scikit-learn counts the non-NaN values of each column this way).
"""
from __future__ import annotations

import math
from typing import Any, Callable

from lazyten import dtypes as D
from lazyten.dtypes import DType
from lazyten.ir import Graph, Node, TensorType

from .rewrite import count, rewrite

Rule = Callable[[Node], "Node | None"]


def _signs(v: Any) -> tuple[float, ...]:
    """The signs of a float's or complex number's zero parts (none for an integer)."""
    if isinstance(v, complex):
        return (math.copysign(1.0, v.real), math.copysign(1.0, v.imag))
    return (math.copysign(1.0, v),) if isinstance(v, float) else ()


def _is_neg_zero(v: Any) -> bool:
    return v == 0 and all(s < 0 for s in _signs(v))


def _is_pos_zero(v: Any) -> bool:
    return v == 0 and all(s > 0 for s in _signs(v))


def _is_one(v: Any) -> bool:
    return v == 1


def _identity_operand(n: Node, x: Node, c: Node, pred: Callable[[Any], bool]) -> Node | None:
    """``x`` when ``c`` is a constant whose every element (bit for bit) satisfies ``pred`` and
    the result has x's type, else None."""
    if c.op != "const" or x.type != n.type:
        return None
    v = c.attrs["value"].uniform()
    return x if v is not None and pred(v) else None


def additive_identity(n: Node) -> Node | None:
    if n.op == "add":
        a, b = n.inputs
        return (_identity_operand(n, a, b, _is_neg_zero)
                or _identity_operand(n, b, a, _is_neg_zero))
    if n.op == "sub":
        return _identity_operand(n, n.inputs[0], n.inputs[1], _is_pos_zero)
    return None


def multiplicative_identity(n: Node) -> Node | None:
    if n.dtype.kind == "c":  # NumPy's complex product with 1 + 0j spreads a NaN or inf part
        return None
    if n.op == "mul":
        a, b = n.inputs
        return _identity_operand(n, a, b, _is_one) or _identity_operand(n, b, a, _is_one)
    if n.op == "div":
        return _identity_operand(n, n.inputs[0], n.inputs[1], _is_one)
    return None


def double_negation(n: Node) -> Node | None:
    if n.op == "neg" and n.inputs[0].op == "neg":
        return n.inputs[0].inputs[0]
    return None


def movement(n: Node) -> Node | None:
    """Merge reshape/permute chains and drop shape ops that leave the value as it is."""
    x = n.inputs[0] if n.inputs else None
    if n.op == "reshape":
        if x.op == "reshape":
            return Node("reshape", x.inputs, n.attrs, n.type, n.loc)
        return x if x.shape == n.shape else None
    if n.op == "permute":
        perm = n.attrs["perm"]
        if x.op == "permute":
            inner = x.attrs["perm"]
            merged = tuple(inner[p] for p in perm)
            return Node("permute", x.inputs, {"perm": merged}, n.type, n.loc)
        return x if perm == tuple(range(len(perm))) else None
    if n.op == "expand":
        return x if x.type == n.type else None
    if n.op == "getitem":
        index = n.attrs["index"]
        full = len(index) == len(x.shape) and all(
            e[0] == "s" and e[1] == 0 and e[2] == d and e[3] == 1 for e, d in zip(index, x.shape))
        return x if full and len(n.inputs) == 1 else None
    return None


def lossless(a: DType, b: DType) -> bool:
    """Whether every value of dtype ``a`` is exactly representable in ``b``."""
    if a is b or a.kind == "b":
        return True
    if b.kind == "b":
        return False
    if a.kind == "f":
        return b.kind == "f" and b.bits >= a.bits
    if b.kind == "f":
        mantissa = {16: 11, 32: 24, 64: 53}[b.bits]
        return a.bits <= mantissa + (a.kind == "i")
    if a.kind == b.kind:
        return b.bits >= a.bits
    return a.kind == "u" and b.bits > a.bits


def cast_rules(n: Node) -> Node | None:
    if n.op != "cast":
        return None
    x = n.inputs[0]
    if x.dtype is n.dtype:
        return x
    if x.op == "cast":
        src, mid, dst = x.inputs[0].dtype, x.dtype, n.dtype
        if lossless(src, mid) and (src.kind in "biu" or lossless(src, dst)):
            return Node("cast", x.inputs, {"dtype": dst}, n.type, n.loc)
    return None


_COUNTED_IN = frozenset({D.float64, D.int32, D.int64, D.uint32, D.uint64})
_EXACT_COUNT = 1 << 24  # every count up to here is a float32


def bool_count(n: Node) -> Node | None:
    mask = n.inputs[0].inputs[0] if n.inputs[0].op == "cast" else None
    if mask is None or mask.dtype.kind != "b" or n.dtype not in _COUNTED_IN or \
            mask.type.is_symbolic or \
            math.prod(mask.shape[a] for a in n.attrs["axes"]) > _EXACT_COUNT:
        return None
    ones = Node("cast", (mask,), {"dtype": D.float32}, TensorType(D.float32, mask.shape),
                n.inputs[0].loc)
    total = Node("reduce_sum", (ones,), n.attrs, TensorType(D.float32, n.shape), n.loc)
    return Node("cast", (total,), {"dtype": n.dtype}, n.type, n.loc)


RULES: tuple[tuple[str, frozenset[str], Rule], ...] = (
    ("additive_identity", frozenset({"add", "sub"}), additive_identity),
    ("multiplicative_identity", frozenset({"mul", "div"}), multiplicative_identity),
    ("double_negation", frozenset({"neg"}), double_negation),
    ("movement", frozenset({"reshape", "permute", "expand", "getitem"}), movement),
    ("cast", frozenset({"cast"}), cast_rules),
    ("bool_count", frozenset({"reduce_sum"}), bool_count),
)


def _by_op(rules: tuple[tuple[str, frozenset[str], Rule], ...]
           ) -> dict[str, list[tuple[str, Rule]]]:
    by_op: dict[str, list[tuple[str, Rule]]] = {}
    for name, ops, rule in rules:
        for op in ops:
            by_op.setdefault(op, []).append((name, rule))
    return by_op


_RULES_BY_OP = _by_op(RULES)


def simplify(g: Graph, rules: tuple[tuple[str, frozenset[str], Rule], ...] = RULES) -> Graph:
    by_op = _RULES_BY_OP if rules is RULES else _by_op(rules)

    def visit(n: Node) -> Node:
        candidates = by_op.get(n.op)
        while candidates:
            for name, rule in candidates:
                r = rule(n)
                if r is not None and r is not n:
                    count(name)
                    n = r
                    candidates = by_op.get(n.op)
                    break
            else:
                break
        return n

    return rewrite(g, visit)
