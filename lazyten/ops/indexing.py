"""Indexing ops: basic indexing (getitem/setitem over a normalized index), flat positions
(advanced indexing), and gathers along an axis; and the index format itself, from a Python key
(``basic_index``) to NumPy and ONNX.

An ``index`` attribute has one entry per item: ("s", start, stop, step) for a slice over the
next input dimension (normalized by ``slice.indices``), ("i",) for an integer over the next
input dimension whose value is the next extra operand (a non-negative int64 scalar), ("n",) for
a new axis; ("S", start, stop, step, length) for a slice over a dimension of symbolic size,
its bounds as written and its length an expression of the size.
"""
from __future__ import annotations

import operator
from typing import Any, NamedTuple

import numpy as np

from .. import dtypes as D
from ..dims import Dim, maximum, minimum
from ..dtypes import DType
from ..errors import DTypeError, LazyIndexError, ShapeError
from ..ir import Node, Shape, TensorType
from . import examples as X
from .lowering import INT64_MAX, INT64_MIN, i64
from .table import Emitter, Example, defop


# ---------------------------------------------------------------------------------------------
# A Python key as an index spec

VALID_INDICES = ("only integers, slices (`:`), ellipsis (`...`), None and integer or boolean "
                 "arrays are valid indices")


class BasicIndex(NamedTuple):
    spec: tuple          # entries as documented above
    ints: tuple[int, ...]  # non-negative integer index values, in order

    def is_full(self, shape: Shape) -> bool:
        return not self.ints and all(e[0] == "s" and e[1:] == (0, d, 1)
                                     for e, d in zip(self.spec, shape)) and \
            len(self.spec) == len(shape)


def _is_int(item: Any) -> bool:
    if isinstance(item, (bool, np.bool_)):
        return False
    if isinstance(item, (int, np.integer)):
        return True
    return False


def _as_index_int(item: Any) -> int | None:
    if _is_int(item):
        return int(item)
    if hasattr(item, "__index__") and not isinstance(item, (bool, np.bool_, np.ndarray)) \
            and not hasattr(item, "_storage"):
        return operator.index(item)
    return None


def basic_index(shape: Shape, key: tuple) -> BasicIndex:
    """Normalize a key of ints, slices, ``...`` and ``None`` against ``shape``."""
    items = _expand_ellipsis(shape, key)
    spec: list[tuple] = []
    ints: list[int] = []
    dim = 0
    for item in items:
        if item is None:
            spec.append(("n",))
        elif isinstance(item, slice):
            if type(shape[dim]) is not int:
                spec.append(symbolic_slice(item, shape[dim], dim))
                dim += 1
                continue
            try:
                spec.append(("s",) + item.indices(shape[dim]))
            except (TypeError, ValueError) as exc:
                raise LazyIndexError(f"invalid slice {item} for axis {dim} with size "
                                     f"{shape[dim]}: {exc}") from None
            dim += 1
        else:
            i = _as_index_int(item)
            if i is None:
                raise LazyIndexError(f"{VALID_INDICES}; got {type(item).__name__} {item!r}")
            size = shape[dim]
            spec.append(("i",))
            dim += 1
            if type(size) is not int:  # checked when it runs; Gather counts -1 from the end
                ints.append(i)
                continue
            if not -size <= i < size:
                raise LazyIndexError(f"index {i} is out of bounds for axis {dim - 1} with "
                                     f"size {size}")
            ints.append(i + size if i < 0 else i)
    for d in shape[dim:]:
        spec.append(("s", 0, d, 1))
    return BasicIndex(tuple(spec), tuple(ints))


def symbolic_slice(item: slice, size: Dim, dim: int) -> tuple:
    """A slice over an axis of symbolic size: ("S", start, stop, step, length, first) with the
    bounds as written (ints, sizes or None: ONNX Slice and NumPy clamp them as Python does),
    and the length and the first index it selects as expressions of the size."""
    bounds = []
    for v in (item.start, item.stop, item.step):
        if v is not None and type(v) is not Dim:
            v = _as_index_int(v)
            if v is None:
                raise LazyIndexError(f"invalid slice {item} for axis {dim}: bounds must be "
                                     "integers or None")
        bounds.append(v)
    start, stop, step = bounds
    step = 1 if step is None else step
    if type(step) is not int or step == 0:
        raise LazyIndexError(f"invalid slice {item} for axis {dim} with size {size}: the step "
                             "must be a non-zero integer")
    if step > 0:
        first, end = _bound(start, 0, size, 0, size), _bound(stop, size, size, 0, size)
        length = maximum((end - first + step - 1) // step, 0)
    else:
        first = _bound(start, size - 1, size, -1, size - 1)
        end = _bound(stop, -1, size, -1, size - 1)
        length = maximum((first - end - step - 1) // -step, 0)
    return ("S", start, stop, step, length, first)


def _bound(v: Any, default: Any, size: Dim, low: int, high: Any) -> Any:
    """Where a slice bound lands, as ``slice.indices`` puts it, for a symbolic size."""
    if v is None:
        return default
    if type(v) is int and v < 0:
        return maximum(size + v, low)
    return minimum(high, v) if type(v) is int else _smaller(v, high)


def _smaller(a: Dim, b: Any) -> Any:
    return a if a <= b else b


def _consumed(item: Any) -> int:
    if item is None or item is Ellipsis:
        return 0
    if isinstance(item, np.ndarray) and item.dtype == bool:
        return max(item.ndim, 1)
    if hasattr(item, "_storage") and item.dtype.kind == "b":
        return max(item.ndim, 1)
    return 1


def _expand_ellipsis(shape: Shape, key: tuple) -> tuple:
    n_ell = sum(1 for k in key if k is Ellipsis)
    if n_ell > 1:
        raise LazyIndexError("an index can only have a single ellipsis ('...')")
    used = sum(_consumed(k) for k in key)
    if used > len(shape):
        raise LazyIndexError(f"too many indices for array: array is {len(shape)}-dimensional, "
                             f"but {used} were indexed")
    for k in key:
        if isinstance(k, (float, np.floating, complex, str, bytes)):
            raise LazyIndexError(f"{VALID_INDICES}; got {type(k).__name__} {k!r}")
    if n_ell:
        pos = next(i for i, k in enumerate(key) if k is Ellipsis)
        return key[:pos] + (slice(None),) * (len(shape) - used) + key[pos + 1:]
    return key


# ---------------------------------------------------------------------------------------------
# Shapes and NumPy indices of a spec

def index_out_shape(shape: Shape, index: tuple) -> Shape:
    out = []
    for e in index:
        if e[0] == "s":
            out.append(len(range(e[1], e[2], e[3])))
        elif e[0] == "S":
            out.append(e[4])
        elif e[0] == "n":
            out.append(1)
    return tuple(out)


def region_shape(shape: Shape, index: tuple) -> Shape:
    """Shape of the written region: the getitem shape without the new axes."""
    return tuple(len(range(e[1], e[2], e[3])) if e[0] == "s" else e[4]
                 for e in index if e[0] in "sS")


def slice_bounds(e: tuple) -> tuple[int, int | None, int]:
    """Start, stop, step of a normalized slice entry for NumPy and ONNX Slice, where a negative
    start or stop would count from the end: an empty range becomes 0:0, and a negative step
    running to the front gets stop None ("before index 0")."""
    _, start, stop, step = e
    if not len(range(start, stop, step)):
        return 0, 0, 1
    return start, (None if stop < 0 else stop), step


def numpy_index(index: tuple, ints: tuple[Any, ...], with_new: bool = True) -> tuple:
    """The index as NumPy takes it, for views that stay views: all-integer indices end in
    ``...`` so that NumPy returns a 0-d array rather than a scalar."""
    out: list[Any] = []
    it = iter(ints)
    for e in index:
        if e[0] == "s":
            out.append(slice(*slice_bounds(e)))
        elif e[0] == "S":
            out.append(slice(e[1], e[2], e[3]))
        elif e[0] == "i":
            out.append(int(next(it)))
        elif with_new:
            out.append(None)
    out.append(Ellipsis)
    return tuple(out)


def _is_full(e: tuple, dim: int) -> bool:
    return e[0] == "s" and e[1] == 0 and e[2] == dim and e[3] == 1


_KEYS = {(5,): [(slice(None, None, -1),), (4,), (slice(-2, None),), (slice(4, 0, -3),)],
         (3, 4): [(1,), (slice(None, None, -1),), (slice(1, 3), 2), (-1, slice(3, 0, -2)),
                  (Ellipsis, None, slice(None, None, 2)), (slice(5, 1),)],
         (2, 3, 4): [(1, slice(None), -1), (None, 0), (slice(None), slice(None, None, -1), 1)],
         (0, 3): [(slice(None), 1), (slice(None, None, -1),)],
         (): [(None,), (Ellipsis,)]}


def _basic_examples(dt: DType, setting: bool) -> list[Example]:
    cases = []
    for k, (shape, keys) in enumerate(_KEYS.items()):
        for j, key in enumerate(keys):
            idx = basic_index(shape, key)
            ints = tuple(np.asarray(i, np.int64) for i in idx.ints)
            x = X.sample(dt, shape, 10 * k + j)
            if setting:
                value = X.sample(dt, region_shape(shape, idx.spec), 10 * k + j + 5)
                cases.append(Example((x, value) + ints, {"index": idx.spec}))
            else:
                cases.append(Example((x,) + ints, {"index": idx.spec}))
    return cases


def _infer_getitem(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    return TensorType(types[0].dtype, index_out_shape(types[0].shape, attrs["index"]))


def _lower_getitem(em: Emitter, n: Node, ins: list[str]) -> str:
    x, ints = ins[0], ins[1:]
    shape = n.inputs[0].shape
    starts, ends, axes, steps, int_axes = [], [], [], [], []
    dim = 0
    for e in n.attrs["index"]:
        if e[0] == "s":
            if not _is_full(e, shape[dim]):
                start, stop, step = slice_bounds(e)
                starts.append(start)
                ends.append(INT64_MIN if stop is None else stop)
                axes.append(dim)
                steps.append(step)
            dim += 1
        elif e[0] == "S":  # bounds as written: ONNX Slice clamps them as Python does
            _, start, stop, step = e[:4]
            if (start, stop, step) != (None, None, 1):
                starts.append((0 if step > 0 else INT64_MAX) if start is None else start)
                ends.append((INT64_MAX if step > 0 else INT64_MIN) if stop is None else stop)
                axes.append(dim)
                steps.append(step)
            dim += 1
        elif e[0] == "i":
            int_axes.append(dim)
            dim += 1
    y = x
    if axes:
        y = em.op("Slice", y, i64(em, starts), i64(em, ends), i64(em, axes), i64(em, steps))
    for axis, name in reversed(list(zip(int_axes, ints))):
        y = em.op("Gather", y, name, axis=axis)
    new_axes, pos = [], 0
    for e in n.attrs["index"]:
        if e[0] == "n":
            new_axes.append(pos)
        if e[0] != "i":
            pos += 1
    if new_axes:
        y = em.op("Unsqueeze", y, i64(em, new_axes))
    if y == x:
        y = em.op("Identity", x)
    return y


defop("getitem", _infer_getitem,
      lambda x, *ints, index: np.array(x[numpy_index(index, ints)]),
      _lower_getitem, examples=lambda dt: _basic_examples(dt, False),
      doc="basic indexing: slices, integers, new axes", complex_ok=True)


def _infer_setitem(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, v = types[0], types[1]
    want = region_shape(x.shape, attrs["index"])
    if v.shape != want or v.dtype is not x.dtype:
        raise ShapeError(f"setitem: value {v} does not match region {x.dtype.short}{list(want)}")
    return x


def _ref_setitem(x: np.ndarray, v: np.ndarray, *ints: np.ndarray, index: tuple) -> np.ndarray:
    y = x.copy()
    y[numpy_index(index, ints, with_new=False)] = v
    return y


def _scatter_region(em: Emitter, x: str, rank: int, sel: list[tuple[int, str, str]],
                    v: str) -> str:
    """Write ``v`` into ``x`` at the product of per-axis index lists, one axis at a time."""
    if not sel:
        return v
    (axis, idx, idx_col), rest = sel[0], sel[1:]
    upd = v if not rest else _scatter_region(em, em.op("Gather", x, idx, axis=axis), rank, rest, v)
    if axis == 0:
        return em.op("ScatterND", x, idx_col, upd)
    perm = [axis] + [k for k in range(rank) if k != axis]
    inv = [perm.index(k) for k in range(rank)]
    r = em.op("ScatterND", em.op("Transpose", x, perm=perm), idx_col,
              em.op("Transpose", upd, perm=perm))
    return em.op("Transpose", r, perm=inv)


def _lower_setitem(em: Emitter, n: Node, ins: list[str]) -> str:
    x, v, ints = ins[0], ins[1], iter(ins[2:])
    shape = n.shape
    value_type = n.inputs[1].type
    if not value_type.is_symbolic and value_type.size == 0:  # onnxruntime rejects empty scatters
        return em.op("Identity", x)
    sel: list[tuple[int, str, str]] = []
    int_positions = []
    dim = 0
    for e in n.attrs["index"]:
        if e[0] == "s":
            if not _is_full(e, shape[dim]):
                rng = np.arange(e[1], e[2], e[3], dtype=np.int64)
                sel.append((dim, i64(em, rng), i64(em, rng.reshape(-1, 1))))
            dim += 1
        elif e[0] == "S":  # the selected indices, computed from the size at run time
            if e[1:4] != (None, None, 1):
                step, length, first = e[3], e[4], e[5]
                rng = em.op("Range", i64(em, first), i64(em, first + length * step),
                            i64(em, step))
                sel.append((dim, rng, em.op("Unsqueeze", rng, i64(em, [1]))))
            dim += 1
        elif e[0] == "i":
            name = next(ints)
            sel.append((dim, em.op("Reshape", name, i64(em, [1])),
                        em.op("Reshape", name, i64(em, [1, 1]))))
            int_positions.append(dim)
            dim += 1
    if int_positions:
        v = em.op("Unsqueeze", v, i64(em, int_positions))
    return _scatter_region(em, x, len(shape), sel, v)


defop("setitem", _infer_setitem, _ref_setitem, _lower_setitem,
      examples=lambda dt: _basic_examples(dt, True),
      doc="functional basic-index assignment: x with x[index] replaced by the value",
      complex_ok=True)


def _infer_take_flat(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, pos = types
    if pos.dtype is not D.int64:
        raise DTypeError(f"take_flat: positions must be int64, got {pos}")
    return TensorType(x.dtype, pos.shape)


def _flatten(em: Emitter, x: str, size: int) -> str:
    return em.op("Reshape", x, i64(em, [size]), allowzero=1)


def _flat_examples(dt: DType, putting: bool) -> list[Example]:
    cases = []
    for k, (shape, pos) in enumerate([((3, 4), [[0, 5], [11, 3]]), ((5,), [4, 0, 2]),
                                      ((2, 3), []), ((), [0]), ((0, 3), [])]):
        x = X.sample(dt, shape, k)
        p = np.asarray(pos, np.int64)
        args = (x, p, X.sample(dt, p.shape, k + 3)) if putting else (x, p)
        cases.append(Example(args, {}))
    return cases


defop("take_flat", _infer_take_flat, lambda x, pos: x.reshape(-1)[pos],
      lambda em, n, ins: em.op("Gather", _flatten(em, ins[0], n.inputs[0].type.size), ins[1],
                               axis=0),
      examples=lambda dt: _flat_examples(dt, False),
      doc="gather elements at flat positions (advanced indexing)", complex_ok=True)


def _infer_put_flat(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, pos, v = types
    if pos.shape != v.shape or v.dtype is not x.dtype or pos.dtype is not D.int64:
        raise ShapeError(f"put_flat: positions {pos} and values {v} must match")
    return x


def _ref_put_flat(x: np.ndarray, pos: np.ndarray, v: np.ndarray) -> np.ndarray:
    y = x.copy().reshape(-1)
    y[pos.reshape(-1)] = v.reshape(-1)
    return y.reshape(x.shape)


def _lower_put_flat(em: Emitter, n: Node, ins: list[str]) -> str:
    x, pos, v = ins
    k = n.inputs[1].type.size
    if k == 0:
        return em.op("Identity", x)
    flat = em.op("ScatterND", _flatten(em, x, n.type.size),
                 em.op("Reshape", pos, i64(em, [k, 1]), allowzero=1), _flatten(em, v, k))
    return em.op("Reshape", flat, i64(em, n.shape), allowzero=1)


defop("put_flat", _infer_put_flat, _ref_put_flat, _lower_put_flat,
      examples=lambda dt: _flat_examples(dt, True),
      doc="functional scatter at flat positions (advanced-index assignment)", complex_ok=True)


def _infer_gather(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, idx = types
    if idx.dtype.kind not in "iu":
        raise DTypeError(f"take: indices must be integers, got {idx}")
    axis = attrs["axis"]
    return TensorType(x.dtype, x.shape[:axis] + idx.shape + x.shape[axis + 1:])


_INDEX_DTYPES = (np.int64, np.int32, np.uint8, np.int16)


def _gather_examples(dt: DType) -> list[Example]:
    cases = [((5,), [4, 0, -1, 2], 0), ((3, 4), [[0, 2], [-1, 1]], 1), ((3, 4), 2, 0),
             ((3, 4), [], 1), ((0, 3), [1, -3], 1), ((2, 0), [1, 0], 0)]
    out = []
    for k, (shape, idx, axis) in enumerate(cases):
        index_dtype = _INDEX_DTYPES[k % len(_INDEX_DTYPES)]
        idx = np.asarray(idx, np.int64)
        if index_dtype == np.uint8:
            idx = idx % np.int64(shape[axis] or 1)
        out.append(Example((X.sample(dt, shape, k), idx.astype(index_dtype)), {"axis": axis}))
    return out


defop("gather", _infer_gather,
      lambda x, idx, *, axis: np.take(x, idx.astype(np.int64), axis=axis),
      lambda em, n, ins: em.op("Gather", ins[0], em.cast(ins[1], D.int64), axis=n.attrs["axis"]),
      examples=_gather_examples,
      doc="take slices along an axis at the given indices (negative indices wrap)",
      complex_ok=True)


def _infer_gather_el(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, idx = types
    axis = attrs["axis"]
    same = all(a == b for k, (a, b) in enumerate(zip(x.shape, idx.shape)) if k != axis)
    if idx.dtype.kind not in "iu" or len(idx.shape) != len(x.shape) or not same:
        raise ShapeError(f"take_along_axis: indices {idx} must be integers shaped like {x} "
                         f"except along axis {axis}")
    return TensorType(x.dtype, idx.shape)


def _gather_elements_examples(dt: DType) -> list[Example]:
    cases = [((3, 4), [[0, 3], [-1, 1], [2, 2]], 1), ((2, 3), [[1, 0, -2]], 0),
             ((4,), [3, 0, -4, 1, 1], 0), ((2, 0), [[], []], 1), ((0, 3), np.zeros((0, 2)), 1)]
    return [Example((X.sample(dt, shape, k), np.asarray(idx, np.int64)), {"axis": axis})
            for k, (shape, idx, axis) in enumerate(cases)]


defop("gather_elements", _infer_gather_el,
      lambda x, idx, *, axis: np.take_along_axis(x, idx.astype(np.int64), axis=axis),
      lambda em, n, ins: em.op("GatherElements", ins[0], em.cast(ins[1], D.int64),
                               axis=n.attrs["axis"]),
      examples=_gather_elements_examples,
      doc="pick one element per index along an axis (shapes already broadcast)",
      complex_ok=True)
