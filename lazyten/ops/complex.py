"""Ops of complex operands only: their parts, the conjugate, the modulus, and the discrete
Fourier transform along one axis (ONNX ``DFT``). Their lowerings work on the real pairs that
hold complex values in ONNX (``pairs``)."""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import DTypeError, ShapeError
from ..ir import TensorType
from . import examples as X
from .pairs import lower_pairs
from .table import Example, InferFn, defop, quiet


def _complex_in(out_real: bool) -> InferFn:
    def infer(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
        (x,) = types
        if x.dtype.kind != "c":
            raise DTypeError(f"expected a complex array, got {x}")
        return TensorType(D.REAL_OF[x.dtype], x.shape) if out_real else x
    return infer


def _unary_examples(dt: DType) -> list[Example]:
    return X.unary(dt) if dt.kind == "c" else []


for _name, _fn, _real, _ulps, _doc in [
        ("real", np.real, True, 0.0, "the real part"),
        ("imag", np.imag, True, 0.0, "the imaginary part"),
        ("conj", np.conj, False, 0.0, "the complex conjugate"),
        ("complex_abs", np.abs, True, 2.0,
         "the modulus |x| (hypot of the parts; inf where a part is infinite)")]:
    defop(_name, _complex_in(_real), quiet(_fn), lower_pairs, examples=_unary_examples,
          elementwise=True, ulps=_ulps, complex_ok=True, doc=_doc)


def _infer_dft(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    if x.dtype.kind != "c":
        raise DTypeError(f"dft: expected a complex array, got {x}")
    axis = attrs["axis"]
    if not 0 <= axis < len(x.shape):
        raise ShapeError(f"dft: axis {axis} is out of range for {x}")
    if type(x.shape[axis]) is not int:
        raise ShapeError(f"dft: the transform axis {axis} of {x} needs a static size")
    if x.shape[axis] == 0:
        raise ShapeError(f"dft: the transform axis {axis} of {x} is empty")
    return x


def _ref_dft(x: np.ndarray, *, axis: int, inverse: bool) -> np.ndarray:
    return (np.fft.ifft if inverse else np.fft.fft)(x, axis=axis).astype(x.dtype)


def _dft_examples(dt: DType) -> list[Example]:
    if dt.kind != "c":
        return []
    rng = np.random.default_rng(5)
    cases = []
    for shape, axis in [((8,), 0), ((5,), 0), ((1,), 0), ((3, 6), 1), ((7, 2), 0),
                        ((2, 3, 4), 1), ((0, 4), 1), ((16,), 0), ((9, 3), 0)]:
        x = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dt.np)
        cases += [Example((x,), {"axis": axis, "inverse": inverse}) for inverse in (False, True)]
    return cases


defop("dft", _infer_dft, _ref_dft, lower_pairs, examples=_dft_examples, ulps=32.0,
      normwise=True, complex_ok=True,
      doc="discrete Fourier transform along one axis (the inverse divides by the length)")


def _infer_make_complex(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    re, im = types
    if re.dtype is not im.dtype or re.dtype not in (D.float32, D.float64) or \
            re.shape != im.shape:
        raise DTypeError(f"make_complex: the parts must be float32 or float64 arrays of one "
                         f"dtype and shape, got {re} and {im}")
    return TensorType(D.COMPLEX_OF[re.dtype], re.shape)


def _ref_make_complex(re: np.ndarray, im: np.ndarray) -> np.ndarray:
    out = np.empty(re.shape, D.COMPLEX_OF[D.as_dtype(re.dtype)].np)
    out.real, out.imag = re, im
    return out


def _make_complex_examples(dt: DType) -> list[Example]:
    if dt not in (D.float32, D.float64):
        return []
    values = X.edge_values(dt)
    return [Example((values, values[::-1].copy()), {})] + \
        [Example((X.sample(dt, s, k), X.sample(dt, s, k + 1)), {})
         for k, s in enumerate(X.SHAPES)]


defop("make_complex", _infer_make_complex, _ref_make_complex, lower_pairs,
      examples=_make_complex_examples, complex_ok=True,
      doc="the complex array with real part re and imaginary part im (one shape)")
