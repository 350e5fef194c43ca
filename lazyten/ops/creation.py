"""Leaves (graph inputs, lazy data, constants) and ops that create values from attributes."""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import ShapeError
from ..ir import Node, TensorType
from . import examples as X
from .lowering import i64, scalar
from .table import Emitter, Example, defop


def _leaf_infer(types: tuple, attrs: dict) -> TensorType:
    raise AssertionError("leaf types are given, not inferred")


def _no_ref(*args: Any, **attrs: Any) -> np.ndarray:
    raise AssertionError("leaves are fed, not computed")


defop("input", _leaf_infer, _no_ref, lambda em, n, ins: "", doc="a graph parameter",
      complex_ok=True)
defop("data", _leaf_infer, _no_ref, lambda em, n, ins: "",
      doc="a lazy leaf holding a buffer, fed as an input when realized", complex_ok=True)
defop("const", _leaf_infer, lambda *, value: value.array,
      lambda em, n, ins: em.const(n.attrs["value"].array), doc="a constant baked into the graph",
      complex_ok=True)


def _infer_arange(types: tuple, attrs: dict) -> TensorType:
    return TensorType(attrs["dtype"], (attrs["n"],))


def _arange_dtype(dtype: DType) -> DType:
    """Where start + step * i is computed: float64, or 64-bit integers that wrap (uint64
    holds every start a uint64 arange can have)."""
    return D.float64 if dtype.kind == "f" else D.uint64 if dtype is D.uint64 else D.int64


def _arange_param(value: Any, cdt: DType) -> Any:
    return value % 2**64 if cdt is D.uint64 else value


def _ref_arange(*, start: Any, step: Any, n: int, dtype: DType) -> np.ndarray:
    cdt = _arange_dtype(dtype)
    with np.errstate(over="ignore"):
        idx = np.arange(n, dtype=cdt.np)
        return (idx * cdt.np.type(_arange_param(step, cdt)) +
                cdt.np.type(_arange_param(start, cdt))).astype(dtype.np)


def _lower_arange(em: Emitter, n: Node, ins: list[str]) -> str:
    a = n.attrs
    idx = em.op("Range", i64(em, 0), i64(em, a["n"]), i64(em, 1))
    cdt = _arange_dtype(a["dtype"])
    vals = em.cast(idx, cdt) if cdt is not D.int64 else idx
    vals = em.op("Add", em.op("Mul", vals, scalar(em, _arange_param(a["step"], cdt), cdt)),
                 scalar(em, _arange_param(a["start"], cdt), cdt))
    return em.cast(vals, a["dtype"]) if a["dtype"] is not cdt else vals


def _arange_examples(dt: DType) -> list[Example]:
    if dt.kind == "b":
        return []
    if dt.kind == "f":
        params = [(0.0, 0.1, 11), (-1.5, 0.25, 7), (3.0, -0.7, 5), (0.0, 1.0, 0)]
    else:
        hi = int(np.iinfo(dt.np).max)
        params = [(0, 1, 6), (5, -2, 4), (hi - 3, 1, 4), (0, 3, 0)]
    return [Example((), {"start": s, "step": d, "n": k, "dtype": dt}) for s, d, k in params]


defop("arange", _infer_arange, _ref_arange, _lower_arange, examples=_arange_examples,
      doc="start + step * [0, 1, ..., n-1] (computed as NumPy does, not by accumulation)")


def _infer_fill_like(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, v = types
    if v.shape != ():
        raise ShapeError(f"fill_like: the fill value must be 0-d, got {v}")
    return TensorType(v.dtype, x.shape)


def _fill_like_examples(dt: DType) -> list[Example]:
    values = X.edge_values(dt)
    return [Example((X.sample(dt, s, k), values[k % len(values)].reshape(())), {})
            for k, s in enumerate(X.SHAPES)]


defop("fill_like", _infer_fill_like, lambda x, v: np.full(x.shape, v, dtype=v.dtype),
      lambda em, n, ins: em.op("Expand", ins[1], em.op("Shape", ins[0])),
      examples=_fill_like_examples,
      doc="a value broadcast to the (possibly symbolic) shape of x, read at run time",
      complex_ok=True)


def _size_examples(dt: DType) -> list[Example]:
    if dt.kind == "b":
        return []
    return [Example((), {"size": k, "dtype": dt}) for k in (0, 1, 7, 100)]


def _lower_size(em: Emitter, n: Node, ins: list[str]) -> str:
    value = em.size(n.attrs["size"])
    return value if n.dtype is D.int64 else em.cast(value, n.dtype)


defop("size", lambda types, attrs: TensorType(attrs["dtype"], ()),
      lambda *, size, dtype: np.asarray(size, dtype.np), _lower_size, examples=_size_examples,
      doc="a size as a 0-d value: a symbolic one (x.shape[0] in a trace) is read from the "
          "inputs' shapes at run time")
