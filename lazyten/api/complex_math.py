"""Complex numbers in the namespace: the parts (``real``, ``imag``), the conjugate, and the
functions of complex arrays computed from real ops on their parts (``abs``, ``sign``, ``exp``,
``log``, ``sqrt``, the trigonometric and hyperbolic functions, ``expm1``, ``log1p``, ``log2``,
``log10``). ``elementwise`` sends complex operands here; ``complex_inverse`` holds the inverse
functions."""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, binary, cast, wrap
from ..array import unary_float as _f  # a real function of a part, by its op name
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


def isinf_part(v: Array) -> Array:
    """Where a real array (a part) is infinite."""
    return wrap(apply("isinf", [v._node()]))


def sign(x: Array) -> Array:
    """x / |x| of a complex array, 0 where x is 0; as NumPy, ±1 or ±1j where exactly one part
    is infinite (the other part may be NaN), NaN where both are."""
    m = modulus(x)
    zero = binary("eq", m, 0.0)
    safe = wrap(apply("where", [zero._node(), _scalar(1.0, m)._node(), m._node()]))
    re, im = binary("div", real(x), safe), binary("div", imag(x), safe)
    z = _scalar(0.0, m)._node()
    re = wrap(apply("where", [zero._node(), z, re._node()]))
    im = wrap(apply("where", [zero._node(), z, im._node()]))
    re_inf, im_inf = isinf_part(real(x)), isinf_part(imag(x))
    only_re = binary("bitwise_and", re_inf, wrap(apply("logical_not", [im_inf._node()])))
    only_im = binary("bitwise_and", im_inf, wrap(apply("logical_not", [re_inf._node()])))
    unit_re = wrap(apply("sign", [real(x)._node()]))
    unit_im = wrap(apply("sign", [imag(x)._node()]))
    return complex_from(select(only_re, unit_re, select(only_im, 0.0, re)),
                        select(only_re, 0.0, select(only_im, unit_im, im)))


def select(cond: Array, a: Array | float, b: Array | float, like: Array | None = None
           ) -> Array:
    """``a`` where ``cond``, else ``b``: a float takes the dtype of ``like`` (by default of
    the other operand, an array). The where of every part-wise formula here and in
    ``complex_inverse``."""
    ref = like if like is not None else b if isinstance(b, Array) else a
    a, b = (v._node() if isinstance(v, Array) else scalar_node(v, ref.dtype) for v in (a, b))
    return wrap(apply("where", [cond._node(), a, b]))


def _nonfinite(v: Array) -> Array:
    """inf or NaN: v - v is not 0."""
    return wrap(apply("logical_not", [binary("eq", binary("sub", v, v), 0.0)._node()]))


def exp(x: Array) -> Array:
    """e**x of a complex array: exp(re) * (cos(im) + sin(im) * 1j), with the standard's special
    cases: a zero imaginary part stays zero (exp(nan + 0j) is nan + 0j), and an infinite or NaN
    imaginary part gives 0 + 0j when re is -inf, inf + nan j when re is +inf."""
    re, im = real(x), imag(x)
    m = _f("exp", re)
    out_re = binary("mul", m, _f("cos", im))
    out_im = select(binary("eq", im, 0.0), im, binary("mul", m, _f("sin", im)))
    wild = _nonfinite(im)
    low = binary("bitwise_and", binary("eq", re, -np.inf), wild)
    high = binary("bitwise_and", binary("eq", re, np.inf), wild)
    out_re = select(low, 0.0, select(high, np.inf, out_re))
    out_im = select(low, 0.0, select(high, np.nan, out_im))
    return complex_from(out_re, out_im)


def log(x: Array) -> Array:
    """The principal natural logarithm of a complex array: log|x| + atan2(im, re) * 1j."""
    return complex_from(log_modulus(x), binary("atan2", imag(x), real(x)))


def log_modulus(x: Array) -> Array:
    """log|x|, finite where |x| is past the largest float but its parts are not (NumPy's
    log(-3e38+3e38j) in complex64 is 88.94+2.36j): a part past half the largest float halves
    both parts first (exact: a power of 2) and adds log 2 back."""
    re, im = real(x), imag(x)
    big = binary("ge", _larger_part(re, im), float(np.finfo(re.dtype.np).max) / 2)
    half = select(big, 0.5, 1.0, like=re)
    m = modulus(complex_from(binary("mul", re, half), binary("mul", im, half)))
    return binary("add", _f("log", m), select(big, float(np.log(2.0)), 0.0, like=re))


def _larger_part(re: Array, im: Array) -> Array:
    """max(|re|, |im|): the size that decides whether a formula must scale the parts first."""
    return binary("maximum", wrap(apply("abs", [re._node()])), wrap(apply("abs", [im._node()])))


def sqrt(x: Array) -> Array:
    """The principal square root of a complex array (a non-negative real part), by
    t = sqrt((|re| + |x|) / 2): (t, im / 2t) where re >= 0, else (|im| / 2t, t with im's
    sign); 0 at 0, inf ± inf j at an infinite imaginary part. Parts past a quarter of the
    largest float are scaled by 1/4 first (the root by 2), so that |re| + |x| cannot overflow,
    and two tiny parts by 2**(2m) (the root by 2**-m, m = mantissa bits + 1), so that
    subnormal inputs keep their precision: every scale a power of 2, exact."""
    re0, im0 = real(x), imag(x)
    info = np.finfo(re0.dtype.np)
    m = info.nmant + 1
    top, low = float(info.max) / 4, float(info.smallest_normal) * 2.0 ** m
    size = _larger_part(re0, im0)
    big, small = binary("ge", size, top), binary("lt", size, low)
    scale = select(big, 0.25, select(small, 2.0 ** (2 * m), _scalar(1.0, re0)))
    back = select(big, 2.0, select(small, 2.0 ** -m, _scalar(1.0, re0)))
    re, im = binary("mul", re0, scale), binary("mul", im0, scale)
    t = _f("sqrt", binary("mul", binary("add", wrap(apply("abs", [re._node()])),
                                                 modulus(complex_from(re, im))), 0.5))
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
    out_im = wrap(apply("where", [zero._node(), im._node(), out_im._node()]))
    out_re, out_im = binary("mul", out_re, back), binary("mul", out_im, back)
    wild = isinf_part(im0)  # C99: sqrt(x ± inf j) is inf ± inf j for every x, NaN included
    return complex_from(select(wild, np.inf, out_re), select(wild, im0, out_im))


def _hyperbolic(x: Array, even: bool) -> Array:
    """cosh (``even``) or sinh of a complex array: f(re) cos(im) + g(re) sin(im) * 1j, with
    (f, g) = (cosh, sinh) or (sinh, cosh), and the standard's special cases where a zero or an
    infinity meets a non-finite factor: a zero imaginary part stays zero, sinh's parts that are
    sinh(0) times anything are that zero, and an infinite real part with a non-finite imaginary
    one gives a real part of inf (cosh) or re (sinh) and a NaN imaginary part."""
    re, im = real(x), imag(x)
    f, g = ("cosh", "sinh") if even else ("sinh", "cosh")
    out_re = binary("mul", _f(f, re), _f("cos", im))
    out_im = binary("mul", _f(g, re), _f("sin", im))
    zero_re = binary("eq", re, 0.0)
    if even:
        out_im = select(zero_re, re, out_im)
    else:
        out_re = select(zero_re, re, out_re)
    wild = binary("bitwise_and", binary("eq", wrap(apply("abs", [re._node()])), np.inf),
                  _nonfinite(im))
    out_re = select(wild, np.inf if even else re, out_re)
    return complex_from(out_re, select(binary("eq", im, 0.0), im, out_im))


def sinh(x: Array) -> Array:
    """sinh(re) cos(im) + cosh(re) sin(im) * 1j (special cases as ``_hyperbolic`` says)."""
    return _hyperbolic(x, even=False)


def cosh(x: Array) -> Array:
    """cosh(re) cos(im) + sinh(re) sin(im) * 1j (special cases as ``_hyperbolic`` says)."""
    return _hyperbolic(x, even=True)


def _times_i(x: Array) -> Array:
    """x * 1j: (-im, re)."""
    return complex_from(wrap(apply("neg", [imag(x)._node()])), real(x))


def _times_minus_i(x: Array) -> Array:
    """x * -1j: (im, -re)."""
    return complex_from(imag(x), wrap(apply("neg", [real(x)._node()])))


def sin(x: Array) -> Array:
    """sin(x) = -i sinh(i x)."""
    return _times_minus_i(sinh(_times_i(x)))


def cos(x: Array) -> Array:
    """cos(x) = cosh(i x)."""
    return cosh(_times_i(x))


def tanh(x: Array) -> Array:
    """Kahan's formula, which neither overflows nor cancels: with t = tan(im), b = 1 + t**2,
    s = sinh(re), r = sqrt(1 + s**2): (b r s + t * 1j) / (1 + b s**2); past |re| = 22 (where
    tanh(re) is +-1 in float64) sign(re) + 4 sin(im) cos(im) exp(-2 |re|) * 1j."""
    re, im = real(x), imag(x)
    t, s = _f("tan", im), _f("sinh", re)
    b = binary("add", binary("mul", t, t), 1.0)
    ss = binary("mul", s, s)
    r = _f("sqrt", binary("add", ss, 1.0))
    d = binary("add", binary("mul", b, ss), 1.0)
    near_re = binary("div", binary("mul", binary("mul", b, r), s), d)
    near_im = binary("div", t, d)
    big = binary("gt", wrap(apply("abs", [re._node()])), 22.0)
    far_im = binary("mul", binary("mul", binary("mul", _f("sin", im), _f("cos", im)), 4.0),
                    _f("exp", binary("mul", wrap(apply("abs", [re._node()])), -2.0)))
    out_re = select(big, wrap(apply("sign", [re._node()])), near_re)
    out_im = select(big, far_im, near_im)
    # the standard's special cases: an infinite or NaN imaginary part gives NaN parts, except
    # that a zero real part stays and an infinite one gives sign(re) + 0j; an infinite real
    # part gives a zero imaginary part of im's sign; a zero imaginary part stays
    wild, inf_re = _nonfinite(im), binary("eq", wrap(apply("abs", [re._node()])), np.inf)
    out_re = select(wild, select(binary("eq", re, 0.0), re, select(inf_re, out_re,
                                                                      _nan_like(re))), out_re)
    out_im = select(wild, select(inf_re, 0.0, _nan_like(re)),
                     select(inf_re, binary("mul", wrap(apply("sign", [im._node()])), 0.0),
                             out_im))
    return complex_from(out_re, select(binary("eq", im, 0.0), im, out_im))


def _nan_like(v: Array) -> Array:
    return _scalar(np.nan, v)


def tan(x: Array) -> Array:
    """tan(x) = -i tanh(i x)."""
    return _times_minus_i(tanh(_times_i(x)))


def expm1(x: Array) -> Array:
    """exp(x) - 1 without cancellation near 0: expm1(re) cos(im) - 2 sin(im / 2)**2 for the real
    part, exp(re) sin(im) for the imaginary one."""
    re, im = real(x), imag(x)
    h = _f("sin", binary("mul", im, 0.5))
    out_re = binary("sub", binary("mul", _f("expm1", re), _f("cos", im)),
                    binary("mul", binary("mul", h, h), 2.0))
    out_im = select(binary("eq", im, 0.0), im, binary("mul", _f("exp", re), _f("sin", im)))
    # the standard's special cases: -1 + 0j at re = -inf, inf + nan j at re = +inf with a
    # non-finite imaginary part, +0 + 0j at 0
    low, wild = binary("eq", re, -np.inf), _nonfinite(im)
    high = binary("bitwise_and", binary("eq", re, np.inf), wild)
    out_re = select(low, -1.0, select(high, np.inf, out_re))
    out_im = select(low, 0.0, out_im)
    zero = binary("bitwise_and", binary("eq", re, 0.0), binary("eq", im, 0.0))
    return complex_from(select(zero, 0.0, out_re), out_im)


def log1p(x: Array) -> Array:
    """log(1 + x) without cancellation near 0: 0.5 log1p(re (2 + re) + im**2) for the real part
    where both parts are below 0.5 in magnitude (else log|1 + x|), atan2(im, 1 + re)."""
    re, im = real(x), imag(x)
    one_re = binary("add", re, 1.0)
    small = binary("bitwise_and", binary("lt", wrap(apply("abs", [re._node()])), 0.5),
                   binary("lt", wrap(apply("abs", [im._node()])), 0.5))
    near = binary("mul", _f("log1p", binary("add", binary("mul", re, binary("add", re, 2.0)),
                                            binary("mul", im, im))), 0.5)
    far = _f("log", modulus(complex_from(one_re, im)))  # past the largest float: inf, as NumPy
    return complex_from(select(small, near, far), binary("atan2", im, one_re))


def _log_times(x: Array, factor: float) -> Array:
    """log(x) * factor part by part, as NumPy's log2 and log10: a complex product or quotient
    would turn log(0) = -inf + 0j into -inf + NaN j."""
    z = log(x)
    return complex_from(binary("mul", real(z), factor), binary("mul", imag(z), factor))


def log2(x: Array) -> Array:
    return _log_times(x, 1 / np.log(2.0))


def log10(x: Array) -> Array:
    return _log_times(x, 1 / np.log(10.0))


FUNCTIONS = {"exp": exp, "log": log, "sqrt": sqrt, "sin": sin, "cos": cos, "tan": tan,
             "sinh": sinh, "cosh": cosh, "tanh": tanh, "expm1": expm1, "log1p": log1p,
             "log2": log2, "log10": log10}


def power(a: Array, b: Node) -> Array:
    """a ** b of complex arrays: exp(b * log(a))."""
    return exp(binary("mul", wrap(b), log(a)))


def to_complex(x: Array) -> Array:
    """A real array as the complex dtype of its precision (float64 gives complex128, other
    dtypes complex64)."""
    return wrap(cast(x._node(), D.COMPLEX_OF.get(x.dtype, D.DEFAULT_COMPLEX)))
