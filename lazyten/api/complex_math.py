"""Complex numbers in the namespace: the parts (``real``, ``imag``), the conjugate, and the
functions of complex arrays computed from real ops on their parts (``abs``, ``sign``, ``exp``,
``log``, ``sqrt``). ``elementwise`` sends complex operands here."""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, binary, cast, unary_float, wrap
from ..errors import DTypeError
from ..ir import Node
from ..lazy import apply, scalar_node
from .creation import zeros_like


def real(x: ArrayLike) -> Array:
    """The real part: of a complex array a real array of its precision (complex64 gives
    float32); of a real array, the values themselves.

    >>> lt.real(lt.asarray([1.5 + 2j, -1j]))
    lazyten.Array([ 1.5, -0. ], dtype=float32)
    """
    x = as_array(x)
    return wrap(apply("real", [x._node()]) if x.dtype.kind == "c" else x._node())


def imag(x: ArrayLike) -> Array:
    """The imaginary part: of a complex array a real array of its precision; of a real array,
    zeros of its dtype.

    >>> lt.imag(lt.asarray([1.5 + 2j, -1j]))
    lazyten.Array([ 2., -1.], dtype=float32)
    """
    x = as_array(x)
    return wrap(apply("imag", [x._node()])) if x.dtype.kind == "c" else zeros_like(x)


def conj(x: ArrayLike) -> Array:
    """The complex conjugate (the imaginary part negated); a real array's values themselves.
    Keeps the dtype.

    >>> lt.conj(lt.asarray([1.5 + 2j, -1j]))
    lazyten.Array([ 1.5-2.j, -0. +1.j], dtype=complex64)
    """
    x = as_array(x)
    return wrap(apply("conj", [x._node()]) if x.dtype.kind == "c" else x._node())


def refuse(x: Array, name: str) -> None:
    """Raise for a complex ``x``: ``name`` is defined for real numbers only."""
    if x.dtype.kind == "c":
        raise DTypeError(f"{name} is not defined for complex numbers, got {x._type}")


def complex_from(re: Array, im: Array) -> Array:
    """The complex array ``re + im * 1j`` from two real float arrays of one dtype, broadcast."""
    shape = np.broadcast_shapes(re.shape, im.shape)
    nodes = [p._node() if p.shape == shape else apply("expand", [p._node()], shape=shape)
             for p in (re, im)]
    return wrap(apply("make_complex", nodes))


def _scalar(value: float, like: Array) -> Array:
    return wrap(scalar_node(value, like.dtype))


def modulus(x: Array) -> Array:
    """|x| of a complex array: the hypot of its parts, a real array of its precision."""
    return wrap(apply("complex_abs", [x._node()]))


def sign(x: Array) -> Array:
    """x / |x| of a complex array, 0 where x is 0."""
    m = modulus(x)
    zero = binary("eq", m, 0.0)
    safe = wrap(apply("where", [zero._node(), _scalar(1.0, m)._node(), m._node()]))
    re, im = binary("div", real(x), safe), binary("div", imag(x), safe)
    z = _scalar(0.0, m)._node()
    return complex_from(wrap(apply("where", [zero._node(), z, re._node()])),
                        wrap(apply("where", [zero._node(), z, im._node()])))


def _select(cond: Array, a: Array | float, b: Array) -> Array:
    first = a._node() if isinstance(a, Array) else _scalar(a, b)._node()
    return wrap(apply("where", [cond._node(), first, b._node()]))


def exp(x: Array) -> Array:
    """e**x of a complex array: exp(re) * (cos(im) + sin(im) * 1j), with the standard's special
    cases: a zero imaginary part stays zero (exp(nan + 0j) is nan + 0j), and an infinite or NaN
    imaginary part gives 0 + 0j when re is -inf, inf + nan j when re is +inf."""
    re, im = real(x), imag(x)
    m = unary_float("exp", re)
    out_re = binary("mul", m, unary_float("cos", im))
    out_im = _select(binary("eq", im, 0.0), im, binary("mul", m, unary_float("sin", im)))
    wild = wrap(apply("logical_not", [binary("eq", binary("sub", im, im), 0.0)._node()]))
    low = binary("bitwise_and", binary("eq", re, -np.inf), wild)
    high = binary("bitwise_and", binary("eq", re, np.inf), wild)
    out_re = _select(low, 0.0, _select(high, np.inf, out_re))
    out_im = _select(low, 0.0, _select(high, np.nan, out_im))
    return complex_from(out_re, out_im)


def log(x: Array) -> Array:
    """The principal natural logarithm of a complex array: log|x| + atan2(im, re) * 1j."""
    return complex_from(unary_float("log", modulus(x)), binary("atan2", imag(x), real(x)))


def sqrt(x: Array) -> Array:
    """The principal square root of a complex array (a non-negative real part), by
    t = sqrt((|re| + |x|) / 2): (t, im / 2t) where re >= 0, else (|im| / 2t, t with im's
    sign); 0 at 0."""
    re, im = real(x), imag(x)
    t = unary_float("sqrt", binary("mul", binary("add", wrap(apply("abs", [re._node()])),
                                                 modulus(x)), 0.5))
    zero = binary("eq", t, 0.0)
    twice = binary("mul", wrap(apply("where", [zero._node(), _scalar(1.0, t)._node(),
                                               t._node()])), 2.0)
    other = binary("div", im, twice)
    up = binary("ge", re, 0.0)
    negative_im = wrap(apply("signbit", [im._node()]))
    signed_t = wrap(apply("where", [negative_im._node(), apply("neg", [t._node()]),
                                    t._node()]))
    out_re = wrap(apply("where", [up._node(), t._node(),
                                  apply("abs", [other._node()])]))
    out_im = wrap(apply("where", [up._node(), other._node(), signed_t._node()]))
    return complex_from(out_re, wrap(apply("where", [zero._node(), im._node(),
                                                     out_im._node()])))


def power(a: Array, b: Node) -> Array:
    """a ** b of complex arrays: exp(b * log(a))."""
    return exp(binary("mul", wrap(b), log(a)))


def to_complex(x: Array) -> Array:
    """A real array as the complex dtype of its precision (float64 gives complex128, other
    dtypes complex64)."""
    return wrap(cast(x._node(), D.COMPLEX_OF.get(x.dtype, D.DEFAULT_COMPLEX)))
