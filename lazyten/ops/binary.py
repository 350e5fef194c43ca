"""Elementwise ops of two operands of one dtype (the namespace promotes and casts first):
arithmetic, comparisons, bitwise and shifts, and ``where``."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import DTypeError
from ..ir import Node, TensorType
from . import examples as X
from . import float_recipes as R
from .lowering import (ALLD, ARITH, FLOAT_MATH, MINMAX_OK, NUMS, compute_dtype, float_lowering, i64,
                       max_min, scalar, select, via, widened)
from .table import (Emitter, Example, LowerFn, defop, elementwise_infer, quiet, same_dtype,
                    broadcast_shapes)


def _binary(name: str, lower: LowerFn, np_fn: Callable, allowed: tuple[DType, ...],
            out: DType | None = None, commutative: bool = False, doc: str = "",
            examples: Callable[[DType], list[Example]] = X.binary, ulps: float = 0.0,
            signed_zeros: bool = True, exact_ufunc: bool = True, complex_ulps: float = 0.0
            ) -> None:
    complex_ok = any(d.kind == "c" for d in allowed)
    def ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray(np_fn(a, b)).astype(out.np if out else a.dtype, copy=False)
    defop(name, elementwise_infer(out, allowed), quiet(ref), lower, examples=examples,
          elementwise=True, commutative=commutative, ulps=ulps, signed_zeros=signed_zeros,
          complex_ok=complex_ok, complex_ulps=complex_ulps,
          ufunc=np_fn if exact_ufunc and isinstance(np_fn, np.ufunc) else None, doc=doc)


def _kernel(onnx_op: str, ok: frozenset[DType], cast_back: bool = True) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.inputs[0].dtype
        if dt in ok:  # the common case: a kernel for the dtype itself
            return em.op(onnx_op, *ins)
        return via(em, onnx_op, ins, dt, ok, cast_back)
    return lower


_binary("add", _kernel("Add", ARITH), np.add, D.EVERY, commutative=True, doc="a + b")
_binary("sub", _kernel("Sub", ARITH), np.subtract, D.NUMERIC + D.COMPLEX, doc="a - b")
_binary("mul", _kernel("Mul", ARITH), np.multiply, D.EVERY, commutative=True, complex_ulps=2.0,
        doc="a * b")
_binary("div", _kernel("Div", FLOAT_MATH), np.true_divide, D.FLOATING + D.COMPLEX,
        complex_ulps=4.0, doc="true division (floats; complex as NumPy: Smith's algorithm)")


def _lower_pow(em: Emitter, n: Node, ins: list[str]) -> str:
    """Integer powers by squaring in int64, one step per exponent bit: onnxruntime's integer Pow
    goes through double and is inexact above 2**53, while NumPy wraps exactly."""
    dt = n.dtype
    if dt.kind == "f":
        return via(em, "Pow", ins, dt, FLOAT_MATH)
    base, exp = (em.cast(i, D.int64) if dt is not D.int64 else i for i in ins)
    zero = scalar(em, 0, D.int64)
    result = em.op("Expand", scalar(em, 1, D.int64), em.op("Shape", base))
    for k in range(dt.bits):
        bit = scalar(em, np.int64(np.uint64(1) << np.uint64(k)), D.int64)
        unset = em.op("Equal", em.op("BitwiseAnd", exp, bit), zero)
        result = em.op("Where", unset, result, em.op("Mul", result, base))
        if k + 1 < dt.bits:
            base = em.op("Mul", base, base)
    return em.cast(result, dt) if dt is not D.int64 else result


def _pow_examples(dt: DType) -> list[Example]:
    values = X.edge_values(dt)
    if dt.kind in "iu":  # integers to negative powers are refused by the namespace; few
        # cases, since each integer pow lowers to a multiply per exponent bit
        return X.binary(dt, right=values[values >= 0])[:4]
    return X.binary(dt) + [Example((values, np.asarray(e)), {})
                           for e in np.array([0.5, 2.0, -1.0, 1 / 3, -0.5], dt.np)]


def _ref_pow(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """C's pow, as onnxruntime and the Array API: NumPy computes ``x ** 0.5`` with a scalar
    exponent as sqrt(x), which gives NaN for -inf and -0.0 for -0.0, so the exponent is made
    a full array first."""
    return np.power(a, np.array(np.broadcast_to(b, np.broadcast_shapes(a.shape, b.shape))))


_binary("pow", _lower_pow, _ref_pow, D.NUMERIC, examples=_pow_examples, ulps=4.0,
        doc="a ** b (integers: exact and wrapping like NumPy; negative exponents unsupported)")


def _lower_max_min(onnx_op: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        return widened(em, ins, dt, compute_dtype(dt, MINMAX_OK),
                       lambda xs, cdt: max_min(em, onnx_op, *xs, cdt))
    return lower


_binary("maximum", _lower_max_min("Max"), np.maximum, D.ALL, commutative=True,
        signed_zeros=False, doc="elementwise max, NaN propagates")
_binary("minimum", _lower_max_min("Min"), np.minimum, D.ALL, commutative=True,
        signed_zeros=False, doc="elementwise min, NaN propagates")

_binary("eq", _kernel("Equal", ALLD, False), np.equal, D.EVERY, D.bool_, True, "a == b")
_binary("lt", _kernel("Less", NUMS, False), np.less, D.ALL, D.bool_, doc="a < b")
_binary("le", _kernel("LessOrEqual", NUMS, False), np.less_equal, D.ALL, D.bool_, doc="a <= b")
_binary("gt", _kernel("Greater", NUMS, False), np.greater, D.ALL, D.bool_, doc="a > b")
_binary("ge", _kernel("GreaterOrEqual", NUMS, False), np.greater_equal, D.ALL, D.bool_,
        doc="a >= b")
_binary("ne", lambda em, n, ins: em.op("Not", em.op("Equal", *ins)), np.not_equal, D.EVERY,
        D.bool_, True, "a != b")


def _bitwise(onnx_int: str, onnx_bool: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        return em.op(onnx_bool if n.dtype is D.bool_ else onnx_int, *ins)
    return lower


_INT_BOOL = D.INTEGER + (D.bool_,)
_binary("bitwise_and", _bitwise("BitwiseAnd", "And"), np.bitwise_and, _INT_BOOL,
        commutative=True, doc="a & b")
_binary("bitwise_or", _bitwise("BitwiseOr", "Or"), np.bitwise_or, _INT_BOOL, commutative=True,
        doc="a | b")
_binary("bitwise_xor", _bitwise("BitwiseXor", "Xor"), np.bitwise_xor, _INT_BOOL,
        commutative=True, doc="a ^ b")


# ---------------------------------------------------------------------------------------------
# Floor division and remainder: NumPy's semantics, guarded where onnxruntime's kernels fail

def _int_floor_divide(em: Emitter, a: str, b: str, dt: DType) -> str:
    """b == 0 gives 0 and b == -1 gives -a (wrapping): onnxruntime raises on the first and its
    process dies of SIGFPE on INT_MIN / -1."""
    zero, one = scalar(em, 0, dt), scalar(em, 1, dt)
    bz = em.op("Equal", b, zero)
    if dt.kind == "u":  # unsigned division already floors
        return select(em, bz, zero, em.op("Div", a, select(em, bz, one, b, dt)), dt)
    mone = scalar(em, -1, dt)
    bm1 = em.op("Equal", b, mone)
    bs = select(em, em.op("Or", bz, bm1), one, b, dt)
    t = em.op("Div", a, bs)
    r = em.op("Sub", a, em.op("Mul", t, bs))
    sign_differs = em.op("Xor", em.op("Less", r, zero), em.op("Less", bs, zero))
    adjust = em.op("And", em.op("Not", em.op("Equal", r, zero)), sign_differs)
    q0 = em.op("Sub", t, em.cast(adjust, dt))
    q1 = select(em, bm1, em.op("Sub", zero, a), q0, dt)
    return select(em, bz, zero, q1, dt)


def _int_remainder(em: Emitter, a: str, b: str, dt: DType) -> str:
    """x % 0 and x % -1 give 0; otherwise Mod(fmod=0) (the sign of the divisor)."""
    zero, one = scalar(em, 0, dt), scalar(em, 1, dt)
    bad = em.op("Equal", b, zero)
    if dt.kind == "i":
        bad = em.op("Or", bad, em.op("Equal", b, scalar(em, -1, dt)))
    m = em.op("Mod", a, select(em, bad, one, b, dt), fmod=0)
    return select(em, bad, zero, m, dt)


_DIVMOD_INTS = frozenset({D.int32, D.int64, D.uint8, D.uint32, D.uint64})


def _divmod_lowering(int_fn: Callable, float_fn: Callable) -> LowerFn:
    floats = float_lowering(float_fn)

    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        if dt.kind == "f":
            return floats(em, n, ins)
        # narrow integers compute in int32; the cast back wraps like NumPy
        return widened(em, ins, dt, compute_dtype(dt, _DIVMOD_INTS),
                       lambda xs, cdt: int_fn(em, *xs, cdt))
    return lower


def _ref_floor_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    q = np.floor_divide(a, b)
    if a.dtype.kind == "f":  # the Array API's rule for one infinite operand
        q = np.where(np.isinf(a) != np.isinf(b), a / b, q)
    return q


_binary("floor_divide", _divmod_lowering(_int_floor_divide, R.floor_divide), _ref_floor_divide,
        D.NUMERIC, doc="a // b (NumPy semantics; x // 0 == 0 for integers; one infinite "
                       "float operand gives a / b, as the Array API says)")
_binary("remainder", _divmod_lowering(_int_remainder, R.remainder), np.remainder,
        D.NUMERIC, doc="a % b with the sign of b (NumPy semantics, x % 0 == 0 for integers)")
_binary("atan2", float_lowering(R.atan2), np.arctan2, D.FLOATING, ulps=4.0,
        doc="angle of (x, y) with IEEE special cases for zeros and infinities")


# ---------------------------------------------------------------------------------------------
# Bit shifts: onnxruntime's BitShift exists for uint8/32/64 only. A shift by the width or more,
# or by a negative count, gives 0 (or -1 for a negative number shifted right), as NumPy does.

def _lower_shift(direction: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        a, b = ins
        bits = dt.bits
        udt = {8: D.uint8, 16: D.uint32, 32: D.uint32, 64: D.uint64}[bits]
        big = em.op("GreaterOrEqual", b, scalar(em, bits, dt))
        if dt.kind == "i":
            big = em.op("Or", big, em.op("Less", b, scalar(em, 0, dt)))
        bs = select(em, big, scalar(em, 0, dt), b, dt)
        if direction == "LEFT" or dt.kind == "u":
            y = em.cast(em.op("BitShift", em.cast(a, udt), em.cast(bs, udt), direction=direction),
                        dt)
            return select(em, big, scalar(em, 0, dt), y, dt)
        # arithmetic right shift of a signed integer: floor(a / 2**b), computed in int64
        a64, b64 = em.cast(a, D.int64), em.cast(bs, D.int64)
        far = em.op("Or", big, em.op("GreaterOrEqual", b64, i64(em, bits - 1)))
        b64 = em.op("Where", far, i64(em, 0), b64)
        p = em.cast(em.op("BitShift", em.cast(i64(em, 1), D.uint64), em.cast(b64, D.uint64),
                          direction="LEFT"), D.int64)
        q = em.op("Div", a64, p)
        adjust = em.op("And", em.op("Less", a64, i64(em, 0)),
                       em.op("Not", em.op("Equal", em.op("Mul", q, p), a64)))
        q = em.op("Sub", q, em.cast(adjust, D.int64))
        sat = em.op("Where", em.op("Less", a64, i64(em, 0)), i64(em, -1), i64(em, 0))
        return em.cast(em.op("Where", far, sat, q), dt)
    return lower


def _ref_shift(np_fn: Callable, left: bool) -> Callable:
    def ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        bits = a.dtype.itemsize * 8
        big = (b >= bits) | (b < 0)
        out = np.asarray(np_fn(a, np.where(big, 0, b).astype(a.dtype)))
        fill = np.where(a < 0, -1, 0) if (not left and a.dtype.kind == "i") else 0
        return np.where(big, fill, out).astype(a.dtype)
    return ref


def _shift_examples(dt: DType) -> list[Example]:
    if dt.kind not in "iu":
        return []
    counts = [c for c in (0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 62, 63, 64, 65, 200, -1, -5)
              if np.iinfo(dt.np).min <= c <= np.iinfo(dt.np).max]
    return X.binary(dt, right=np.array(counts, dt.np))


defop("shift_left", elementwise_infer(allowed=D.INTEGER), _ref_shift(np.left_shift, True),
      _lower_shift("LEFT"), examples=_shift_examples, elementwise=True,
      doc="a << b (shifts by the width or more, or by negative counts, give 0)")
defop("shift_right", elementwise_infer(allowed=D.INTEGER), _ref_shift(np.right_shift, False),
      _lower_shift("RIGHT"), examples=_shift_examples, elementwise=True,
      doc="a >> b, arithmetic for signed integers (past the width: 0, or -1 for negatives)")


# ---------------------------------------------------------------------------------------------
# where

def _infer_where(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    c, a, b = types
    if c.dtype is not D.bool_:
        raise DTypeError(f"where: condition must be bool, got {c}")
    dt = same_dtype((a, b), "where")
    return TensorType(dt, broadcast_shapes(c.shape, a.shape, b.shape))


def _where_examples(dt: DType) -> list[Example]:
    """The first operand is the condition: every dtype gets the same cases, with branches of
    that dtype (the matrix asks once per dtype)."""
    values = X.edge_values(dt)
    n = len(values)
    cond = np.arange(n) % 3 == 0
    cases = [Example((cond, values, values[::-1].copy()), {})]
    for k, (sa, sb) in enumerate(X.PAIRS):
        c = X.sample(D.bool_, sa, k)
        cases.append(Example((c, X.sample(dt, sb, k), X.sample(dt, sa, k + 7)), {}))
    return cases


def _lower_where(em: Emitter, n: Node, ins: list[str]) -> str:
    """Floats: each branch passes through Where's second operand, which keeps -0.0 (its first
    turns -0.0 into +0.0), and the two meet in a multiply by 1. The negated condition is an
    Equal, not a Not: onnxruntime rewrites Where(Not(c), a, b) into Where(c, b, a)."""
    c, a, b = ins
    dt = n.dtype
    if dt.kind != "f":
        return select(em, c, a, b, dt)
    one = scalar(em, 1.0, dt)
    not_c = em.op("Equal", c, em.const(np.asarray(False)))
    return em.op("Mul", em.op("Where", c, one, b), em.op("Where", not_c, one, a))


defop("where", _infer_where, lambda c, a, b: np.where(c, a, b), _lower_where,
      examples=_where_examples,
      elementwise=True, doc="select a where c is true, else b", complex_ok=True)
