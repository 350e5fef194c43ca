"""Arithmetic over real or complex values inside a lowering, so that each linalg program
(Cholesky, LU for det and slogdet, Householder QR, Jacobi eigh and SVD) is written once for
float and complex dtypes.

A field value is one ONNX value for float32/float64 (``Real``) and a (real, imaginary) pair of
ONNX values of one shape for complex64/complex128 (``Complex``; operands and results travel as
real pairs with a trailing axis of 2, see ``pairs``): structural ops (gathers, transposes,
slices) apply to each part alike (``each``), and the arithmetic methods do what products,
quotients, conjugates and moduli mean in the field. A field holds no emitter: each method takes
the one it emits on, which inside a ``Loop`` body is the body's. With ``Real`` the methods emit
the plain real ops, so the real lowerings are what they were before complex support.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from .lowering import i64, scalar
from .pairs import hypot, pair, part
from .table import Emitter

Value = Any  # str (Real) or tuple[str, str] (Complex)


class Real:
    """float32/float64 values: one ONNX value each."""

    is_complex = False

    def __init__(self, dt: DType) -> None:
        self.dt = dt  # the dtype of the parts

    def each(self, fn: Callable[..., str], *values: Value) -> Value:
        """``fn`` applied to the corresponding parts of ``values`` (a linear or structural op)."""
        return fn(*values)

    def parts(self, v: Value) -> list[str]:
        return [v]

    def joined(self, parts: list[str]) -> Value:
        return parts[0]

    def value(self, em: Emitter, x: str) -> Value:
        """The field value of an ONNX input (pairs for complex)."""
        return x

    def result(self, em: Emitter, v: Value) -> str:
        """The ONNX result (pairs for complex) of a field value."""
        return v

    def real(self, v: Value) -> str:
        return v

    def from_real(self, em: Emitter, r: str) -> Value:
        return r

    def constant(self, em: Emitter, value: complex) -> Value:
        return scalar(em, value, self.dt)

    def mul(self, em: Emitter, a: Value, b: Value) -> Value:
        return em.op("Mul", a, b)

    def div(self, em: Emitter, a: Value, b: Value) -> Value:
        return em.op("Div", a, b)

    def reciprocal(self, em: Emitter, a: Value) -> Value:
        return em.op("Div", scalar(em, 1.0, self.dt), a)

    def conj(self, em: Emitter, a: Value) -> Value:
        return a

    def abs2(self, em: Emitter, a: Value) -> str:
        """|a|^2, real."""
        return em.op("Mul", a, a)

    def abs(self, em: Emitter, a: Value) -> str:
        return em.op("Abs", a)

    def magnitude(self, em: Emitter, a: Value) -> str:
        """What orders entries by size (|a| for reals, |a|^2 for complex)."""
        return em.op("Abs", a)

    def peak(self, em: Emitter, a: Value) -> str:
        """The larger magnitude of the parts (a scale that does not overflow)."""
        return em.op("Abs", a)

    def pivot_size(self, em: Emitter, a: Value) -> str:
        """The magnitude LAPACK's pivoting compares (i?amax): |a|, |re| + |im| for complex."""
        return em.op("Abs", a)

    def matmul(self, em: Emitter, a: Value, b: Value) -> Value:
        return em.op("MatMul", a, b)

    def unit(self, em: Emitter, a: Value) -> Value:
        """a / |a| (0 at 0)."""
        return em.op("Sign", a)

    def is_zero(self, em: Emitter, a: Value) -> str:
        return em.op("Equal", a, scalar(em, 0.0, self.dt))

    def real_where(self, em: Emitter, mask: str, a: Value) -> Value:
        """``a`` with its imaginary part zero where ``mask``."""
        return a

    # shared by both fields
    def add(self, em: Emitter, a: Value, b: Value) -> Value:
        return self.each(lambda x, y: em.op("Add", x, y), a, b)

    def sub(self, em: Emitter, a: Value, b: Value) -> Value:
        return self.each(lambda x, y: em.op("Sub", x, y), a, b)

    def scale(self, em: Emitter, a: Value, r: str) -> Value:
        """``a`` times the real value ``r`` (broadcast)."""
        return self.each(lambda x: em.op("Mul", x, r), a)

    def div_real(self, em: Emitter, a: Value, r: str) -> Value:
        """``a`` divided by the real value ``r`` (broadcast)."""
        return self.each(lambda x: em.op("Div", x, r), a)

    def where(self, em: Emitter, cond: str, a: Value, b: Value) -> Value:
        return self.each(lambda x, y: em.op("Where", cond, x, y), a, b)

    def adjoint(self, em: Emitter, a: Value, rank: int) -> Value:
        """The conjugate transpose of the matrices (the last two axes)."""
        perm = list(range(rank - 2)) + [rank - 1, rank - 2]
        return self.conj(em, self.each(lambda x: em.op("Transpose", x, perm=perm), a))

    def zeros(self, em: Emitter, shape: str) -> Value:
        return self.from_real(em, em.op("Expand", scalar(em, 0.0, self.dt), shape))

    def has_nan(self, em: Emitter, a: Value) -> str:
        """One bool per matrix: does its sum come out NaN (a NaN in either part, or
        infinities of both signs)."""
        sums = [em.op("ReduceSum", p, i64(em, [-2, -1]), keepdims=0) for p in self.parts(a)]
        return em.op("IsNaN", sums[0] if len(sums) == 1 else em.op("Add", *sums))

    def not_finite(self, em: Emitter, a: Value) -> str:
        """One bool per matrix: does it hold a NaN or an infinity (in either part)."""
        return self.has_nan(em, self.each(lambda p: em.op("Sub", p, p), a))


class Complex(Real):
    """complex64/complex128 values: (real, imaginary) pairs of float32/float64 values."""

    is_complex = True

    def each(self, fn: Callable[..., str], *values: Value) -> Value:
        return fn(*(v[0] for v in values)), fn(*(v[1] for v in values))

    def parts(self, v: Value) -> list[str]:
        return list(v)

    def joined(self, parts: list[str]) -> Value:
        return parts[0], parts[1]

    def value(self, em: Emitter, x: str) -> Value:
        return part(em, x, 0), part(em, x, 1)

    def result(self, em: Emitter, v: Value) -> str:
        return pair(em, *v)

    def real(self, v: Value) -> str:
        return v[0]

    def from_real(self, em: Emitter, r: str) -> Value:
        return r, em.op("Expand", scalar(em, 0.0, self.dt), em.op("Shape", r))

    def constant(self, em: Emitter, value: complex) -> Value:
        return scalar(em, complex(value).real, self.dt), scalar(em, complex(value).imag, self.dt)

    def mul(self, em: Emitter, a: Value, b: Value) -> Value:
        (ar, ai), (br, bi) = a, b
        return (em.op("Sub", em.op("Mul", ar, br), em.op("Mul", ai, bi)),
                em.op("Add", em.op("Mul", ar, bi), em.op("Mul", ai, br)))

    def div(self, em: Emitter, a: Value, b: Value) -> Value:
        """``a`` times the reciprocal of ``b`` (as LAPACK scales a column by a pivot's)."""
        return self.mul(em, a, self.reciprocal(em, b))

    def reciprocal(self, em: Emitter, a: Value) -> Value:
        """1 / a by Smith's algorithm (no squares of the parts, which overflow at 1e19 in
        float32): with r = small / big part, 1 / (big + small r) and r times that."""
        re, im = a
        real_first = em.op("GreaterOrEqual", em.op("Abs", re), em.op("Abs", im))
        big = em.op("Where", real_first, re, im)
        small = em.op("Where", real_first, im, re)
        ratio = em.op("Div", small, big)
        inverse = em.op("Div", scalar(em, 1.0, self.dt),
                        em.op("Add", big, em.op("Mul", small, ratio)))
        scaled = em.op("Mul", ratio, inverse)
        return (em.op("Where", real_first, inverse, scaled),
                em.op("Neg", em.op("Where", real_first, scaled, inverse)))

    def conj(self, em: Emitter, a: Value) -> Value:
        return a[0], em.op("Neg", a[1])

    def abs2(self, em: Emitter, a: Value) -> str:
        return em.op("Add", em.op("Mul", a[0], a[0]), em.op("Mul", a[1], a[1]))

    def abs(self, em: Emitter, a: Value) -> str:
        """hypot of the parts, without overflow."""
        return hypot(em, a[0], a[1], self.dt)

    def magnitude(self, em: Emitter, a: Value) -> str:
        return self.abs2(em, a)

    def peak(self, em: Emitter, a: Value) -> str:
        return em.op("Max", em.op("Abs", a[0]), em.op("Abs", a[1]))

    def pivot_size(self, em: Emitter, a: Value) -> str:
        return em.op("Add", em.op("Abs", a[0]), em.op("Abs", a[1]))

    def matmul(self, em: Emitter, a: Value, b: Value) -> Value:
        (ar, ai), (br, bi) = a, b
        return (em.op("Sub", em.op("MatMul", ar, br), em.op("MatMul", ai, bi)),
                em.op("Add", em.op("MatMul", ar, bi), em.op("MatMul", ai, br)))

    def unit(self, em: Emitter, a: Value) -> Value:
        size = self.abs(em, a)
        zero = scalar(em, 0.0, self.dt)
        at_zero = em.op("Equal", size, zero)
        safe = em.op("Where", at_zero, scalar(em, 1.0, self.dt), size)
        return self.each(lambda x: em.op("Where", at_zero, zero, em.op("Div", x, safe)), a)

    def is_zero(self, em: Emitter, a: Value) -> str:
        zero = scalar(em, 0.0, self.dt)
        return em.op("And", em.op("Equal", a[0], zero), em.op("Equal", a[1], zero))

    def real_where(self, em: Emitter, mask: str, a: Value) -> Value:
        return a[0], em.op("Where", mask, scalar(em, 0.0, self.dt), a[1])


def field_of(dt: DType) -> Real:
    """The field of a float or complex dtype."""
    real = D.REAL_OF.get(dt)
    return Real(dt) if real is None else Complex(real)


def loop(em: Emitter, F: Real, trips: str, carried: list[Value],
         body: Callable[[Emitter, str, list[Value]], tuple[str | None, list[Value]]],
         reals: int = 0) -> list[Value]:
    """``em.loop`` over field values (each part one carried value), the last ``reals`` of
    them real values of the field's part dtype whatever the field."""
    counts = [len(F.parts(v)) for v in carried[:len(carried) - reals]] + [1] * reals

    def split(flat: list[str]) -> list[Value]:
        out, k = [], 0
        for c in counts:
            out.append(F.joined(flat[k:k + c]) if len(out) < len(counts) - reals else flat[k])
            k += c
        return out

    def inner(em: Emitter, i: str, flat: list[str]) -> tuple[str | None, list[str]]:
        again, nexts = body(em, i, split(flat))
        return again, [p for v in nexts[:len(nexts) - reals] for p in F.parts(v)] + \
            nexts[len(nexts) - reals:]

    flat = [(p, F.dt) for v in carried[:len(carried) - reals] for p in F.parts(v)] + \
        [(v, F.dt) for v in carried[len(carried) - reals:]]
    return split(em.loop(trips, flat, inner))
