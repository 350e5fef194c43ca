"""Helpers shared by the tests: compare with NumPy, validate exported models."""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

import numpy as np
import onnx

import lazyten as lt
from lazyten.backend import get_backend, set_backend


def tolerance(dtype: Any) -> dict[str, float]:
    dt = np.dtype(dtype)
    if dt == np.float16:
        return {"rtol": 1e-2, "atol": 1e-3}
    if dt == np.float32:
        return {"rtol": 1e-5, "atol": 1e-6}
    if dt == np.float64:
        return {"rtol": 1e-12, "atol": 1e-12}
    return {"rtol": 0, "atol": 0}


def assert_matches(actual: Any, expected: Any) -> None:
    """``actual`` (a lazyten array) equals ``expected`` (NumPy) in dtype, shape and values."""
    expected = np.asarray(expected)
    got = actual.numpy() if isinstance(actual, lt.Array) else np.asarray(actual)
    assert got.dtype == expected.dtype, f"dtype {got.dtype} != {expected.dtype}"
    assert got.shape == expected.shape, f"shape {got.shape} != {expected.shape}"
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(got, expected, equal_nan=True, **tolerance(expected.dtype))
    else:
        np.testing.assert_array_equal(got, expected)


def check_model(model: onnx.ModelProto) -> onnx.ModelProto:
    """Every exported model in tests passes the full ONNX checker."""
    onnx.checker.check_model(model, full_check=True)
    return model


@contextlib.contextmanager
def installed(backend: Any) -> Iterator[Any]:
    """Run graphs with ``backend`` inside the block."""
    inner = get_backend()
    set_backend(backend)
    try:
        yield backend
    finally:
        set_backend(inner)
