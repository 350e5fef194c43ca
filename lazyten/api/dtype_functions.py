"""Data type functions of the Array API: astype, can_cast, finfo, iinfo, isdtype, result_type."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, DTypeLike, DeviceLike, as_array, cast, wrap
from ..dtypes import DType
from ..errors import DTypeError


def astype(x: ArrayLike, dtype: DTypeLike, /, *, copy: bool = True,
           device: DeviceLike | None = None) -> Array:
    """``x`` converted to ``dtype`` (``copy=False`` returns ``x`` itself when it already has
    it). Floats to integers truncate; out-of-range values are undefined, as in C. Complex
    arrays convert to complex or bool (True where either part is nonzero) only, as the standard
    asks: take ``real``, ``imag`` or ``abs`` for a real array.

    >>> lt.astype(lt.asarray([1.7, -1.7]), lt.int32)
    lazyten.Array([ 1, -1], dtype=int32)
    """
    dt = D.as_dtype(dtype)
    x = as_array(x)
    if x.dtype is dt and not copy:
        return x
    return wrap(cast(x._node(), dt))


def _dtype_of(x: Any) -> DType:
    return x.dtype if isinstance(x, Array) else D.as_dtype(x)


def _group(dt: DType) -> str:
    return "b" if dt.kind == "b" else ("f" if dt.kind in "fc" else "i")


def can_cast(from_: DTypeLike | Array, to: DTypeLike, /) -> bool:
    """True when promotion of ``from_`` with ``to`` gives ``to`` (no cross-kind casts).

    >>> lt.can_cast(lt.int8, lt.int32), lt.can_cast(lt.int64, lt.float32)
    (True, False)
    """
    a, b = _dtype_of(from_), D.as_dtype(to)
    return _group(a) == _group(b) and D.promote(a, b) is b


@dataclass(frozen=True)
class finfo_object:
    bits: int
    eps: float
    max: float
    min: float
    smallest_normal: float
    dtype: DType


@dataclass(frozen=True)
class iinfo_object:
    bits: int
    max: int
    min: int
    dtype: DType


def finfo(type: DTypeLike | Array, /) -> finfo_object:
    """Machine limits of a float dtype: bits, eps, max, min, smallest_normal. For a complex
    dtype, those of its parts (complex64: float32's, ``dtype`` float32), as the standard says.

    >>> lt.finfo(lt.float16).max, lt.finfo(lt.float32).eps
    (65504.0, 1.1920928955078125e-07)
    """
    dt = _dtype_of(type)
    if dt.kind not in "fc":
        raise DTypeError(f"finfo needs a floating-point dtype, got {dt.name}")
    dt = D.REAL_OF.get(dt, dt)
    f = np.finfo(dt.np)
    return finfo_object(dt.bits, float(f.eps), float(f.max), float(f.min),
                        float(f.smallest_normal), dt)


def iinfo(type: DTypeLike | Array, /) -> iinfo_object:
    """Machine limits of an integer dtype: bits, max, min.

    >>> lt.iinfo(lt.int8)
    iinfo_object(bits=8, max=127, min=-128, dtype=lazyten.int8)
    """
    dt = _dtype_of(type)
    if dt.kind not in "iu":
        raise DTypeError(f"iinfo needs an integer dtype, got {dt.name}")
    i = np.iinfo(dt.np)
    return iinfo_object(dt.bits, int(i.max), int(i.min), dt)


_KINDS = {"bool": (D.bool_,), "signed integer": D.SIGNED, "unsigned integer": D.UNSIGNED,
          "integral": D.INTEGER, "real floating": D.FLOATING, "complex floating": D.COMPLEX,
          "numeric": D.NUMERIC + D.COMPLEX}


def isdtype(dtype: DTypeLike, kind: str | DTypeLike | tuple[str | DTypeLike, ...]) -> bool:
    """Whether ``dtype`` is of a kind ('bool', 'signed integer', 'real floating', ...) or one of
    some dtypes.

    >>> lt.isdtype(lt.float32, "real floating"), lt.isdtype(lt.int8, (lt.int16, lt.int32))
    (True, False)
    """
    dt = D.as_dtype(dtype)
    if isinstance(kind, tuple):
        return any(isdtype(dt, k) for k in kind)
    if isinstance(kind, str):
        if kind not in _KINDS:
            raise DTypeError(f"isdtype: unknown kind {kind!r}; expected one of {sorted(_KINDS)}")
        return dt in _KINDS[kind]
    return dt is D.as_dtype(kind)


def result_type(*arrays_and_dtypes: ArrayLike | DTypeLike) -> DType:
    """Promotion of arrays and dtypes first; Python scalars then join weakly.

    >>> lt.result_type(lt.int8, lt.uint8)
    lazyten.int16
    >>> lt.result_type(lt.asarray([1, 2], dtype=lt.int32), 1.5)
    lazyten.float32
    """
    typed = [_dtype_of(x) for x in arrays_and_dtypes
             if not isinstance(x, (bool, int, float, complex))]
    scalars = [x for x in arrays_and_dtypes if isinstance(x, (bool, int, float, complex))]
    if not typed:
        if not scalars:
            raise DTypeError("result_type needs at least one array or dtype")
        typed = [D.default_dtype_of(scalars[0])]
        scalars = scalars[1:]
    dt = D.result_type(*typed)
    for s in scalars:
        dt = D.scalar_dtype(s, dt)
    return dt
