"""Array's methods that are spellings of namespace functions: NumPy's and the Array API's
(``x.sum(axis=0)``, ``x.astype``), and PyTorch's (``x.sum(dim=0, keepdim=True)``,
``x.float()``, ``x.t()``, ``v, i = x.max(dim=1)``). Where the two differ, each spelling keeps
its own library's meaning: ``x.max(axis=1)`` gives the values, ``x.max(dim=1)`` PyTorch's
``(values, indices)``. The README's "Spellings" table lists them."""
from __future__ import annotations

from typing import Any

from . import api
from . import dtypes as D
from .errors import ArgumentError, ShapeError


class ArrayMethods:
    """Mixed into ``Array``: every method calls the namespace function it spells."""

    __slots__ = ()

    # -- shape and dtype ----------------------------------------------------------------------

    def reshape(self, *shape: Any) -> Any:
        return api.manipulation.reshape(self, shape[0] if len(shape) == 1 and
                                        not isinstance(shape[0], int) else shape)

    view = reshape

    def permute(self, *axes: Any) -> Any:
        return api.manipulation.permute_dims(self, axes[0] if len(axes) == 1 and
                                             not isinstance(axes[0], int) else axes)

    def transpose(self: Any, *axes: Any) -> Any:
        """NumPy's ``x.transpose()`` (axes reversed), ``x.transpose(axes)`` and
        ``x.transpose(*axes)`` for three or more axes (a permutation), and PyTorch's
        ``x.transpose(dim0, dim1)`` (two axes swapped). NumPy's two-axis call on a matrix,
        ``transpose(1, 0)``, swaps them too; its identity ``transpose(0, 1)`` is PyTorch's swap
        here."""
        if not axes:
            return api.manipulation.permute_dims(self, tuple(reversed(range(self.ndim))))
        if len(axes) == 1 and not isinstance(axes[0], int):
            return api.manipulation.permute_dims(self, axes[0])
        if len(axes) == 2:
            return api.manipulation.swapaxes(self, axes[0], axes[1])
        return api.manipulation.permute_dims(self, axes)

    def swapaxes(self, axis1: int, axis2: int) -> Any:
        return api.manipulation.swapaxes(self, axis1, axis2)

    def expand(self: Any, *sizes: Any) -> Any:
        """PyTorch's broadcast to ``sizes`` (-1 keeps an axis's size): a view."""
        sizes = sizes[0] if len(sizes) == 1 and not isinstance(sizes[0], int) else sizes
        lead = len(sizes) - self.ndim
        shape = tuple(self.shape[k - lead] if s == -1 and k >= lead else s
                      for k, s in enumerate(sizes))
        return api.manipulation.broadcast_to(self, shape)

    def repeat(self, *args: Any, **kwargs: Any) -> Any:
        """Refused: NumPy's ``x.repeat(2)`` repeats each element and PyTorch's tiles the
        array, and nothing in the call tells which was meant."""
        raise ArgumentError("x.repeat is spelled alike in NumPy (repeat each element) and "
                            "PyTorch (tile the array) with different results; use "
                            "lt.repeat(x, repeats, axis=...) or lt.tile(x, reps)")

    def t(self: Any) -> Any:
        """PyTorch's transpose of a matrix (0-d and 1-D arrays are returned as they are)."""
        if self.ndim > 2:
            raise ShapeError(f"t() transposes arrays of at most 2 dimensions, got shape "
                             f"{self.shape}; use permute or mT")
        return self if self.ndim < 2 else api.manipulation.swapaxes(self, 0, 1)

    def squeeze(self, axis: Any = None) -> Any:
        return api.manipulation.squeeze(self, axis)

    def unsqueeze(self, dim: int) -> Any:
        return api.manipulation.expand_dims(self, dim)

    def flatten(self) -> Any:
        return api.manipulation.reshape(self, (-1,))

    ravel = flatten

    def astype(self, dtype: Any, copy: bool = True) -> Any:
        return api.dtype_functions.astype(self, dtype, copy=copy)

    def clone(self: Any) -> Any:
        return api.dtype_functions.astype(self, self.dtype, copy=True)

    copy = clone

    def detach(self: Any) -> Any:
        """PyTorch's ``detach``: lazyten keeps no gradients, so this is another handle on the
        same memory (writes through either are seen by both, as in PyTorch)."""
        return type(self)(self._storage, self._view, self._type)

    def fill_(self: Any, value: Any) -> Any:
        """PyTorch's in-place fill; returns the array."""
        self[...] = value
        return self

    def zero_(self: Any) -> Any:
        self[...] = 0
        return self

    @property
    def at(self) -> "IndexUpdate":
        """JAX's functional update: ``x.at[i].set(v)`` is a new array, ``x`` unchanged."""
        return IndexUpdate(self)

    @property
    def flat(self) -> "FlatIndex":
        """NumPy's ``x.flat``: ``x.flat[i]`` reads and ``x.flat[i] = v`` writes ``x`` as if it
        were 1-D in C order (``D.flat[::n + 1] = 0`` zeroes a diagonal)."""
        return FlatIndex(self)

    def float(self) -> Any:
        return api.dtype_functions.astype(self, D.float32, copy=False)

    def double(self) -> Any:
        return api.dtype_functions.astype(self, D.float64, copy=False)

    def half(self) -> Any:
        return api.dtype_functions.astype(self, D.float16, copy=False)

    def long(self) -> Any:
        return api.dtype_functions.astype(self, D.int64, copy=False)

    def int(self) -> Any:
        return api.dtype_functions.astype(self, D.int32, copy=False)

    def bool(self) -> Any:
        return api.dtype_functions.astype(self, D.bool_, copy=False)

    # -- elementwise --------------------------------------------------------------------------

    def clip(self, min: Any = None, max: Any = None) -> Any:
        return api.elementwise.clip(self, min, max)

    clamp = clip

    def abs(self) -> Any:
        return api.elementwise.abs(self)

    def exp(self) -> Any:
        return api.elementwise.exp(self)

    def log(self) -> Any:
        return api.elementwise.log(self)

    def sqrt(self) -> Any:
        return api.elementwise.sqrt(self)

    def sin(self) -> Any:
        return api.elementwise.sin(self)

    def cos(self) -> Any:
        return api.elementwise.cos(self)

    def tanh(self) -> Any:
        return api.elementwise.tanh(self)

    def round(self) -> Any:
        return api.elementwise.round(self)

    def sigmoid(self) -> Any:
        return api.elementwise.reciprocal(api.elementwise.add(
            api.elementwise.exp(api.elementwise.negative(self)), 1))

    def relu(self) -> Any:
        return api.elementwise.maximum(self, 0)

    def softmax(self: Any, dim: int) -> Any:
        """PyTorch's softmax along ``dim`` (lazyten's passes make it one fused op)."""
        e = api.elementwise.exp(api.elementwise.subtract(
            self, api.reduction.max(self, axis=dim, keepdims=True)))
        return api.elementwise.divide(e, api.reduction.sum(e, axis=dim, keepdims=True))

    def dot(self: Any, other: Any) -> Any:
        """NumPy's ``dot`` of 1-D and 2-D arrays (the matrix product); N-D stacks are
        refused, where NumPy's ``dot`` is not ``matmul``."""
        other = api.creation.asarray(other)
        if self.ndim == 0 or other.ndim == 0:
            return api.elementwise.multiply(self, other)
        if self.ndim > 2 or other.ndim > 2:
            raise ShapeError(f"dot of arrays with more than 2 dimensions ({self.shape} and "
                             f"{other.shape}) is not matmul in NumPy; use lt.matmul or "
                             "lt.tensordot")
        return api.linalg.matmul(self, other)

    def norm(self, p: Any = 2, dim: Any = None, keepdim: bool = False) -> Any:
        """PyTorch's vector norm over ``dim`` (every axis by default; ``"fro"`` is 2)."""
        return api.linalg.vector_norm(self, axis=dim, keepdims=keepdim,
                                      ord=2 if p == "fro" else p)

    @property
    def real(self) -> Any:
        return api.elementwise.real(self)

    @property
    def imag(self) -> Any:
        return api.elementwise.imag(self)

    # -- reductions and searches --------------------------------------------------------------
    # ``dim``/``keepdim`` are PyTorch's names for ``axis``/``keepdims``

    def sum(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
            keepdim: bool | None = None, dtype: Any = None) -> Any:
        return api.reduction.sum(self, axis, dim=dim, keepdims=keepdims, keepdim=keepdim,
                                 dtype=dtype)

    def prod(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
             keepdim: bool | None = None, dtype: Any = None) -> Any:
        return api.reduction.prod(self, axis, dim=dim, keepdims=keepdims, keepdim=keepdim,
                                  dtype=dtype)

    def mean(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
             keepdim: bool | None = None) -> Any:
        return api.reduction.mean(self, axis, dim=dim, keepdims=keepdims, keepdim=keepdim)

    def max(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
            keepdim: bool | None = None) -> Any:
        return api.reduction.max(self, axis, dim=dim, keepdims=keepdims, keepdim=keepdim)

    def min(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
            keepdim: bool | None = None) -> Any:
        return api.reduction.min(self, axis, dim=dim, keepdims=keepdims, keepdim=keepdim)

    def argmax(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
               keepdim: bool | None = None) -> Any:
        return api.search.argmax(self, axis=api.reduction.axis_of(axis, dim),
                                 keepdims=api.reduction.keepdims_of(keepdims, keepdim))

    def argmin(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
               keepdim: bool | None = None) -> Any:
        return api.search.argmin(self, axis=api.reduction.axis_of(axis, dim),
                                 keepdims=api.reduction.keepdims_of(keepdims, keepdim))

    def any(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
            keepdim: bool | None = None) -> Any:
        return api.reduction.any(self, axis=api.reduction.axis_of(axis, dim),
                                 keepdims=api.reduction.keepdims_of(keepdims, keepdim))

    def std(self, axis: Any = None, dtype: Any = None, out: Any = None, ddof: float = 0, *,
            dim: Any = None, keepdims: bool = False, keepdim: bool | None = None,
            correction: float | None = None, unbiased: bool | None = None) -> Any:
        """NumPy's ``x.std(axis, ddof=0)``; with PyTorch's ``dim``, ``unbiased`` or
        ``correction``, PyTorch's (which divides by N - 1 unless told otherwise)."""
        return api.elementwise.sqrt(self.var(axis, dtype, out, ddof, dim=dim, keepdims=keepdims,
                                             keepdim=keepdim, correction=correction,
                                             unbiased=unbiased))

    def var(self, axis: Any = None, dtype: Any = None, out: Any = None, ddof: float = 0, *,
            dim: Any = None, keepdims: bool = False, keepdim: bool | None = None,
            correction: float | None = None, unbiased: bool | None = None) -> Any:
        """NumPy's ``x.var(axis, ddof=0)``; with PyTorch's ``dim``, ``unbiased`` or
        ``correction``, PyTorch's (which divides by N - 1 unless told otherwise)."""
        if out is not None:
            raise ArgumentError("var/std: out= is not supported; use the result")
        torch = dim is not None or correction is not None or unbiased is not None
        if correction is None:
            correction = (1 if unbiased is None or unbiased else 0) if torch else ddof
        x = self if dtype is None else api.dtype_functions.astype(self, dtype)
        return api.reduction.var(x, axis=api.reduction.axis_of(axis, dim),
                                 correction=correction,
                                 keepdims=api.reduction.keepdims_of(keepdims, keepdim))

    def cumsum(self: Any, axis: Any = None, dtype: Any = None, *, dim: Any = None) -> Any:
        """NumPy's ``x.cumsum(axis)`` (the flattened array when no axis) or PyTorch's
        ``x.cumsum(dim)``."""
        return _scan(api.reduction.cumulative_sum, self, api.reduction.axis_of(axis, dim), dtype)

    def cumprod(self: Any, axis: Any = None, dtype: Any = None, *, dim: Any = None) -> Any:
        return _scan(api.reduction.cumulative_prod, self, api.reduction.axis_of(axis, dim),
                     dtype)

    def argsort(self, axis: int = -1, *, dim: Any = None, descending: bool = False,
                stable: bool = True) -> Any:
        return api.sort.argsort(self, axis=api.reduction.axis_of(dim, axis),
                                descending=descending, stable=stable)

    def sort(self: Any, axis: int = -1, *, dim: Any = None, descending: bool | None = None,
             stable: bool = True) -> Any:
        """NumPy's ``x.sort(axis)``: sorts in place and returns None. With PyTorch's ``dim`` or
        ``descending``: PyTorch's ``(values, indices)``, ``x`` unchanged."""
        if dim is None and descending is None:
            self[...] = api.sort.sort(self, axis=axis, stable=stable)
            return None
        axis = api.reduction.axis_of(dim, axis)
        order = api.sort.argsort(self, axis=axis, descending=bool(descending), stable=stable)
        return api.reduction.ValuesIndices(api.indexing.take_along_axis(self, order, axis=axis),
                                           order)

    def nonzero(self, *, as_tuple: bool | None = None) -> Any:
        """NumPy's tuple of index arrays, one per axis (also PyTorch's with ``as_tuple=True``);
        PyTorch's ``as_tuple=False`` stacks them as the columns of an (n, ndim) array."""
        indices = api.search.nonzero(self)
        if as_tuple is False:
            return api.manipulation.stack(list(indices), axis=-1)
        return indices

    def all(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
            keepdim: bool | None = None) -> Any:
        return api.reduction.all(self, axis=api.reduction.axis_of(axis, dim),
                                 keepdims=api.reduction.keepdims_of(keepdims, keepdim))


def _scan(fn: Any, x: Any, axis: Any, dtype: Any) -> Any:
    """A running sum or product as NumPy's method computes it: along ``axis``, or along the
    flattened array when there is none."""
    if axis is None:
        x, axis = api.manipulation.reshape(x, (-1,)), 0
    return fn(x, axis=axis, dtype=dtype)


class FlatIndex:
    """``x.flat``: indexing ``x`` as if it were 1-D in C order, as NumPy's flat iterator does.
    A write goes through a flattened copy and back into ``x`` whole: one rule for contiguous
    arrays and strided views alike."""

    __slots__ = ("_array",)

    def __init__(self, array: Any) -> None:
        self._array = array

    def _flattened(self) -> Any:
        return api.manipulation.reshape(self._array, (-1,), copy=True)

    def __getitem__(self, index: Any) -> Any:
        return self._flattened()[index]

    def __setitem__(self, index: Any, value: Any) -> None:
        flat = self._flattened()
        flat[index] = value
        self._array[...] = api.manipulation.reshape(flat, self._array.shape)

    def __len__(self) -> int:
        return self._array.size

    def __iter__(self) -> Any:
        return iter(self._flattened())


class IndexUpdate:
    """``x.at``: ``x.at[index]`` selects where a new array differs from ``x`` (JAX's spelling)."""

    __slots__ = ("_array",)

    def __init__(self, array: Any) -> None:
        self._array = array

    def __getitem__(self, index: Any) -> "IndexedUpdate":
        return IndexedUpdate(self._array, index)


class IndexedUpdate:
    """``x.at[index]``: ``set(v)`` gives a copy of ``x`` with ``v`` written at ``index``;
    ``get()`` reads ``x[index]``. JAX's accumulating updates (``add``, ``multiply``, ...) are
    not offered: with repeated indices NumPy-style assignment keeps one update, where JAX
    combines them all."""

    __slots__ = ("_array", "_index")

    def __init__(self, array: Any, index: Any) -> None:
        self._array, self._index = array, index

    def set(self, value: Any) -> Any:
        out = api.dtype_functions.astype(self._array, self._array.dtype, copy=True)
        out[self._index] = value
        return out

    def get(self) -> Any:
        return self._array[self._index]

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"x.at[...].{name} is not offered: JAX combines updates at "
                             "repeated indices, lazyten's assignment keeps one; use "
                             f"x.at[i].set(...) with the combined value")
