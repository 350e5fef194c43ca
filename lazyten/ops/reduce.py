"""Ops along axes: reductions (``axes`` is a sorted tuple of non-negative axes, never empty),
argmax/argmin, running sums and the stable sort permutation (one non-negative ``axis``; the
namespace reshapes 0-d inputs and rejects empty axes where NumPy raises)."""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import ShapeError
from ..ir import Node, Shape, TensorType
from . import examples as X
from .lowering import (FLOATS, INT64_MIN, compute_dtype, i64, max_min, scalar)
from .table import Emitter, Example, LowerFn, RefFn, check_dtypes, defop, quiet, same_type


def _infer_reduce(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    axes, keep = attrs["axes"], attrs["keepdims"]
    shape = tuple(1 if k in axes else d for k, d in enumerate(x.shape) if keep or k not in axes)
    return TensorType(x.dtype, shape)


def _reduce_ref(np_fn: Callable) -> RefFn:
    return quiet(lambda x, *, axes, keepdims:
                 np.asarray(np_fn(x, axis=axes, keepdims=keepdims)).astype(x.dtype, copy=False))


_REDUCE_CASES = [((7,), (0,)), ((2, 3), (0,)), ((2, 3), (1,)), ((2, 3), (0, 1)),
                 ((3, 1, 4), (1,)), ((3, 1, 4), (0, 2)), ((1,), (0,)), ((2, 0, 3), (0, 2)),
                 ((1030, 3), (0,)), ((64, 20, 2), (0, 1)), ((1100,), (0,)),  # tall ones too,
                 ((1024, 17), (0,)), ((32, 40, 17), (0, 1))]  # in row blocks for float64
_EMPTY_CASES = [((2, 0, 3), (1,)), ((0,), (0,)), ((0, 3), (0, 1))]


def _reduce_examples(empty_axes: bool) -> Callable[[DType], list[Example]]:
    def examples(dt: DType) -> list[Example]:
        cases = X.along_axes(dt, _REDUCE_CASES + (_EMPTY_CASES if empty_axes else []), "axes",
                             keepdims=None)
        rows = X.nan_rows(dt)
        cases += [Example((rows,), {"axes": (1,), "keepdims": False}),
                  Example((rows.T.copy(),), {"axes": (0,), "keepdims": True})]
        return cases + [Example((X.edge_values(dt),), {"axes": (0,), "keepdims": False})]
    return examples


def tree_reduce(em: Emitter, x: str, shape: Shape, axes: tuple, out_shape: Shape,
                 onnx_op: str, dtype: DType = D.int64) -> str:
    """Integer sum/prod (and 64-bit max/min) as a pairwise tree of elementwise ops.

    onnxruntime's integer ReduceSum/ReduceProd accumulate in double: they round above 2**53 and
    saturate instead of wrapping. Elementwise Add/Mul wrap exactly like NumPy.
    """
    rest = [k for k in range(len(shape)) if k not in axes]
    perm = rest + list(axes)
    if perm != list(range(len(shape))):
        x = em.op("Transpose", x, perm=perm)
    lead = [shape[k] for k in rest]
    if any(type(shape[a]) is not int for a in axes):
        return _symbolic_reduce(em, x, lead, out_shape, onnx_op, shape, axes, dtype)
    size = math.prod(shape[a] for a in axes)  # not 0: empty reductions are constants
    x = em.op("Reshape", x, i64(em, lead + [size]), allowzero=1)
    extra = None
    while size > 1:
        if size % 2:
            last = em.op("Slice", x, i64(em, [size - 1]), i64(em, [size]), i64(em, [-1]))
            extra = last if extra is None else _combine(em, onnx_op, extra, last, dtype)
            x = em.op("Slice", x, i64(em, [0]), i64(em, [size - 1]), i64(em, [-1]))
            size -= 1
        size //= 2
        pairs = em.op("Reshape", x, i64(em, lead + [size, 2]), allowzero=1)
        x = _combine(em, onnx_op, em.op("Gather", pairs, i64(em, 0), axis=-1),
                     em.op("Gather", pairs, i64(em, 1), axis=-1), dtype)
    if extra is not None:
        x = _combine(em, onnx_op, x, extra, dtype)
    return em.op("Reshape", x, i64(em, out_shape), allowzero=1)


def _symbolic_reduce(em: Emitter, x: str, lead: list, out_shape: Shape, onnx_op: str,
                     shape: Shape, axes: tuple, dtype: DType) -> str:
    """An exact integer reduction over axes of symbolic size (which a tree cannot unroll).
    A sum is the last element of a running sum, which onnxruntime computes in the integer
    type, wrapping like NumPy (its ReduceSum goes through double); a 64-bit max or min is
    TopK's first value (its int64 ReduceMax is wrong in [2**31, 2**32)), uint64 mapped to
    int64 in the same order by flipping the sign bit."""
    if onnx_op == "Mul":
        raise ShapeError(f"an integer product over axes of symbolic size "
                         f"({', '.join(str(shape[a]) for a in axes)}) is not supported: "
                         "onnxruntime has no exact kernel for it; cast to float first")
    flat = em.op("Reshape", x, i64(em, tuple(lead) + (-1,)), allowzero=0)
    if onnx_op == "Add":
        running = em.op("CumSum", flat, i64(em, -1))
        last = em.op("Gather", running, i64(em, -1), axis=-1)
        return em.op("Reshape", last, i64(em, out_shape), allowzero=1)
    sign = scalar(em, INT64_MIN, D.int64)
    if dtype is D.uint64:
        flat = em.op("BitwiseXor", em.cast(flat, D.int64), sign)
    values, _ = em.op("TopK", flat, i64(em, [1]), axis=-1, largest=int(onnx_op == "Max"),
                      outputs=2)
    if dtype is D.uint64:
        values = em.cast(em.op("BitwiseXor", values, sign), D.uint64)
    return em.op("Reshape", values, i64(em, out_shape), allowzero=1)


def _combine(em: Emitter, onnx_op: str, a: str, b: str, dt: DType) -> str:
    if onnx_op in ("Max", "Min"):
        return max_min(em, onnx_op, a, b, dt)
    return em.op(onnx_op, a, b)


def _empty_reduction(em: Emitter, n: Node, identity: Any) -> str | None:
    """A reduction of an empty array is a constant (its identity, or an empty result); some
    providers' reduce kernels fail on empty inputs, so it never reaches them."""
    if n.inputs[0].type.is_symbolic or n.inputs[0].type.size:
        return None
    return em.op("Expand", scalar(em, identity, n.dtype), i64(em, n.shape))


TALL_ROWS = 1024  # measured: from here a sum over leading axes is faster as a MatMul


def _tall(shape: Shape, axes: tuple) -> bool:
    """A sum over the leading axes of a static array with at least ``TALL_ROWS`` rows and from
    2 columns to as many as rows (StandardScaler's column sums): onnxruntime's ReduceSum is
    2-6x slower there than the lowerings of ``_sum_of_leading_axes``."""
    if any(type(d) is not int for d in shape) or axes != tuple(range(len(axes))):
        return False
    rows, columns = math.prod(shape[:len(axes)]), math.prod(shape[len(axes):])
    return rows >= TALL_ROWS and 2 <= columns <= rows  # a vector's sum stays a ReduceSum


def _row_block(rows: int) -> int | None:
    """The largest divisor of ``rows`` up to its square root, if not too small to matter."""
    block = math.isqrt(rows)
    while rows % block:
        block -= 1
    return block if block >= 16 else None


def _sum_of_leading_axes(em: Emitter, x: str, shape: Shape, axes: tuple, out_shape: Shape,
                         dt: DType) -> str | None:
    """A tall sum (``_tall``) by the fastest lowering measured (onnxruntime 1.31, 2 cores;
    100000x50: ReduceSum 5.4 ms float32 and 11.6 ms float64, NumPy 2.3 and 2.2 ms), or None
    where ReduceSum is the fastest:

    - float32: ``ones(1, rows) @ x.reshape(rows, columns)`` (0.9 ms; MLAS's GEMM);
    - float64 with at least 16 columns, rows in blocks: ``x.reshape(rows / b, b, columns)``
      summed over its first axis, then over the blocks (2.8 ms; the MatMul takes 4.6 ms, and
      for wide matrices more than ReduceSum: 5000x5000 60 ms, ReduceSum 25, blocks 12);
    - other float64 matrices: the MatMul up to 64 columns, else ReduceSum."""
    rows, columns = math.prod(shape[:len(axes)]), math.prod(shape[len(axes):])
    block = _row_block(rows) if dt is D.float64 and columns >= 16 else None
    if block is not None:
        blocks = em.op("Reshape", x, i64(em, (rows // block, block, columns)), allowzero=1)
        x = em.op("ReduceSum", blocks, i64(em, [0]), keepdims=0)
        y = em.op("ReduceSum", x, i64(em, [0]), keepdims=0)
    elif dt is D.float64 and columns > 64:
        return None
    else:
        matrix = em.op("Reshape", x, i64(em, (rows, columns)), allowzero=1)
        ones = em.op("Expand", scalar(em, 1.0, dt), i64(em, (1, rows)))
        y = em.op("MatMul", ones, matrix)
    return em.op("Reshape", y, i64(em, out_shape), allowzero=1)


def _lower_sum_like(onnx_op: str, elementwise_op: str, identity: int) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        axes, keep = n.attrs["axes"], int(n.attrs["keepdims"])
        empty = _empty_reduction(em, n, identity)
        if empty is not None:
            return empty
        if dt.kind == "f":
            cdt = D.float32 if dt is D.float16 else dt
            x = em.cast(ins[0], cdt) if cdt is not dt else ins[0]
            y = _sum_of_leading_axes(em, x, n.inputs[0].shape, axes, n.shape, cdt) \
                if onnx_op == "ReduceSum" and _tall(n.inputs[0].shape, axes) else None
            if y is None:
                y = em.op(onnx_op, x, i64(em, axes), keepdims=keep, noop_with_empty_axes=1)
        else:
            cdt = D.int64
            x = em.cast(ins[0], cdt) if cdt is not dt else ins[0]
            y = tree_reduce(em, x, n.inputs[0].shape, axes, n.shape, elementwise_op)
        return em.cast(y, dt) if cdt is not dt else y
    return lower


MAXMIN_OK = frozenset({D.bool_, D.int8, D.int32, D.int64, D.uint8}) | FLOATS


def _lower_max_like(onnx_op: str, elementwise_op: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        empty = _empty_reduction(em, n, 0)  # max/min of an empty axis raise when recorded
        if empty is not None:
            return empty
        dt, x = n.dtype, ins[0]
        if dt in (D.int64, D.uint64):
            # 64-bit integers: a tree of exact elementwise Max/Min. onnxruntime has no uint64
            # ReduceMax, and its CUDA int64 reduction is inexact above 2**53 (seen on an H200)
            return tree_reduce(em, x, n.inputs[0].shape, n.attrs["axes"], n.shape,
                                elementwise_op, dt)
        axes = i64(em, n.attrs["axes"])
        kw = dict(keepdims=int(n.attrs["keepdims"]), noop_with_empty_axes=1)
        # uint32 widens to float64 (exact): onnxruntime's int64 ReduceMax/Min is wrong for
        # values in [2**31, 2**32)
        cdt = D.float64 if dt is D.uint32 else compute_dtype(dt, MAXMIN_OK)
        y = em.op(onnx_op, em.cast(x, cdt) if cdt is not dt else x, axes, **kw)
        if cdt is not dt:
            return em.cast(y, dt)
        if dt.kind == "f":  # ReduceMax skips a NaN unless it comes first: NumPy propagates it
            anynan = em.op("ReduceMax", em.op("IsNaN", x), axes, **kw)
            y = em.op("Where", anynan, scalar(em, np.nan, dt), y)
        return y
    return lower


defop("reduce_sum", _infer_reduce, _reduce_ref(np.sum), _lower_sum_like("ReduceSum", "Add", 0),
      examples=_reduce_examples(True), ulps=8.0, doc="sum over axes (wraps on overflow)",
      complex_ok=True)
defop("reduce_prod", _infer_reduce, _reduce_ref(np.prod), _lower_sum_like("ReduceProd", "Mul", 1),
      examples=_reduce_examples(True), ulps=8.0, doc="product over axes (wraps on overflow)")
defop("reduce_max", _infer_reduce, _reduce_ref(np.max), _lower_max_like("ReduceMax", "Max"),
      examples=_reduce_examples(False), signed_zeros=False,
      doc="max over non-empty axes, NaN propagates")
defop("reduce_min", _infer_reduce, _reduce_ref(np.min), _lower_max_like("ReduceMin", "Min"),
      examples=_reduce_examples(False), signed_zeros=False,
      doc="min over non-empty axes, NaN propagates")


# ---------------------------------------------------------------------------------------------
# Searching and scanning along one axis

def _infer_arg(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    check_dtypes("argmax/argmin", x, D.NUMERIC)
    axis, keep = attrs["axis"], attrs["keepdims"]
    shape = tuple(1 if k == axis else d for k, d in enumerate(x.shape) if keep or k != axis)
    return TensorType(D.int64, shape)


ARG_OK = frozenset({D.int8, D.int32, D.int64, D.uint8}) | FLOATS


def _lower_arg(onnx_op: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        x, dt = ins[0], n.inputs[0].dtype
        if dt is D.uint64:
            x = em.op("BitwiseXor", em.cast(x, D.int64), scalar(em, INT64_MIN, D.int64))
        elif dt not in ARG_OK:
            x = em.cast(x, compute_dtype(dt, ARG_OK))
        kw = dict(axis=n.attrs["axis"], keepdims=int(n.attrs["keepdims"]))
        idx = em.op(onnx_op, x, **kw)
        if dt.kind != "f":
            return idx
        # onnxruntime skips a NaN unless it comes first; NumPy returns the first NaN's index
        nan = em.cast(em.op("IsNaN", x), D.int32)
        first_nan = em.op("ArgMax", nan, **kw)
        any_nan = em.op("Greater", em.op("ReduceMax", nan, i64(em, [n.attrs["axis"]]),
                                         keepdims=kw["keepdims"]),
                        scalar(em, 0, D.int32))
        return em.op("Where", any_nan, first_nan, idx)
    return lower


def _arg_ref(np_fn: Callable) -> RefFn:
    return lambda x, *, axis, keepdims: np.asarray(
        np_fn(x, axis=axis, keepdims=keepdims)).astype(np.int64)


def _search_examples(dt: DType, **attrs: Any) -> list[Example]:
    rows = X.nan_rows(dt, 5)
    cases = [Example((rows,), {"axis": 1, **attrs}), Example((rows.T.copy(),), {"axis": 0, **attrs}),
             Example((X.edge_values(dt),), {"axis": 0, **attrs})]
    return cases + X.along_axes(dt, [((2, 3), 0), ((2, 3), 1), ((1,), 0), ((0, 3), 1),
                                     ((3, 1, 4), 2)], "axis", **attrs)


def _arg_examples(dt: DType) -> list[Example]:
    return [Example(e.args, {**e.attrs, "keepdims": bool(k % 2)})
            for k, e in enumerate(_search_examples(dt))]


defop("argmax", _infer_arg, _arg_ref(np.argmax), _lower_arg("ArgMax"), examples=_arg_examples,
      doc="index of the first maximum along an axis (first NaN wins)")
defop("argmin", _infer_arg, _arg_ref(np.argmin), _lower_arg("ArgMin"), examples=_arg_examples,
      doc="index of the first minimum along an axis (first NaN wins)")


CUMSUM_OK = frozenset({D.int64}) | FLOATS


def _lower_cumsum(em: Emitter, n: Node, ins: list[str]) -> str:
    dt = n.dtype
    cdt = dt if dt in CUMSUM_OK else (D.int64 if dt.kind in "biu" else D.float32)
    x = em.cast(ins[0], cdt) if cdt is not dt else ins[0]
    y = em.op("CumSum", x, i64(em, n.attrs["axis"]))
    return em.cast(y, dt) if cdt is not dt else y


defop("cumsum", same_type, quiet(lambda x, *, axis: np.cumsum(x, axis=axis, dtype=x.dtype)),
      _lower_cumsum, examples=_search_examples, ulps=8.0,
      doc="inclusive running sum along an axis (wraps on overflow)")


def _infer_argsort(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    check_dtypes("argsort", x, D.ALL)
    return TensorType(D.int64, x.shape)


def _ref_argsort(x: np.ndarray, *, axis: int, descending: bool) -> np.ndarray:
    if descending:
        flipped = np.flip(x, axis)
        idx = np.flip(np.argsort(flipped, axis=axis, kind="stable"), axis)
        return (x.shape[axis] - 1 - idx).astype(np.int64)
    return np.argsort(x, axis=axis, kind="stable").astype(np.int64)


TOPK_OK = frozenset({D.int8, D.int16, D.int32, D.int64, D.uint8}) | FLOATS


def _lower_argsort(em: Emitter, n: Node, ins: list[str]) -> str:
    """Stable TopK (k = n). Floats: sort by value with NaN as +inf, then stably by is-NaN, so
    NaNs come last ascending and first descending, as NumPy's stable sort of ``-x`` does."""
    x, dt = ins[0], n.inputs[0].dtype
    axis, desc = n.attrs["axis"], int(n.attrs["descending"])
    k = i64(em, [n.shape[axis]])
    if dt is D.uint64:
        x = em.op("BitwiseXor", em.cast(x, D.int64), scalar(em, INT64_MIN, D.int64))
    elif dt is D.bool_:
        x = em.cast(x, D.uint8)
    elif dt not in TOPK_OK:
        x = em.cast(x, compute_dtype(dt, TOPK_OK))
    if dt.kind != "f":
        return em.op("TopK", x, k, axis=axis, largest=desc, sorted=1, outputs=2)[1]
    nan = em.op("IsNaN", x)
    key = em.op("Where", nan, scalar(em, np.inf if not desc else -np.inf, dt), x)
    idx = em.op("TopK", key, k, axis=axis, largest=desc, sorted=1, outputs=2)[1]
    flag = em.cast(em.op("GatherElements", nan, idx, axis=axis), D.int32)
    order = em.op("TopK", flag, k, axis=axis, largest=desc, sorted=1, outputs=2)[1]
    return em.op("GatherElements", idx, order, axis=axis)


def _argsort_examples(dt: DType) -> list[Example]:
    return [Example(e.args, {**e.attrs, "descending": desc})
            for e in _search_examples(dt) for desc in (False, True)]


defop("argsort", _infer_argsort, _ref_argsort, _lower_argsort, examples=_argsort_examples,
      doc="stable sort permutation along an axis (NaN sorts as the largest value)")
