"""The inverse trigonometric and hyperbolic functions of complex arrays, from real ops on the
parts. Two cores work on the magnitudes of the parts (the first quadrant): one for ``asin`` and
``acos`` (Hull, Fairgrieve and Tang 1997, as glibc's ``casin``/``cacos``), one for ``atanh``
(Kahan's formula, as glibc's ``catanh``); the quadrant comes back by the signs of the parts,
signed zeros included, so the branch cuts follow C99. ``asinh(z) = -i asin(iz)``,
``atan(z) = -i atanh(iz)`` and ``acosh(z) = +-i acos(z)`` (the sign that makes the real part
non-negative) reuse them. Neither core squares a part that could overflow or underflow: past
|part| = 1/eps both use the asymptotic forms, exact there to rounding."""
from __future__ import annotations

import math

import numpy as np

from ..array import Array, binary, wrap
from ..array import unary_float as _f  # a real function of a part, by its op name
from ..lazy import apply
from .complex_math import complex_from, imag, isinf_part, modulus, real, select

Operand = Array | float


def _add(a: Operand, b: Operand) -> Array:
    return binary("add", a, b)


def _sub(a: Operand, b: Operand) -> Array:
    return binary("sub", a, b)


def _mul(a: Operand, b: Operand) -> Array:
    return binary("mul", a, b)


def _div(a: Operand, b: Operand) -> Array:
    return binary("div", a, b)


def _abs(v: Array) -> Array:
    return wrap(apply("abs", [v._node()]))


def _or(a: Array, b: Array) -> Array:
    return binary("bitwise_or", a, b)


def _isnan(v: Array) -> Array:
    return wrap(apply("isnan", [v._node()]))


def _hypot(a: Array, b: Array) -> Array:
    """sqrt(a**2 + b**2) without overflow (the modulus of a + bi; inf where a part is)."""
    return modulus(complex_from(a, b))


def _copysign(mag: Array, sign: Array) -> Array:
    """|mag| with the sign of ``sign`` (by a multiply, so signed zeros survive)."""
    negative = wrap(apply("signbit", [sign._node()]))
    return _mul(_abs(mag), select(negative, -1.0, 1.0, mag))


def _huge(x: Array, y: Array) -> Array:
    """Where a part is past 1/eps (or infinite): where the asymptotic forms are exact."""
    big = 1.0 / float(np.finfo(x.dtype.np).eps)
    return _or(binary("gt", x, big), binary("gt", y, big))


def _arcsine(x: Array, y: Array) -> tuple[Array, Array, Array]:
    """(s, c, v) with asin(x + iy) = s + vi and acos(x + iy) = c - vi, for parts x, y >= 0
    (or NaN). Hull et al.: with r = |z + 1|, s = |z - 1|, A = (r + s) / 2 (A >= 1), the real
    parts are atan2(x, t) and atan2(t, x) where t = sqrt(A**2 - x**2), formed from sums of
    positive terms; v = log1p(A - 1 + sqrt((A - 1)(A + 1))) with A - 1 formed the same way,
    y**2 factored out of it for x < 1 (so a tiny y neither underflows nor cancels), or
    log(A + sqrt(A**2 - 1)) where A > 1.5. Past 1/eps: atan2(x, y), atan2(y, x) and
    log(2|z|)."""
    xp1, xm1 = _add(x, 1.0), _sub(x, 1.0)
    r, s = _hypot(xp1, y), _hypot(xm1, y)
    a = _mul(_add(r, s), 0.5)
    rx1 = _add(r, xp1)
    below = binary("le", x, 1.0)
    # t = sqrt(A**2 - x**2) = sqrt((A + x)(A - x)): A - x = ((y**2 / rx1) + s + 1 - x) / 2 for
    # x <= 1; A**2 - x**2 = y**2 (A + x) (1 / rx1 + 1 / (s + x - 1)) / 2 above
    t_low = _f("sqrt", _mul(_mul(_add(a, x), 0.5), _add(_div(_mul(y, y), rx1), _sub(s, xm1))))
    apx = _add(a, x)
    t_high = _mul(y, _f("sqrt", _mul(_add(_div(apx, rx1), _div(apx, _add(s, xm1))), 0.5)))
    t = select(below, t_low, t_high, x)
    sin_re, cos_re = binary("atan2", x, t), binary("atan2", t, x)
    # A - 1 = y**2 k with k = (1 / rx1 + 1 / (s + 1 - x)) / 2 for x < 1, else
    # (y**2 / rx1 + s + x - 1) / 2
    k = _mul(_add(_div(1.0, rx1), _div(1.0, _sub(s, xm1))), 0.5)
    v_low = _f("log1p", _add(_mul(y, _mul(y, k)), _mul(y, _f("sqrt", _mul(k, _add(a, 1.0))))))
    twice = _add(_div(_mul(y, y), rx1), _add(s, xm1))  # halved last: s may be subnormal
    v_high = _f("log1p", _add(_mul(twice, 0.5), _f("sqrt", _mul(_mul(twice, _add(a, 1.0)),
                                                                 0.5))))
    v_far = _f("log", _add(a, _f("sqrt", _mul(_sub(a, 1.0), _add(a, 1.0)))))
    v = select(binary("le", a, 1.5), select(binary("lt", x, 1.0), v_low, v_high, x), v_far, x)
    huge = _huge(x, y)
    far_v = _add(_f("log", _hypot(_mul(x, 0.5), _mul(y, 0.5))), 2.0 * math.log(2.0))
    sin_re = select(huge, binary("atan2", x, y), sin_re, x)
    cos_re = select(huge, binary("atan2", y, x), cos_re, x)
    v = select(huge, far_v, v, x)
    # C99's special values: NaN in NaN out, except that an infinite part makes v infinite and
    # a zero x gives the real parts of asin(0 + iy) and acos(0 + iy), 0 and pi/2, for any y
    nan, inf = _or(_isnan(x), _isnan(y)), _or(isinf_part(x), isinf_part(y))
    v = select(inf, np.inf, select(nan, np.nan, v, x), x)
    zero = binary("eq", x, 0.0)
    sin_re = select(zero, 0.0, select(nan, np.nan, sin_re, x), x)
    cos_re = select(zero, math.pi / 2, select(nan, np.nan, cos_re, x), x)
    return sin_re, cos_re, v


def _arctanh(x: Array, y: Array) -> tuple[Array, Array]:
    """atanh(x + iy) for parts x, y >= 0 (or NaN). Kahan: log1p(4x / ((1 - x)**2 + y**2)) / 4
    and atan2(2y, (1 - x)(1 + x) - y**2) / 2; at x = 1 with y below sqrt(eps) (where y**2
    would underflow) (log 2 - log y) / 2; past 1/eps x / |z|**2 and pi/2."""
    eps = float(np.finfo(x.dtype.np).eps)
    yy = _mul(y, y)
    one_minus = _sub(1.0, x)
    re = _mul(_f("log1p", _div(_mul(x, 4.0), _add(_mul(one_minus, one_minus), yy))), 0.25)
    edge = binary("bitwise_and", binary("eq", x, 1.0), binary("lt", y, math.sqrt(eps)))
    re = select(edge, _mul(_sub(math.log(2.0), _f("log", y)), 0.5), re, x)
    im = _mul(binary("atan2", _mul(y, 2.0), _sub(_mul(one_minus, _add(x, 1.0)), yy)), 0.5)
    huge = _huge(x, y)
    h = _hypot(_mul(x, 0.5), _mul(y, 0.5))
    re = select(huge, _mul(_div(_div(_mul(x, 0.5), h), h), 0.5), re, x)
    im = select(huge, math.pi / 2, im, x)
    # C99's special values: an infinite part gives a zero real part (whatever the other), as
    # does x = 0 (atanh(iy) = i atan(y)); a NaN y, or a NaN x with a finite y, gives a NaN
    # imaginary part
    inf = _or(isinf_part(x), isinf_part(y))
    re = select(_or(inf, binary("eq", x, 0.0)), 0.0, re, x)
    lost = _or(_isnan(y), binary("bitwise_and", _isnan(x), wrap(apply("logical_not", [
        isinf_part(y)._node()]))))
    im = select(lost, np.nan, im, x)
    return re, im


def _magnitudes(z: Array) -> tuple[Array, Array, Array, Array]:
    re, im = real(z), imag(z)
    return re, im, _abs(re), _abs(im)


def asin(z: Array) -> Array:
    """asin(a + bi): the first-quadrant value with the signs of a and b."""
    a, b, x, y = _magnitudes(z)
    s, _, v = _arcsine(x, y)
    return complex_from(_copysign(s, a), _copysign(v, b))


def acos(z: Array) -> Array:
    """acos(a + bi): pi minus the first-quadrant real part where a < 0; the imaginary part
    with the sign opposite to b's."""
    a, b, x, y = _magnitudes(z)
    _, c, v = _arcsine(x, y)
    c = select(binary("lt", a, 0.0), _sub(math.pi, c), c, c)
    return complex_from(c, wrap(apply("neg", [_copysign(v, b)._node()])))


def acosh(z: Array) -> Array:
    """acosh(z) = +-i acos(z), the sign making the real part non-negative: the real part is
    acos's imaginary magnitude, the imaginary part acos's real part with b's sign."""
    a, b, x, y = _magnitudes(z)
    _, c, v = _arcsine(x, y)
    c = select(binary("lt", a, 0.0), _sub(math.pi, c), c, c)
    return complex_from(_abs(v), _copysign(c, b))


def asinh(z: Array) -> Array:
    """asinh(a + bi) = -i asin(-b + ai)."""
    a, b, x, y = _magnitudes(z)
    s, _, v = _arcsine(y, x)
    return complex_from(_copysign(v, a), _copysign(s, b))


def atanh(z: Array) -> Array:
    """atanh(a + bi): the first-quadrant value with the signs of a and b."""
    a, b, x, y = _magnitudes(z)
    p, q = _arctanh(x, y)
    return complex_from(_copysign(p, a), _copysign(q, b))


def atan(z: Array) -> Array:
    """atan(a + bi) = -i atanh(-b + ai)."""
    a, b, x, y = _magnitudes(z)
    p, q = _arctanh(y, x)
    return complex_from(_copysign(q, a), _copysign(p, b))


FUNCTIONS = {"asin": asin, "acos": acos, "atan": atan, "asinh": asinh, "acosh": acosh,
             "atanh": atanh}
