"""Searching: argmax/argmin, nonzero, count_nonzero, searchsorted.

``nonzero`` has a data-dependent shape: it realizes its input and builds the result from the
host values (exact, but not deferred).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, cast, node_as, operands, wrap
from ..errors import ShapeError, ValueArgumentError
from ..lazy import apply, numpy_leaf, to_numpy
from . import arguments as A
from .elementwise import isnan, less, less_equal, logical_and, logical_not, logical_or, not_equal
from .indexing import take
from .manipulation import expand_dims, reshape
from .reduction import sum


def _arg(op: str, x: Any, axis: int | None, keepdims: bool) -> Array:
    x = as_array(x)
    if axis is None:
        flat = reshape(x, (-1,))
        r = _arg(op, flat, 0, False)
        return reshape(r, (1,) * x.ndim) if keepdims else r
    if x.ndim == 0:  # onnxruntime's ArgMax rejects 0-d input; axis 0 or -1 is its one element
        A.axes(A.integer(axis, f"{op}: axis"), 0, f"{op}: axis")
        return _arg(op, reshape(x, (1,)), 0, False)
    ax = A.axis(axis, x.ndim, f"{op}: axis")
    if x.shape[ax] == 0:
        raise ValueArgumentError(f"{op} of an empty axis: array of shape {x.shape}, axis {axis}")
    node = cast(x._node(), D.uint8) if x.dtype is D.bool_ else x._node()  # False < True
    return wrap(apply(op, [node], axis=ax, keepdims=bool(keepdims)))


def argmax(x: ArrayLike, /, axis: int | None = None, *, keepdims: bool = False) -> Array:
    """The index of the largest element along ``axis`` (of the flattened array for None); the
    first NaN wins. Gives int64.

    >>> x = lt.asarray([[1, 9], [7, 3]])
    >>> lt.argmax(x, axis=1)
    lazyten.Array([1, 0], dtype=int64)
    >>> lt.argmax(x)
    lazyten.Array(1, dtype=int64)
    """
    return _arg("argmax", x, axis, keepdims)


def argmin(x: ArrayLike, /, axis: int | None = None, *, keepdims: bool = False) -> Array:
    """The index of the smallest element along ``axis`` (of the flattened array for None); the
    first NaN wins. Gives int64.

    >>> x = lt.asarray([[1, 9], [7, 3]])
    >>> lt.argmin(x, axis=0)
    lazyten.Array([0, 1], dtype=int64)
    >>> lt.argmin(x)
    lazyten.Array(0, dtype=int64)
    """
    return _arg("argmin", x, axis, keepdims)


def nonzero(x: ArrayLike, /) -> tuple[Array, ...]:
    """The indices of the nonzero elements, one int64 array per axis (computed when called: the
    size depends on the values). Gives int64.

    >>> lt.nonzero(lt.asarray([[0, 1], [2, 0]]))
    (lazyten.Array([0, 1], dtype=int64), lazyten.Array([1, 0], dtype=int64))
    """
    x = as_array(x)
    if x.ndim == 0:
        raise ShapeError("nonzero of a 0-d array is not defined; use nonzero(atleast_1d(x))")
    return tuple(wrap(numpy_leaf(i, D.int64)) for i in np.nonzero(to_numpy(x._node())))


def count_nonzero(x: ArrayLike, /, axis: int | tuple[int, ...] | None = None, *,
                  keepdims: bool = False) -> Array:
    """How many elements along ``axis`` are nonzero. Gives int64.

    >>> lt.count_nonzero(lt.asarray([[0, 1], [2, 3]]), axis=0)
    lazyten.Array([1, 2], dtype=int64)
    """
    x = as_array(x)
    return sum(x if x.dtype is D.bool_ else not_equal(x, 0), axis=axis, keepdims=keepdims)


def searchsorted(x1: ArrayLike, x2: ArrayLike, /, side: str = "left",
                 sorter: ArrayLike | None = None) -> Array:
    """Where the values of ``x2`` would be inserted into the sorted 1-D ``x1`` to keep it sorted
    (before equal values for ``side='left'``, after them for ``'right'``). Gives int64. Computed
    by counting, per query, the sorted values before it (NaN sorts last).

    >>> lt.searchsorted(lt.asarray([1, 3, 5]), lt.asarray([0, 3, 6]))
    lazyten.Array([0, 1, 3], dtype=int64)
    >>> lt.searchsorted(lt.asarray([1, 3, 5]), 3, side="right")
    lazyten.Array(2, dtype=int64)
    """
    x1 = as_array(x1)
    if x1.ndim != 1:
        raise ShapeError(f"searchsorted needs a 1-D sorted array, got shape {x1.shape}")
    if side not in ("left", "right"):
        raise ValueArgumentError(f"searchsorted: side must be 'left' or 'right', got {side!r}")
    if sorter is not None:
        sorter = as_array(sorter)
        A.indices_in_bounds(sorter, x1.shape[0], 0, "searchsorted: sorter index")
        x1 = take(x1, sorter, axis=0)
    a, v, dt = operands(x1, x2)
    a, v = wrap(node_as(a, dt)), expand_dims(wrap(node_as(v, dt)), -1)
    vnan = isnan(v)
    if side == "left":
        before = logical_or(less(a, v), logical_and(vnan, logical_not(isnan(a))))
    else:
        before = logical_or(less_equal(a, v), vnan)
    return sum(before, axis=-1)
