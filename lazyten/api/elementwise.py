"""Elementwise functions: arithmetic, comparisons, logic and bitwise operations, math
functions, ``where`` and ``clip``. Each records one IR op after promotion (``lazyten.array``)
or composes others, written so that NaN, infinities and signed zeros come out as the
standard's special cases say."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import (Array, as_array, binary, cast, describe, is_scalar, node_as, operands,
                     unary_float, wrap)
from ..dtypes import DType
from ..errors import DTypeError, ValueArgumentError
from ..lazy import apply, scalar_node
from . import arguments as A
from .creation import full, zeros_like
from .dtype_functions import astype


def exp(x: Any) -> Array:
    """e to the power of each element. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("exp", x)


def log(x: Any) -> Array:
    """Natural logarithm elementwise (NaN below 0, -inf at 0). Integers and bools compute in the
    default float (float32); floats keep their dtype."""
    return unary_float("log", x)


def sqrt(x: Any) -> Array:
    """Square root elementwise (NaN below 0). Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("sqrt", x)


def sin(x: Any) -> Array:
    """Sine elementwise (radians). Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return unary_float("sin", x)


def cos(x: Any) -> Array:
    """Cosine elementwise (radians). Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return unary_float("cos", x)


def tanh(x: Any) -> Array:
    """Hyperbolic tangent elementwise. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("tanh", x)


def floor(x: Any) -> Array:
    """The largest integer-valued float not above each element. Integers are returned as they
    are."""
    x = as_array(x)
    return wrap(apply("floor", [x._node()])) if x.dtype.kind == "f" else positive(x)


def ceil(x: Any) -> Array:
    """The smallest integer-valued float not below each element. Integers are returned as they
    are."""
    x = as_array(x)
    return wrap(apply("ceil", [x._node()])) if x.dtype.kind == "f" else positive(x)


def abs(x: Any) -> Array:
    """|x| elementwise (bools unchanged). lt.abs(lt.asarray([-1.5, 2.0])) -> [1.5, 2.0]"""
    x = as_array(x)
    return positive(x) if x.dtype is D.bool_ else wrap(apply("abs", [x._node()]))


def negative(x: Any) -> Array:
    """-x elementwise (bools are refused). Keeps the dtype; integers wrap as NumPy's do."""
    x = as_array(x)
    if x.dtype is D.bool_:
        raise DTypeError("negating a bool array is not supported; use `~` or logical_not")
    return wrap(apply("neg", [x._node()]))


def positive(x: Any) -> Array:
    """+x: the values unchanged, as a new array. Keeps the dtype."""
    x = as_array(x)
    return wrap(x._node())


def bitwise_invert(x: Any) -> Array:
    """~x elementwise (not, for bools). Integer or bool operands, promoted first."""
    x = as_array(x)
    if x.dtype is D.bool_:
        return wrap(apply("logical_not", [x._node()]))
    if x.dtype.kind == "f":
        raise DTypeError(f"~ needs an integer or bool array, got {x._type}")
    return wrap(apply("bitwise_not", [x._node()]))


def logical_not(x: Any) -> Array:
    """not x elementwise. Operands are read as bools (nonzero is True); the result is bool."""
    return wrap(apply("logical_not", [cast(as_array(x)._node(), D.bool_)]))


def add(a: Any, b: Any) -> Array:
    """x1 + x2 elementwise, broadcasting. Operands promote by lazyten's dtype rules (README,
    "Dtype choices"); Python scalars are weak."""
    return binary("add", a, b)


def subtract(a: Any, b: Any) -> Array:
    """x1 - x2 elementwise, broadcasting. Operands promote by lazyten's dtype rules (README,
    "Dtype choices"); Python scalars are weak."""
    return binary("sub", a, b)


def multiply(a: Any, b: Any) -> Array:
    """x1 * x2 elementwise, broadcasting. Operands promote by lazyten's dtype rules (README,
    "Dtype choices"); Python scalars are weak."""
    return binary("mul", a, b)


def divide(a: Any, b: Any) -> Array:
    """x1 / x2 elementwise, broadcasting; integers divide in the default float (float32).
    Operands promote by lazyten's dtype rules (README, "Dtype choices"); Python scalars are
    weak."""
    return binary("div", a, b, out_float=True)


def floor_divide(a: Any, b: Any) -> Array:
    """x1 // x2 elementwise, rounded down as NumPy does (x // 0 == 0 for integers). Operands
    promote by lazyten's dtype rules (README, "Dtype choices"); Python scalars are weak."""
    return binary("floor_divide", a, b)


def remainder(a: Any, b: Any) -> Array:
    """x1 % x2 elementwise, with the sign of x2 as NumPy does (x % 0 == 0 for integers).
    Operands promote by lazyten's dtype rules (README, "Dtype choices"); Python scalars are
    weak."""
    return binary("remainder", a, b)


def pow(a: Any, b: Any) -> Array:
    """Integers to negative integer powers known at the call raise, as in NumPy (a power that
    promotes to a float dtype, uint64 ** int64 say, takes them)."""
    if isinstance(b, list):
        b = as_array(b)
    if operands(a, b)[2].kind in "iu":
        low = _lowest_integer(b)
        if low is not None and low < 0:
            raise ValueArgumentError(f"pow: integers to negative integer powers are not "
                                     f"allowed, got {describe(a)} ** {low}")
    return binary("pow", a, b)


def _lowest_integer(x: Any) -> int | None:
    """The smallest value of ``x`` when it is integer data known on the host (a Python or
    NumPy integer, an ndarray, a computed array), else None."""
    if isinstance(x, (int, np.integer)):
        return None if isinstance(x, bool) else int(x)
    values = A.host_data(x) if isinstance(x, Array) else x if isinstance(x, np.ndarray) \
        else None
    if values is None or values.size == 0 or values.dtype.kind not in "iu":
        return None
    return int(values.min())


def maximum(a: Any, b: Any) -> Array:
    """The larger of x1 and x2 elementwise; NaN propagates. Operands promote by lazyten's dtype
    rules (README, "Dtype choices"); Python scalars are weak."""
    return binary("maximum", a, b)


def minimum(a: Any, b: Any) -> Array:
    """The smaller of x1 and x2 elementwise; NaN propagates. Operands promote by lazyten's dtype
    rules (README, "Dtype choices"); Python scalars are weak."""
    return binary("minimum", a, b)


def equal(a: Any, b: Any) -> Array:
    """x1 == x2 elementwise. Operands promote first; the result is bool."""
    return binary("eq", a, b)


def not_equal(a: Any, b: Any) -> Array:
    """x1 != x2 elementwise. Operands promote first; the result is bool."""
    return binary("ne", a, b)


def less(a: Any, b: Any) -> Array:
    """x1 < x2 elementwise. Operands promote first; the result is bool."""
    return binary("lt", a, b)


def less_equal(a: Any, b: Any) -> Array:
    """x1 <= x2 elementwise. Operands promote first; the result is bool."""
    return binary("le", a, b)


def greater(a: Any, b: Any) -> Array:
    """x1 > x2 elementwise. Operands promote first; the result is bool."""
    return binary("gt", a, b)


def greater_equal(a: Any, b: Any) -> Array:
    """x1 >= x2 elementwise. Operands promote first; the result is bool."""
    return binary("ge", a, b)


def bitwise_and(a: Any, b: Any) -> Array:
    """x1 & x2 elementwise. Integer or bool operands, promoted first."""
    return binary("bitwise_and", a, b)


def bitwise_or(a: Any, b: Any) -> Array:
    """x1 | x2 elementwise. Integer or bool operands, promoted first."""
    return binary("bitwise_or", a, b)


def bitwise_xor(a: Any, b: Any) -> Array:
    """x1 ^ x2 elementwise. Integer or bool operands, promoted first."""
    return binary("bitwise_xor", a, b)


def _as_bool(x: Any) -> Any:
    return bool(x) if is_scalar(x) else astype(as_array(x), D.bool_, copy=False)


def logical_and(a: Any, b: Any) -> Array:
    """x1 and x2 elementwise. Operands are read as bools (nonzero is True); the result is bool."""
    return binary("bitwise_and", _as_bool(a), _as_bool(b))


def logical_or(a: Any, b: Any) -> Array:
    """x1 or x2 elementwise. Operands are read as bools (nonzero is True); the result is bool."""
    return binary("bitwise_or", _as_bool(a), _as_bool(b))


def logical_xor(a: Any, b: Any) -> Array:
    """x1 xor x2 elementwise. Operands are read as bools (nonzero is True); the result is bool."""
    return binary("bitwise_xor", _as_bool(a), _as_bool(b))


def where(condition: Any, x1: Any, x2: Any) -> Array:
    """x1 where condition holds, else x2, broadcasting all three. x1 and x2 promote; -0.0 is
    kept from either branch."""
    cond = as_array(condition)
    if is_scalar(x1) and is_scalar(x2):
        dt = D.promote(D.default_dtype_of(x1), D.default_dtype_of(x2))
    else:
        x1, x2, dt = operands(x1, x2)
    return wrap(apply("where", [cast(cond._node(), D.bool_), node_as(x1, dt),
                                node_as(x2, dt)]))


def clip(x: Any, min: Any = None, max: Any = None) -> Array:
    """Bounds are cast to ``x.dtype``; NaN in x or in a bound propagates (as ``np.clip``)."""
    x = as_array(x)
    node = x._node()
    for bound, op in ((min, "maximum"), (max, "minimum")):
        if bound is None:
            continue
        if isinstance(bound, Array):
            b = cast(bound._node(), x.dtype)
        elif is_scalar(bound):
            b = scalar_node(bound, x.dtype)
        else:
            b = cast(as_array(bound)._node(), x.dtype)
        node = apply(op, [node, b])
    return wrap(node)


def tan(x: Any) -> Array:
    """Tangent elementwise (radians). Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return unary_float("tan", x)


def asin(x: Any) -> Array:
    """Inverse sine elementwise, in radians. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("asin", x)


def acos(x: Any) -> Array:
    """Inverse cosine elementwise, in radians. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("acos", x)


def atan(x: Any) -> Array:
    """Inverse tangent elementwise, in radians. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("atan", x)


def sinh(x: Any) -> Array:
    """Hyperbolic sine elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return unary_float("sinh", x)


def cosh(x: Any) -> Array:
    """Hyperbolic cosine elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return unary_float("cosh", x)


def asinh(x: Any) -> Array:
    """Inverse hyperbolic sine elementwise. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("asinh", x)


def acosh(x: Any) -> Array:
    """Inverse hyperbolic cosine elementwise. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("acosh", x)


def atanh(x: Any) -> Array:
    """Inverse hyperbolic tangent elementwise. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    return unary_float("atanh", x)


def expm1(x: Any) -> Array:
    """exp(x) - 1, exact for small x. Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return unary_float("expm1", x)


def log1p(x: Any) -> Array:
    """log(1 + x), exact for small x. Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return unary_float("log1p", x)


def log2(x: Any) -> Array:
    """Base-2 logarithm elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return divide(log(x), math.log(2.0))


def log10(x: Any) -> Array:
    """Base-10 logarithm elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype."""
    return divide(log(x), math.log(10.0))


def square(x: Any) -> Array:
    """x * x elementwise. Keeps the dtype."""
    return multiply(x, x)


def reciprocal(x: Any) -> Array:
    """1 / x elementwise. Integers and bools compute in the default float (float32); floats keep
    their dtype."""
    return divide(1.0, x)


def round(x: Any) -> Array:
    """Each element rounded to the nearest integer value, halves to even. Keeps the dtype."""
    x = as_array(x)
    return wrap(apply("round", [x._node()])) if x.dtype.kind == "f" else positive(x)


def trunc(x: Any) -> Array:
    """Each element rounded towards zero. Integers are returned as they are."""
    x = as_array(x)
    return copysign(floor(abs(x)), x) if x.dtype.kind == "f" else positive(x)


def sign(x: Any) -> Array:
    """-1, 0 or 1 by the sign of each element (NaN stays NaN). Keeps the dtype."""
    x = as_array(x)
    if x.dtype is D.bool_:
        raise DTypeError(f"sign needs a numeric array, got {x._type}")
    return wrap(apply("sign", [x._node()]))


def _bool_like(x: Array, value: bool) -> Array:
    return full(x.shape, value, dtype=D.bool_)


def isnan(x: Any) -> Array:
    """Whether each element is NaN. Gives bool; integers are never NaN."""
    x = as_array(x)
    return wrap(apply("isnan", [x._node()])) if x.dtype.kind == "f" else _bool_like(x, False)


def isinf(x: Any) -> Array:
    """Whether each element is +inf or -inf. Gives bool."""
    x = as_array(x)
    return wrap(apply("isinf", [x._node()])) if x.dtype.kind == "f" else _bool_like(x, False)


def isfinite(x: Any) -> Array:
    """Whether each element is neither infinite nor NaN. Gives bool."""
    x = as_array(x)
    return logical_not(logical_or(isnan(x), isinf(x))) if x.dtype.kind == "f" \
        else _bool_like(x, True)


def signbit(x: Any) -> Array:
    """Whether the sign bit of each element is set (True for -0.0). Gives bool."""
    x = as_array(x)
    if x.dtype.kind != "f":
        return less(x, 0) if x.dtype.kind == "i" else _bool_like(x, False)
    return wrap(apply("signbit", [x._node()]))


def _pm_one(cond: Array, dt: DType) -> Array:
    """-1 where ``cond``, +1 elsewhere, in ``dt`` (multiplying by it keeps signed zeros)."""
    return wrap(apply("where", [cond._node(), scalar_node(-1, dt), scalar_node(1, dt)]))


def copysign(x1: Any, x2: Any) -> Array:
    """|x1| with the sign of x2 elementwise. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    a, b, dt = _float_pair(x1, x2)
    return multiply(abs(a), _pm_one(signbit(b), dt))


def _float_pair(x1: Any, x2: Any) -> tuple[Array, Array, DType]:
    """Both operands as arrays of their common float dtype (integers become the default)."""
    x1, x2, dt = operands(x1, x2)
    if dt.kind != "f":
        dt = D.DEFAULT_FLOAT
    return wrap(node_as(x1, dt)), wrap(node_as(x2, dt)), dt


def atan2(x1: Any, x2: Any) -> Array:
    """The angle of the point (x2, x1) elementwise, in radians, with the quadrant from both
    signs. Integers and bools compute in the default float (float32); floats keep their
    dtype."""
    return binary("atan2", x1, x2, out_float=True)


def hypot(x1: Any, x2: Any) -> Array:
    """sqrt(x1**2 + x2**2) without overflow. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
    a, b, dt = _float_pair(x1, x2)
    aa, bb = abs(a), abs(b)
    m, n = maximum(aa, bb), minimum(aa, bb)
    zero = equal(m, 0)
    safe = where(zero, 1.0, m)
    r = multiply(m, sqrt(add(1.0, square(divide(n, safe)))))
    r = where(zero, 0.0, r)
    return where(logical_or(isinf(aa), isinf(bb)), math.inf, r)


def logaddexp(x1: Any, x2: Any) -> Array:
    """log(exp(x1) + exp(x2)) without overflow. Integers and bools compute in the default float
    (float32); floats keep their dtype."""
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
    x, y = wrap(cast(a._node(), D.float64)), wrap(cast(b._node(), D.float64))
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
    return wrap(cast(r._node(), dt))


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
    a, b, dt = operands(x1, x2)
    if dt.kind not in "iu":
        raise DTypeError(f"{name} needs integer arrays, got {describe(a)} and {describe(b)}")
    return binary(op, x1, x2)


def real(x: Any) -> Array:
    """The real part: the values themselves (lazyten has no complex dtypes). Keeps the dtype."""
    return positive(as_array(x))


def imag(x: Any) -> Array:
    """The imaginary part: zeros (lazyten has no complex dtypes). Keeps the dtype."""
    return zeros_like(as_array(x))


def conj(x: Any) -> Array:
    """The complex conjugate: the values themselves (lazyten has no complex dtypes). Keeps the
    dtype."""
    return positive(as_array(x))
