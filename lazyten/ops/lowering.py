"""Helpers every lowering shares: constants, and computing in a dtype onnxruntime has a kernel
for, then casting back (see docs/onnxruntime.md for the kernels that are missing or wrong).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import dtypes as D
from ..dims import Dim
from ..dtypes import DType
from ..errors import DTypeError
from ..ir import Node
from .table import Emitter, LowerFn

INT64_MIN = int(np.iinfo(np.int64).min)
INT64_MAX = int(np.iinfo(np.int64).max)

INTS = frozenset(D.INTEGER)
FLOATS = frozenset(D.FLOATING)
NUMS = INTS | FLOATS
ALLD = frozenset(D.ALL)
SIGNED = frozenset(D.SIGNED)
# Ops that compute new values run float16 in float32 with explicit casts: onnxruntime's float16
# kernels are float32 ones behind casts it inserts, and it removes the casts between two such
# ops, so a chain of them would skip NumPy's rounding to float16 after each op
# ((2048 + 1) + 1 gave 2050). Ops that select or compare values keep float16.
FLOAT_MATH = frozenset({D.float32, D.float64})
ARITH = INTS | FLOAT_MATH
F32_ONLY = frozenset({D.float32})

# where a dtype goes when onnxruntime has no kernel for it, widest last
_WIDER = {D.bool_: (D.uint8, D.int32, D.int64), D.int8: (D.int32, D.int64),
          D.int16: (D.int32, D.int64), D.uint8: (D.int32, D.int64),
          D.uint16: (D.int32, D.int64), D.uint32: (D.int64,), D.int32: (D.int64,),
          D.float16: (D.float32,), D.float32: (D.float64,),
          # uint64 -> int64 keeps every bit; valid for data movement and modular arithmetic only
          D.uint64: (D.int64,), D.int64: ()}


def compute_dtype(dt: DType, ok: frozenset[DType]) -> DType:
    """``dt`` itself when ``ok`` holds it, else the narrowest wider dtype that ``ok`` holds."""
    if dt in ok:
        return dt
    for wider in _WIDER[dt]:
        if wider in ok:
            return wider
    raise DTypeError(f"no onnxruntime kernel computes {dt.name} here")


def widened(em: Emitter, ins: list[str], dt: DType, cdt: DType,
            body: Callable[[list[str], DType], str], cast_back: bool = True) -> str:
    """``body(ins, cdt)`` with the inputs cast from ``dt`` to ``cdt`` and, when ``cast_back``
    (the body's result is in ``cdt``), the result cast back to ``dt``."""
    if cdt is dt:
        return body(ins, dt)
    y = body([em.cast(i, cdt) for i in ins], cdt)
    return em.cast(y, dt) if cast_back else y


def via(em: Emitter, op_type: str, ins: list[str], dt: DType, ok: frozenset[DType],
        cast_back: bool = True, **attrs: Any) -> str:
    """One ``op_type`` node computed in a dtype from ``ok`` (widening ``dt`` if needed); its
    result is cast back to ``dt`` unless the op has a dtype of its own (``cast_back=False``)."""
    return widened(em, ins, dt, compute_dtype(dt, ok),
                   lambda xs, _: em.op(op_type, *xs, **attrs), cast_back)


def float_lowering(recipe: Callable[..., str]) -> LowerFn:
    """A lowering from a float formula ``recipe(em, *inputs, dtype)``; float16 runs it in
    float32 (onnxruntime computes float16 through float32 anyway, and NumPy does too). A
    result of another dtype than the inputs' (bool) is not cast back."""
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.inputs[0].dtype
        return widened(em, ins, dt, D.float32 if dt is D.float16 else dt,
                       lambda xs, t: recipe(em, *xs, t), n.dtype is dt)
    return lower


def scalar(em: Emitter, value: Any, dt: DType) -> str:
    return em.const(np.asarray(value, dt.np))


def i64(em: Emitter, values: Any) -> str:
    """int64 values as a constant; a shape or size with symbolic dimensions is computed from
    the inputs' shapes at run time instead."""
    if type(values) is Dim:
        return em.size(values)
    if isinstance(values, (tuple, list)) and any(type(v) is Dim for v in values):
        return em.shape(values)
    return em.const(np.asarray(values, np.int64))


WHERE_OK = frozenset({D.int8, D.int32, D.int64, D.uint8, D.uint32}) | FLOATS


def select(em: Emitter, c: str, a: str, b: str, dt: DType) -> str:
    """``Where`` for any dtype (onnxruntime has no bool, int16, uint16 or uint64 kernel)."""
    cdt = compute_dtype(dt, WHERE_OK)
    if cdt is dt:
        return em.op("Where", c, a, b)
    return em.cast(em.op("Where", c, em.cast(a, cdt), em.cast(b, cdt)), dt)


MINMAX_OK = frozenset({D.int8, D.int32, D.int64, D.uint8, D.uint32, D.uint64}) | FLOATS


def max_min(em: Emitter, onnx_op: str, a: str, b: str, dt: DType) -> str:
    """``Max``/``Min`` of two tensors of one dtype. onnxruntime 1.31's CPU int64 Max/Min is
    wrong when an operand lies in [2**31, 2**32) and the other's high word is equal (about 12%
    of random values below 2**34); a compare and select is exact."""
    if dt is D.int64:
        return em.op("Where", em.op("Greater" if onnx_op == "Max" else "Less", a, b), a, b)
    return em.op(onnx_op, a, b)
