"""Linear algebra ops: matmul (NumPy's rules, 1-D operands included) and the determinant."""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import ShapeError
from ..ir import Node, Shape, TensorType
from . import examples as X
from .lowering import F32_ONLY, FLOAT_MATH, i64, scalar, via
from .table import Emitter, Example, broadcast_shapes, check_dtypes, defop, quiet, same_dtype


def matmul_shape(a: Shape, b: Shape) -> Shape:
    if not a or not b:
        raise ShapeError(f"matmul: operands must be at least 1-D, got shapes {a} and {b}")
    a2 = (1,) + a if len(a) == 1 else a
    b2 = b + (1,) if len(b) == 1 else b
    if a2[-1] != b2[-2]:
        raise ShapeError(f"matmul: inner dimensions differ ({a2[-1]} vs {b2[-2]}) "
                         f"for shapes {a} and {b}")
    try:
        batch = broadcast_shapes(a2[:-2], b2[:-2])
    except ShapeError:
        raise ShapeError(f"matmul: batch dimensions of {a} and {b} do not broadcast") from None
    out = batch + (a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return out


def _infer_matmul(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    dt = same_dtype(types, "matmul")
    return TensorType(dt, matmul_shape(types[0].shape, types[1].shape))


MATMUL_OK = frozenset({D.int32, D.int64, D.uint32, D.uint64}) | FLOAT_MATH


def _lower_matmul(em: Emitter, n: Node, ins: list[str]) -> str:
    """MatMul on operands made 2-D or more, and the result reshaped back.

    onnxruntime's optimizer fuses a Transpose into MatMul and then mishandles a 1-D right
    operand (``A.T @ v`` gave wrong numbers), and its kernels leave the output unwritten (the
    arena's garbage) for an empty inner dimension: there, the result is zeros. (An empty result
    never reaches a lowering: the exporter makes it a constant.)"""
    (a, b), dt = ins, n.dtype
    sa, sb = n.inputs[0].shape, n.inputs[1].shape
    if sa[-1] == 0:
        return em.op("Expand", scalar(em, 0, dt), i64(em, n.shape))
    if len(sa) == 1:
        a = em.op("Unsqueeze", a, i64(em, [0]))
    if len(sb) == 1:
        b = em.op("Unsqueeze", b, i64(em, [1]))
    if dt is D.bool_:  # any of the products is true: count them in int32
        y = em.cast(em.op("MatMul", em.cast(a, D.int32), em.cast(b, D.int32)), D.bool_)
    else:
        y = via(em, "MatMul", [a, b], dt, MATMUL_OK)
    if len(sa) == 1 or len(sb) == 1:
        y = em.op("Reshape", y, i64(em, n.shape), allowzero=1)
    return y


_MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)),
                  ((2, 2, 3), (3, 4)), ((1, 2, 3), (2, 3, 4)), ((4,), (2, 4, 3)),
                  ((0, 3), (3,)), ((2, 0), (0, 3)), ((4, 3, 0), (0,)), ((3, 0), (5, 0, 3)),
                  ((1, 3, 0), (2, 0, 1)), ((3,), (0, 3, 1)), ((2, 0, 4), (4,)), ((0, 4), (4, 2))]


def _matmul_examples(dt: DType) -> list[Example]:
    """Floats take small integers (exact in any summation order) plus one NaN and one inf,
    so results compare exactly; integers take every edge value (sums wrap, in any order)."""
    if dt.kind == "f":
        values = np.array([-3, -2, -1, 0, 1, 2, 3, 0.5, -0.0], dt.np)
    elif dt.kind == "b":
        values = X.edge_values(dt)
    else:
        values = X.edge_values(dt)
    cases = [Example((X.sample(dt, sa, k, values), X.sample(dt, sb, k + 50, values)), {})
             for k, (sa, sb) in enumerate(_MATMUL_SHAPES)]
    if dt.kind == "f":
        a = np.arange(12, dtype=dt.np).reshape(3, 4)
        a[1, 2] = np.nan
        b = np.ones((4, 2), dt.np)
        b[3, 1] = np.inf
        cases.append(Example((a, b), {}))
    return cases


defop("matmul", _infer_matmul, quiet(np.matmul), _lower_matmul,
      examples=_matmul_examples, doc="matrix product (NumPy rules)")


def _infer_det(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    check_dtypes("det", x, D.FLOATING)
    if len(x.shape) < 2 or x.shape[-1] != x.shape[-2]:
        raise ShapeError(f"det needs a stack of square matrices, got shape {x.shape}")
    return TensorType(x.dtype, x.shape[:-2])


def _lu_det(em: Emitter, a: str, shape: Shape, dt: DType) -> str:
    """The determinant by LU decomposition with partial pivoting (LAPACK's getrf, as NumPy
    uses), unrolled over the columns: a float64 Det that onnxruntime does not have."""
    size = shape[-1]
    rows = i64(em, np.arange(size))
    zero, one = scalar(em, 0.0, dt), scalar(em, 1.0, dt)
    det = sign = None
    for k in range(size):
        kk = i64(em, k)
        col = em.op("Gather", a, kk, axis=-1)
        below = em.op("GreaterOrEqual", rows, kk)
        candidates = em.op("Where", below, em.op("Abs", col), scalar(em, -1.0, dt))
        p = em.op("ArgMax", candidates, axis=-1, keepdims=1)
        perm = em.op("Where", em.op("Equal", rows, kk), p,
                     em.op("Where", em.op("Equal", rows, p), kk, rows))
        perm = em.op("Expand", em.op("Unsqueeze", perm, i64(em, [-1])), em.op("Shape", a))
        a = em.op("GatherElements", a, perm, axis=-2)
        swapped = em.op("Where", em.op("Equal", em.op("Squeeze", p, i64(em, [-1])), kk),
                        one, scalar(em, -1.0, dt))
        pivot = em.op("Gather", em.op("Gather", a, kk, axis=-1), kk, axis=-1)
        det = pivot if det is None else em.op("Mul", det, pivot)
        sign = swapped if sign is None else em.op("Mul", sign, swapped)
        if k + 1 < size:
            safe = em.op("Where", em.op("Equal", pivot, zero), one, pivot)
            factors = em.op("Div", em.op("Gather", a, kk, axis=-1),
                            em.op("Unsqueeze", safe, i64(em, [-1])))
            factors = em.op("Where", em.op("Greater", rows, kk), factors, zero)
            pivot_row = em.op("Gather", a, kk, axis=-2)
            a = em.op("Sub", a, em.op("Mul", em.op("Unsqueeze", factors, i64(em, [-1])),
                                      em.op("Unsqueeze", pivot_row, i64(em, [-2]))))
    return em.op("Mul", det, sign)


def _lower_det(em: Emitter, n: Node, ins: list[str]) -> str:
    shape, dt = n.inputs[0].shape, n.dtype
    if shape[-1] == 0:  # 0x0 matrices: det 1
        return em.op("Expand", scalar(em, 1.0, dt), i64(em, n.shape))
    det = _lu_det(em, ins[0], shape, dt) if dt is D.float64 else via(em, "Det", ins, dt, F32_ONLY)
    return em.op("Add", det, scalar(em, 0.0, dt))  # a zero determinant is +0.0, as in NumPy


def _det_examples(dt: DType) -> list[Example]:
    if dt.kind != "f":
        return []
    rng = np.random.default_rng(3)
    cases = [rng.standard_normal((3, 3)), rng.standard_normal((2, 4, 4)), np.eye(5) * 10,
             np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
             np.array([[2.5]]), np.zeros((0, 2, 2)), np.zeros((2, 0, 0)),
             np.array([[0.0, 0.0, 1.0], [0.0, 2.0, 0.0], [3.0, 0.0, 0.0]])]
    return [Example((np.asarray(c, dt.np),), {}) for c in cases]


@quiet
def _ref_det(x: np.ndarray) -> np.ndarray:
    wide = x.astype(np.float32) if x.dtype == np.float16 else x  # NumPy's linalg has no float16
    return np.asarray(np.linalg.det(wide)).astype(x.dtype)


defop("det", _infer_det, _ref_det,
      _lower_det, examples=_det_examples, ulps=64.0,
      doc="determinant (float64 by LU with partial pivoting: onnxruntime has no float64 Det)")
