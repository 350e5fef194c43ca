"""Indexing: ``x[key]`` and ``x[key] = value``, ``take`` and ``take_along_axis``.

Basic indices (integers, slices, ``...``, ``None``) give views (the index format is
``lazyten.ops.indexing``'s). Anything with an integer or boolean array is advanced: NumPy itself
computes the flat positions of the selected elements (from zero-stride coordinate grids, so
nothing of the array's size is allocated), which gives NumPy's exact rules for mixing,
broadcasting and bounds errors; index arrays are computed when used, since the result's shape
depends on them.
"""
from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, cast, is_scalar, wrap
from ..errors import DTypeError, LazyIndexError, ShapeError
from ..ir import Node, Shape
from ..lazy import apply, numpy_leaf, scalar_node, to_numpy
from ..ops import VALID_INDICES, BasicIndex, basic_index, broadcast_shapes, index_out_shape
from ..source import user_location
from ..views import IndexView, ReshapeView, ViewStep
from . import arguments as A
from .creation import asarray
from .manipulation import broadcast_to


def is_array_index(item: Any) -> bool:
    return isinstance(item, (list, np.ndarray)) or hasattr(item, "_storage")


def split_key(key: Any) -> tuple:
    return key if isinstance(key, tuple) else (key,)


def flat_positions(shape: Shape, key: tuple) -> np.ndarray:
    """Flat (row-major) positions of the elements ``np.empty(shape)[key]`` would select.

    ``key`` holds only NumPy-compatible items (arrays already converted to ndarrays).
    """
    for k in key:
        if isinstance(k, (float, np.floating)) or (isinstance(k, np.ndarray)
                                                   and k.dtype.kind not in "biu"):
            raise LazyIndexError(f"{VALID_INDICES}; got an index of "
                                 f"{getattr(k, 'dtype', type(k).__name__)}")
    try:
        if not shape:
            return np.zeros((), np.int64)[key]
        strides = np.cumprod((1,) + tuple(reversed(shape[1:])))[::-1]
        total = None
        for axis, (size, stride) in enumerate(zip(shape, strides)):
            grid_strides = [0] * len(shape)
            grid_strides[axis] = 8
            coords = np.lib.stride_tricks.as_strided(np.arange(size, dtype=np.int64), shape,
                                                     grid_strides, writeable=False)
            part = coords[key] * int(stride)
            total = part if total is None else total + part
        return np.asarray(total, np.int64, order="C")  # 0-d stays 0-d
    except IndexError as exc:
        raise LazyIndexError(str(exc)) from None


def _index_operand(item: Any) -> Any:
    """Index arrays are needed on the host to know the result's shape: realize them."""
    if isinstance(item, Array):
        return to_numpy(item._node())
    if isinstance(item, list):
        arr = np.asarray(item)
        return arr.astype(np.int64) if arr.size == 0 else arr
    return item


def _view_step(x: Array, idx: BasicIndex) -> ViewStep:
    """The view a basic index makes (``x[...]`` and ``x[:]`` keep the shape)."""
    if idx.is_full(x.shape):
        return ReshapeView(x.shape, user_location())
    return IndexView(idx.spec, idx.ints, user_location())


def getitem(x: Array, key: Any) -> Array:
    items = split_key(key)
    if not builtins.any(is_array_index(k) for k in items):
        return x._view_of(_view_step(x, basic_index(x.shape, items)))
    positions = flat_positions(x.shape, tuple(_index_operand(k) for k in items))
    pos = numpy_leaf(positions, D.int64, device=None)
    return wrap(apply("take_flat", [x._node(), pos]))


def setitem(x: Array, key: Any, value: Any) -> None:
    items = split_key(key)
    basic = not builtins.any(is_array_index(k) for k in items)
    if is_scalar(value):
        vnode = scalar_node(value, x.dtype)
    elif isinstance(value, Array):
        if basic and value._storage is x._storage and value._view == x._view + (
                _view_step(x, basic_index(x.shape, items)),):
            return  # x[k] = x[k] changes nothing (`x[k] += 1` already wrote through x[k])
        vnode = cast(value._node(), x.dtype)
    else:  # lists and NumPy arrays go straight to x's dtype, as NumPy converts them
        vnode = asarray(value, dtype=x.dtype)._node()
    mask = _whole_mask(x, items)
    if mask is not None and vnode.shape == ():
        cond = mask._node()
        cond = apply("reshape", [cond], shape=cond.shape + (1,) * (x.ndim - mask.ndim))
        x._write(apply("where", [cond, vnode, x._node()]))
        return
    if basic:
        idx = basic_index(x.shape, items)
        new = _broadcast_value(vnode, index_out_shape(x.shape, idx.spec), key)
        if not new.type.is_symbolic and new.type.size == 0:  # nothing to write
            return
        if idx.is_full(x.shape):
            x._write(new)
        else:
            x._view_of(_view_step(x, idx))._write(new)
        return
    positions = flat_positions(x.shape, tuple(_index_operand(k) for k in items))
    new = _broadcast_value(vnode, positions.shape, key)
    if positions.size == 0:
        return
    pos = numpy_leaf(positions, D.int64, device=None)
    x._write(apply("put_flat", [x._node(), pos, new]))


def _broadcast_value(v: Node, shape: tuple[int, ...], key: Any) -> Node:
    if v.shape == shape:
        return v
    extra = len(v.shape) - len(shape)
    if shape and extra > 0 and all(d == 1 for d in v.shape[:extra]):  # NumPy drops leading 1s
        v = apply("reshape", [v], shape=v.shape[extra:])
        if v.shape == shape:
            return v
    try:
        if broadcast_shapes(v.shape, shape) != shape:
            raise ShapeError("")
    except ShapeError:
        raise ShapeError(f"could not broadcast value of shape {v.shape} into the indexed "
                         f"region of shape {shape} (index {key!r})") from None
    return apply("expand", [v], shape=shape)


def _whole_mask(x: Array, items: tuple) -> Array | None:
    """A lone lazy bool array indexing the leading dimensions: assign with ``where``."""
    if len(items) != 1 or not isinstance(items[0], Array) or items[0].dtype is not D.bool_:
        return None
    mask = items[0]
    if mask.ndim == 0 or mask.shape != x.shape[:mask.ndim]:
        return None
    return mask


def take(x: ArrayLike, indices: ArrayLike, /, axis: int | None = None) -> Array:
    """The elements of ``x`` at ``indices`` along ``axis`` (optional for 1-D). Keeps the dtype.
    Indices known on the host are checked here; pending ones where they run.

    >>> lt.take(lt.asarray([10, 20, 30]), lt.asarray([2, 0]))
    lazyten.Array([30, 10], dtype=int64)
    """
    x, idx = as_array(x), as_array(indices)
    if axis is None:
        if x.ndim != 1:
            raise ShapeError(f"take: axis is required for an array of shape {x.shape}")
        axis = 0
    ax = A.axis(axis, x.ndim, "take: axis")
    A.indices_in_bounds(idx, x.shape[ax], ax, "take: index")
    return wrap(apply("gather", [x._node(), idx._node()], axis=ax))


def take_along_axis(x: ArrayLike, indices: ArrayLike, /, axis: int = -1) -> Array:
    """The elements of ``x`` at ``indices`` (as ``argsort`` gives them) along ``axis``; the
    other axes broadcast. Keeps the dtype. Indices known on the host are checked here; pending
    ones where they run.

    >>> x = lt.asarray([[3, 1], [2, 4]])
    >>> lt.take_along_axis(x, lt.argsort(x, axis=1), axis=1)
    lazyten.Array([[1, 3],
                   [2, 4]], dtype=int64)
    """
    x, idx = as_array(x), as_array(indices)
    if idx.dtype.kind not in "iu":
        raise DTypeError(f"take_along_axis: indices must be integers, got {idx._type}")
    if x.ndim != idx.ndim:
        raise ShapeError(f"take_along_axis: x {x.shape} and indices {idx.shape} differ in rank")
    ax = A.axis(axis, x.ndim, "take_along_axis: axis")
    A.indices_in_bounds(idx, x.shape[ax], ax, "take_along_axis: index")
    rest = broadcast_shapes(*((s[:ax] + (1,) + s[ax + 1:]) for s in (x.shape, idx.shape)))
    x = broadcast_to(x, rest[:ax] + (x.shape[ax],) + rest[ax + 1:])
    idx = broadcast_to(idx, rest[:ax] + (idx.shape[ax],) + rest[ax + 1:])
    return wrap(apply("gather_elements", [x._node(), idx._node()], axis=ax))
