"""Turning a Python index into IR: basic indexing (views) or flat positions (advanced).

Basic indices (integers, slices, ``...``, ``None``) become a ``getitem`` spec over the array's
dimensions. Anything with an integer or boolean array is advanced: NumPy itself computes the flat
positions of the selected elements (from zero-stride coordinate grids, so nothing of the array's
size is allocated), which gives NumPy's exact rules for mixing, broadcasting and bounds errors.
"""
from __future__ import annotations

import operator
from typing import Any, NamedTuple

import numpy as np

from .errors import LazyIndexError
from .ir import Shape

_VALID = ("only integers, slices (`:`), ellipsis (`...`), None and integer or boolean arrays "
          "are valid indices")


class BasicIndex(NamedTuple):
    spec: tuple          # entries as documented in ops.py ("s", ...), ("i",), ("n",)
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


def is_array_index(item: Any) -> bool:
    return isinstance(item, (list, np.ndarray)) or hasattr(item, "_storage")


def split_key(key: Any) -> tuple:
    return key if isinstance(key, tuple) else (key,)


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
            try:
                spec.append(("s",) + item.indices(shape[dim]))
            except (TypeError, ValueError) as exc:
                raise LazyIndexError(f"invalid slice {item} for axis {dim} with size "
                                     f"{shape[dim]}: {exc}") from None
            dim += 1
        else:
            i = _as_index_int(item)
            if i is None:
                raise LazyIndexError(f"{_VALID}; got {type(item).__name__} {item!r}")
            size = shape[dim]
            if not -size <= i < size:
                raise LazyIndexError(f"index {i} is out of bounds for axis {dim} with size {size}")
            spec.append(("i",))
            ints.append(i + size if i < 0 else i)
            dim += 1
    for d in shape[dim:]:
        spec.append(("s", 0, d, 1))
    return BasicIndex(tuple(spec), tuple(ints))


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
            raise LazyIndexError(f"{_VALID}; got {type(k).__name__} {k!r}")
    if n_ell:
        pos = next(i for i, k in enumerate(key) if k is Ellipsis)
        return key[:pos] + (slice(None),) * (len(shape) - used) + key[pos + 1:]
    return key


def flat_positions(shape: Shape, key: tuple) -> np.ndarray:
    """Flat (row-major) positions of the elements ``np.empty(shape)[key]`` would select.

    ``key`` holds only NumPy-compatible items (arrays already converted to ndarrays).
    """
    for k in key:
        if isinstance(k, (float, np.floating)) or (isinstance(k, np.ndarray)
                                                   and k.dtype.kind not in "biu"):
            raise LazyIndexError(f"{_VALID}; got an index of "
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
