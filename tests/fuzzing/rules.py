"""lazyten's documented dtype rules (README, "Dtype choices") and tolerances, written
independently of lazyten."""
from __future__ import annotations

from typing import Any

import numpy as np


DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]
DTYPE_WEIGHTS = [6, 3, 3, 5, 10, 3, 2, 3, 3, 2, 14, 8, 5, 4]
INTS = DTYPES[1:9]
FLOATS = ["float16", "float32", "float64"]
COMPLEX = ["complex64", "complex128"]
KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}
REAL_OF = {"complex64": "float32", "complex128": "float64"}


def real_of(dt: str) -> str:
    """The dtype of a complex dtype's parts (real dtypes as they are)."""
    return REAL_OF.get(dt, dt)


def complex_of(dt: str) -> str:
    """The complex dtype a real dtype joins (float64 -> complex128, others -> complex64)."""
    return dt if kind(dt) == "c" else "complex128" if dt == "float64" else "complex64"


def promote(a: str, b: str) -> str:
    if a == b:
        return a
    da, db = np.dtype(a), np.dtype(b)
    ra, rb = KIND_RANK[da.kind], KIND_RANK[db.kind]
    if "c" in (da.kind, db.kind):
        # complex joins floats by the precision of the parts; bools and integers as floats
        parts = [real_of(d) for d in (a, b) if kind(d) in "fc"]
        return complex_of(max(parts, key=lambda d: np.dtype(d).itemsize))
    if ra != rb:
        return a if ra > rb else b
    if da.kind == "f":
        return a if da.itemsize >= db.itemsize else b
    if da.kind == db.kind:
        return a if da.itemsize >= db.itemsize else b
    s, u = (da, db) if da.kind == "i" else (db, da)
    if s.itemsize > u.itemsize:
        return s.name
    return {1: "int16", 2: "int32", 4: "int64"}.get(u.itemsize, "float64")


def weak(value: Any, other: str) -> str:
    """dtype of a Python scalar next to an array of dtype ``other``."""
    k = np.dtype(other).kind
    if isinstance(value, bool):
        return other
    if isinstance(value, int):
        return "int64" if k == "b" else other
    if isinstance(value, complex):
        return complex_of(other) if k in "fc" else "complex64"
    return other if k in "fc" else "float32"


def default_dtype(value: Any) -> str:
    if isinstance(value, complex):
        return "complex64"
    return "bool" if isinstance(value, bool) else "int64" if isinstance(value, int) else "float32"


def sum_dtype(dt: str) -> str:
    d = np.dtype(dt)
    if d.kind == "b" or (d.kind == "i" and d.itemsize < 8):
        return "int64"
    if d.kind == "u" and d.itemsize < 8:
        return "uint64"
    return dt


def kind(dt: str) -> str:
    return np.dtype(dt).kind


def inexact(dt: str) -> bool:
    """Floating-point values (real or complex): compared with a tolerance."""
    return kind(dt) in "fc"


def eps(dt: str) -> float:
    return float(np.finfo(dt).eps) if inexact(dt) else 0.0


def base_tol(dt: str) -> tuple[float, float]:
    """(rtol, atol); a complex part is compared relative to its own size or the modulus."""
    return {"float16": (1e-2, 1e-3), "float32": (1e-5, 1e-6),
            "float64": (1e-12, 1e-12)}.get(real_of(dt), (0.0, 0.0))


def approx_rtol(dt: str) -> float:
    return {"float16": 2e-2, "float32": 1e-4, "float64": 1e-10}.get(real_of(dt), 0.0)


def absf(a: Any) -> np.ndarray:
    """|a| (the modulus of complex values) as a float64 ndarray, non-finite entries set to 0."""
    a = np.asarray(a)
    with np.errstate(all="ignore"):
        wide = a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
        out = np.array(np.abs(wide), dtype=np.float64)
    out[~np.isfinite(out)] = 0
    return out


def fmax(a: np.ndarray) -> float:
    """Largest finite magnitude in ``a`` (0 for none)."""
    a = absf(a)
    return float(a.max()) if a.size else 0.0
