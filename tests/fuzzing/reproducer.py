"""The helpers every fuzz program, and every printed reproducer, starts with."""
from __future__ import annotations


HEADER = '''\
import traceback
import warnings
import numpy as np
import lazyten as lt
from math import nan, inf
np.seterr(all="ignore")
warnings.simplefilter("ignore", RuntimeWarning)


def _cmp(name, got, ref, rtol, atol):
    assert got.dtype == ref.dtype, f"{name}: dtype {got.dtype} != expected {ref.dtype}"
    assert got.shape == ref.shape, f"{name}: shape {got.shape} != expected {ref.shape}"
    if ref.dtype.kind == "f":
        g, r = got.astype(np.float64), ref.astype(np.float64)
        ok = np.isclose(g, r, rtol=rtol, atol=atol, equal_nan=True) | (g == r)
    elif ref.dtype.kind == "c":
        # each part on its own (NaN equal to NaN), within rtol of its size or the modulus
        g, r = got.astype(np.complex128), ref.astype(np.complex128)
        size = np.array(np.abs(r))
        size[~np.isfinite(size)] = 0
        ok = np.ones(ref.shape, dtype=bool)
        for gp, rp in ((g.real, r.real), (g.imag, r.imag)):
            scale = np.maximum(np.where(np.isfinite(rp), np.abs(rp), 0), size)
            ok &= (gp == rp) | (np.isnan(gp) & np.isnan(rp)) | \
                (np.abs(gp - rp) <= atol + rtol * scale)
    else:
        ok = got == ref
    if not np.all(ok):
        bad = np.argwhere(~np.asarray(ok))[:5].tolist()
        raise AssertionError(f"{name}: values differ at {bad}\\n got      {got!r}\\n "
                             f"expected {ref!r}")


def _refused(what, exc):
    """exc, raised by ``what``, is lazyten's TypeError (DTypeError) naming the dtype, raised
    at the program's line: no frame of lazyten under it but its boundary's."""
    assert isinstance(exc, lt.LazytenError) and isinstance(exc, TypeError), \
        f"{what}: {type(exc).__module__}.{type(exc).__name__} instead of a DTypeError: {exc}"
    inner = [f.filename for f in traceback.extract_tb(exc.__traceback__)[1:]]
    assert all(f.endswith("boundary.py") for f in inner), \
        f"{what}: raised inside {inner[-1]}: {exc}"
    assert any(w in str(exc) for w in ("complex", "c64", "c128")), \
        f"{what}: the message names no complex dtype: {exc}"


def _check(name, x, ref, rtol=0.0, atol=0.0):
    """x (lazyten array or ndarray) equals ref, read through tolist() (no memory sharing)."""
    if isinstance(x, lt.Array):
        assert x.dtype == ref.dtype, f"{name}: dtype {x.dtype} != expected {ref.dtype}"
        assert x.shape == ref.shape, f"{name}: shape {x.shape} != expected {ref.shape}"
        try:
            x = np.array(x.tolist(), dtype=ref.dtype).reshape(ref.shape)
        except Exception as exc:
            raise AssertionError(f"{name}: tolist() raised {type(exc).__name__}: {exc}")
    else:
        assert type(x) is np.ndarray, f"{name}: {type(x).__name__} instead of an ndarray"
    _cmp(name, x, ref, rtol, atol)


def _final(**pairs):
    """.numpy() of every lazyten array equals its mirror, and memory is shared exactly where
    the mirrors share it."""
    outs = {}
    for name, (x, ref, rtol, atol) in pairs.items():
        try:
            got = x.numpy() if isinstance(x, lt.Array) else x
        except Exception as exc:
            raise AssertionError(f"{name}.numpy() raised {type(exc).__name__}: {exc}")
        assert type(got) is np.ndarray, \\
            f"{name}.numpy(): {type(got).__name__} instead of an ndarray"
        _cmp(name + ".numpy()", got, ref, rtol, atol)
        outs[name] = (got, ref)
    names = list(outs)
    for i, p in enumerate(names):
        for q in names[i + 1:]:
            s = np.shares_memory(outs[p][0], outs[q][0])
            t = np.shares_memory(outs[p][1], outs[q][1])
            assert s == t, (f"{p} and {q}: their ndarrays {'share' if s else 'do not share'} "
                            f"memory, NumPy's {'do' if t else 'do not'}")
'''
