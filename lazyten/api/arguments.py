"""Validators for the arguments of public functions, written once.

Each returns the argument normalized (a Python int, a tuple of axes...) or raises the lazyten
error a user expects, whose message names ``what`` (``"function: argument"``) and the value:
``ArgumentError`` (a TypeError) for a wrong type, ``ValueArgumentError`` for a bad value,
``AxisError`` for an axis out of range, ``LazyIndexError`` for an index out of bounds.
"""
from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from ..array import Array
from ..dims import Dim
from ..errors import ArgumentError, AxisError, LazyIndexError, ShapeError, ValueArgumentError

_INT64_MAX = 2 ** 63 - 1
_REAL = (bool, int, float, np.bool_, np.integer, np.floating)


def _is_integer(value: Any) -> bool:
    return type(value) is int or (not isinstance(value, (bool, np.bool_)) and
                                  hasattr(type(value), "__index__"))


def integer(value: Any, what: str) -> int:
    """An integer: an int, a NumPy integer or an object with ``__index__``; never a bool."""
    if type(value) is int:
        return value
    if not _is_integer(value):
        raise ArgumentError(f"{what} must be an integer, got {value!r}")
    return operator.index(value)


def count(value: Any, what: str) -> int:
    """A non-negative integer."""
    n = integer(value, what)
    if n < 0:
        raise ValueArgumentError(f"{what} must be non-negative, got {n}")
    return n


def real(value: Any, what: str) -> Any:
    """A real number: a bool, int or float, Python's or NumPy's (returned as it is)."""
    if not isinstance(value, _REAL):
        raise ArgumentError(f"{what} must be a real number, got {value!r}")
    return value


def number(value: Any, what: str) -> Any:
    """A real or complex number, Python's or NumPy's (returned as it is)."""
    if not isinstance(value, _REAL + (complex, np.complexfloating)):
        raise ArgumentError(f"{what} must be a real or complex number, got {value!r}")
    return value


def listed(value: Any) -> Any:
    """A tuple or list as it is; anything else (None included) as a one-item tuple."""
    return value if isinstance(value, (tuple, list)) else (value,)


def _wrap_axis(a: int, bound: int, ndim: int, what: str) -> int:
    if not -bound <= a < bound:
        raise AxisError(f"{what} {a} is out of bounds for an array of dimension {ndim}")
    return a + bound if a < 0 else a


def axis(value: Any, ndim: int, what: str) -> int:
    """An axis of an ``ndim``-dimensional array, in ``range(ndim)`` (negative counts from the
    end)."""
    return _wrap_axis(integer(value, what), ndim, ndim, what)


def axes(value: Any, ndim: int, what: str) -> tuple[int, ...]:
    """None (every axis), one axis, or a tuple or list of distinct axes, normalized, in the
    order given. A 0-d array takes axis 0 or -1, its one element, which names no axis."""
    if value is None:
        return tuple(range(ndim))
    out = tuple(_wrap_axis(integer(a, what), max(ndim, 1), ndim, what) for a in listed(value))
    if len(set(out)) != len(out):
        raise ValueArgumentError(f"{what} has a repeated axis, got {value!r}")
    return out if ndim else ()


def sorted_axes(value: Any, ndim: int, what: str) -> tuple[int, ...]:
    """The axes a reduction of function ``what`` names, sorted (see ``axes``)."""
    return tuple(sorted(axes(value, ndim, f"{what}: axis")))


def integers(value: Any, what: str) -> tuple[int, ...]:
    """An int, or a tuple, list or 1-d ndarray of ints, as a tuple."""
    items = value if isinstance(value, np.ndarray) and value.ndim == 1 else listed(value)
    if not all(_is_integer(v) for v in items):
        raise ArgumentError(f"{what} must be an int or a sequence of ints, got {value!r}")
    return tuple(operator.index(v) for v in items)


def sizes(value: Any, what: str) -> tuple[Any, ...]:
    """``integers``, where a symbolic dimension (``x.shape[0]`` in a trace) is a size too."""
    items = value if isinstance(value, np.ndarray) and value.ndim == 1 else listed(value)
    if not all(type(v) is Dim or _is_integer(v) for v in items):
        raise ArgumentError(f"{what} must be an int or a sequence of ints, got {value!r}")
    return tuple(v if type(v) is Dim else operator.index(v) for v in items)


def static(size: Any, what: str) -> int:
    """``size`` itself when it is an int; a symbolic one is refused by name: ``what`` needs
    its value while tracing."""
    if type(size) is Dim:
        raise ShapeError(f"{what} needs a static size, but it is the symbolic dimension "
                         f"{size}; this function cannot be exported with that size symbolic")
    return size


def fits(dims: tuple[int, ...], itemsize: int, what: str) -> tuple[int, ...]:
    """``dims`` itself, when an array of that shape with ``itemsize``-byte elements can be
    addressed: its size in bytes fits int64, as NumPy requires."""
    if math.prod(dims) * itemsize > _INT64_MAX:
        raise ValueArgumentError(f"{what} {dims} is too big: the array would take more than "
                                 "2**63 - 1 bytes")
    return dims


def shape(value: Any, what: str, itemsize: int = 1) -> tuple[int, ...]:
    """The shape of a new array: an int or a sequence of non-negative ints, whose array of
    ``itemsize``-byte elements ``fits``."""
    dims = sizes(value, what)  # symbolic sizes (x.shape[0] in a trace) are sizes too
    if any(type(d) is int and d < 0 for d in dims):
        raise ValueArgumentError(f"{what} must not have negative dimensions, got {value!r}")
    return dims if any(type(d) is Dim for d in dims) else fits(dims, itemsize, what)


def host_data(x: Array) -> np.ndarray | None:
    """The values of ``x`` when they are on the host already (a computed leaf holding an
    ndarray), without computing anything; None for pending or device values."""
    node = x._node()
    return node.payload if node.op == "data" and type(node.payload) is np.ndarray else None


def indices_in_bounds(indices: Array, size: int, along: int, what: str) -> None:
    """Check integer indices whose values are on the host already against axis ``along``, of
    ``size`` (negative ones count from the end); pending indices are checked where they run."""
    values = host_data(indices)
    if values is None or values.size == 0 or values.dtype.kind not in "iu":
        return
    low, high = values.min(), values.max()
    if low < -size or high >= size:
        bad = int(high) if high >= size else int(low)
        raise LazyIndexError(f"{what} {bad} is out of bounds for axis {along} with size {size}")
