"""Sorting (stable, through onnxruntime's TopK) and the set functions.

The ``unique_*`` functions have data-dependent shapes: they realize their input and build the
result on the host with NumPy, treating every NaN as distinct and -0.0 equal to +0.0.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, wrap
from ..lazy import apply, numpy_leaf, to_numpy
from . import arguments as A
from .complex_math import refuse
from .manipulation import reshape


def argsort(x: ArrayLike, /, axis: int = -1, *, descending: bool = False,
            stable: bool = True) -> Array:
    """The indices that sort ``x`` along ``axis`` (stable; NaN last). Gives int64.

    >>> lt.argsort(lt.asarray([3, 1, 2]))
    lazyten.Array([1, 2, 0], dtype=int64)
    >>> lt.argsort(lt.asarray([3, 1, 2]), descending=True)
    lazyten.Array([0, 2, 1], dtype=int64)
    """
    x = as_array(x)
    if x.ndim == 0:  # axis 0 or -1: its one element
        A.axes(A.integer(axis, "argsort: axis"), 0, "argsort: axis")
        return reshape(argsort(reshape(x, (1,))), ())
    ax = A.axis(axis, x.ndim, "argsort: axis")
    return wrap(apply("argsort", [x._node()], axis=ax, descending=bool(descending)))


def sort(x: ArrayLike, /, axis: int = -1, *, descending: bool = False,
         stable: bool = True) -> Array:
    """``x`` sorted along ``axis``, ascending unless ``descending`` (NaN last). Keeps the dtype.

    >>> lt.sort(lt.asarray([3.0, lt.nan, 1.0]))
    lazyten.Array([ 1.,  3., nan], dtype=float32)
    """
    x = as_array(x)
    refuse(x, "sort")  # at any shape, a 0-d one included
    if x.ndim == 0:  # axis 0 or -1: its one element
        A.axes(A.integer(axis, "sort: axis"), 0, "sort: axis")
        return wrap(x._node())
    ax = A.axis(axis, x.ndim, "sort: axis")
    idx = argsort(x, axis=ax, descending=descending)
    return wrap(apply("gather_elements", [x._node(), idx._node()], axis=ax))


class UniqueAllResult(NamedTuple):
    values: Array
    indices: Array
    inverse_indices: Array
    counts: Array


class UniqueCountsResult(NamedTuple):
    values: Array
    counts: Array


class UniqueInverseResult(NamedTuple):
    values: Array
    inverse_indices: Array


def _unique(x: Any) -> tuple[Array, ...]:
    x = as_array(x)
    host = to_numpy(x._node())
    values, index, inverse, counts = np.unique(host, return_index=True, return_inverse=True,
                                               return_counts=True, equal_nan=False)
    inverse = inverse.reshape(x.shape)
    return (wrap(numpy_leaf(values, x.dtype)), wrap(numpy_leaf(index, D.int64)),
            wrap(numpy_leaf(inverse, D.int64)), wrap(numpy_leaf(counts, D.int64)))


def unique_all(x: ArrayLike, /) -> UniqueAllResult:
    """The unique values with their first indices, inverse indices and counts. Values keep the
    dtype; indices and counts are int64.

    >>> lt.unique_all(lt.asarray([3, 1, 3]))
    UniqueAllResult(values=lazyten.Array([1, 3], dtype=int64),
                    indices=lazyten.Array([1, 0], dtype=int64),
                    inverse_indices=lazyten.Array([1, 0, 1], dtype=int64),
                    counts=lazyten.Array([1, 2], dtype=int64))
    """
    return UniqueAllResult(*_unique(x))


def unique_counts(x: ArrayLike, /) -> UniqueCountsResult:
    """The unique values and how often each occurs. Counts are int64.

    >>> lt.unique_counts(lt.asarray([3, 1, 3]))
    UniqueCountsResult(values=lazyten.Array([1, 3], dtype=int64),
                       counts=lazyten.Array([1, 2], dtype=int64))
    """
    values, _, _, counts = _unique(x)
    return UniqueCountsResult(values, counts)


def unique_inverse(x: ArrayLike, /) -> UniqueInverseResult:
    """The unique values and, for each element, the index of its value. Indices are int64.

    >>> lt.unique_inverse(lt.asarray([3, 1, 3]))
    UniqueInverseResult(values=lazyten.Array([1, 3], dtype=int64),
                        inverse_indices=lazyten.Array([1, 0, 1], dtype=int64))
    """
    values, _, inverse, _ = _unique(x)
    return UniqueInverseResult(values, inverse)


def unique_values(x: ArrayLike, /) -> Array:
    """The sorted unique values of ``x``. Keeps the dtype.

    >>> lt.unique_values(lt.asarray([3, 1, 3]))
    lazyten.Array([1, 3], dtype=int64)
    """
    return _unique(x)[0]
