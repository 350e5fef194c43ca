"""Reductions and scans: sum, prod, mean, max, min, var, std, any, all, cumulative sums and
products, diff. Integer sums and products widen to int64/uint64 as the standard's default
dtypes; max/min of an empty axis raise at the call."""
from __future__ import annotations

import builtins
from typing import Any, NamedTuple


from .. import dtypes as D
from ..array import Array, ArrayLike, DTypeLike, as_array, cast, wrap
from ..dims import product
from ..dtypes import DType
from ..errors import ShapeError, ValueArgumentError
from ..lazy import apply
from . import arguments as A
from .complex_math import complex_from, imag, real, refuse
from .creation import full, size_value
from .dtype_functions import astype
from .elementwise import (add, divide, equal, greater, logical_not, maximum, multiply,
                          not_equal, sqrt, subtract)
from .manipulation import concat, squeeze


def axis_of(axis: Any, dim: Any) -> Any:
    """``axis``, or PyTorch's ``dim`` when no axis is given."""
    return dim if axis is None else axis


def keepdims_of(keepdims: bool, keepdim: bool | None) -> bool:
    """``keepdims``, or PyTorch's ``keepdim`` when given."""
    return keepdims if keepdim is None else keepdim


def _reduce(op: str, x: Any, axis: Any, keepdims: bool, dtype: DType | None = None) -> Array:
    x = as_array(x)
    axes = A.sorted_axes(axis, x.ndim, op.removeprefix("reduce_"))
    node = x._node() if dtype is None else cast(x._node(), dtype)
    if not axes:
        return wrap(node)
    return wrap(apply(op, [node], axes=axes, keepdims=bool(keepdims)))


def sum_dtype(dt: DType, dtype: Any) -> DType:
    if dtype is not None:
        return D.as_dtype(dtype)
    if dt.kind == "b" or (dt.kind == "i" and dt.bits < 64):
        return D.int64
    if dt.kind == "u" and dt.bits < 64:
        return D.uint64
    return dt


def sum(x: ArrayLike, axis: int | tuple[int, ...] | None = None, *,
        dim: int | tuple[int, ...] | None = None, keepdims: bool = False,
        keepdim: bool | None = None, dtype: DTypeLike | None = None) -> Array:
    """The sum along ``axis`` (every axis for None; PyTorch's ``dim``/``keepdim`` too). Small
    integers and bools sum in int64 (uint64 for unsigned), exactly; ``dtype`` picks another.

    >>> x = lt.asarray([[1, 2], [3, 4]], dtype=lt.int8)
    >>> lt.sum(x, axis=0)
    lazyten.Array([4, 6], dtype=int64)
    >>> lt.sum(x, axis=1, keepdims=True)
    lazyten.Array([[3],
                   [7]], dtype=int64)
    """
    x = as_array(x)
    return _reduce("reduce_sum", x, axis_of(axis, dim), keepdims_of(keepdims, keepdim),
                   sum_dtype(x.dtype, dtype))


def prod(x: ArrayLike, axis: int | tuple[int, ...] | None = None, *,
         dim: int | tuple[int, ...] | None = None, keepdims: bool = False,
         keepdim: bool | None = None, dtype: DTypeLike | None = None) -> Array:
    """The product along ``axis`` (every axis for None; PyTorch's ``dim``/``keepdim`` too).
    Small integers and bools multiply in int64 (uint64 for unsigned), wrapping as NumPy does;
    complex numbers by a tree of complex multiplications.

    >>> lt.prod(lt.asarray([[1, 2], [3, 4]]), axis=1)
    lazyten.Array([ 2, 12], dtype=int64)
    >>> lt.prod(lt.asarray([1j, 1j, 2 + 0j]))
    lazyten.Array(-2.+0.j, dtype=complex64)
    """
    x = as_array(x)
    dt = sum_dtype(x.dtype, dtype)
    axis, keepdims = axis_of(axis, dim), keepdims_of(keepdims, keepdim)
    if dt.kind == "c":
        return _complex_prod(wrap(cast(x._node(), dt)), axis, keepdims)
    return _reduce("reduce_prod", x, axis, keepdims, dt)


def _complex_prod(x: Array, axis: Any, keepdims: bool) -> Array:
    """The product of complex numbers (ONNX's ReduceProd multiplies real ones): along each
    reduced axis a tree of complex multiplications, halving the axis each round (the first
    half times the second, an odd element carried over), so the result is a product of
    correctly rounded complex products, as NumPy's; an empty axis gives 1. Each product starts
    as NumPy's does, from 1: its first element is multiplied by ``1+0j`` (which makes
    ``nan+infj`` of ``3+infj``, and ``(1+0j) * (-inf+0j) * -5j`` is ``nan+nanj``)."""
    axes = A.sorted_axes(axis, x.ndim, "prod")
    first = tuple(slice(0, 1) if k in axes else slice(None) for k in range(x.ndim))
    x = astype(x, x.dtype, copy=True)
    x[first] = multiply(x[first], 1 + 0j)
    for ax in axes:
        n = x.shape[ax]
        if type(n) is not int:
            raise ShapeError(f"prod: axis {ax} of complex array of shape {x.shape} needs a "
                             f"static size")
        if n == 0:
            x = full(tuple(1 if k == ax else d for k, d in enumerate(x.shape)), 1,
                     dtype=x.dtype)
        while n > 1:
            h = n // 2
            y = multiply(x[_along(x, ax, 0, h)], x[_along(x, ax, h, 2 * h)])
            x = concat([y, x[_along(x, ax, 2 * h, n)]], axis=ax) if n % 2 else y
            n -= h
    return x if keepdims or not axes else squeeze(x, axes)


def _along(x: Array, ax: int, start: int, stop: int) -> tuple[slice, ...]:
    return tuple(slice(start, stop) if k == ax else slice(None) for k in range(x.ndim))


class ValuesIndices(NamedTuple):
    """PyTorch's result of ``max``/``min`` along ``dim``."""
    values: Array
    indices: Array


def _maxmin(op: str, x: Any, axis: Any, dim: Any, keepdims: bool) -> Any:
    x = as_array(x)
    refuse(x, op)  # first: a 0-d or an empty complex array too
    along = axis_of(axis, dim)
    axes = A.sorted_axes(along, x.ndim, op)
    if builtins.any(x.shape[a] == 0 for a in axes):
        raise ValueArgumentError(f"{op} of an empty array: array of shape {x.shape} has no "
                                 f"elements along axis {along}")
    values = _reduce(f"reduce_{op}", x, along, keepdims)
    if axis is not None or not isinstance(dim, int):  # a tuple of dims: amax's values
        return values
    from . import search  # search builds on this module
    where = search.argmax if op == "max" else search.argmin
    return ValuesIndices(values, where(x, axis=dim, keepdims=keepdims))


def max(x: ArrayLike, axis: int | tuple[int, ...] | None = None, *,
        dim: int | tuple[int, ...] | None = None, keepdims: bool = False,
        keepdim: bool | None = None) -> Any:
    """The largest values (NaN propagates); with PyTorch's ``dim`` (one axis, no ``axis``),
    PyTorch's ``(values, indices)``.

    >>> x = lt.asarray([[1, 4], [3, 2]])
    >>> lt.max(x, axis=0)
    lazyten.Array([3, 4], dtype=int64)
    >>> lt.max(x, dim=1)
    ValuesIndices(values=lazyten.Array([4, 3], dtype=int64),
                  indices=lazyten.Array([1, 0], dtype=int64))
    """
    return _maxmin("max", x, axis, dim, keepdims_of(keepdims, keepdim))


def min(x: ArrayLike, axis: int | tuple[int, ...] | None = None, *,
        dim: int | tuple[int, ...] | None = None, keepdims: bool = False,
        keepdim: bool | None = None) -> Any:
    """The smallest values (NaN propagates); with PyTorch's ``dim`` (one axis, no ``axis``),
    PyTorch's ``(values, indices)``.

    >>> x = lt.asarray([[1, 4], [3, 2]])
    >>> lt.min(x, axis=0)
    lazyten.Array([1, 2], dtype=int64)
    >>> lt.min(x, dim=1)
    ValuesIndices(values=lazyten.Array([1, 2], dtype=int64),
                  indices=lazyten.Array([0, 1], dtype=int64))
    """
    return _maxmin("min", x, axis, dim, keepdims_of(keepdims, keepdim))


def mean(x: ArrayLike, axis: int | tuple[int, ...] | None = None, *,
         dim: int | tuple[int, ...] | None = None, keepdims: bool = False,
         keepdim: bool | None = None) -> Array:
    """Mean in the input's float dtype (integers: the default float). Empty gives NaN.

    >>> lt.mean(lt.asarray([[1, 2], [3, 4]]), axis=1, keepdims=True)
    lazyten.Array([[1.5],
                   [3.5]], dtype=float32)
    """
    x = as_array(x)
    axis, keepdims = axis_of(axis, dim), keepdims_of(keepdims, keepdim)
    axes = A.sorted_axes(axis, x.ndim, "mean")
    dt = x.dtype if x.dtype.kind in "fc" else D.DEFAULT_FLOAT
    acc = D.float32 if dt is D.float16 else dt  # float16 accumulates in float32, as NumPy does
    total = _reduce("reduce_sum", x, axis, keepdims, acc)
    count = product([x.shape[a] for a in axes])
    return astype(divide(total, float(count) if type(count) is int else size_value(count)), dt,
                  copy=False)


def _scan_axis(x: Array, axis: int | None, what: str) -> int:
    if axis is None:
        if x.ndim != 1:
            raise ShapeError(f"{what}: axis is required for an array of shape {x.shape}")
        return 0
    return A.axis(axis, x.ndim, f"{what}: axis")


def _with_initial(x: Array, y: Array, ax: int, value: int) -> Array:
    shape = tuple(1 if k == ax else d for k, d in enumerate(x.shape))
    return concat([full(shape, value, dtype=y.dtype), y], axis=ax)


def cumulative_sum(x: ArrayLike, /, *, axis: int | None = None, dtype: DTypeLike | None = None,
                   include_initial: bool = False) -> Array:
    """Running sums along ``axis`` (optional for 1-D), with a leading 0 if ``include_initial``.
    Small integers sum in int64, as ``sum`` does.

    >>> lt.cumulative_sum(lt.asarray([1, 2, 3]), include_initial=True)
    lazyten.Array([0, 1, 3, 6], dtype=int64)
    """
    x = as_array(x)
    ax = _scan_axis(x, axis, "cumulative_sum")
    dt = sum_dtype(x.dtype, dtype)
    x = wrap(cast(x._node(), dt))
    if dt.kind == "c":  # the running sums of each part
        y = complex_from(*(wrap(apply("cumsum", [p._node()], axis=ax)) for p in (real(x), imag(x))))
    else:
        y = wrap(apply("cumsum", [x._node()], axis=ax))
    return _with_initial(x, y, ax, 0) if include_initial else y


def cumulative_prod(x: ArrayLike, /, *, axis: int | None = None, dtype: DTypeLike | None = None,
                    include_initial: bool = False) -> Array:
    """Running products along ``axis`` (optional for 1-D), with a leading 1 if
    ``include_initial``. Small integers multiply in int64, as ``prod`` does.

    A Hillis-Steele scan: log2(n) rounds of multiplying by a shifted copy (opset 21 has no
    CumProd, and integer ReduceProd is inexact above 2**53).

    >>> lt.cumulative_prod(lt.asarray([[1, 2, 3], [4, 5, 6]]), axis=1)
    lazyten.Array([[  1,   2,   6],
                   [  4,  20, 120]], dtype=int64)
    """
    x = as_array(x)
    ax = _scan_axis(x, axis, "cumulative_prod")
    dt = sum_dtype(x.dtype, dtype)
    y = wrap(cast(x._node(), dt))
    n, shift = x.shape[ax], 1
    while shift < n:
        head = tuple(slice(None, n - shift) if k == ax else slice(None) for k in range(x.ndim))
        y = multiply(y, _with_initial_n(y, y[head], ax, shift))
        shift *= 2
    return _with_initial(x, y, ax, 1) if include_initial else y


def _with_initial_n(like: Array, y: Array, ax: int, count: int) -> Array:
    shape = tuple(count if k == ax else d for k, d in enumerate(like.shape))
    return concat([full(shape, 1, dtype=y.dtype), y], axis=ax)


def var(x: ArrayLike, /, axis: int | tuple[int, ...] | None = None, *, correction: float = 0.0,
        keepdims: bool = False) -> Array:
    """Variance; integers and bools compute in the default float dtype, as ``mean`` does. Of
    complex numbers the mean of |x - mean(x)|**2, a real array of their precision (as NumPy).

    >>> lt.var(lt.asarray([1, 2, 3, 4]))
    lazyten.Array(1.25, dtype=float32)
    >>> lt.var(lt.asarray([1, 2, 3, 4]), correction=1)
    lazyten.Array(1.6666666, dtype=float32)
    """
    x = as_array(x)
    if x.dtype.kind not in "fc":
        x = wrap(cast(x._node(), D.DEFAULT_FLOAT))
    axes = A.sorted_axes(axis, x.ndim, "var")
    count = product([x.shape[a] for a in axes])
    d = subtract(x, mean(x, axis=axes, keepdims=True))
    if d.dtype.kind == "c":
        re, im = real(d), imag(d)
        squares = add(multiply(re, re), multiply(im, im))
    else:
        squares = multiply(d, d)
    total = sum(squares, axis=axes, keepdims=keepdims)
    if type(count) is not int:  # a size known at run time: N - correction computed there too
        return divide(total, maximum(subtract(size_value(count), correction), 0))
    return divide(total, float(builtins.max(count - correction, 0)))


def std(x: ArrayLike, /, axis: int | tuple[int, ...] | None = None, *, correction: float = 0.0,
        keepdims: bool = False) -> Array:
    """The standard deviation along ``axis``, dividing by N - ``correction``. Integers compute
    in the default float (float32); complex numbers give a real result (as ``var``).

    >>> lt.std(lt.asarray([[1, 3], [5, 9]]), axis=1)
    lazyten.Array([1., 2.], dtype=float32)
    """
    return sqrt(var(x, axis=axis, correction=correction, keepdims=keepdims))


def any(x: ArrayLike, /, axis: int | tuple[int, ...] | None = None, *,
        keepdims: bool = False) -> Array:
    """Whether some element along ``axis`` is nonzero (all of them for None). Gives bool; False
    for an empty reduction.

    >>> lt.any(lt.asarray([[0, 0], [0, 3]]), axis=1)
    lazyten.Array([False,  True], dtype=bool)
    """
    x = as_array(x)
    return greater(_count(x if x.dtype is D.bool_ else not_equal(x, 0), axis, keepdims), 0)


def all(x: ArrayLike, /, axis: int | tuple[int, ...] | None = None, *,
        keepdims: bool = False) -> Array:
    """Whether every element along ``axis`` is nonzero (all of them for None). Gives bool; True
    for an empty reduction.

    >>> lt.all(lt.asarray([[1, 0], [2, 3]]), axis=1, keepdims=True)
    lazyten.Array([[False],
                   [ True]], dtype=bool)
    """
    x = as_array(x)
    return equal(_count(logical_not(x) if x.dtype is D.bool_ else equal(x, 0), axis, keepdims),
                 0)


def _count(flags: Array, axis: int | tuple[int, ...] | None, keepdims: bool) -> Array:
    """How many ``flags`` are set along ``axis``, for a test against 0: a float32 sum, exact in
    that test at any size (a sum of ones is 0 only when there are none), and one pass over
    4-byte values, where an int64 count casts to 8 bytes and sums those (``any(isnan(x))`` on
    100000x50 float32: 58 ms that way, 8 ms this way)."""
    return sum(astype(flags, D.float32), axis=axis, keepdims=keepdims)


def diff(x: ArrayLike, /, n: int = 1, axis: int = -1, *, prepend: ArrayLike | None = None,
         append: ArrayLike | None = None) -> Array:
    """The ``n``-th difference along ``axis``, after ``prepend``/``append``. Keeps the dtype.

    >>> lt.diff(lt.asarray([1, 4, 9, 16]))
    lazyten.Array([3, 5, 7], dtype=int64)
    >>> lt.diff(lt.asarray([1, 4, 9, 16]), n=2, prepend=lt.asarray([0]))
    lazyten.Array([2, 2, 2], dtype=int64)
    """
    x = as_array(x)
    ax = A.axis(axis, x.ndim, "diff: axis")
    n = A.count(n, "diff: n")
    parts = [as_array(p) for p in (prepend,) if p is not None] + [x] + \
        [as_array(p) for p in (append,) if p is not None]
    y = concat(parts, axis=ax) if len(parts) > 1 else x
    for _ in range(n):
        hi = tuple(slice(1, None) if k == ax else slice(None) for k in range(y.ndim))
        lo = tuple(slice(None, -1) if k == ax else slice(None) for k in range(y.ndim))
        y = not_equal(y[hi], y[lo]) if y.dtype is D.bool_ else subtract(y[hi], y[lo])
    return y
