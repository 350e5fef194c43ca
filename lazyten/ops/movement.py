"""Ops that move elements without computing: reshape, permute, expand (broadcast_to), concat.
Shapes arrive fully resolved (no -1), so each lowers to one ONNX node."""
from __future__ import annotations

import numpy as np

from ..dims import product
from ..dtypes import DType
from ..errors import ShapeError
from ..ir import Shape, TensorType
from . import examples as X
from .lowering import i64
from .table import Example, broadcast_shapes, defop, same_dtype


def check_dims(opname: str, shape: Shape) -> None:
    if any(type(d) is int and d < 0 for d in shape):
        raise ShapeError(f"{opname}: negative dimensions are not allowed, got shape {shape}")


def _infer_reshape(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    shape = attrs["shape"]
    check_dims("reshape", shape)
    if product(shape) != product(x.shape):
        raise ShapeError(f"cannot reshape array of shape {x.shape} (size {product(x.shape)}) "
                         f"into shape {shape}")
    return TensorType(x.dtype, shape)


def _with_shapes(dt: DType, cases: list[tuple[Shape, dict]]) -> list[Example]:
    return [Example((X.sample(dt, s, k),), attrs) for k, (s, attrs) in enumerate(cases)]


defop("reshape", _infer_reshape, lambda x, *, shape: x.reshape(shape),
      lambda em, n, ins: em.op("Reshape", ins[0], i64(em, n.attrs["shape"]), allowzero=1),
      examples=lambda dt: _with_shapes(dt, [
          ((6,), {"shape": (2, 3)}), ((2, 3), {"shape": (3, 2)}), ((2, 3), {"shape": (6,)}),
          ((), {"shape": (1, 1)}), ((1, 1), {"shape": ()}), ((0, 3), {"shape": (3, 0)}),
          ((0,), {"shape": (0, 5)}), ((2, 1, 3), {"shape": (3, 2)})]),
      doc="reshape to a fully resolved shape", complex_ok=True)


def _infer_permute(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    perm = attrs["perm"]
    if sorted(perm) != list(range(len(x.shape))):
        raise ShapeError(f"permutation {perm} does not match an array of shape {x.shape}")
    return TensorType(x.dtype, tuple(x.shape[p] for p in perm))


defop("permute", _infer_permute, lambda x, *, perm: np.transpose(x, perm),
      lambda em, n, ins: em.op("Transpose", ins[0], perm=list(n.attrs["perm"]))
      if n.attrs["perm"] else em.op("Identity", ins[0]),
      examples=lambda dt: _with_shapes(dt, [
          ((2, 3), {"perm": (1, 0)}), ((2, 3, 4), {"perm": (2, 0, 1)}),
          ((0, 3), {"perm": (1, 0)}), ((), {"perm": ()}), ((4,), {"perm": (0,)})]),
      doc="permute axes", complex_ok=True)


def _infer_expand(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    shape = attrs["shape"]
    check_dims("broadcast_to", shape)
    if len(shape) < len(x.shape) or broadcast_shapes(x.shape, shape) != shape:
        raise ShapeError(f"cannot broadcast array of shape {x.shape} to shape {shape}")
    return TensorType(x.dtype, shape)


defop("expand", _infer_expand, lambda x, *, shape: np.broadcast_to(x, shape).copy(),
      lambda em, n, ins: em.op("Expand", ins[0], i64(em, n.attrs["shape"])),
      examples=lambda dt: _with_shapes(dt, [
          ((3,), {"shape": (2, 3)}), ((), {"shape": (2, 2)}), ((2, 1), {"shape": (2, 4)}),
          ((1,), {"shape": (0,)}), ((0, 1), {"shape": (0, 3)}), ((1, 3), {"shape": (2, 1, 3)})]),
      doc="broadcast to a shape (one-way, validated)", complex_ok=True)


def _infer_concat(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    dt = same_dtype(types, "concat")
    axis = attrs["axis"]
    first = types[0].shape
    for t in types[1:]:
        if len(t.shape) != len(first) or any(a != b for k, (a, b) in
                                             enumerate(zip(t.shape, first)) if k != axis):
            raise ShapeError("concat: all dimensions except the concatenation axis must match, "
                             f"got shapes {', '.join(str(t.shape) for t in types)} on axis {axis}")
    shape = list(first)
    shape[axis] = sum(t.shape[axis] for t in types)
    return TensorType(dt, tuple(shape))


def _concat_examples(dt: DType) -> list[Example]:
    cases = [([(2, 3), (1, 3)], 0), ([(2, 3), (2, 0), (2, 2)], 1), ([(0, 3), (2, 3)], 0),
             ([(3,), (4,)], 0), ([(0,), (0,)], 0), ([(1, 2, 2), (1, 2, 1)], 2)]
    return [Example(tuple(X.sample(dt, s, 10 * k + j) for j, s in enumerate(shapes)),
                    {"axis": axis}) for k, (shapes, axis) in enumerate(cases)]


defop("concat", _infer_concat, lambda *xs, axis: np.concatenate(xs, axis=axis),
      lambda em, n, ins: em.op("Concat", *ins, axis=n.attrs["axis"]),
      examples=_concat_examples, doc="join along an existing axis", complex_ok=True)
