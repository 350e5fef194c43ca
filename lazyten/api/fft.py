"""The real-valued part of the ``fft`` extension. The transforms themselves return complex
arrays, and onnxruntime has no complex tensor type, so they are absent (see ``info.MISSING``)."""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, DTypeLike, DeviceLike, as_array, wrap
from ..errors import ValueArgumentError
from ..lazy import numpy_leaf
from . import arguments as A
from .manipulation import roll


def fftfreq(n: int, /, *, d: float = 1.0, dtype: DTypeLike | None = None,
            device: DeviceLike | None = None) -> Array:
    """The sample frequencies of an ``n``-point DFT with sample spacing ``d``: 0, the positive
    frequencies, then the negative ones (NumPy's order). Default float (float32) unless
    ``dtype`` is given.

    >>> lt.fft.fftfreq(4)
    lazyten.Array([ 0.  ,  0.25, -0.5 , -0.25], dtype=float32)
    """
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    n, d = _freq_args("fft.fftfreq", n, d)
    return wrap(numpy_leaf(np.fft.fftfreq(n, d).astype(dt.np), dt))


def rfftfreq(n: int, /, *, d: float = 1.0, dtype: DTypeLike | None = None,
             device: DeviceLike | None = None) -> Array:
    """The non-negative sample frequencies of an ``n``-point real DFT with sample spacing ``d``.
    Default float (float32) unless ``dtype`` is given.

    >>> lt.fft.rfftfreq(4)
    lazyten.Array([0.  , 0.25, 0.5 ], dtype=float32)
    """
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    n, d = _freq_args("fft.rfftfreq", n, d)
    return wrap(numpy_leaf(np.fft.rfftfreq(n, d).astype(dt.np), dt))


def _freq_args(name: str, n: Any, d: Any) -> tuple[int, Any]:
    """``n``, a positive integer, and ``d``, a nonzero real (NumPy computes at most ``n``
    8-byte values on the host)."""
    n = A.integer(n, f"{name}: n")
    if n <= 0:
        raise ValueArgumentError(f"{name}: n must be a positive integer, got {n}")
    d = A.real(d, f"{name}: d")
    if d == 0:
        raise ValueArgumentError(f"{name}: d (the sample spacing) must not be zero, got {d}")
    A.fits((n,), 8, f"{name}: shape")
    return n, d


def _shift(x: Any, axes: Any, sign: int) -> Array:
    x = as_array(x)
    ax = A.sorted_axes(axes, x.ndim, "fftshift")
    if not ax:
        return wrap(x._node())
    return roll(x, tuple(sign * (x.shape[a] // 2) if sign > 0 else -(x.shape[a] // 2)
                         for a in ax), axis=ax)


def fftshift(x: ArrayLike, /, *, axes: int | tuple[int, ...] | None = None) -> Array:
    """``x`` with the zero-frequency term moved to the center: rolled by half the size along
    ``axes`` (every axis for None). Keeps the dtype.

    >>> lt.fft.fftshift(lt.asarray([0, 1, 2, -2, -1]))
    lazyten.Array([-2, -1,  0,  1,  2], dtype=int64)
    """
    return _shift(x, axes, 1)


def ifftshift(x: ArrayLike, /, *, axes: int | tuple[int, ...] | None = None) -> Array:
    """The inverse of ``fftshift``: the zero-frequency term moved back to the start. Keeps the
    dtype.

    >>> lt.fft.ifftshift(lt.asarray([-2, -1, 0, 1, 2]))
    lazyten.Array([ 0,  1,  2, -2, -1], dtype=int64)
    """
    return _shift(x, axes, -1)


__all__ = ["fftfreq", "fftshift", "ifftshift", "rfftfreq"]
