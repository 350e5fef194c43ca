"""The real-valued part of the ``fft`` extension. The transforms themselves return complex
arrays, and onnxruntime has no complex tensor type, so they are absent (see ``info.MISSING``)."""
from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as D
from .array import Array, wrap
from .fns_manipulation import roll
from .functions import as_array, normalize_axes
from .lazy import numpy_leaf


def fftfreq(n: int, /, *, d: float = 1.0, dtype: Any = None, device: Any = None) -> Array:
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    return wrap(numpy_leaf(np.fft.fftfreq(n, d).astype(dt.np), dt))


def rfftfreq(n: int, /, *, d: float = 1.0, dtype: Any = None, device: Any = None) -> Array:
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    return wrap(numpy_leaf(np.fft.rfftfreq(n, d).astype(dt.np), dt))


def _shift(x: Any, axes: Any, sign: int) -> Array:
    x = as_array(x)
    ax = normalize_axes(axes, x.ndim, "fftshift")
    if not ax:
        return wrap(x._node())
    return roll(x, tuple(sign * (x.shape[a] // 2) if sign > 0 else -(x.shape[a] // 2)
                         for a in ax), axis=ax)


def fftshift(x: Any, /, *, axes: Any = None) -> Array:
    return _shift(x, axes, 1)


def ifftshift(x: Any, /, *, axes: Any = None) -> Array:
    return _shift(x, axes, -1)


__all__ = ["fftfreq", "fftshift", "ifftshift", "rfftfreq"]
