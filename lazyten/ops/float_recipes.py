"""Float formulas written in ONNX ops that have kernels for every float dtype (float16 runs
them in float32): accurate log1p/expm1, the float64 trigonometric and hyperbolic functions
onnxruntime lacks, signbit, atan2, and NumPy's floor division and remainder. Each takes the
emitter, its operand names and the dtype they compute in, and returns the result's name.

Signed zeros and NaN come out as NumPy gives them; two onnxruntime habits shape the code:
``Where`` turns a -0.0 picked from its first branch into +0.0 (so a value that must keep its
sign rides in the second branch, or is multiplied by +-1), and its optimizer rewrites
``Where(Not(c), a, b)`` into ``Where(c, b, a)`` (so neither rule may depend on the spelling).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from .lowering import scalar
from .table import Emitter


def _c(em: Emitter, v: float, dt: DType) -> str:
    return scalar(em, v, dt)


def keep_zero(em: Emitter, x: str, y: str, dt: DType) -> str:
    """``y`` where x is non-zero and not NaN, else x itself (keeps -0.0 and NaN exact)."""
    return em.op("Where", em.op("Greater", em.op("Abs", x), _c(em, 0.0, dt)), y, x)


def with_sign_of(em: Emitter, x: str, mag: str, dt: DType) -> str:
    """``mag`` with the sign of x (a multiply by +-1, so signed zeros survive)."""
    sgn = em.op("Where", em.op("Less", x, _c(em, 0.0, dt)), _c(em, -1.0, dt), _c(em, 1.0, dt))
    return em.op("Mul", mag, sgn)


def log1p(em: Emitter, x: str, dt: DType) -> str:
    """Kahan's log1p: log(u) * x / (u - 1) with u = 1 + x, exact where u == 1; x < -1 gives
    NaN and -1 gives -inf through Log itself."""
    u = em.op("Add", x, _c(em, 1.0, dt))
    um1 = em.op("Sub", u, _c(em, 1.0, dt))
    safe = em.op("Where", em.op("Equal", um1, _c(em, 0.0, dt)), _c(em, 1.0, dt), um1)
    y = em.op("Mul", em.op("Log", u), em.op("Div", x, safe))
    y = em.op("Where", em.op("Equal", u, _c(em, np.inf, dt)), u, y)
    return em.op("Where", em.op("Greater", em.op("Abs", um1), _c(em, 0.0, dt)), y, x)


def expm1(em: Emitter, x: str, dt: DType) -> str:
    """exp(x) - 1, with Kahan's correction (u - 1) * x / log(u), u = exp(x), where |x| < 1 and
    cancellation would lose digits; elsewhere u - 1 is accurate (and the correction is not,
    where u is subnormal)."""
    u = em.op("Exp", x)
    um1 = em.op("Sub", u, _c(em, 1.0, dt))
    lu = em.op("Log", u)
    is_one = em.op("Equal", lu, _c(em, 0.0, dt))
    safe = em.op("Where", is_one, _c(em, 1.0, dt), lu)
    kahan = em.op("Where", is_one, x, em.op("Div", em.op("Mul", um1, x), safe))
    y = em.op("Where", em.op("Less", em.op("Abs", x), _c(em, 1.0, dt)), kahan, um1)
    return keep_zero(em, x, y, dt)


def atan(em: Emitter, x: str, dt: DType) -> str:
    """float64 atan: |x| > 1 reduced to pi/2 - atan(1/|x|), then a float32 start refined by
    two Newton steps on tan(y) = t in float64 (one leaves about 1e-14 of the start's error)."""
    a = em.op("Abs", x)
    one = _c(em, 1.0, dt)
    inverted = em.op("Greater", a, one)
    t = em.op("Where", inverted, em.op("Div", one, a), a)
    y = em.cast(em.op("Atan", em.cast(t, D.float32)), dt)
    for _ in range(2):
        s, c = em.op("Sin", y), em.op("Cos", y)
        y = em.op("Sub", y, em.op("Sub", em.op("Mul", s, c), em.op("Mul", t, em.op("Mul", c, c))))
    r = em.op("Where", inverted, em.op("Sub", _c(em, np.pi / 2, dt), y), y)
    return keep_zero(em, x, with_sign_of(em, x, r, dt), dt)


def asin(em: Emitter, x: str, dt: DType) -> str:
    one = _c(em, 1.0, dt)
    root = em.op("Sqrt", em.op("Sub", one, em.op("Mul", x, x)))
    return em.op("Mul", _c(em, 2.0, dt), atan(em, em.op("Div", x, em.op("Add", one, root)), dt))


def acos(em: Emitter, x: str, dt: DType) -> str:
    one = _c(em, 1.0, dt)
    t = em.op("Sqrt", em.op("Div", em.op("Sub", one, x), em.op("Add", one, x)))
    return em.op("Mul", _c(em, 2.0, dt), atan(em, t, dt))


def tan(em: Emitter, x: str, dt: DType) -> str:
    return em.op("Div", em.op("Sin", x), em.op("Cos", x))


# Beyond this, e**-|x| is below float64's rounding next to e**|x|
_HYPERBOLIC_FAR = 20.0


def _half_exp_squared(em: Emitter, a: str, dt: DType) -> str:
    """e**a / 2 as (e**(a/2) / 2) * e**(a/2): finite wherever the result is (e**710 is not)."""
    h = em.op("Exp", em.op("Mul", a, _c(em, 0.5, dt)))
    return em.op("Mul", em.op("Mul", h, _c(em, 0.5, dt)), h)


def sinh(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    e = expm1(em, a, dt)
    near = em.op("Mul", _c(em, 0.5, dt), em.op("Add", e, em.op("Div", e, em.op("Add", e, _c(em, 1.0, dt)))))
    far = em.op("Greater", a, _c(em, _HYPERBOLIC_FAR, dt))
    r = em.op("Where", far, _half_exp_squared(em, a, dt), near)
    return keep_zero(em, x, with_sign_of(em, x, r, dt), dt)


def cosh(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    e = em.op("Exp", a)
    near = em.op("Mul", _c(em, 0.5, dt), em.op("Add", e, em.op("Div", _c(em, 1.0, dt), e)))
    far = em.op("Greater", a, _c(em, _HYPERBOLIC_FAR, dt))
    return em.op("Where", far, _half_exp_squared(em, a, dt), near)


def asinh(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    one = _c(em, 1.0, dt)
    a2 = em.op("Mul", a, a)
    root = em.op("Add", one, em.op("Sqrt", em.op("Add", one, a2)))
    near = log1p(em, em.op("Add", a, em.op("Div", a2, root)), dt)
    far = em.op("Add", em.op("Log", a), _c(em, np.log(2.0), dt))
    r = em.op("Where", em.op("Greater", a, _c(em, 1e8, dt)), far, near)
    return keep_zero(em, x, with_sign_of(em, x, r, dt), dt)


def acosh(em: Emitter, x: str, dt: DType) -> str:
    t = em.op("Sub", x, _c(em, 1.0, dt))
    near = log1p(em, em.op("Add", t, em.op("Sqrt", em.op("Add", em.op("Mul", _c(em, 2.0, dt), t),
                                                              em.op("Mul", t, t)))), dt)
    far = em.op("Add", em.op("Log", x), _c(em, np.log(2.0), dt))
    r = em.op("Where", em.op("Greater", x, _c(em, 1e8, dt)), far, near)
    return em.op("Where", em.op("Less", x, _c(em, 1.0, dt)), _c(em, np.nan, dt), r)


def atanh(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    t = em.op("Div", em.op("Mul", _c(em, 2.0, dt), a), em.op("Sub", _c(em, 1.0, dt), a))
    r = em.op("Mul", _c(em, 0.5, dt), log1p(em, t, dt))
    return keep_zero(em, x, with_sign_of(em, x, r, dt), dt)


def signbit(em: Emitter, x: str, dt: DType) -> str:
    """x < 0, or x is -0.0 (seen through 1/x); a NaN's sign bit is not observable in ONNX."""
    zero = _c(em, 0.0, dt)
    negzero = em.op("And", em.op("Equal", x, zero),
                    em.op("Less", em.op("Div", _c(em, 1.0, dt), x), zero))
    return em.op("Or", em.op("Less", x, zero), negzero)


def atan2(em: Emitter, y: str, x: str, dt: DType) -> str:
    """The angle of (x, y) with IEEE's special cases for zeros and infinities."""
    ay, ax = em.op("Abs", y), em.op("Abs", x)
    q = em.op("Div", ay, ax)
    base = atan(em, q, dt) if dt is D.float64 else em.op("Atan", q)
    zero = _c(em, 0.0, dt)
    both0 = em.op("And", em.op("Equal", ay, zero), em.op("Equal", ax, zero))
    bothinf = em.op("And", em.op("IsInf", ay), em.op("IsInf", ax))
    base = em.op("Where", both0, zero, base)
    base = em.op("Where", bothinf, _c(em, np.pi / 4, dt), base)
    base = em.op("Where", signbit(em, x, dt), em.op("Sub", _c(em, np.pi, dt), base), base)
    sgn = em.op("Where", signbit(em, y, dt), _c(em, -1.0, dt), _c(em, 1.0, dt))
    return em.op("Mul", base, sgn)


def floor_divide(em: Emitter, a: str, b: str, dt: DType) -> str:
    """NumPy's npy_divmod, bit-exact including signed zeros and b == 0, except that one
    infinite operand gives a / b as the Array API says (inf // 2 == inf, 1 // -inf == -0.0)."""
    zero, one, half, mone = (_c(em, v, dt) for v in (0.0, 1.0, 0.5, -1.0))
    mod = em.op("Mod", a, b, fmod=1)
    div0 = em.op("Div", em.op("Sub", a, mod), b)
    fix = em.op("And", em.op("Not", em.op("Equal", mod, zero)),
                em.op("Xor", em.op("Less", b, zero), em.op("Less", mod, zero)))
    div = em.op("Where", fix, em.op("Sub", div0, one), div0)
    fl = em.op("Floor", div)
    fl2 = em.op("Where", em.op("Greater", em.op("Sub", div, fl), half), em.op("Add", fl, one), fl)
    divz = em.op("Equal", div, zero)
    ab = em.op("Div", a, b)
    w = em.op("Where", divz, zero, fl2)
    negz = em.op("And", divz, em.op("Less", em.op("Div", one, ab), zero))
    q = em.op("Mul", w, em.op("Where", negz, mone, one))
    q = em.op("Where", em.op("Equal", b, zero), ab, q)

    def sign_of(v: str) -> str:
        neg = em.op("Or", em.op("Less", v, zero), em.op("Less", em.op("Div", one, v), zero))
        return em.op("Where", neg, mone, one)
    same = em.op("Equal", em.op("IsInf", a), em.op("IsInf", b))
    mag = em.op("Where", same, em.op("Abs", q), em.op("Abs", ab))
    return em.op("Mul", mag, em.op("Where", same, sign_of(q), sign_of(ab)))


def remainder(em: Emitter, a: str, b: str, dt: DType) -> str:
    """NumPy's remainder: the sign of the divisor; a zero result is copysign(0, b)."""
    zero, one, mone = (_c(em, v, dt) for v in (0.0, 1.0, -1.0))
    m = em.op("Mod", a, b, fmod=1)
    bneg = em.op("Less", b, zero)
    fix = em.op("And", em.op("Not", em.op("Equal", m, zero)),
                em.op("Xor", em.op("Less", m, zero), bneg))
    m2 = em.op("Where", fix, em.op("Add", m, b), m)
    m2z = em.op("Equal", m2, zero)
    w = em.op("Where", m2z, zero, m2)
    return em.op("Mul", w, em.op("Where", em.op("And", m2z, bneg), mone, one))
