"""Statistics and utilities: cumulative sums and products, var/std, all/any, diff."""
from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from . import arguments as A, dtypes as D
from .array import Array, apply, wrap
from .errors import ShapeError
from .functions import (_cast, _sum_dtype, as_array, concat, divide, equal, greater, mean,
                        multiply, normalize_axes, not_equal, subtract, sum)


def _scan_axis(x: Array, axis: int | None, what: str) -> int:
    if axis is None:
        if x.ndim != 1:
            raise ShapeError(f"{what}: axis is required for an array of shape {x.shape}")
        return 0
    return A.axis(axis, x.ndim, f"{what}: axis")


def _with_initial(x: Array, y: Array, ax: int, value: int) -> Array:
    from .creation import full
    shape = tuple(1 if k == ax else d for k, d in enumerate(x.shape))
    return concat([full(shape, value, dtype=y.dtype), y], axis=ax)


def cumulative_sum(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                   include_initial: bool = False) -> Array:
    x = as_array(x)
    ax = _scan_axis(x, axis, "cumulative_sum")
    dt = _sum_dtype(x.dtype, dtype)
    y = wrap(apply("cumsum", [_cast(x._node(), dt)], axis=ax))
    return _with_initial(x, y, ax, 0) if include_initial else y


def cumulative_prod(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                    include_initial: bool = False) -> Array:
    """Hillis-Steele scan: log2(n) rounds of multiplying by a shifted copy (opset 21 has no
    CumProd, and integer ReduceProd is inexact above 2**53)."""
    x = as_array(x)
    ax = _scan_axis(x, axis, "cumulative_prod")
    dt = _sum_dtype(x.dtype, dtype)
    y = wrap(_cast(x._node(), dt))
    n, shift = x.shape[ax], 1
    while shift < n:
        head = tuple(slice(None, n - shift) if k == ax else slice(None) for k in range(x.ndim))
        y = multiply(y, _with_initial_n(y, y[head], ax, shift))
        shift *= 2
    return _with_initial(x, y, ax, 1) if include_initial else y


def _with_initial_n(like: Array, y: Array, ax: int, count: int) -> Array:
    from .creation import full
    shape = tuple(count if k == ax else d for k, d in enumerate(like.shape))
    return concat([full(shape, 1, dtype=y.dtype), y], axis=ax)


def var(x: Any, /, *, axis: Any = None, correction: float = 0.0, keepdims: bool = False
        ) -> Array:
    """Variance; integers and bools compute in the default float dtype, as ``mean`` does."""
    x = as_array(x)
    if x.dtype.kind != "f":
        x = wrap(_cast(x._node(), D.DEFAULT_FLOAT))
    axes = normalize_axes(axis, x.ndim, "var")
    count = int(np.prod([x.shape[a] for a in axes])) if axes else 1
    d = subtract(x, mean(x, axis=axes, keepdims=True))
    total = sum(multiply(d, d), axis=axes, keepdims=keepdims)
    return divide(total, float(builtins.max(count - correction, 0)))


def std(x: Any, /, *, axis: Any = None, correction: float = 0.0, keepdims: bool = False
        ) -> Array:
    from .functions import sqrt
    return sqrt(var(x, axis=axis, correction=correction, keepdims=keepdims))


def any(x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Array:
    return greater(sum(not_equal(as_array(x), 0), axis=axis, keepdims=keepdims), 0)


def all(x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Array:
    return equal(sum(equal(as_array(x), 0), axis=axis, keepdims=keepdims), 0)


def diff(x: Any, /, *, axis: int = -1, n: int = 1, prepend: Any = None, append: Any = None
         ) -> Array:
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


__all__ = ["all", "any", "cumulative_prod", "cumulative_sum", "diff", "std", "var"]
