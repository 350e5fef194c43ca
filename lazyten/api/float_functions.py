"""Floating-point functions of the sign bit and of two arguments: ``signbit``, ``copysign``,
``trunc``, ``atan2``, ``hypot``, ``logaddexp`` and ``nextafter``. Most compose other elementwise functions
(ONNX has no op for them), written so that signed zeros, infinities and subnormals come out as
NumPy's."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, binary, cast, node_as, operands, wrap
from ..dtypes import DType
from ..lazy import apply, scalar_node
from . import complex_math as C
from .elementwise import (_bool_like, abs, add, divide, equal, floor, greater, isinf, isnan, less,
                          log, log1p, logical_or, maximum, minimum, multiply, negative,
                          positive, sqrt, square, subtract, where)


def signbit(x: ArrayLike) -> Array:
    """Whether the sign bit of each element is set (True for -0.0). Gives bool.
    >>> lt.signbit(lt.asarray([-0.0, 0.0, -2.0]))
    lazyten.Array([ True, False,  True], dtype=bool)"""
    x = as_array(x)
    C.refuse(x, "signbit")
    if x.dtype.kind != "f":
        return less(x, 0) if x.dtype.kind == "i" else _bool_like(x, False)
    return wrap(apply("signbit", [x._node()]))


def _pm_one(cond: Array, dt: DType) -> Array:
    """-1 where ``cond``, +1 elsewhere, in ``dt`` (multiplying by it keeps signed zeros)."""
    return wrap(apply("where", [cond._node(), scalar_node(-1, dt), scalar_node(1, dt)]))


def copysign(x1: ArrayLike, x2: ArrayLike) -> Array:
    """|x1| with the sign of x2 elementwise. Integers and bools compute in the default float
    (float32); floats keep their dtype.
    >>> lt.copysign(lt.asarray([1, 2]), lt.asarray([-0.0, 3.0]))
    lazyten.Array([-1.,  2.], dtype=float32)"""
    a, b, dt = _float_pair(x1, x2)
    return multiply(abs(a), _pm_one(signbit(b), dt))


def trunc(x: ArrayLike) -> Array:
    """Each element rounded towards zero. Integers are returned as they are.
    >>> lt.trunc(lt.asarray([-1.7, 1.7]))
    lazyten.Array([-1.,  1.], dtype=float32)"""
    x = as_array(x)
    C.refuse(x, "trunc")
    return copysign(floor(abs(x)), x) if x.dtype.kind == "f" else positive(x)


def _float_pair(x1: Any, x2: Any) -> tuple[Array, Array, DType]:
    """Both operands as arrays of their common float dtype (integers become the default)."""
    x1, x2, dt = operands(x1, x2)
    if dt.kind != "f":
        dt = D.DEFAULT_FLOAT
    return wrap(node_as(x1, dt)), wrap(node_as(x2, dt)), dt


def atan2(x1: ArrayLike, x2: ArrayLike) -> Array:
    """The angle of the point (x2, x1) elementwise, in radians, with the quadrant from both
    signs. Integers and bools compute in the default float (float32); floats keep their
    dtype.
    >>> lt.atan2(lt.asarray([0, 0]), lt.asarray([1, -1]))
    lazyten.Array([0.       , 3.1415927], dtype=float32)"""
    return binary("atan2", x1, x2, out_float=True)


def hypot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """sqrt(x1**2 + x2**2) without overflow. Integers and bools compute in the default float
    (float32); floats keep their dtype.
    >>> lt.hypot(lt.asarray([3, 0]), lt.asarray([4, 2]))
    lazyten.Array([5., 2.], dtype=float32)"""
    a, b, dt = _float_pair(x1, x2)
    aa, bb = abs(a), abs(b)
    m, n = maximum(aa, bb), minimum(aa, bb)
    zero = equal(m, 0)
    safe = where(zero, 1.0, m)
    r = multiply(m, sqrt(add(1.0, square(divide(n, safe)))))
    r = where(zero, 0.0, r)
    return where(logical_or(isinf(aa), isinf(bb)), math.inf, r)


def logaddexp(x1: ArrayLike, x2: ArrayLike) -> Array:
    """log(exp(x1) + exp(x2)) without overflow. Integers and bools compute in the default float
    (float32); floats keep their dtype.
    >>> lt.logaddexp(lt.asarray([0.0, 1.0]), lt.asarray([0.0, -lt.inf]))
    lazyten.Array([0.6931472, 1.       ], dtype=float32)"""
    a, b, dt = _float_pair(x1, x2)
    m = maximum(a, b)
    r = add(m, log1p(wrap(apply("exp", [negative(abs(subtract(a, b)))._node()]))))
    return where(equal(a, b), add(a, math.log(2.0)), r)


_FLOAT_LAYOUT = {D.float16: (10, -14), D.float32: (23, -126), D.float64: (52, -1022)}


def nextafter(x1: ArrayLike, x2: ArrayLike) -> Array:
    """The next representable value after x1 toward x2, from the binary exponent of |x1|
    (computed in float64 and corrected by one power of two either way).
    >>> lt.nextafter(lt.asarray([1.0, 1.0]), lt.asarray([2.0, 0.0]))
    lazyten.Array([1.0000001 , 0.99999994], dtype=float32)"""
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
