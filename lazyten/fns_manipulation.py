"""Manipulation and indexing functions: broadcast_arrays, flip, moveaxis, repeat, roll, tile,
unstack, take, take_along_axis, tril/triu, and the creation functions eye, linspace, meshgrid,
from_dlpack. Index patterns that depend only on shapes are built on the host as int64 leaves."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from . import arguments as A, dtypes as D
from .array import Array, apply, wrap
from .errors import ArgumentError, DTypeError, ShapeError, ValueArgumentError
from .functions import (as_array, broadcast_to, expand_dims, normalize_axes, permute_dims,
                        reshape, where)
from .lazy import numpy_leaf, to_numpy
from .ops import broadcast_shapes


def broadcast_arrays(*arrays: Any) -> list[Array]:
    xs = [as_array(a) for a in arrays]
    shape = broadcast_shapes(*(x.shape for x in xs))
    return [broadcast_to(x, shape) for x in xs]


def flip(x: Any, /, *, axis: Any = None) -> Array:
    x = as_array(x)
    axes = normalize_axes(axis, x.ndim, "flip")
    key = tuple(slice(None, None, -1) if k in axes else slice(None) for k in range(x.ndim))
    return wrap(x[key]._node())


def moveaxis(x: Any, source: Any, destination: Any, /) -> Array:
    x = as_array(x)
    src = A.axes(A.listed(source), x.ndim, "moveaxis: source")
    dst = A.axes(A.listed(destination), x.ndim, "moveaxis: destination")
    if len(src) != len(dst):
        raise ShapeError(f"moveaxis: source {source} and destination {destination} differ "
                         "in length")
    order = [k for k in range(x.ndim) if k not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute_dims(x, order)


def take(x: Any, indices: Any, /, *, axis: int | None = None) -> Array:
    """Indices known on the host are checked here; pending ones where they run."""
    x, idx = as_array(x), as_array(indices)
    if axis is None:
        if x.ndim != 1:
            raise ShapeError(f"take: axis is required for an array of shape {x.shape}")
        axis = 0
    ax = A.axis(axis, x.ndim, "take: axis")
    A.indices_in_bounds(idx, x.shape[ax], ax, "take: index")
    return wrap(apply("gather", [x._node(), idx._node()], axis=ax))


def take_along_axis(x: Any, indices: Any, /, *, axis: int = -1) -> Array:
    """Indices known on the host are checked here; pending ones where they run."""
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


def _gather_static(x: Array, positions: np.ndarray, axis: int) -> Array:
    return wrap(apply("gather", [x._node(), numpy_leaf(positions, D.int64)], axis=axis))


def repeat(x: Any, repeats: Any, /, *, axis: int | None = None) -> Array:
    """Repeats given as an array are realized: they decide the result's shape."""
    x = as_array(x)
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    ax = A.axis(axis, x.ndim, "repeat: axis")
    if isinstance(repeats, (Array, np.ndarray, list, tuple)):
        reps = to_numpy(repeats._node()) if isinstance(repeats, Array) else np.asarray(repeats)
        if reps.dtype.kind not in "iu" or reps.ndim > 1:
            raise ArgumentError(f"repeat: repeats must be an integer or a 1-d sequence of "
                                f"integers, got {repeats!r}")
        if reps.shape not in ((), (1,), (x.shape[ax],)):
            raise ValueArgumentError(f"repeat: repeats of shape {reps.shape} do not fit an "
                                     f"axis of size {x.shape[ax]}, got {repeats!r}")
        if np.any(reps < 0):
            raise ValueArgumentError(f"repeat: repeats must be non-negative, got {reps}")
    else:
        reps = A.count(repeats, "repeat: repeats")
    return _gather_static(x, np.repeat(np.arange(x.shape[ax]), reps), ax)


def roll(x: Any, /, shift: Any, *, axis: Any = None) -> Array:
    x = as_array(x)
    if axis is None:
        return reshape(roll(reshape(x, (-1,)), shift, axis=0), x.shape)
    shifts = A.integers(shift, "roll: shift")
    axes = tuple(A.axis(a, x.ndim, "roll: axis") for a in A.listed(axis))
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    if len(shifts) != len(axes):
        raise ShapeError(f"roll: shift {shift} and axis {axis} differ in length")
    y = x
    for s, ax in zip(shifts, axes):
        y = _gather_static(y, np.roll(np.arange(x.shape[ax]), s), ax)
    return wrap(y._node())


def tile(x: Any, repetitions: Sequence[int], /) -> Array:
    x = as_array(x)
    reps = A.integers(repetitions, "tile: repetitions")
    if any(r < 0 for r in reps):
        raise ValueArgumentError(f"tile: repetitions must be non-negative, got {repetitions!r}")
    ndim = max(len(reps), x.ndim)
    reps = (1,) * (ndim - len(reps)) + reps
    shape = (1,) * (ndim - x.ndim) + x.shape
    inter = tuple(v for d in shape for v in (1, d))
    big = tuple(v for r, d in zip(reps, shape) for v in (r, d))
    y = apply("expand", [apply("reshape", [x._node()], shape=inter)], shape=big)
    return wrap(apply("reshape", [y], shape=tuple(r * d for r, d in zip(reps, shape))))


def unstack(x: Any, /, *, axis: int = 0) -> tuple[Array, ...]:
    x = as_array(x)
    ax = A.axis(axis, x.ndim, "unstack: axis")
    key = (slice(None),) * ax
    return tuple(wrap(x[key + (i,)]._node()) for i in range(x.shape[ax]))


def _tri_select(x: Any, k: Any, lower: bool) -> Array:
    x = as_array(x)
    k = A.integer(k, f"{'tril' if lower else 'triu'}: k")
    if x.ndim < 2:
        raise ShapeError(f"tril/triu need at least 2 dimensions, got shape {x.shape}")
    m, n = x.shape[-2:]
    keep = np.tri(m, n, k, dtype=bool) if lower else ~np.tri(m, n, k - 1, dtype=bool)
    from .creation import zeros_like
    return where(wrap(numpy_leaf(keep, D.bool_)), x, zeros_like(x))


def tril(x: Any, /, *, k: int = 0) -> Array:
    return _tri_select(x, k, True)


def triu(x: Any, /, *, k: int = 0) -> Array:
    return _tri_select(x, k, False)


def eye(n_rows: int, n_cols: int | None = None, /, *, k: int = 0, dtype: Any = None,
        device: Any = None) -> Array:
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    n_rows = A.count(n_rows, "eye: n_rows")
    n_cols = n_rows if n_cols is None else A.count(n_cols, "eye: n_cols")
    A.fits((n_rows, n_cols), dt.itemsize, "eye: shape")
    k = A.integer(k, "eye: k")
    from .creation import on_device
    return on_device(wrap(numpy_leaf(np.eye(n_rows, n_cols, k, dtype=dt.np), dt)), device)


def linspace(start: Any, stop: Any, /, num: int, *, dtype: Any = None, device: Any = None,
             endpoint: bool = True) -> Array:
    """Computed on the host in float64."""
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    start, stop = A.real(start, "linspace: start"), A.real(stop, "linspace: stop")
    num = A.count(num, "linspace: num")
    A.fits((num,), 8, "linspace: shape")
    values = np.linspace(float(start), float(stop), num, endpoint=endpoint)
    from .creation import on_device
    return on_device(wrap(numpy_leaf(values.astype(dt.np), dt)), device)


def meshgrid(*arrays: Any, indexing: str = "xy") -> list[Array]:
    if indexing not in ("xy", "ij"):
        raise ValueArgumentError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    xs = [as_array(a) for a in arrays]
    for x in xs:
        if x.ndim != 1:
            raise ShapeError(f"meshgrid needs 1-D arrays, got shape {x.shape}")
    sizes = [x.size for x in xs]
    if indexing == "xy" and len(xs) > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for k, x in enumerate(xs):
        pos = (1 - k if k < 2 else k) if indexing == "xy" and len(xs) > 1 else k
        shape = tuple(x.size if j == pos else 1 for j in range(len(xs)))
        out.append(broadcast_to(reshape(x, shape), tuple(sizes)))
    return out


def from_dlpack(x: Any, /, *, device: Any = None, copy: bool | None = None) -> Array:
    if not hasattr(x, "__dlpack__"):
        raise ArgumentError(f"from_dlpack: x must support DLPack (have __dlpack__), got "
                            f"{type(x).__name__}")
    try:
        host = np.from_dlpack(x)
    except BufferError as exc:
        raise DTypeError(f"from_dlpack: cannot import {type(x).__name__} of dtype "
                         f"{getattr(x, 'dtype', '?')}: {exc}") from None
    from .creation import asarray
    return asarray(host, device=device, copy=True)


__all__ = ["broadcast_arrays", "expand_dims", "eye", "flip", "from_dlpack", "linspace",
           "meshgrid", "moveaxis", "repeat", "roll", "take", "take_along_axis", "tile", "tril",
           "triu", "unstack"]
