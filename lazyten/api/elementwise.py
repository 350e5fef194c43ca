"""Elementwise functions: arithmetic, comparisons, logic and bitwise operations, math
functions, ``where`` and ``clip``. Each records one IR op after promotion (``lazyten.array``)
or composes others, written so that NaN, infinities and signed zeros come out as the
standard's special cases say."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import (Array, ArrayLike, as_array, binary, cast, describe, is_scalar, node_as,
                     operands, unary_float, wrap)
from ..errors import ArgumentError, DTypeError, ValueArgumentError
from ..lazy import apply, scalar_node
from . import arguments as A
from . import complex_inverse as CI
from . import complex_math as C
from .complex_math import conj, imag, real  # noqa: F401  (namespace functions)
from .creation import full
from .dtype_functions import astype


def _math(name: str, x: ArrayLike) -> Array:
    """A math function: of a complex array from real ops on its parts (``complex_math``)."""
    x = as_array(x)
    if x.dtype.kind != "c":
        return unary_float(name, x)
    return (C.FUNCTIONS.get(name) or CI.FUNCTIONS[name])(x)


def exp(x: ArrayLike) -> Array:
    """e to the power of each element. Integers and bools compute in the default float
    (float32); floats keep their dtype, as do complex numbers (exp(re) * (cos(im) + i sin(im))).
    >>> lt.exp(lt.asarray([0, 0]))
    lazyten.Array([1., 1.], dtype=float32)"""
    return _math("exp", x)


def log(x: ArrayLike) -> Array:
    """Natural logarithm elementwise (NaN below 0, -inf at 0). Integers and bools compute in the
    default float (float32); floats keep their dtype, as do complex numbers (the principal
    branch: log|x| + i atan2(im, re)).
    >>> lt.log(lt.asarray([1.0, 0.0, -1.0]))
    lazyten.Array([  0., -inf,  nan], dtype=float32)"""
    return _math("log", x)


def sqrt(x: ArrayLike) -> Array:
    """Square root elementwise (NaN below 0). Integers and bools compute in the default float
    (float32); floats keep their dtype, as do complex numbers (the principal root).
    >>> lt.sqrt(lt.asarray([4, 2]))
    lazyten.Array([2.       , 1.4142135], dtype=float32)"""
    return _math("sqrt", x)


def sin(x: ArrayLike) -> Array:
    """Sine elementwise (radians). Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.sin(lt.asarray([0, 0]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("sin", x)


def cos(x: ArrayLike) -> Array:
    """Cosine elementwise (radians). Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.cos(lt.asarray([0, 0]))
    lazyten.Array([1., 1.], dtype=float32)"""
    return _math("cos", x)


def tanh(x: ArrayLike) -> Array:
    """Hyperbolic tangent elementwise. Integers and bools compute in the default float
    (float32); floats keep their dtype.
    >>> lt.tanh(lt.asarray([0.0, lt.inf, -lt.inf]))
    lazyten.Array([ 0.,  1., -1.], dtype=float32)"""
    return _math("tanh", x)


def floor(x: ArrayLike) -> Array:
    """The largest integer-valued float not above each element. Integers are returned as they
    are.
    >>> lt.floor(lt.asarray([-1.5, 2.5]))
    lazyten.Array([-2.,  2.], dtype=float32)"""
    x = as_array(x)
    C.refuse(x, "floor")
    return wrap(apply("floor", [x._node()])) if x.dtype.kind == "f" else positive(x)


def ceil(x: ArrayLike) -> Array:
    """The smallest integer-valued float not below each element. Integers are returned as they
    are.
    >>> lt.ceil(lt.asarray([-1.5, 2.5]))
    lazyten.Array([-1.,  3.], dtype=float32)"""
    x = as_array(x)
    C.refuse(x, "ceil")
    return wrap(apply("ceil", [x._node()])) if x.dtype.kind == "f" else positive(x)


def abs(x: ArrayLike) -> Array:
    """|x| elementwise (bools unchanged). Keeps the dtype; complex numbers give their modulus,
    a real array of their precision (complex64 gives float32).
    >>> lt.abs(lt.asarray([-1.5, 2.0]))
    lazyten.Array([1.5, 2. ], dtype=float32)"""
    x = as_array(x)
    if x.dtype.kind == "c":
        return C.modulus(x)
    return positive(x) if x.dtype is D.bool_ else wrap(apply("abs", [x._node()]))


def negative(x: ArrayLike) -> Array:
    """-x elementwise (bools are refused). Keeps the dtype; integers wrap as NumPy's do.
    >>> lt.negative(lt.asarray([-128, 5], dtype=lt.int8))
    lazyten.Array([-128,   -5], dtype=int8)"""
    x = as_array(x)
    if x.dtype is D.bool_:
        raise DTypeError("negating a bool array is not supported; use `~` or logical_not")
    return wrap(apply("neg", [x._node()]))


def positive(x: ArrayLike) -> Array:
    """+x: the values unchanged, as a new array. Keeps the dtype.
    >>> lt.positive(lt.asarray([-1, 2]))
    lazyten.Array([-1,  2], dtype=int64)"""
    x = as_array(x)
    return wrap(x._node())


def bitwise_invert(x: ArrayLike) -> Array:
    """~x elementwise (not, for bools). Integer or bool operands, promoted first.
    >>> lt.bitwise_invert(lt.asarray([0, 5], dtype=lt.uint8))
    lazyten.Array([255, 250], dtype=uint8)"""
    x = as_array(x)
    if x.dtype is D.bool_:
        return wrap(apply("logical_not", [x._node()]))
    if x.dtype.kind == "f":
        raise DTypeError(f"~ needs an integer or bool array, got {x._type}")
    return wrap(apply("bitwise_not", [x._node()]))


def logical_not(x: ArrayLike) -> Array:
    """not x elementwise. Operands are read as bools (nonzero is True); the result is bool.
    >>> lt.logical_not(lt.asarray([0, 2]))
    lazyten.Array([ True, False], dtype=bool)"""
    return wrap(apply("logical_not", [cast(as_array(x)._node(), D.bool_)]))


def add(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 + x2 elementwise, broadcasting. Operands promote by lazyten's dtype rules (README,
    "Dtype choices"); Python scalars are weak.
    >>> lt.add(lt.asarray([1, 2], dtype=lt.int8), 3)
    lazyten.Array([4, 5], dtype=int8)"""
    return binary("add", a, b)


def subtract(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 - x2 elementwise, broadcasting. Operands promote by lazyten's dtype rules (README,
    "Dtype choices"); Python scalars are weak.
    >>> lt.subtract(lt.asarray([5, 7]), lt.asarray([1.5, 2.5]))
    lazyten.Array([3.5, 4.5], dtype=float32)"""
    return binary("sub", a, b)


def multiply(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 * x2 elementwise, broadcasting. Operands promote by lazyten's dtype rules (README,
    "Dtype choices"); Python scalars are weak.
    >>> lt.multiply(lt.asarray([1, 2], dtype=lt.uint8), lt.asarray([3, 4], dtype=lt.int8))
    lazyten.Array([3, 8], dtype=int16)"""
    return binary("mul", a, b)


def divide(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 / x2 elementwise, broadcasting; integers divide in the default float (float32).
    Operands promote by lazyten's dtype rules (README, "Dtype choices"); Python scalars are
    weak.
    >>> lt.divide(lt.asarray([1, 3]), 2)
    lazyten.Array([0.5, 1.5], dtype=float32)"""
    return binary("div", a, b, out_float=True)


def floor_divide(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 // x2 elementwise, rounded down as NumPy does (x // 0 == 0 for integers). Operands
    promote by lazyten's dtype rules (README, "Dtype choices"); Python scalars are weak.
    >>> lt.floor_divide(lt.asarray([7, -7]), 2)
    lazyten.Array([ 3, -4], dtype=int64)"""
    return binary("floor_divide", a, b)


def remainder(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 % x2 elementwise, with the sign of x2 as NumPy does (x % 0 == 0 for integers).
    Operands promote by lazyten's dtype rules (README, "Dtype choices"); Python scalars are
    weak.
    >>> lt.remainder(lt.asarray([7, -7]), 3)
    lazyten.Array([1, 2], dtype=int64)"""
    return binary("remainder", a, b)


def pow(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 ** x2 elementwise, broadcasting; operands promote as for ``add``. Integers to negative
    integer powers known at the call raise, as in NumPy (a power that promotes to a float dtype,
    uint64 ** int64 say, takes them). Complex powers are exp(x2 * log(x1)) on the principal
    branch (0 ** x2 is 0 where the real part of x2 is positive).
    >>> lt.pow(lt.asarray([1, 2, 3]), 2)
    lazyten.Array([1, 4, 9], dtype=int64)"""
    if isinstance(b, list):
        b = as_array(b)
    if type(b) in (int, float) and b == 2 and type(a) is Array and not a._weak and \
            a.dtype.kind in "iuf" and D.scalar_dtype(b, a.dtype) is a.dtype:
        # x ** 2 as x * x, NumPy's own fast path: the same value for every x (-0, inf and NaN
        # included), where onnxruntime's Pow calls pow() per element (6x slower in float64)
        return binary("mul", a, a)
    a, b, dt = operands(a, b)
    if dt.kind == "c":
        return C.power(wrap(node_as(a, dt)), node_as(b, dt))  # a scalar a at dt's precision
    if dt.kind in "iu":
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


def maximum(a: ArrayLike, b: ArrayLike) -> Array:
    """The larger of x1 and x2 elementwise; NaN propagates. Operands promote by lazyten's dtype
    rules (README, "Dtype choices"); Python scalars are weak.
    >>> lt.maximum(lt.asarray([1.0, lt.nan]), 0.5)
    lazyten.Array([ 1., nan], dtype=float32)"""
    return binary("maximum", a, b)


def minimum(a: ArrayLike, b: ArrayLike) -> Array:
    """The smaller of x1 and x2 elementwise; NaN propagates. Operands promote by lazyten's dtype
    rules (README, "Dtype choices"); Python scalars are weak.
    >>> lt.minimum(lt.asarray([1.0, lt.nan]), 0.5)
    lazyten.Array([0.5, nan], dtype=float32)"""
    return binary("minimum", a, b)


def equal(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 == x2 elementwise. Operands promote first; the result is bool.
    >>> lt.equal(lt.asarray([1, 2, 3]), 2)
    lazyten.Array([False,  True, False], dtype=bool)"""
    return binary("eq", a, b)


def not_equal(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 != x2 elementwise. Operands promote first; the result is bool.
    >>> lt.not_equal(lt.asarray([1, 2, 3]), 2)
    lazyten.Array([ True, False,  True], dtype=bool)"""
    return binary("ne", a, b)


def less(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 < x2 elementwise. Operands promote first; the result is bool.
    >>> lt.less(lt.asarray([1, 2, 3]), 2)
    lazyten.Array([ True, False, False], dtype=bool)"""
    return binary("lt", a, b)


def less_equal(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 <= x2 elementwise. Operands promote first; the result is bool.
    >>> lt.less_equal(lt.asarray([1, 2, 3]), 2)
    lazyten.Array([ True,  True, False], dtype=bool)"""
    return binary("le", a, b)


def greater(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 > x2 elementwise. Operands promote first; the result is bool.
    >>> lt.greater(lt.asarray([1, 2, 3]), 2)
    lazyten.Array([False, False,  True], dtype=bool)"""
    return binary("gt", a, b)


def greater_equal(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 >= x2 elementwise. Operands promote first; the result is bool.
    >>> lt.greater_equal(lt.asarray([1, 2, 3]), 2)
    lazyten.Array([False,  True,  True], dtype=bool)"""
    return binary("ge", a, b)


def bitwise_and(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 & x2 elementwise. Integer or bool operands, promoted first.
    >>> lt.bitwise_and(lt.asarray([12, 10]), 6)
    lazyten.Array([4, 2], dtype=int64)"""
    return binary("bitwise_and", a, b)


def bitwise_or(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 | x2 elementwise. Integer or bool operands, promoted first.
    >>> lt.bitwise_or(lt.asarray([12, 10]), 6)
    lazyten.Array([14, 14], dtype=int64)"""
    return binary("bitwise_or", a, b)


def bitwise_xor(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 ^ x2 elementwise. Integer or bool operands, promoted first.
    >>> lt.bitwise_xor(lt.asarray([12, 10]), 6)
    lazyten.Array([10, 12], dtype=int64)"""
    return binary("bitwise_xor", a, b)


def _as_bool(x: Any) -> Any:
    return bool(x) if is_scalar(x) else astype(as_array(x), D.bool_, copy=False)


def logical_and(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 and x2 elementwise. Operands are read as bools (nonzero is True); the result is bool.
    >>> lt.logical_and(lt.asarray([0, 1, 2]), lt.asarray([True, True, False]))
    lazyten.Array([False,  True, False], dtype=bool)"""
    return binary("bitwise_and", _as_bool(a), _as_bool(b))


def logical_or(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 or x2 elementwise. Operands are read as bools (nonzero is True); the result is bool.
    >>> lt.logical_or(lt.asarray([0, 1, 2]), lt.asarray([True, False, False]))
    lazyten.Array([ True,  True,  True], dtype=bool)"""
    return binary("bitwise_or", _as_bool(a), _as_bool(b))


def logical_xor(a: ArrayLike, b: ArrayLike) -> Array:
    """x1 xor x2 elementwise. Operands are read as bools (nonzero is True); the result is bool.
    >>> lt.logical_xor(lt.asarray([0, 1, 2]), lt.asarray([True, True, False]))
    lazyten.Array([ True, False,  True], dtype=bool)"""
    return binary("bitwise_xor", _as_bool(a), _as_bool(b))


def where(condition: ArrayLike, x1: ArrayLike | None = None, x2: ArrayLike | None = None
          ) -> Any:
    """x1 where condition holds, else x2, broadcasting all three. x1 and x2 promote; -0.0 is
    kept from either branch. The condition alone gives the indices where it holds
    (``nonzero``), as NumPy's and PyTorch's ``where(condition)``.
    >>> lt.where(lt.asarray([True, False]), lt.asarray([1, 2]), 0.5)
    lazyten.Array([1. , 0.5], dtype=float32)
    >>> lt.where(lt.asarray([0, 3, 4]) > 2)
    (lazyten.Array([1, 2], dtype=int64),)"""
    if x1 is None or x2 is None:
        if x1 is not x2:
            raise ArgumentError(f"where: give both x1 and x2 (x1 where the condition holds, "
                                f"else x2) or neither (the indices where it holds), got "
                                f"{describe(x1)} and {describe(x2)}")
        from .search import nonzero  # search builds on this module
        return nonzero(condition)
    cond = as_array(condition)
    if is_scalar(x1) and is_scalar(x2):
        dt = D.promote(D.default_dtype_of(x1), D.default_dtype_of(x2))
    else:
        x1, x2, dt = operands(x1, x2)
    return wrap(apply("where", [cast(cond._node(), D.bool_), node_as(x1, dt),
                                node_as(x2, dt)]))


def clip(x: ArrayLike, min: ArrayLike | None = None, max: ArrayLike | None = None) -> Array:
    """x limited to [min, max] elementwise (None: no bound). Bounds are cast to ``x.dtype``; NaN
    in x or in a bound propagates (as ``np.clip``).
    >>> lt.clip(lt.asarray([-2, 1, 5]), 0, 3)
    lazyten.Array([0, 1, 3], dtype=int64)"""
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


def tan(x: ArrayLike) -> Array:
    """Tangent elementwise (radians). Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.tan(lt.asarray([0, 0]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("tan", x)


def asin(x: ArrayLike) -> Array:
    """Inverse sine elementwise, in radians. Integers and bools compute in the default float
    (float32); floats and complex numbers keep their dtype (C99's branch cuts).
    >>> lt.asin(lt.asarray([0, 0]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("asin", x)


def acos(x: ArrayLike) -> Array:
    """Inverse cosine elementwise, in radians. Integers and bools compute in the default float
    (float32); floats and complex numbers keep their dtype (C99's branch cuts).
    >>> lt.acos(lt.asarray([1, 1]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("acos", x)


def atan(x: ArrayLike) -> Array:
    """Inverse tangent elementwise, in radians. Integers and bools compute in the default float
    (float32); floats and complex numbers keep their dtype (C99's branch cuts).
    >>> lt.atan(lt.asarray([0, 0]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("atan", x)


def sinh(x: ArrayLike) -> Array:
    """Hyperbolic sine elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.sinh(lt.asarray([0, 0]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("sinh", x)


def cosh(x: ArrayLike) -> Array:
    """Hyperbolic cosine elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.cosh(lt.asarray([0, 0]))
    lazyten.Array([1., 1.], dtype=float32)"""
    return _math("cosh", x)


def asinh(x: ArrayLike) -> Array:
    """Inverse hyperbolic sine elementwise. Integers and bools compute in the default float
    (float32); floats and complex numbers keep their dtype (C99's branch cuts).
    >>> lt.asinh(lt.asarray([0, 0]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("asinh", x)


def acosh(x: ArrayLike) -> Array:
    """Inverse hyperbolic cosine elementwise. Integers and bools compute in the default float
    (float32); floats and complex numbers keep their dtype (C99's branch cuts).
    >>> lt.acosh(lt.asarray([1, 1]))
    lazyten.Array([0., 0.], dtype=float32)"""
    return _math("acosh", x)


def atanh(x: ArrayLike) -> Array:
    """Inverse hyperbolic tangent elementwise. Integers and bools compute in the default float
    (float32); floats and complex numbers keep their dtype (C99's branch cuts).
    >>> lt.atanh(lt.asarray([0.0, 1.0, -1.0]))
    lazyten.Array([  0.,  inf, -inf], dtype=float32)"""
    return _math("atanh", x)


def expm1(x: ArrayLike) -> Array:
    """exp(x) - 1, exact for small x. Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.expm1(lt.asarray([0.0, -lt.inf]))
    lazyten.Array([ 0., -1.], dtype=float32)"""
    return _math("expm1", x)


def log1p(x: ArrayLike) -> Array:
    """log(1 + x), exact for small x. Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.log1p(lt.asarray([0.0, -1.0]))
    lazyten.Array([  0., -inf], dtype=float32)"""
    return _math("log1p", x)


def log2(x: ArrayLike) -> Array:
    """Base-2 logarithm elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.log2(lt.asarray([1, 8]))
    lazyten.Array([0., 3.], dtype=float32)"""
    x = as_array(x)
    return C.log2(x) if x.dtype.kind == "c" else divide(log(x), math.log(2.0))


def log10(x: ArrayLike) -> Array:
    """Base-10 logarithm elementwise. Integers and bools compute in the default float (float32);
    floats keep their dtype.
    >>> lt.log10(lt.asarray([1, 100]))
    lazyten.Array([0., 2.], dtype=float32)"""
    x = as_array(x)
    return C.log10(x) if x.dtype.kind == "c" else divide(log(x), math.log(10.0))


def square(x: ArrayLike) -> Array:
    """x * x elementwise. Keeps the dtype.
    >>> lt.square(lt.asarray([-3, 4], dtype=lt.int8))
    lazyten.Array([ 9, 16], dtype=int8)"""
    return multiply(x, x)


def reciprocal(x: ArrayLike) -> Array:
    """1 / x elementwise. Integers and bools compute in the default float (float32); floats keep
    their dtype.
    >>> lt.reciprocal(lt.asarray([2, 4]))
    lazyten.Array([0.5 , 0.25], dtype=float32)"""
    return divide(1.0, x)


def round(x: ArrayLike) -> Array:
    """Each element rounded to the nearest integer value, halves to even (complex numbers: each
    part). Keeps the dtype.
    >>> lt.round(lt.asarray([0.5, 1.5, 2.5, -1.7]))
    lazyten.Array([ 0.,  2.,  2., -2.], dtype=float32)"""
    x = as_array(x)
    if x.dtype.kind == "c":  # each part rounded, as the standard says
        return C.complex_from(round(C.real(x)), round(C.imag(x)))
    return wrap(apply("round", [x._node()])) if x.dtype.kind == "f" else positive(x)


def sign(x: ArrayLike) -> Array:
    """-1, 0 or 1 by the sign of each element (NaN stays NaN); of complex numbers x / |x|
    (0 at 0). Keeps the dtype.
    >>> lt.sign(lt.asarray([-3, 0, 2]))
    lazyten.Array([-1,  0,  1], dtype=int64)"""
    x = as_array(x)
    if x.dtype.kind == "c":
        return C.sign(x)
    if x.dtype is D.bool_:
        raise DTypeError(f"sign needs a numeric array, got {x._type}")
    return wrap(apply("sign", [x._node()]))


def _bool_like(x: Array, value: bool) -> Array:
    return full(x.shape, value, dtype=D.bool_)


def isnan(x: ArrayLike) -> Array:
    """Whether each element is NaN. Gives bool; integers are never NaN.
    >>> lt.isnan(lt.asarray([1.0, lt.nan]))
    lazyten.Array([False,  True], dtype=bool)"""
    x = as_array(x)
    return wrap(apply("isnan", [x._node()])) if x.dtype.kind in "fc" else _bool_like(x, False)


def isinf(x: ArrayLike) -> Array:
    """Whether each element is +inf or -inf. Gives bool.
    >>> lt.isinf(lt.asarray([1.0, -lt.inf, lt.nan]))
    lazyten.Array([False,  True, False], dtype=bool)"""
    x = as_array(x)
    return wrap(apply("isinf", [x._node()])) if x.dtype.kind in "fc" else _bool_like(x, False)


def isfinite(x: ArrayLike) -> Array:
    """Whether each element is neither infinite nor NaN. Gives bool.
    >>> lt.isfinite(lt.asarray([1.0, lt.inf, lt.nan]))
    lazyten.Array([ True, False, False], dtype=bool)"""
    x = as_array(x)
    return logical_not(logical_or(isnan(x), isinf(x))) if x.dtype.kind in "fc" \
        else _bool_like(x, True)


def bitwise_left_shift(x1: ArrayLike, x2: ArrayLike) -> Array:
    """x1 << x2 elementwise, for integers. As NumPy: a shift by a negative count or by the bit
    width or more gives 0.
    >>> lt.bitwise_left_shift(lt.asarray([1, 3]), 2)
    lazyten.Array([ 4, 12], dtype=int64)"""
    return _shift("shift_left", "bitwise_left_shift (<<)", x1, x2)


def bitwise_right_shift(x1: ArrayLike, x2: ArrayLike) -> Array:
    """x1 >> x2 elementwise (arithmetic), for integers. As NumPy: a shift by a negative count or
    by the bit width or more gives 0 (-1 for negative values).
    >>> lt.bitwise_right_shift(lt.asarray([16, -16]), 2)
    lazyten.Array([ 4, -4], dtype=int64)"""
    return _shift("shift_right", "bitwise_right_shift (>>)", x1, x2)


def _shift(op: str, name: str, x1: Any, x2: Any) -> Array:
    a, b, dt = operands(x1, x2)
    if dt.kind not in "iu":
        raise DTypeError(f"{name} needs integer arrays, got {describe(a)} and {describe(b)}")
    return binary(op, x1, x2)
