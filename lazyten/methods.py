"""Array's methods that are spellings of namespace functions: NumPy's and the Array API's
(``x.sum(axis=0)``, ``x.astype``), and PyTorch's (``x.sum(dim=0, keepdim=True)``,
``x.float()``, ``x.t()``, ``v, i = x.max(dim=1)``). Where the two differ, each spelling keeps
its own library's meaning: ``x.max(axis=1)`` gives the values, ``x.max(dim=1)`` PyTorch's
``(values, indices)``. The README's "Spellings" table lists them."""
from __future__ import annotations

from typing import Any

from . import api
from . import dtypes as D
from .errors import ShapeError


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

    def transpose(self, dim0: int, dim1: int) -> Any:
        """PyTorch's two-axis transpose (NumPy's ``transpose(axes)`` is ``permute``)."""
        return api.manipulation.swapaxes(self, dim0, dim1)

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

    def astype(self, dtype: Any, copy: bool = True) -> Any:
        return api.dtype_functions.astype(self, dtype, copy=copy)

    def clone(self: Any) -> Any:
        return api.dtype_functions.astype(self, self.dtype, copy=True)

    copy = clone

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

    def all(self, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
            keepdim: bool | None = None) -> Any:
        return api.reduction.all(self, axis=api.reduction.axis_of(axis, dim),
                                 keepdims=api.reduction.keepdims_of(keepdims, keepdim))
