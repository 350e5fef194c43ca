"""NumPy's dispatch protocols on lazyten arrays (NEP 13 ``__array_ufunc__``, NEP 18
``__array_function__``), as CuPy and Dask implement them: ``np.exp(x)``, ``np.sum(x, axis=0)``,
``np.concatenate([x, y])`` or ``np.where(x > 0, x, 0)`` run lazyten's own function, so the result
is a lazy lazyten array that follows lazyten's dtype rules (the README's "Dtype choices").

A call lazyten cannot express exactly (a NumPy function it does not have, ``out=`` into a NumPy
array, ``where=``, ``order=``, ``initial=``, a ufunc method such as ``np.add.reduce``) is
computed by NumPy on the realized values and returns NumPy's result, as NumPy would."""
from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np

from ..array import Array
from ..dtypes import DType
from . import (creation, einsum, elementwise, float_functions, indexing, linalg, manipulation,
               reduction, search, sort)

# NumPy ufuncs whose lazyten function computes the same thing, by NumPy's name
_UFUNC_RENAMES = {"absolute": "abs", "arccos": "acos", "arccosh": "acosh", "arcsin": "asin",
                  "arcsinh": "asinh", "arctan": "atan", "arctan2": "atan2", "arctanh": "atanh",
                  "power": "pow", "true_divide": "divide", "invert": "bitwise_invert",
                  "left_shift": "bitwise_left_shift", "right_shift": "bitwise_right_shift",
                  "rint": "round", "conjugate": "conj", "mod": "remainder"}
_UFUNC_SAME = ("add", "subtract", "multiply", "divide", "floor_divide", "remainder", "negative",
               "positive", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "square",
               "sin", "cos", "tan", "sinh", "cosh", "tanh", "maximum", "minimum", "equal",
               "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
               "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or",
               "bitwise_xor", "isnan", "isinf", "isfinite", "sign", "floor", "ceil", "trunc",
               "hypot", "copysign", "logaddexp", "nextafter", "signbit")


def _elementwise(name: str) -> Callable:
    """The elementwise function ``name``, from whichever module holds it."""
    return getattr(elementwise, name, None) or getattr(float_functions, name)


UFUNCS: dict[str, Callable] = {
    **{name: _elementwise(name) for name in _UFUNC_SAME},
    **{name: _elementwise(ours) for name, ours in _UFUNC_RENAMES.items()},
    "matmul": linalg.matmul}

_OPERANDS = (Array, np.ndarray, np.generic, bool, int, float)


class _Unsupported(Exception):
    """A NumPy argument lazyten's function has no exact counterpart for."""


def _none(*values: Any) -> None:
    if any(v is not None for v in values):
        raise _Unsupported


def to_numpy(value: Any) -> Any:
    """``value`` with every lazyten array realized as an ndarray and every lazyten dtype as
    NumPy's, inside lists, tuples and dicts."""
    if isinstance(value, Array):
        return np.asarray(value)
    if isinstance(value, DType):
        return value.np
    if isinstance(value, (list, tuple)):
        return type(value)(to_numpy(v) for v in value)
    if isinstance(value, dict):
        return {k: to_numpy(v) for k, v in value.items()}
    return value


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    out = kwargs.pop("out", None)  # NumPy passes it as a tuple
    fn = UFUNCS.get(ufunc.__name__)
    if (fn is not None and method == "__call__" and not kwargs
            and all(isinstance(x, _OPERANDS) for x in inputs)):
        results: Any = fn(*inputs)
    else:
        results = getattr(ufunc, method)(*to_numpy(inputs), **to_numpy(kwargs))
    if out is None:
        return results
    for target, value in zip(out, results if ufunc.nout > 1 else (results,)):
        if target is not None:  # written as NumPy writes out=, casting to the target's dtype
            target[...] = value if isinstance(target, Array) else np.asarray(value)
    return out if ufunc.nout > 1 else out[0]


def array_function(func: Callable, types: tuple, args: tuple, kwargs: dict) -> Any:
    if not all(issubclass(t, (Array, np.ndarray)) for t in types):
        return NotImplemented
    ours = FUNCTIONS.get(func)
    if ours is not None and _takes(ours, args, kwargs):
        try:
            return ours(*args, **kwargs)
        except _Unsupported:
            pass
    return func(*to_numpy(args), **to_numpy(kwargs))


def _takes(fn: Callable, args: tuple, kwargs: dict) -> bool:
    """Whether ``fn`` has every parameter of the call (NumPy's others: NumPy computes it)."""
    try:
        _SIGNATURES[fn].bind(*args, **kwargs)
    except TypeError:
        return False
    return True


# -- NumPy's signatures, mapped onto lazyten's functions ---------------------------------------
# Each takes NumPy's parameters and raises _Unsupported for a value it cannot pass on exactly.

def _sum(a, axis=None, dtype=None, out=None, keepdims=False):
    _none(out)
    return reduction.sum(a, axis, dtype=dtype, keepdims=keepdims)


def _prod(a, axis=None, dtype=None, out=None, keepdims=False):
    _none(out)
    return reduction.prod(a, axis, dtype=dtype, keepdims=keepdims)


def _mean(a, axis=None, dtype=None, out=None, keepdims=False):
    _none(dtype, out)
    return reduction.mean(a, axis, keepdims=keepdims)


def _max(a, axis=None, out=None, keepdims=False):
    _none(out)
    return reduction.max(a, axis, keepdims=keepdims)


def _min(a, axis=None, out=None, keepdims=False):
    _none(out)
    return reduction.min(a, axis, keepdims=keepdims)


def _var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    _none(dtype, out)
    return reduction.var(a, axis=axis, correction=ddof, keepdims=keepdims)


def _std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    _none(dtype, out)
    return reduction.std(a, axis=axis, correction=ddof, keepdims=keepdims)


def _all(a, axis=None, out=None, keepdims=False):
    _none(out)
    return reduction.all(a, axis=axis, keepdims=keepdims)


def _any(a, axis=None, out=None, keepdims=False):
    _none(out)
    return reduction.any(a, axis=axis, keepdims=keepdims)


def _argmax(a, axis=None, out=None, *, keepdims=False):
    _none(out)
    return search.argmax(a, axis=axis, keepdims=keepdims)


def _argmin(a, axis=None, out=None, *, keepdims=False):
    _none(out)
    return search.argmin(a, axis=axis, keepdims=keepdims)


def _cumulative(scan: Callable) -> Callable:
    def numpy_scan(a, axis=None, dtype=None, out=None):
        _none(out)
        x = creation.asarray(a)
        if axis is None:
            x, axis = manipulation.reshape(x, (-1,)), 0
        return scan(x, axis=axis, dtype=dtype)
    return numpy_scan


def _concatenate(arrays, axis=0, out=None, *, dtype=None, casting=None):
    _none(out, dtype, casting)
    return manipulation.concat(list(arrays), axis=axis)


def _stack(arrays, axis=0, out=None, *, dtype=None, casting=None):
    _none(out, dtype, casting)
    return manipulation.stack(list(arrays), axis=axis)


def _where(condition, x=None, y=None):
    if x is None or y is None:
        raise _Unsupported  # where(condition) is nonzero(condition)
    return elementwise.where(condition, x, y)


def _reshape(a, shape=None, order="C", *, newshape=None, copy=None):
    if order != "C" or (shape is None) == (newshape is None):
        raise _Unsupported
    return manipulation.reshape(a, shape if shape is not None else newshape, copy=copy)


def _transpose(a, axes=None):
    x = creation.asarray(a)
    return manipulation.permute_dims(x, tuple(reversed(range(x.ndim))) if axes is None else axes)


def _clip(a, a_min=None, a_max=None, out=None, *, min=None, max=None):
    _none(out)
    return elementwise.clip(a, a_min if min is None else min, a_max if max is None else max)


def _squeeze(a, axis=None):
    return manipulation.squeeze(a, axis)


def _expand_dims(a, axis):
    return manipulation.expand_dims(a, axis)


def _flip(m, axis=None):
    return manipulation.flip(m, axis=axis)


def _roll(a, shift, axis=None):
    return manipulation.roll(a, shift, axis=axis)


def _sort(a, axis=-1, kind=None, order=None, *, stable=None):
    if axis is None or order is not None:
        raise _Unsupported  # axis=None sorts the flattened array
    return sort.sort(a, axis=axis)


def _argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    if axis is None or order is not None:
        raise _Unsupported
    return sort.argsort(a, axis=axis, stable=True)


def _like(make: Callable) -> Callable:
    def numpy_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
        _none(shape, device)
        return make(a, dtype=dtype)
    return numpy_like


def _full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    _none(shape, device)
    return creation.full_like(a, fill_value, dtype=dtype)


def _round(a, decimals=0, out=None):
    _none(out)
    if decimals != 0:
        raise _Unsupported
    return elementwise.round(a)


def _take(a, indices, axis=None, out=None, mode="raise"):
    _none(out)
    x = creation.asarray(a)
    if mode != "raise" or (axis is None and x.ndim != 1):
        raise _Unsupported
    return indexing.take(x, creation.asarray(indices), axis=0 if axis is None else axis)


def _broadcast_to(array, shape, subok=False):
    return manipulation.broadcast_to(array, shape)


def _moveaxis(a, source, destination):
    return manipulation.moveaxis(a, source, destination)


def _matmul_like(a, b, out=None):
    _none(out)
    x, y = creation.asarray(a), creation.asarray(b)
    if x.ndim == 0 or y.ndim == 0 or x.ndim > 2 or y.ndim > 2:
        raise _Unsupported  # np.dot of scalars or N-D stacks is not matmul
    return linalg.matmul(x, y)


def _tensordot(a, b, axes=2):
    return linalg.tensordot(a, b, axes=axes)


def _einsum(subscripts, *operands, out=None, dtype=None, order="K", casting="safe",
            optimize=False):
    _none(out, dtype)
    if not isinstance(subscripts, str):  # NumPy's interleaved form: NumPy computes it
        raise _Unsupported
    return einsum.einsum(subscripts, *operands)


def _count_nonzero(a, axis=None, *, keepdims=False):
    return search.count_nonzero(a, axis=axis, keepdims=keepdims)


def _searchsorted(a, v, side="left", sorter=None):
    return search.searchsorted(a, v, side=side, sorter=sorter)


FUNCTIONS: dict[Callable, Callable] = {
    np.sum: _sum, np.prod: _prod, np.mean: _mean, np.max: _max, np.amax: _max,
    np.min: _min, np.amin: _min, np.var: _var, np.std: _std, np.all: _all, np.any: _any,
    np.argmax: _argmax, np.argmin: _argmin, np.cumsum: _cumulative(reduction.cumulative_sum),
    np.cumprod: _cumulative(reduction.cumulative_prod), np.concatenate: _concatenate,
    np.stack: _stack, np.where: _where, np.reshape: _reshape, np.transpose: _transpose,
    np.clip: _clip, np.squeeze: _squeeze, np.expand_dims: _expand_dims, np.flip: _flip,
    np.roll: _roll, np.sort: _sort, np.argsort: _argsort,
    np.zeros_like: _like(creation.zeros_like), np.ones_like: _like(creation.ones_like),
    np.empty_like: _like(creation.empty_like), np.full_like: _full_like, np.round: _round,
    np.around: _round, np.take: _take, np.broadcast_to: _broadcast_to, np.moveaxis: _moveaxis,
    np.dot: _matmul_like, np.tensordot: _tensordot, np.count_nonzero: _count_nonzero,
    np.searchsorted: _searchsorted, np.einsum: _einsum,
}
_SIGNATURES = {fn: inspect.signature(fn) for fn in FUNCTIONS.values()}
