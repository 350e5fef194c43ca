"""The ``fft`` extension: the transforms, each a chain of one-axis ``dft`` ops (ONNX ``DFT`` on
the real pairs that hold complex values), and the frequency helpers. Lengths (``n``, ``s``) trim
or zero-pad the input first; ``norm`` scales the result ('backward': the inverse divides by the
length, 'ortho': both by its square root, 'forward': the forward transform divides)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, DTypeLike, DeviceLike, as_array, binary, wrap
from ..errors import DTypeError, ValueArgumentError
from ..lazy import apply, numpy_leaf
from . import arguments as A
from .complex_math import complex_from, conj, imag, real, to_complex
from .creation import zeros
from .elementwise import where
from .manipulation import concat, roll

_NORMS = ("backward", "ortho", "forward")
_SWAPPED = {"backward": "forward", "ortho": "ortho", "forward": "backward"}


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


def _norm(norm: Any, name: str) -> str:
    if not isinstance(norm, str) or norm not in _NORMS:
        raise ValueArgumentError(f"fft.{name}: norm must be one of {', '.join(_NORMS)}, got "
                                 f"{norm!r}")
    return norm


def _float_or_complex(x: Any, name: str, complex_ok: bool = True) -> Array:
    """``x`` as a complex array (real floats take the complex dtype of their precision); with
    ``complex_ok=False`` a real float array, as the real transforms take."""
    x = as_array(x)
    if x.dtype.kind == "f" or (x.dtype.kind == "c" and complex_ok):
        return x
    kinds = "a floating-point or complex" if complex_ok else "a real floating-point"
    raise DTypeError(f"fft.{name} needs {kinds} array, got {x._type}")


def _along(x: Array, axis: int, index: slice) -> Array:
    return x[(slice(None),) * axis + (index,)]


def _resized(x: Array, n: Any, axis: int, name: str) -> Array:
    """``x`` trimmed or zero-padded to ``n`` elements along ``axis`` (None: as it is)."""
    if n is None:
        return x
    n = A.integer(n, f"fft.{name}: n")
    if n < 1:
        raise ValueArgumentError(f"fft.{name}: the length n must be positive, got {n}")
    size = x.shape[axis]
    if n <= size:
        return _along(x, axis, slice(0, n)) if n < size else x
    pad = list(x.shape)
    pad[axis] = n - size
    return concat([x, zeros(tuple(pad), dtype=x.dtype)], axis=axis)


def _dft(x: Array, axis: int, n: Any, norm: str, inverse: bool, name: str,
         nyquist_real: bool = False) -> Array:
    """The complex transform of ``x`` (made complex) along one axis, resized and scaled. Of a
    real signal, the zero-frequency term is real (and the Nyquist term, for a half spectrum:
    ``nyquist_real``), as in NumPy's transforms."""
    x = _resized(x, n, axis, name)
    real_signal = x.dtype.kind != "c"
    if real_signal:
        x = to_complex(x)
    m = x.shape[axis]
    if type(m) is not int or m == 0:
        raise ValueArgumentError(f"fft.{name}: the transform axis {axis} of {x._type} must "
                                 "have a known, nonzero size")
    y = wrap(apply("dft", [x._node()], axis=axis, inverse=inverse))
    if real_signal:
        y = _exact_real_terms(y, axis, nyquist_real)
    scale = {"backward": 1.0, "ortho": 1 / math.sqrt(m), "forward": 1.0 / m}[norm] \
        if not inverse else {"backward": 1.0, "ortho": math.sqrt(m), "forward": float(m)}[norm]
    return y if scale == 1.0 else binary("mul", y, scale)


def _exact_real_terms(y: Array, axis: int, nyquist: bool) -> Array:
    """The transform ``y`` of a real signal with exact zero imaginary parts in its
    zero-frequency term and, with ``nyquist``, in the Nyquist term of an even length: NumPy's
    are exact zeros there (its ``fft`` of a real signal: the zero-frequency term; ``rfft``:
    both), where onnxruntime's DFT leaves rounding noise (1e-16: times an infinity, inf where
    NumPy gives NaN)."""
    m = y.shape[axis]
    real_terms = np.zeros(m, bool)
    real_terms[0] = True
    if nyquist and m % 2 == 0:
        real_terms[m // 2] = True
    shape = tuple(m if k == axis else 1 for k in range(y.ndim))
    mask = wrap(numpy_leaf(real_terms.reshape(shape), D.bool_, device=None))
    return complex_from(real(y), where(mask, 0.0, imag(y)))


def _axes_and_sizes(x: Array, s: Any, axes: Any, name: str) -> list[tuple[int, Any]]:
    """(axis, length) pairs of an n-dimensional transform: every axis by default, the last
    ``len(s)`` when only ``s`` is given."""
    sizes = None if s is None else A.integers(s, f"fft.{name}: s")
    if axes is None:
        count = x.ndim if sizes is None else len(sizes)
        if count > x.ndim:
            raise ValueArgumentError(f"fft.{name}: s has {count} lengths for {x._type}")
        picked = list(range(x.ndim - count, x.ndim))
    else:
        picked = [A.axis(a, x.ndim, f"fft.{name}: axes") for a in A.integers(axes,
                                                                             f"fft.{name}: axes")]
        if len(set(picked)) != len(picked):
            raise ValueArgumentError(f"fft.{name}: axes has a repeated axis, got {axes!r}")
    if sizes is not None and len(sizes) != len(picked):
        raise ValueArgumentError(f"fft.{name}: s and axes must have one length each, got "
                                 f"s={s!r} and axes={axes!r}")
    return list(zip(picked, sizes if sizes is not None else [None] * len(picked)))


def fft(x: ArrayLike, /, *, n: int | None = None, axis: int = -1,
        norm: str = "backward") -> Array:
    """The one-dimensional discrete Fourier transform along ``axis``, of length ``n`` (the
    input trimmed or zero-padded). Complex dtypes are kept; real floats become the complex
    dtype of their precision.

    >>> lt.fft.fft(lt.asarray([1.0, 2.0, 3.0, 4.0])).numpy().round(4) + 0
    array([10.+0.j, -2.+2.j, -2.+0.j, -2.-2.j], dtype=complex64)
    """
    x = _float_or_complex(x, "fft")
    return _dft(x, A.axis(axis, x.ndim, "fft.fft: axis"), n, _norm(norm, "fft"), False, "fft")


def ifft(x: ArrayLike, /, *, n: int | None = None, axis: int = -1,
         norm: str = "backward") -> Array:
    """The inverse of ``fft`` along ``axis`` (by default divided by the length).

    >>> lt.fft.ifft(lt.asarray([10.0, -2 + 2j, -2.0, -2 - 2j])).numpy().round(4) + 0
    array([1.+0.j, 2.+0.j, 3.+0.j, 4.+0.j], dtype=complex64)
    """
    x = _float_or_complex(x, "ifft")
    return _dft(x, A.axis(axis, x.ndim, "fft.ifft: axis"), n, _norm(norm, "ifft"), True,
                "ifft")


def fftn(x: ArrayLike, /, *, s: Any = None, axes: Any = None, norm: str = "backward") -> Array:
    """The n-dimensional transform over ``axes`` (every axis by default), lengths ``s``.

    >>> lt.fft.fftn(lt.asarray([[1.0, 2.0], [3.0, 4.0]])).numpy().round(4) + 0
    array([[10.+0.j, -2.+0.j],
           [-4.+0.j,  0.+0.j]], dtype=complex64)
    """
    x, norm = _float_or_complex(x, "fftn"), _norm(norm, "fftn")
    for axis, n in _axes_and_sizes(x, s, axes, "fftn"):
        x = _dft(x, axis, n, norm, False, "fftn")
    return x


def ifftn(x: ArrayLike, /, *, s: Any = None, axes: Any = None, norm: str = "backward") -> Array:
    """The inverse of ``fftn``.

    >>> lt.fft.ifftn(lt.asarray([[10.0, -2.0], [-4.0, 0.0]])).numpy().round(4) + 0
    array([[1.+0.j, 2.+0.j],
           [3.+0.j, 4.+0.j]], dtype=complex64)
    """
    x, norm = _float_or_complex(x, "ifftn"), _norm(norm, "ifftn")
    for axis, n in _axes_and_sizes(x, s, axes, "ifftn"):
        x = _dft(x, axis, n, norm, True, "ifftn")
    return x


def _rfft(x: Array, axis: int, n: Any, norm: str, name: str) -> Array:
    """The first half of the complex transform, as an array of its own (NumPy's is one: not a
    strided view, so reshaping it is a view)."""
    y = _dft(x, axis, n, norm, False, name, nyquist_real=True)
    return wrap(_along(y, axis, slice(0, y.shape[axis] // 2 + 1))._node())


def _irfft(x: Array, axis: int, n: Any, norm: str, name: str) -> Array:
    """The real signal of length ``n`` (default 2 * (m - 1)) whose spectrum's first half is
    ``x``: the whole Hermitian spectrum rebuilt, then the inverse complex transform's real
    part (the imaginary parts of the zero and Nyquist terms drop out, as in NumPy)."""
    m = 2 * (x.shape[axis] - 1) if n is None else A.integer(n, f"fft.{name}: n")
    if m < 1:
        raise ValueArgumentError(f"fft.{name}: the output length must be positive, got {m} "
                                 f"(for {x._type} along axis {axis})")
    half = m // 2 + 1
    x = _resized(x, half, axis, name)
    if x.dtype.kind != "c":
        x = to_complex(x)
    if m > half:
        x = concat([x, conj(_along(x, axis, slice(m - half, 0, -1)))], axis=axis)
    return real(_dft(x, axis, None, norm, True, name))


def rfft(x: ArrayLike, /, *, n: int | None = None, axis: int = -1,
         norm: str = "backward") -> Array:
    """The transform of a real array along ``axis``: its n // 2 + 1 non-negative frequency
    terms, complex of the input's precision.

    >>> lt.fft.rfft(lt.asarray([1.0, 2.0, 3.0, 4.0])).numpy().round(4) + 0
    array([10.+0.j, -2.+2.j, -2.+0.j], dtype=complex64)
    """
    x = _float_or_complex(x, "rfft", complex_ok=False)
    return _rfft(x, A.axis(axis, x.ndim, "fft.rfft: axis"), n, _norm(norm, "rfft"), "rfft")


def irfft(x: ArrayLike, /, *, n: int | None = None, axis: int = -1,
          norm: str = "backward") -> Array:
    """The inverse of ``rfft``: a real array of length ``n`` (default 2 * (m - 1)) along
    ``axis``.

    >>> lt.fft.irfft(lt.asarray([10.0, -2 + 2j, -2.0])).numpy().round(4) + 0
    array([1., 2., 3., 4.], dtype=float32)
    """
    x = _float_or_complex(x, "irfft")
    return _irfft(x, A.axis(axis, x.ndim, "fft.irfft: axis"), n, _norm(norm, "irfft"),
                  "irfft")


def rfftn(x: ArrayLike, /, *, s: Any = None, axes: Any = None, norm: str = "backward") -> Array:
    """The n-dimensional transform of a real array: ``rfft`` over the last of ``axes``, then
    ``fft`` over the others.

    >>> lt.fft.rfftn(lt.asarray([[1.0, 2.0], [3.0, 4.0]])).numpy().round(4) + 0
    array([[10.+0.j, -2.+0.j],
           [-4.+0.j,  0.+0.j]], dtype=complex64)
    """
    x, norm = _float_or_complex(x, "rfftn", complex_ok=False), _norm(norm, "rfftn")
    pairs = _axes_and_sizes(x, s, axes, "rfftn")
    if not pairs:
        raise ValueArgumentError("fft.rfftn: needs at least one axis")
    (last, n), rest = pairs[-1], pairs[:-1]
    y = _rfft(x, last, n, norm, "rfftn")
    for axis, size in rest:
        y = _dft(y, axis, size, norm, False, "rfftn")
    return y


def irfftn(x: ArrayLike, /, *, s: Any = None, axes: Any = None,
           norm: str = "backward") -> Array:
    """The inverse of ``rfftn``: ``ifft`` over all but the last of ``axes``, then ``irfft``
    (length ``s[-1]``, default 2 * (m - 1)) over the last.

    >>> lt.fft.irfftn(lt.asarray([[10.0, -2.0], [-4.0, 0.0]])).numpy().round(4) + 0
    array([[1., 2.],
           [3., 4.]], dtype=float32)
    """
    x, norm = _float_or_complex(x, "irfftn"), _norm(norm, "irfftn")
    pairs = _axes_and_sizes(x, s, axes, "irfftn")
    if not pairs:
        raise ValueArgumentError("fft.irfftn: needs at least one axis")
    (last, n), rest = pairs[-1], pairs[:-1]
    for axis, size in rest:
        x = _dft(x, axis, size, norm, True, "irfftn")
    return _irfft(x, last, n, norm, "irfftn")


def hfft(x: ArrayLike, /, *, n: int | None = None, axis: int = -1,
         norm: str = "backward") -> Array:
    """The transform of a signal with Hermitian symmetry given by its first half: a real
    array of length ``n`` (default 2 * (m - 1)); ``irfft`` of the conjugate, the norm swapped.

    >>> lt.fft.hfft(lt.asarray([1.0, 2.0, 3.0])).numpy().round(4) + 0
    array([ 8., -2.,  0., -2.], dtype=float32)
    """
    x = _float_or_complex(x, "hfft")
    axis = A.axis(axis, x.ndim, "fft.hfft: axis")
    return _irfft(conj(x), axis, n, _SWAPPED[_norm(norm, "hfft")], "hfft")


def ihfft(x: ArrayLike, /, *, n: int | None = None, axis: int = -1,
          norm: str = "backward") -> Array:
    """The inverse of ``hfft``: of a real array, the conjugate of ``rfft`` with the norm
    swapped.

    >>> lt.fft.ihfft(lt.asarray([8.0, -2.0, 0.0, -2.0])).numpy().round(4) + 0
    array([1.+0.j, 2.+0.j, 3.+0.j], dtype=complex64)
    """
    x = _float_or_complex(x, "ihfft", complex_ok=False)
    axis = A.axis(axis, x.ndim, "fft.ihfft: axis")
    return conj(_rfft(x, axis, n, _SWAPPED[_norm(norm, "ihfft")], "ihfft"))


__all__ = ["fft", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifftn", "ifftshift", "ihfft",
           "irfft", "irfftn", "rfft", "rfftfreq", "rfftn"]
