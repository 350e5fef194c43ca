"""Fused ops, created by the ``fuse_patterns`` pass and never by the namespace. Their
references are the decomposed formulas the pass recognizes, so fusing changes no result of the
reference executor."""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import ShapeError
from ..ir import Node, TensorType
from . import examples as X
from .table import Emitter, Example, check_dtypes, defop, quiet

SOFTMAX_DTYPES = (D.float32, D.float64)
# float32 only: ONNX's epsilon attribute is a float32, and onnxruntime's float64 kernel strays
# by about 1e-11, far beyond float64 rounding; float64 layer norms stay decomposed
LAYER_NORM_DTYPES = (D.float32,)


def _infer_softmax(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    check_dtypes("softmax", x, SOFTMAX_DTYPES)
    if not 0 <= attrs["axis"] < len(x.shape):
        raise ShapeError(f"softmax: axis {attrs['axis']} out of range for {x}")
    return x


def _ref_softmax(x: np.ndarray, *, axis: int) -> np.ndarray:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _normal(dt: DType, shape: tuple[int, ...], seed: int) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(shape) * 3).astype(dt.np)


def _softmax_examples(dt: DType) -> list[Example]:
    cases = [((2, 5), 1), ((2, 5), 0), ((3, 1, 4), 2), ((1,), 0), ((0, 3), 1)]
    out = [Example((_normal(dt, s, k),), {"axis": axis}) for k, (s, axis) in enumerate(cases)]
    if dt.kind == "f":
        out.append(Example((X.nan_rows(dt),), {"axis": 1}))
    return out


defop("softmax", _infer_softmax, quiet(_ref_softmax),
      lambda em, n, ins: em.op("Softmax", ins[0], axis=n.attrs["axis"]),
      examples=_softmax_examples, ulps=16.0, normwise=True,
      doc="exp(x - max(x)) / sum(exp(x - max(x))) along one axis")


def _infer_layer_norm(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, rest = types[0], types[1:]
    check_dtypes("layer_norm", x, LAYER_NORM_DTYPES)
    axis = attrs["axis"]
    if not 0 <= axis < len(x.shape):
        raise ShapeError(f"layer_norm: axis {axis} out of range for {x}")
    for t in rest:
        if t.dtype is not x.dtype or t.shape != x.shape[axis:]:
            raise ShapeError(f"layer_norm: scale/bias {t} must be {x.dtype.short}"
                             f"{list(x.shape[axis:])} for input {x}")
    return x


def _ref_layer_norm(x: np.ndarray, *params: np.ndarray, axis: int, epsilon: float
                    ) -> np.ndarray:
    axes = tuple(range(axis, x.ndim))
    count = x.dtype.type(np.prod(x.shape[axis:]))
    xc = x - np.sum(x, axis=axes, keepdims=True) / count
    var = np.sum(xc * xc, axis=axes, keepdims=True) / count
    y = xc / np.sqrt(var + x.dtype.type(epsilon))
    for p, op in zip(params, (np.multiply, np.add)):
        y = op(y, p)
    return y


def _lower_layer_norm(em: Emitter, n: Node, ins: list[str]) -> str:
    axis = n.attrs["axis"]
    scale = ins[1] if len(ins) > 1 else em.const(np.ones(n.shape[axis:], n.dtype.np))
    return em.op("LayerNormalization", ins[0], scale, *ins[2:], axis=axis,
                 epsilon=float(n.attrs["epsilon"]),
                 stash_type=1)


def _layer_norm_examples(dt: DType) -> list[Example]:
    x = _normal(dt, (3, 4, 5), 1)
    scale, bias = _normal(dt, (5,), 2), _normal(dt, (5,), 3)
    return [Example((x,), {"axis": 2, "epsilon": 1e-5}),
            Example((x,), {"axis": 1, "epsilon": 1e-3}),
            Example((x, scale), {"axis": 2, "epsilon": 1e-5}),
            Example((x, scale, bias), {"axis": 2, "epsilon": 1e-5})]


defop("layer_norm", _infer_layer_norm, quiet(_ref_layer_norm), _lower_layer_norm,
      examples=_layer_norm_examples, ulps=64.0, normwise=True,
      doc="(x - mean) / sqrt(var + epsilon) over axes axis.. (then * scale + bias when given)")
