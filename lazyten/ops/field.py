"""Arithmetic for the linalg programs (LU, Cholesky), written once for real and complex
matrices: a ``Reals`` field works on ONNX values of one float dtype, a ``Complexes`` field on
complex values held as (re, im) pairs of such values. A program asks its field for products,
quotients, conjugates and moduli, and moves every part alike with ``map``; ``unpack`` and
``pack`` convert at its ends (complex operands and results travel as real pairs with a
trailing axis of 2, see ``pairs``).
"""
from __future__ import annotations

from typing import Any, Callable, Union

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from .lowering import i64, scalar
from .table import Emitter

Value = Union[str, tuple]  # a real ONNX value, or a complex one as (re, im)


class Reals:
    """Real arithmetic: a value is one ONNX value of dtype ``dt``."""

    def __init__(self, em: Emitter, dt: DType) -> None:
        self.em, self.dt = em, dt

    def within(self, em: Emitter) -> "Reals":
        """The same field on another emitter (a Loop body's)."""
        return type(self)(em, self.dt)

    def unpack(self, x: str) -> Value:
        return x

    def pack(self, v: Value) -> str:
        return v

    def parts(self, v: Value) -> list[str]:
        return [v]

    def of_parts(self, parts: list[str]) -> Value:
        return parts[0]

    def map(self, fn: Callable[..., str], *vs: Value) -> Value:
        """``fn`` (a movement: gather, slice, unsqueeze...) applied to each part alike."""
        return fn(*vs)

    def real(self, r: str) -> Value:
        """The real value ``r`` in this field."""
        return r

    def constant(self, value: Any) -> Value:
        return self.em.const(np.asarray(value, self.dt.np))

    def sub(self, a: Value, b: Value) -> Value:
        return self.em.op("Sub", a, b)

    def mul(self, a: Value, b: Value) -> Value:
        return self.em.op("Mul", a, b)

    def div(self, a: Value, b: Value) -> Value:
        return self.em.op("Div", a, b)

    def div_real(self, a: Value, r: str) -> Value:
        return self.em.op("Div", a, r)

    def conj(self, a: Value) -> Value:
        return a

    def real_part(self, a: Value) -> str:
        return a

    def pivot_size(self, a: Value) -> str:
        """The magnitude LAPACK's pivoting compares (i?amax): |a|, |re| + |im| for complex."""
        return self.em.op("Abs", a)

    def modulus(self, a: Value) -> str:
        return self.em.op("Abs", a)

    def unit(self, a: Value) -> Value:
        """a / |a| (0 at 0)."""
        return self.em.op("Sign", a)

    def is_zero(self, a: Value) -> str:
        return self.em.op("Equal", a, scalar(self.em, 0.0, self.dt))

    def where(self, cond: str, a: Value, b: Value) -> Value:
        return self.em.op("Where", cond, a, b)

    def zero(self) -> Value:
        return scalar(self.em, 0.0, self.dt)

    def one(self) -> Value:
        return scalar(self.em, 1.0, self.dt)


class Complexes(Reals):
    """Complex arithmetic on (re, im) pairs of ONNX values of the real dtype ``dt``."""

    def unpack(self, x: str) -> Value:
        k0, k1 = (self.em.const(np.asarray(k, np.int64)) for k in (0, 1))
        return self.em.op("Gather", x, k0, axis=-1), self.em.op("Gather", x, k1, axis=-1)

    def pack(self, v: Value) -> str:
        last = i64(self.em, [-1])
        return self.em.op("Concat", *(self.em.op("Unsqueeze", p, last) for p in v), axis=-1)

    def parts(self, v: Value) -> list[str]:
        return list(v)

    def of_parts(self, parts: list[str]) -> Value:
        return tuple(parts)

    def map(self, fn: Callable[..., str], *vs: Value) -> Value:
        return tuple(fn(*ps) for ps in zip(*vs))

    def real(self, r: str) -> Value:
        return r, self.em.op("Expand", scalar(self.em, 0.0, self.dt), self.em.op("Shape", r))

    def constant(self, value: Any) -> Value:
        value = np.asarray(value)
        return (self.em.const(value.real.astype(self.dt.np)),
                self.em.const(value.imag.astype(self.dt.np)))

    def sub(self, a: Value, b: Value) -> Value:
        return self.map(lambda x, y: self.em.op("Sub", x, y), a, b)

    def mul(self, a: Value, b: Value) -> Value:
        op = self.em.op
        (ar, ai), (br, bi) = a, b
        return (op("Sub", op("Mul", ar, br), op("Mul", ai, bi)),
                op("Add", op("Mul", ar, bi), op("Mul", ai, br)))

    def div(self, a: Value, b: Value) -> Value:
        """``a`` times the reciprocal of ``b`` (as LAPACK scales a column by a pivot's)."""
        return self.mul(a, self.reciprocal(b))

    def reciprocal(self, b: Value) -> Value:
        """1 / b by Smith's algorithm (the larger part first: no overflow in |b|^2)."""
        op, (br, bi) = self.em.op, b
        one = scalar(self.em, 1.0, self.dt)
        real_first = op("GreaterOrEqual", op("Abs", br), op("Abs", bi))
        big = op("Where", real_first, br, bi)
        small = op("Where", real_first, bi, br)
        ratio = op("Div", small, big)
        inverse = op("Div", one, op("Add", big, op("Mul", small, ratio)))  # 1 / (|b|^2 / big)
        scaled = op("Mul", ratio, inverse)
        return (op("Where", real_first, inverse, scaled),
                op("Neg", op("Where", real_first, scaled, inverse)))

    def div_real(self, a: Value, r: str) -> Value:
        return self.map(lambda x: self.em.op("Div", x, r), a)

    def conj(self, a: Value) -> Value:
        return a[0], self.em.op("Neg", a[1])

    def real_part(self, a: Value) -> str:
        return a[0]

    def pivot_size(self, a: Value) -> str:
        return self.em.op("Add", self.em.op("Abs", a[0]), self.em.op("Abs", a[1]))

    def modulus(self, a: Value) -> str:
        """hypot of the parts without overflow: big * sqrt(1 + (small / big)^2)."""
        op = self.em.op
        re, im = op("Abs", a[0]), op("Abs", a[1])
        first = op("GreaterOrEqual", re, im)
        big, small = op("Where", first, re, im), op("Where", first, im, re)
        zero, one = scalar(self.em, 0.0, self.dt), scalar(self.em, 1.0, self.dt)
        ratio = op("Div", small, op("Where", op("Equal", big, zero), one, big))
        return op("Mul", big, op("Sqrt", op("Add", one, op("Mul", ratio, ratio))))

    def unit(self, a: Value) -> Value:
        size = self.modulus(a)
        zero = scalar(self.em, 0.0, self.dt)
        at_zero = self.em.op("Equal", size, zero)
        safe = self.em.op("Where", at_zero, scalar(self.em, 1.0, self.dt), size)
        return self.map(lambda x: self.em.op("Where", at_zero, zero, self.em.op("Div", x, safe)),
                        a)

    def is_zero(self, a: Value) -> str:
        zero = scalar(self.em, 0.0, self.dt)
        return self.em.op("And", self.em.op("Equal", a[0], zero), self.em.op("Equal", a[1], zero))

    def where(self, cond: str, a: Value, b: Value) -> Value:
        return self.map(lambda x, y: self.em.op("Where", cond, x, y), a, b)

    def zero(self) -> Value:
        return scalar(self.em, 0.0, self.dt), scalar(self.em, 0.0, self.dt)

    def one(self) -> Value:
        return scalar(self.em, 1.0, self.dt), scalar(self.em, 0.0, self.dt)


def field(em: Emitter, dt: DType) -> Reals:
    """The field of a linalg program on operands of dtype ``dt`` (real or complex)."""
    return Complexes(em, D.REAL_OF[dt]) if dt.kind == "c" else Reals(em, dt)
