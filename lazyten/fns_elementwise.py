"""The elementwise functions of the Array API beyond ``functions.py``.

Each one records one IR op or composes existing ones; compositions are written so that NaN,
infinities and signed zeros come out as the standard's special cases say.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import dtypes as D
from .array import Array, apply, wrap
from .dtypes import DType
from .errors import DTypeError
from .functions import (_cast, _describe, _node_as, _operands, abs, add, as_array, binary, divide,
                        equal, floor, greater, less, log, logical_not, logical_or, maximum, minimum, multiply,
                        negative, positive, sqrt, subtract, unary_float, where)
from .lazy import scalar_node


def tan(x: Any) -> Array:
    return unary_float("tan", x)


def asin(x: Any) -> Array:
    return unary_float("asin", x)


def acos(x: Any) -> Array:
    return unary_float("acos", x)


def atan(x: Any) -> Array:
    return unary_float("atan", x)


def sinh(x: Any) -> Array:
    return unary_float("sinh", x)


def cosh(x: Any) -> Array:
    return unary_float("cosh", x)


def asinh(x: Any) -> Array:
    return unary_float("asinh", x)


def acosh(x: Any) -> Array:
    return unary_float("acosh", x)


def atanh(x: Any) -> Array:
    return unary_float("atanh", x)


def expm1(x: Any) -> Array:
    return unary_float("expm1", x)


def log1p(x: Any) -> Array:
    return unary_float("log1p", x)


def log2(x: Any) -> Array:
    return divide(log(x), math.log(2.0))


def log10(x: Any) -> Array:
    return divide(log(x), math.log(10.0))


def square(x: Any) -> Array:
    return multiply(x, x)


def reciprocal(x: Any) -> Array:
    return divide(1.0, x)


def round(x: Any) -> Array:
    x = as_array(x)
    return wrap(apply("round", [x._node()])) if x.dtype.kind == "f" else positive(x)


def trunc(x: Any) -> Array:
    x = as_array(x)
    return copysign(floor(abs(x)), x) if x.dtype.kind == "f" else positive(x)


def sign(x: Any) -> Array:
    x = as_array(x)
    if x.dtype is D.bool_:
        raise DTypeError(f"sign needs a numeric array, got {x._type}")
    return wrap(apply("sign", [x._node()]))


def _bool_like(x: Array, value: bool) -> Array:
    from .creation import full
    return full(x.shape, value, dtype=D.bool_)


def isnan(x: Any) -> Array:
    x = as_array(x)
    return wrap(apply("isnan", [x._node()])) if x.dtype.kind == "f" else _bool_like(x, False)


def isinf(x: Any) -> Array:
    x = as_array(x)
    return wrap(apply("isinf", [x._node()])) if x.dtype.kind == "f" else _bool_like(x, False)


def isfinite(x: Any) -> Array:
    x = as_array(x)
    return logical_not(logical_or(isnan(x), isinf(x))) if x.dtype.kind == "f" \
        else _bool_like(x, True)


def signbit(x: Any) -> Array:
    x = as_array(x)
    if x.dtype.kind != "f":
        return less(x, 0) if x.dtype.kind == "i" else _bool_like(x, False)
    return wrap(apply("signbit", [x._node()]))


def _pm_one(cond: Array, dt: DType) -> Array:
    """-1 where ``cond``, +1 elsewhere, in ``dt`` (multiplying by it keeps signed zeros)."""
    return wrap(apply("where", [cond._node(), scalar_node(-1, dt), scalar_node(1, dt)]))


def copysign(x1: Any, x2: Any) -> Array:
    a, b, dt = _float_pair(x1, x2)
    return multiply(abs(a), _pm_one(signbit(b), dt))


def _float_pair(x1: Any, x2: Any) -> tuple[Array, Array, DType]:
    """Both operands as arrays of their common float dtype (integers become the default)."""
    x1, x2, dt = _operands(x1, x2)
    if dt.kind != "f":
        dt = D.DEFAULT_FLOAT
    return wrap(_node_as(x1, dt)), wrap(_node_as(x2, dt)), dt


def atan2(x1: Any, x2: Any) -> Array:
    return binary("atan2", x1, x2, out_float=True)


def hypot(x1: Any, x2: Any) -> Array:
    a, b, dt = _float_pair(x1, x2)
    aa, bb = abs(a), abs(b)
    m, n = maximum(aa, bb), minimum(aa, bb)
    zero = equal(m, 0)
    safe = where(zero, 1.0, m)
    r = multiply(m, sqrt(add(1.0, square(divide(n, safe)))))
    r = where(zero, 0.0, r)
    return where(logical_or(isinf(aa), isinf(bb)), math.inf, r)


def logaddexp(x1: Any, x2: Any) -> Array:
    a, b, dt = _float_pair(x1, x2)
    m = maximum(a, b)
    r = add(m, log1p(wrap(apply("exp", [negative(abs(subtract(a, b)))._node()]))))
    return where(equal(a, b), add(a, math.log(2.0)), r)


_FLOAT_LAYOUT = {D.float16: (10, -14), D.float32: (23, -126), D.float64: (52, -1022)}


def nextafter(x1: Any, x2: Any) -> Array:
    """The next representable value after x1 toward x2, from the binary exponent of |x1|
    (computed in float64 and corrected by one power of two either way)."""
    a, b, dt = _float_pair(x1, x2)
    nmant, minexp = _FLOAT_LAYOUT[dt]
    x, y = wrap(_cast(a._node(), D.float64)), wrap(_cast(b._node(), D.float64))
    ax = abs(x)
    e = floor(divide(log(ax), math.log(2.0)))
    e = where(greater(_pow2(e), ax), subtract(e, 1.0), e)
    e = where(less(_pow2(e) * 2.0, ax) | equal(_pow2(e) * 2.0, ax), add(e, 1.0), e)
    e = maximum(e, float(minexp))
    up = _pow2(subtract(e, float(nmant)))
    down = where(equal(ax, _pow2(e)) & greater(e, float(minexp)), divide(up, 2.0), up)
    away = (greater(x, 0) & greater(y, x)) | (less(x, 0) & less(y, x))
    step = where(away, up, negative(down))
    r = add(x, multiply(step, _pm_one(less(x, 0), D.float64)))
    r = where(equal(r, 0), multiply(x, 0.0), r)  # from the smallest subnormal: a zero of x's sign
    tiny = 2.0 ** (minexp - nmant)
    r = where(equal(x, 0), multiply(_pm_one(less(y, 0), D.float64), tiny), r)
    big = float(np.finfo(dt.np).max)
    r = where(isinf(x) & ~equal(x, y), multiply(_pm_one(less(x, 0), D.float64), big), r)
    r = where(less(x, y) | greater(x, y), r, y)
    r = where(isnan(x) | isnan(y), math.nan, r)
    return wrap(_cast(r._node(), dt))


def _pow2(e: Array) -> Array:
    return binary("pow", 2.0, e)


def bitwise_left_shift(x1: Any, x2: Any) -> Array:
    """As NumPy: a shift by a negative count or by the bit width or more gives 0."""
    return _shift("shift_left", "bitwise_left_shift (<<)", x1, x2)


def bitwise_right_shift(x1: Any, x2: Any) -> Array:
    """As NumPy: a shift by a negative count or by the bit width or more gives 0 (-1 for
    negative values)."""
    return _shift("shift_right", "bitwise_right_shift (>>)", x1, x2)


def _shift(op: str, name: str, x1: Any, x2: Any) -> Array:
    a, b, dt = _operands(x1, x2)
    if dt.kind not in "iu":
        raise DTypeError(f"{name} needs integer arrays, got {_describe(a)} and {_describe(b)}")
    return binary(op, x1, x2)


def real(x: Any) -> Array:
    return positive(as_array(x))


def imag(x: Any) -> Array:
    from .creation import zeros_like
    return zeros_like(as_array(x))


def conj(x: Any) -> Array:
    return positive(as_array(x))


__all__ = ["acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_left_shift",
           "bitwise_right_shift", "conj", "copysign", "cosh", "expm1", "hypot", "imag",
           "isfinite", "isinf", "isnan", "log10", "log1p", "log2", "logaddexp", "nextafter",
           "real", "reciprocal", "round", "sign", "signbit", "sinh", "square", "tan", "trunc"]
