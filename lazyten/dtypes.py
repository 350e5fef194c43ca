"""Data types, their promotion lattice, and the NumPy and ONNX codes for each.

Imports numpy only. Promotion follows the Array API table inside a kind and between real and
complex floats (float64 with complex64 gives complex128); across the other kinds it follows
PyTorch (an integer array with a float or complex array gives that dtype, bool joins anything).
Python scalars are weakly typed: they take the array's dtype unless their kind is higher.

``ALL`` holds the real dtypes, which every op accepts unless it says otherwise; the complex ones
(``COMPLEX``) are accepted only by the ops that say so. onnxruntime has no complex tensor type:
the exporter stores a complex tensor as a real one with a trailing axis of 2 (real, imaginary).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .errors import DTypeError, ScalarOverflowError


class DType:
    """One lazyten data type. Instances are singletons; compare them with ``==``."""

    __slots__ = ("name", "short", "np", "onnx", "kind", "itemsize", "bits")

    def __init__(self, name: str, short: str, onnx_code: int) -> None:
        self.name = name
        self.short = short
        self.np = np.dtype(name)
        self.onnx = onnx_code
        self.kind = self.np.kind  # 'b', 'i', 'u', 'f', 'c'
        self.itemsize = self.np.itemsize
        self.bits = self.itemsize * 8

    @property
    def dtype(self) -> np.dtype:
        """The NumPy dtype, through which NumPy takes a lazyten dtype wherever it takes one
        (``np.zeros(n, dtype=x.dtype)``, ``a.astype(lt.float32)``)."""
        return self.np

    def __repr__(self) -> str:
        return f"lazyten.{self.name}"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, DType):
            return False
        if isinstance(other, (np.dtype, type)):  # np.float32, np.dtype('f4'); nothing duck-typed
            try:
                return np.dtype(other) == self.np
            except TypeError:
                return False
        return False

    # singletons hash by identity; object's C-level hash keeps dict and set lookups fast
    __hash__ = object.__hash__

    def __reduce__(self) -> tuple:
        return (_by_name, (self.name,))


bool_ = DType("bool", "b1", 9)
int8 = DType("int8", "i8", 3)
int16 = DType("int16", "i16", 5)
int32 = DType("int32", "i32", 6)
int64 = DType("int64", "i64", 7)
uint8 = DType("uint8", "u8", 2)
uint16 = DType("uint16", "u16", 4)
uint32 = DType("uint32", "u32", 12)
uint64 = DType("uint64", "u64", 13)
float16 = DType("float16", "f16", 10)
float32 = DType("float32", "f32", 1)
float64 = DType("float64", "f64", 11)
complex64 = DType("complex64", "c64", 14)
complex128 = DType("complex128", "c128", 15)

ALL: tuple[DType, ...] = (bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                          float16, float32, float64)
SIGNED = (int8, int16, int32, int64)
UNSIGNED = (uint8, uint16, uint32, uint64)
INTEGER = SIGNED + UNSIGNED
FLOATING = (float16, float32, float64)
NUMERIC = INTEGER + FLOATING
COMPLEX = (complex64, complex128)
EVERY = ALL + COMPLEX
# a complex dtype's parts, and the complex dtype a real float becomes
REAL_OF = {complex64: float32, complex128: float64}
COMPLEX_OF = {float16: complex64, float32: complex64, float64: complex128}
DEFAULT_COMPLEX = complex64

DEFAULT_FLOAT = float32
DEFAULT_INT = int64
DEFAULT_INDEX = int64

_BY_NAME = {d.name: d for d in EVERY}
_BY_SHORT = {d.short: d for d in EVERY}
_BY_NP = {d.np: d for d in EVERY}
NUMPY_TO_DTYPE = _BY_NP  # np.dtype -> DType, for hot paths that already hold an ndarray


def _by_name(name: str) -> DType:
    return _BY_NAME[name]


def from_short(short: str) -> DType:
    """``'f32'`` -> float32 (the spelling used in dumps and ``--arg`` specs)."""
    try:
        return _BY_SHORT[short]
    except KeyError:
        raise DTypeError(f"unknown dtype {short!r}; expected one of {sorted(_BY_SHORT)}") from None


def from_name(name: str) -> DType:
    """``'f32'`` or ``'float32'`` -> float32 (specs on the command line take either)."""
    found = _BY_SHORT.get(name)
    if found is None:
        found = _BY_NAME.get(name)
    if found is None:
        raise DTypeError(f"unknown dtype {name!r}; expected a name such as float32 or int64, "
                         f"or a short name, one of {sorted(_BY_SHORT)}")
    return found


def as_dtype(obj: Any) -> DType:
    """Accept a lazyten dtype, a NumPy dtype or type, or a name such as ``'float32'``."""
    if isinstance(obj, DType):
        return obj
    if isinstance(obj, str):
        if obj in _BY_NAME:
            return _BY_NAME[obj]
        if obj in _BY_SHORT:
            return _BY_SHORT[obj]
    if obj is bool:
        return bool_
    if obj is int:
        return DEFAULT_INT
    if obj is float:
        return DEFAULT_FLOAT
    try:
        npd = np.dtype(obj)
    except TypeError:
        raise DTypeError(f"{obj!r} is not a data type lazyten supports") from None
    if npd in _BY_NP:
        return _BY_NP[npd]
    raise DTypeError(f"dtype {npd} is not supported by lazyten (supported: "
                     f"{', '.join(d.name for d in EVERY)})")


def _promote_same_kind_int(a: DType, b: DType) -> DType:
    if a.kind == b.kind:
        return a if a.bits >= b.bits else b
    signed, unsigned = (a, b) if a.kind == "i" else (b, a)
    if signed.bits > unsigned.bits:
        return signed
    if unsigned.bits < 64:
        return {8: int16, 16: int32, 32: int64}[unsigned.bits]
    return float64  # uint64 with a signed integer: no integer holds both (NumPy gives float64)


_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def promote(a: DType, b: DType) -> DType:
    """Result dtype of a binary operation between two arrays."""
    if a is b:
        return a
    ra, rb = _RANK[a.kind], _RANK[b.kind]
    if a.kind == "c" and b.kind == "f" or a.kind == "f" and b.kind == "c":
        c, f = (a, b) if a.kind == "c" else (b, a)
        return complex128 if f is float64 else c
    if ra != rb:
        return a if ra > rb else b
    if a.kind in "fc":
        return a if a.bits >= b.bits else b
    return _promote_same_kind_int(a, b)


def result_type(*dtypes: DType) -> DType:
    out = dtypes[0]
    for d in dtypes[1:]:
        out = promote(out, d)
    return out


def scalar_dtype(value: Any, other: DType) -> DType:
    """dtype a Python scalar takes next to an array of dtype ``other`` (weak typing)."""
    kind = type(value)  # exact Python types first: this runs for every scalar operand
    if kind is float:
        return other if other.kind in "fc" else DEFAULT_FLOAT
    if kind is int:
        return other if other.kind != "b" else DEFAULT_INT
    if isinstance(value, (bool, np.bool_)):
        return other
    if isinstance(value, (int, np.integer)):
        return other if other.kind != "b" else DEFAULT_INT
    if isinstance(value, (float, np.floating)):
        return other if other.kind in "fc" else DEFAULT_FLOAT
    if isinstance(value, (complex, np.complexfloating)):
        return other if other.kind == "c" else COMPLEX_OF.get(other, DEFAULT_COMPLEX)
    raise DTypeError(f"unsupported scalar {value!r} of type {type(value).__name__}")


def default_dtype_of(value: Any) -> DType:
    """dtype of a Python scalar on its own: bool, int64, float32 or complex64."""
    if isinstance(value, (bool, np.bool_)):
        return bool_
    if isinstance(value, (int, np.integer)):
        return DEFAULT_INT
    if isinstance(value, (float, np.floating)):
        return DEFAULT_FLOAT
    if isinstance(value, (complex, np.complexfloating)):
        return DEFAULT_COMPLEX
    raise DTypeError(f"unsupported scalar {value!r} of type {type(value).__name__}")


def check_scalar_fits(value: Any, d: DType) -> None:
    """Raise like NumPy 2 when a Python integer cannot be represented in an integer dtype."""
    if d.kind in "iu" and isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        info = np.iinfo(d.np)
        if not info.min <= int(value) <= info.max:
            raise ScalarOverflowError(f"Python integer {value} out of bounds for {d.name}")
