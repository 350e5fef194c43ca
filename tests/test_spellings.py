"""NumPy's and PyTorch's spellings of the same operation (README, "Spellings"): each keeps its own
library's meaning, and none gives a silently different result."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from lazyten.errors import ArgumentError

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


B = lt.asarray([0, 2])
POSITIONAL = {  # name: (positional call, the same by keyword, NumPy's positional call)
    "argmax": (lambda a: lt.argmax(a, 1), lambda a: lt.argmax(a, axis=1),
               lambda a: np.argmax(a, 1)),
    "argmin": (lambda a: lt.argmin(a, 0), lambda a: lt.argmin(a, axis=0),
               lambda a: np.argmin(a, 0)),
    "any": (lambda a: lt.any(a > 2, 1), lambda a: lt.any(a > 2, axis=1),
            lambda a: np.any(a > 2, 1)),
    "all": (lambda a: lt.all(a > 2, 0), lambda a: lt.all(a > 2, axis=0),
            lambda a: np.all(a > 2, 0)),
    "count_nonzero": (lambda a: lt.count_nonzero(a, 1), lambda a: lt.count_nonzero(a, axis=1),
                      lambda a: np.count_nonzero(a, 1)),
    "std": (lambda a: lt.std(a, 0), lambda a: lt.std(a, axis=0), lambda a: np.std(a, 0)),
    "var": (lambda a: lt.var(a, 1), lambda a: lt.var(a, axis=1), lambda a: np.var(a, 1)),
    "sort": (lambda a: lt.sort(a, 0), lambda a: lt.sort(a, axis=0), lambda a: np.sort(a, 0)),
    "argsort": (lambda a: lt.argsort(a, 1), lambda a: lt.argsort(a, axis=1),
                lambda a: np.argsort(a, 1, stable=True)),
    "flip": (lambda a: lt.flip(a, 1), lambda a: lt.flip(a, axis=1), lambda a: np.flip(a, 1)),
    "diff n": (lambda a: lt.diff(a, 2), lambda a: lt.diff(a, n=2), lambda a: np.diff(a, 2)),
    "diff n axis": (lambda a: lt.diff(a, 1, 0), lambda a: lt.diff(a, n=1, axis=0),
                    lambda a: np.diff(a, 1, 0)),
    "tril": (lambda a: lt.tril(a, -1), lambda a: lt.tril(a, k=-1), lambda a: np.tril(a, -1)),
    "triu": (lambda a: lt.triu(a, 1), lambda a: lt.triu(a, k=1), lambda a: np.triu(a, 1)),
    "take": (lambda a: lt.take(a, B, 1), lambda a: lt.take(a, B, axis=1),
             lambda a: np.take(a, [0, 2], 1)),
    "repeat": (lambda a: lt.repeat(a, 2, 0), lambda a: lt.repeat(a, 2, axis=0),
               lambda a: np.repeat(a, 2, 0)),
    "concat": (lambda a: lt.concat([a, a], 1), lambda a: lt.concat([a, a], axis=1),
               lambda a: np.concatenate([a, a], 1)),
    "stack": (lambda a: lt.stack([a, a], 1), lambda a: lt.stack([a, a], axis=1),
              lambda a: np.stack([a, a], 1)),
}


@pytest.mark.parametrize("name", POSITIONAL)
def test_axis_n_and_k_may_be_positional_as_in_numpy_and_pytorch(name: str) -> None:
    """``lt.argmax(x, 1)``, ``lt.concat(xs, 1)``, ``lt.diff(x, 2)`` (scikit-learn's roc_curve
    writes ``xp.diff(fps, 2)``): NumPy's and PyTorch's positional order; the Array API's
    keywords give the same."""
    positional, by_keyword, numpy_call = POSITIONAL[name]
    values = np.nan_to_num(X_NP, nan=4.0)
    got = positional(lt.asarray(values)).numpy()
    np.testing.assert_allclose(got, numpy_call(values), rtol=1e-6)
    np.testing.assert_array_equal(got, by_keyword(lt.asarray(values)).numpy())


def test_where_of_a_condition_alone_is_nonzero() -> None:
    """``where(condition)``: NumPy's and PyTorch's indices where it holds (scikit-learn's
    roc_curve writes ``xp.where(xp.diff(...))``); one of x1 and x2 without the other is refused."""
    a = np.array([[0.0, 3.0], [4.0, -1.0]], np.float32)
    got = lt.where(lt.asarray(a) > 2)
    assert [g.tolist() for g in got] == [w.tolist() for w in np.where(a > 2)]
    with pytest.raises(ArgumentError, match="where: give both x1 and x2"):
        lt.where(lt.asarray(a) > 2, lt.asarray(a))


def test_flat_reads_and_writes_in_c_order_as_numpys() -> None:
    """``x.flat[i]`` and ``x.flat[i] = v`` (scikit-learn writes ``D.flat[::n + 1] = 0``), on a
    contiguous array and through a transposed view, which writes into its base."""
    a = np.arange(12.0).reshape(3, 4)
    x = lt.asarray(a)
    for target, want in ((x, a), (x.T, a.T)):
        target.flat[::5] = -1.0
        want.flat[::5] = -1.0
        target.flat[[1, 2]] = lt.asarray([7.0, 8.0])
        want.flat[[1, 2]] = [7.0, 8.0]
        np.testing.assert_array_equal(x.numpy(), a)
    assert x.flat[5].item() == a.flat[5] and len(x.flat) == 12
    assert [v.item() for v in x.T.flat] == list(a.T.flat)


def test_numpy_takes_lazyten_dtypes() -> None:
    """``np.zeros(n, dtype=x.dtype)``: NumPy reads a lazyten dtype's NumPy dtype (scikit-learn's
    silhouette_score does this)."""
    for dtype in (lt.bool, lt.int8, lt.uint16, lt.float16, lt.float64, lt.complex64):
        assert np.zeros(2, dtype=dtype).dtype == np.dtype(dtype) == dtype.np
    assert np.arange(3).astype(lt.float32).dtype == np.float32


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


F_NP = np.array([[1.0, 5.0, 3.0], [7.0, 2.0, 0.5]], np.float32)


@pytest.fixture
def f() -> lt.Array:
    return lt.asarray(F_NP)


def test_numpys_methods(f: lt.Array) -> None:
    np.testing.assert_array_equal(f.ravel().numpy(), F_NP.ravel())
    np.testing.assert_allclose(f.std().numpy(), F_NP.std(), rtol=1e-6)
    np.testing.assert_allclose(f.var(axis=0, ddof=1).numpy(), F_NP.var(axis=0, ddof=1),
                               rtol=1e-6)
    np.testing.assert_array_equal(f.cumsum().numpy(), F_NP.cumsum())
    np.testing.assert_array_equal(f.cumsum(1).numpy(), F_NP.cumsum(1))
    np.testing.assert_array_equal(f.cumprod(axis=0).numpy(), F_NP.cumprod(axis=0))
    np.testing.assert_array_equal(f.argsort().numpy(), F_NP.argsort())
    np.testing.assert_array_equal(f.dot(f.T).numpy(), F_NP.dot(F_NP.T))
    np.testing.assert_array_equal(f.swapaxes(0, 1).numpy(), F_NP.swapaxes(0, 1))
    cube = np.arange(24.0).reshape(2, 3, 4)
    for axes in [(), ((1, 0, 2),), (2, 0, 1)]:
        np.testing.assert_array_equal(lt.asarray(cube).transpose(*axes).numpy(),
                                      cube.transpose(*axes))
    assert [a.tolist() for a in f.nonzero()] == [a.tolist() for a in F_NP.nonzero()]
    assert f.nbytes == F_NP.nbytes and f.itemsize == 4 and f.size == 6 and not f.is_cuda
    q, r = divmod(f, 2)
    np.testing.assert_array_equal(q.numpy(), F_NP // 2)
    np.testing.assert_array_equal(r.numpy(), F_NP % 2)
    assert f.real is not f and f.real.tolist() == F_NP.real.tolist()
    assert f.imag.tolist() == F_NP.imag.tolist()


def test_numpys_sort_sorts_in_place_and_pytorchs_returns_values_and_indices(f) -> None:
    values, indices = f.sort(dim=1, descending=True)
    np.testing.assert_array_equal(values.numpy(), -np.sort(-F_NP, axis=1))
    np.testing.assert_array_equal(indices.numpy(), np.argsort(-F_NP, axis=1, kind="stable"))
    np.testing.assert_array_equal(f.numpy(), F_NP)  # PyTorch's sort leaves x alone
    assert f.sort(0) is None  # NumPy's sorts in place
    np.testing.assert_array_equal(f.numpy(), np.sort(F_NP, axis=0))


def test_pytorchs_methods(f: lt.Array) -> None:
    assert f.size() == (2, 3) and f.size(1) == 3 and f.size(-2) == 2
    np.testing.assert_allclose(f.std(dim=1).numpy(), F_NP.std(axis=1, ddof=1), rtol=1e-6)
    np.testing.assert_allclose(f.var(dim=0, unbiased=False).numpy(), F_NP.var(axis=0),
                               rtol=1e-6)
    np.testing.assert_allclose(f.var(correction=0).numpy(), F_NP.var(), rtol=1e-6)
    np.testing.assert_array_equal(f.cumsum(dim=0).numpy(), F_NP.cumsum(axis=0))
    np.testing.assert_array_equal(f.argsort(dim=0, descending=True).numpy(),
                                  np.argsort(-F_NP, axis=0, kind="stable"))
    np.testing.assert_array_equal(f.transpose(0, 1).numpy(), F_NP.T)
    cube = lt.zeros((2, 3, 4))
    assert cube.transpose(0, 2).shape == (4, 3, 2)
    np.testing.assert_array_equal(f[:1].expand(3, -1).numpy(), np.repeat(F_NP[:1], 3, axis=0))
    np.testing.assert_allclose(f.sigmoid().numpy(), 1 / (1 + np.exp(-F_NP)), rtol=1e-6)
    np.testing.assert_array_equal((f - 2).relu().numpy(), np.maximum(F_NP - 2, 0))
    e = np.exp(F_NP - F_NP.max(axis=1, keepdims=True))
    np.testing.assert_allclose(f.softmax(dim=1).numpy(), e / e.sum(axis=1, keepdims=True),
                               rtol=1e-6)
    np.testing.assert_allclose(f.norm().numpy(), np.linalg.norm(F_NP), rtol=1e-6)
    np.testing.assert_allclose(f.norm(p=1, dim=1).numpy(), np.abs(F_NP).sum(axis=1))
    assert f.nonzero(as_tuple=False).tolist() == np.argwhere(F_NP).tolist()
    assert lt.zeros(2, dtype=lt.float).dtype == lt.float32 and lt.long == lt.int64
    assert (lt.double, lt.half, lt.int) == (lt.float64, lt.float16, lt.int32)


def test_pytorchs_in_place_methods_and_detach(f: lt.Array) -> None:
    d = f.detach()
    d[0, 0] = 9
    assert f[0, 0].item() == 9  # the same memory, as in PyTorch
    assert f.fill_(2) is f and f.tolist() == [[2, 2, 2], [2, 2, 2]]
    assert f.zero_() is f and f.tolist() == [[0, 0, 0], [0, 0, 0]]


def test_jaxs_functional_update(f: lt.Array) -> None:
    g = f.at[0, 1].set(-1)
    want = F_NP.copy()
    want[0, 1] = -1
    np.testing.assert_array_equal(g.numpy(), want)
    np.testing.assert_array_equal(f.numpy(), F_NP)  # x itself is unchanged
    assert f.at[1].get().tolist() == F_NP[1].tolist()
    with pytest.raises(AttributeError, match="repeated indices"):
        f.at[0].add(1)


def test_ambiguous_spellings_are_refused_not_guessed(f: lt.Array) -> None:
    """``x.repeat(2)`` repeats elements in NumPy and tiles in PyTorch; ``x.dot`` of N-D stacks
    is not matmul in NumPy."""
    with pytest.raises(TypeError, match="lt.tile"):
        f.repeat(2)
    with pytest.raises(ValueError, match="tensordot"):
        lt.zeros((2, 2, 2)).dot(lt.zeros((2, 2)))
