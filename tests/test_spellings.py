"""NumPy's and PyTorch's spellings of the same operation (README, "Spellings"): each keeps its own
library's meaning, and none gives a silently different result."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt

X_NP = np.array([[1.0, 5.0, 3.0, 5.0], [7.0, 2.0, np.nan, 0.0]], np.float32)


@pytest.fixture
def x() -> lt.Array:
    return lt.asarray(X_NP)


@pytest.mark.parametrize("name", ["sum", "prod", "mean"])
def test_dim_and_keepdim_are_axis_and_keepdims(x: lt.Array, name: str) -> None:
    want = getattr(np, name)(X_NP, axis=1, keepdims=True)
    for got in (getattr(x, name)(dim=1, keepdim=True), getattr(lt, name)(x, dim=1, keepdim=True),
                getattr(x, name)(axis=1, keepdims=True)):
        np.testing.assert_array_equal(got.numpy(), want)


@pytest.mark.parametrize("name, arg", [("max", np.argmax), ("min", np.argmin)])
def test_max_and_min_along_dim_give_values_and_indices(x: lt.Array, name: str, arg) -> None:
    """``v, i = x.max(dim=1)`` unpacks PyTorch's pair, also for a result with two rows; NaN wins
    and gives its index, as in PyTorch."""
    values, indices = getattr(x, name)(dim=1)
    np.testing.assert_array_equal(values.numpy(), getattr(np, name)(X_NP, axis=1))
    assert indices.dtype == lt.int64 and indices.tolist() == arg(X_NP, axis=1).tolist()
    pair = getattr(lt, name)(x, dim=0, keepdim=True)
    assert pair.values.shape == pair.indices.shape == (1, 4)
    assert pair.indices.tolist() == arg(X_NP, axis=0, keepdims=True).tolist()


def test_max_along_axis_or_several_dims_gives_the_values(x: lt.Array) -> None:
    for got in (x.max(axis=1), lt.max(x, axis=1), x.max(1)):
        assert isinstance(got, lt.Array)
        np.testing.assert_array_equal(got.numpy(), np.max(X_NP, axis=1))
    assert isinstance(x.min(dim=(0, 1)), lt.Array) and np.isnan(x.min(dim=(0, 1)).item())


@pytest.mark.parametrize("name", ["argmax", "argmin", "any", "all"])
def test_search_and_logic_methods_take_either_spelling(x: lt.Array, name: str) -> None:
    y = x > 2 if name in ("any", "all") else x
    y_np = X_NP > 2 if name in ("any", "all") else X_NP
    want = getattr(np, name)(y_np, axis=0, keepdims=True)
    assert getattr(y, name)(dim=0, keepdim=True).tolist() == want.tolist()
    assert getattr(y, name)(axis=0, keepdims=True).tolist() == want.tolist()


@pytest.mark.parametrize("method, dtype", [("float", lt.float32), ("double", lt.float64),
                                           ("half", lt.float16), ("long", lt.int64),
                                           ("int", lt.int32), ("bool", lt.bool)])
def test_dtype_methods(method: str, dtype: lt.DType) -> None:
    y = getattr(lt.asarray([[0, 1], [2, 3]]), method)()
    assert y.dtype == dtype and y.tolist() == np.array([[0, 1], [2, 3]]).astype(dtype.name
                                                                                 ).tolist()


def test_to_takes_a_dtype_a_device_or_both() -> None:
    y = lt.arange(4)
    assert y.to(lt.float16).dtype == lt.float16 and y.to(np.int8).dtype == lt.int8
    assert y.to("cpu") is y and y.to(device="cpu") is y
    both = y.to("cpu", lt.float64)
    assert both.dtype == lt.float64 and both.tolist() == [0, 1, 2, 3]


def test_t_transposes_matrices_only() -> None:
    m = lt.arange(6).reshape(2, 3)
    assert m.t().tolist() == [[0, 3], [1, 4], [2, 5]]
    assert m.t().t().tolist() == m.tolist() and lt.arange(3).t().tolist() == [0, 1, 2]
    with pytest.raises(lt.ShapeError, match=r"\(1, 2, 3\)"):
        m[None].t()


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "round"])
def test_elementwise_methods_give_numpys_values(name: str) -> None:
    values = np.array([-2.5, 0.25, 1.5, 4.0], np.float32)
    if name in ("log", "sqrt"):
        values = np.abs(values)
    got = getattr(lt.asarray(values), name)()
    np.testing.assert_allclose(got.numpy(), getattr(np, name)(values), rtol=1e-6)
    assert got.dtype == lt.float32


def test_clamp_is_clip() -> None:
    assert lt.asarray([0.25, 1.5, 4.0]).clamp(0.5, 2).tolist() == [0.5, 1.5, 2.0]
