"""The case registry (importable without scikit-learn or SciPy: cases import them when they
run), the comparison against NumPy, and test data."""
from __future__ import annotations

import functools
import importlib.util
from typing import Any, Callable

import numpy as np


# found without importing (see above); scikit-learn needs SciPy
HAVE = {lib: importlib.util.find_spec(lib) is not None for lib in ("sklearn", "scipy")}
HAVE["sklearn"] = HAVE["sklearn"] and HAVE["scipy"]

# --------------------------------------------------------------------------------------------
# case registry (importable without scikit-learn or SciPy: cases import them when they run)

CASES: dict[str, tuple[str, Callable[[], None]]] = {}   # name -> (library, body)
XFAIL: dict[str, str] = {}                               # name -> reason (minimized cause)
F32: set[str] = set()        # cases computed in the namespace's default float dtype


def add(lib: str, name: str, fn: Callable, *args: Any, xfail: str | None = None,
        f32: bool = False, **kwargs: Any) -> None:
    assert name not in CASES, name
    CASES[name] = (lib, functools.partial(fn, *args, **kwargs))
    if xfail:
        XFAIL[name] = xfail
    if f32:
        F32.add(name)


def rtol_for(dtype: Any) -> float:
    return 1e-4 if np.dtype(dtype) in (np.float32, np.float16, np.complex64) else 1e-10


def to_lt(tree: Any) -> Any:
    import lazyten as lt
    if isinstance(tree, np.ndarray):
        return lt.asarray(tree)
    if isinstance(tree, tuple):
        return tuple(to_lt(t) for t in tree)
    if isinstance(tree, list):
        return [to_lt(t) for t in tree]
    if isinstance(tree, dict):
        return {k: to_lt(v) for k, v in tree.items()}
    return tree


def _float_dtypes(tree: Any) -> set:
    if isinstance(tree, np.ndarray):
        return {tree.dtype} if tree.dtype.kind in "fc" else set()
    if isinstance(tree, (tuple, list)):
        return set().union(*map(_float_dtypes, tree)) if tree else set()
    if isinstance(tree, dict):
        return _float_dtypes(list(tree.values()))
    return set()


# Set per case by the worker: the client computes in the namespace's default float dtype
# (`xp.asarray(1.0).dtype`, `__array_namespace_info__().default_dtypes()`), which lazyten
# documents as float32 (PyTorch's choice) where NumPy has float64. Such a case accepts float32
# where NumPy gives float64 and compares everything to float32 precision.
DEFAULT_FLOAT32 = {"on": False}


def check(got: Any, exp: Any, path: str = "result", rtol_floor: float = 0.0) -> None:
    """``got`` (from lazyten inputs) equals ``exp`` (from the same code on NumPy inputs)."""
    import lazyten as lt
    if isinstance(exp, dict):
        assert isinstance(got, dict) and set(got) == set(exp), f"{path}: keys {got!r}"
        for k in exp:
            check(got[k], exp[k], f"{path}[{k!r}]", rtol_floor)
        return
    if isinstance(exp, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(exp), \
            f"{path}: {type(got).__name__} of {len(got) if hasattr(got, '__len__') else '?'}" \
            f" != {type(exp).__name__} of {len(exp)}"
        for i, (g, e) in enumerate(zip(got, exp)):
            check(g, e, f"{path}[{i}]", rtol_floor)
        return
    if exp is None or isinstance(exp, str):
        assert got == exp, f"{path}: {got!r} != {exp!r}"
        return
    if isinstance(exp, np.ndarray) and exp.ndim > 0:
        assert isinstance(got, lt.Array), \
            f"{path}: got {type(got).__name__}, expected a lazyten array (NumPy gives ndarray)"
    g = np.asarray(got)
    e = np.asarray(exp)
    if DEFAULT_FLOAT32["on"]:
        rtol_floor = max(rtol_floor, rtol_for("float32"))
        if e.dtype == np.float64 and g.dtype == np.float32:
            e = e.astype(np.float32)
    assert g.dtype == e.dtype, f"{path}: dtype {g.dtype} != {e.dtype}"
    assert g.shape == e.shape, f"{path}: shape {g.shape} != {e.shape}"
    if e.dtype.kind in "fc":
        rtol = max(rtol_for(e.dtype), rtol_floor)
        finite = np.abs(e[np.isfinite(e)])
        atol = rtol * (float(finite.max()) if finite.size else 0.0)
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, equal_nan=True, err_msg=path)
    else:
        np.testing.assert_array_equal(g, e, err_msg=path)


def compare(fn: Callable, *args: Any, **kwargs: Any) -> None:
    """``fn`` on lazyten copies of the NumPy arrays in ``args`` gives what it gives on them.

    Results are compared to the precision of the least precise float input (a float32 input
    may give a Python float or a float64 array that is only float32-accurate)."""
    exp = fn(*args, **kwargs)
    got = fn(*to_lt(args), **to_lt(kwargs))
    floor = max((rtol_for(d) for d in _float_dtypes([args, kwargs])), default=0.0)
    check(got, exp, rtol_floor=floor)


# data ---------------------------------------------------------------------------------------

def data(shape: tuple, dtype: str = "float64", seed: int = 0, kind: str = "normal") -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "normal":
        x = rng.standard_normal(shape)
    elif kind == "pos":
        x = rng.uniform(0.2, 2.0, shape)
    elif kind == "unit":
        x = rng.uniform(0.05, 0.95, shape)
    elif kind == "complex":
        x = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
        return x.astype(np.complex64 if dtype == "float32" else np.complex128)
    elif kind == "labels3":
        return rng.integers(0, 3, shape).astype(np.int64)
    elif kind == "labels2":
        return rng.integers(0, 2, shape).astype(np.int64)
    else:
        raise ValueError(kind)
    return x.astype(dtype)


def sname(shape: tuple) -> str:
    return "x".join(map(str, shape))


FLOATS = ("float32", "float64")
MATRICES = ((20, 3), (1, 3), (20, 1))


def grid(shapes: tuple, dtypes: tuple = FLOATS) -> list[tuple[str, Any]]:
    """The first shape in every dtype, the others in alternating dtypes (keeps the module
    fast: every case compiles its own graphs)."""
    out = [(dt, shapes[0]) for dt in dtypes]
    out += [(dtypes[i % len(dtypes)], sh) for i, sh in enumerate(shapes[1:])]
    return out


def lean(shapes: tuple) -> list[tuple[str, Any]]:
    """Each shape once, dtypes alternating from float64 (for functions with many cases)."""
    return [(FLOATS[(i + 1) % 2], sh) for i, sh in enumerate(shapes)] if len(shapes) > 1 \
        else grid(shapes)


def attribute(path: str) -> Any:
    mod, _, name = path.rpartition(".")
    return getattr(importlib.import_module(mod), name)


def load_cases() -> dict[str, tuple[str, Callable[[], None]]]:
    """Every case: importing the modules that define them registers them."""
    for module in ("sklearn_cases", "scipy_cases"):
        importlib.import_module(f"{__package__}.{module}")
    return CASES
