"""The Array API namespace against NumPy, one property per function family, with inputs drawn
by ``hypothesis.extra.array_api`` strategies built on lazyten itself."""
from __future__ import annotations

import math
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.array_api import make_strategies_namespace

import lazyten as lt
from helpers import assert_matches

xps = make_strategies_namespace(lt, api_version="2024.12")
FAST = settings(max_examples=15)
shapes = xps.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)
floats32 = dict(min_value=-50.0, max_value=50.0)


def f32(shape=shapes, **kw):
    return xps.arrays(lt.float32, shape, elements=dict(floats32, **kw))


def f32_nan(shape=shapes):
    """Few distinct values (ties, duplicates), NaN and signed zeros among them."""
    values = st.sampled_from([0.0, -0.0, 1.0, -1.5, 2.0, math.inf, -math.inf, math.nan])
    return xps.arrays(lt.float32, shape, elements=values)


def ints(shape=shapes):
    return xps.arrays(xps.integer_dtypes(), shape)


def np_of(x: lt.Array) -> np.ndarray:
    return np.array(x.numpy())


UNARY = {"tan": np.tan, "atan": np.arctan, "sinh": np.sinh, "cosh": np.cosh,
         "asinh": np.arcsinh, "expm1": np.expm1, "trunc": np.trunc, "round": np.round,
         "sign": np.sign, "square": np.square, "log1p": None, "asin": None, "acos": None,
         "acosh": None, "atanh": None, "log2": None, "log10": None}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@FAST
@given(data=st.data())
def test_unary_elementwise_matches_numpy(name, dtype, data):
    domains = {"log1p": (-0.875, 50), "asin": (-1, 1), "acos": (-1, 1), "acosh": (1, 50),
               "atanh": (-0.875, 0.875), "log2": (2**-10, 50), "log10": (2**-10, 50)}
    lo, hi = domains.get(name, (-20, 20))
    x = data.draw(xps.arrays(getattr(lt, dtype), shapes,
                             elements=dict(min_value=lo, max_value=hi)))
    ref = UNARY[name] or getattr(np, {"asin": "arcsin", "acos": "arccos", "acosh": "arccosh",
                                      "atanh": "arctanh"}.get(name, name))
    got = getattr(lt, name)(x)
    tol = {"rtol": 2e-6, "atol": 1e-6} if dtype == "float32" else {"rtol": 1e-12, "atol": 1e-13}
    np.testing.assert_allclose(np_of(got), ref(np_of(x)), **tol)
    assert got.dtype == x.dtype


@pytest.mark.parametrize("name", ["tan", "atan", "sinh", "asinh", "atanh", "asin", "expm1",
                                  "log1p", "trunc", "round"])
def test_signed_zero_and_nan_pass_through(name):
    x = lt.asarray(np.array([-0.0, 0.0, np.nan]))
    got = np_of(getattr(lt, name)(x))
    assert np.signbit(got[:2]).tolist() == [True, False]
    assert math.isnan(got[2])


def test_standard_special_cases_where_numpy_differs():
    """The Array API fixes these; NumPy gives NaN for inf // 2 and -1.0 for 1 // -inf."""
    assert np.signbit(np_of(lt.sign(lt.asarray([-0.0, 0.0])))).tolist() == [False, False]
    q = np_of(lt.floor_divide(lt.asarray([np.inf, -np.inf, 1.0, -1.0]),
                              lt.asarray([2.0, 2.0, -np.inf, np.inf])))
    assert q.tolist() == [np.inf, -np.inf, 0.0, 0.0]
    assert np.signbit(q).tolist() == [False, True, True, True]


@FAST
@given(x=f32(), y=f32())
def test_binary_float_functions(x, y):
    if x.shape != y.shape:
        y = lt.broadcast_to(y[(0,) * y.ndim], x.shape)
    a, b = np_of(x), np_of(y)
    for name, ref in [("atan2", np.arctan2), ("copysign", np.copysign), ("hypot", np.hypot),
                      ("logaddexp", np.logaddexp), ("nextafter", np.nextafter)]:
        np.testing.assert_allclose(np_of(getattr(lt, name)(x, y)), ref(a, b), rtol=2e-6,
                                   atol=1e-6, err_msg=name)
    assert_matches(lt.nextafter(x, y), np.nextafter(a, b))


def test_atan2_special_cases_match_numpy():
    vals = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan])
    a, b = np.meshgrid(vals, vals)
    got = np_of(lt.atan2(lt.asarray(a), lt.asarray(b)))
    np.testing.assert_allclose(got, np.arctan2(a, b), rtol=1e-14)
    assert (np.signbit(got) == np.signbit(np.arctan2(a, b)))[~np.isnan(got)].all()


@FAST
@given(x=xps.arrays(lt.int32, shapes), s=xps.arrays(lt.int32, (), elements=dict(min_value=0,
                                                                                max_value=40)))
def test_shifts_match_numpy(x, s):
    a, k = np_of(x), int(s)
    expect_left = np.left_shift(a, k) if k < 32 else np.zeros_like(a)
    expect_right = np.right_shift(a, k) if k < 32 else np.where(a < 0, -1, 0).astype(a.dtype)
    assert_matches(x << s, expect_left)
    assert_matches(x >> s, expect_right)


@FAST
@given(x=f32_nan() | ints())
def test_search_functions(x):
    a = np_of(x)
    for axis in (None, -1):
        if axis is None or a.shape[-1]:
            assert_matches(lt.argmax(x, axis=axis), np.argmax(a, axis=axis))
            assert_matches(lt.argmin(x, axis=axis, keepdims=True),
                           np.argmin(a, axis=axis, keepdims=True))
    for got, want in zip(lt.nonzero(x), np.nonzero(a)):
        assert_matches(got, want)
    assert_matches(lt.count_nonzero(x, axis=0), np.count_nonzero(a, axis=0))


@FAST
@given(x=f32_nan(st.integers(1, 8)),
       v=f32_nan())
def test_searchsorted(x, v):
    a = np.sort(np_of(x))
    for side in ("left", "right"):
        assert_matches(lt.searchsorted(lt.asarray(a), v, side=side),
                       np.searchsorted(a, np_of(v), side=side))


@FAST
@given(x=f32_nan() | ints() | xps.arrays(lt.bool, shapes))
def test_sort_is_stable_and_matches_numpy(x):
    a = np_of(x)
    assert_matches(lt.argsort(x, axis=0), np.argsort(a, axis=0, kind="stable"))
    assert_matches(lt.sort(x), np.sort(a, kind="stable"))
    desc = np.flip(np.sort(np.flip(a, -1), axis=-1, kind="stable"), -1)
    assert_matches(lt.sort(x, descending=True), desc)


@FAST
@given(x=f32_nan())
def test_set_functions(x):
    a = np_of(x)
    v, i, inv, c = np.unique(a, return_index=True, return_inverse=True, return_counts=True,
                             equal_nan=False)
    r = lt.unique_all(x)
    assert_matches(r.values, v)
    assert_matches(r.indices, i)
    assert_matches(r.inverse_indices, inv.reshape(a.shape))
    assert_matches(r.counts, c)
    assert_matches(lt.unique_values(x), v)
    assert_matches(lt.unique_counts(x).counts, c)
    assert_matches(lt.unique_inverse(x).inverse_indices, inv.reshape(a.shape))


@FAST
@given(x=f32(min_value=-2, max_value=2) | ints())
def test_statistics(x):
    a = np_of(x)
    assert_matches(lt.cumulative_sum(x, axis=0), np.cumsum(a, axis=0, dtype=np.result_type(
        a.dtype, np.int64 if a.dtype.kind == "i" else (np.uint64 if a.dtype.kind == "u" else
                                                       a.dtype))))
    with np.errstate(all="ignore"):
        prod = np.cumprod(a, axis=-1, dtype=np.sum(a[..., :1], dtype=None).dtype)
    assert_matches(lt.cumulative_prod(x, axis=-1), prod)
    assert_matches(lt.cumulative_sum(x, axis=0, include_initial=True)[1:],
                   np_of(lt.cumulative_sum(x, axis=0)))
    assert_matches(lt.any(x, axis=0), np.any(a, axis=0))
    assert_matches(lt.all(x), np.all(a))
    assert_matches(lt.diff(x, axis=-1), np.diff(a, axis=-1))
    if a.dtype.kind == "f":
        assert_matches(lt.var(x, axis=0, correction=1 if a.shape[0] > 1 else 0),
                       np.var(a, axis=0, ddof=1 if a.shape[0] > 1 else 0))
        assert_matches(lt.std(x), np.std(a))


@FAST
@given(x=f32() | ints() | xps.arrays(lt.bool, shapes), k=st.integers(-3, 3))
def test_manipulation(x, k):
    a = np_of(x)
    assert_matches(lt.flip(x, axis=0), np.flip(a, axis=0))
    assert_matches(lt.roll(x, k, axis=-1), np.roll(a, k, axis=-1))
    assert_matches(lt.roll(x, k), np.roll(a, k))
    assert_matches(lt.tile(x, (2, 1)), np.tile(a, (2, 1)))
    assert_matches(lt.repeat(x, 2, axis=0), np.repeat(a, 2, axis=0))
    assert_matches(lt.moveaxis(x, 0, -1), np.moveaxis(a, 0, -1))
    for got, want in zip(lt.unstack(x, axis=-1), np.moveaxis(a, -1, 0)):
        assert_matches(got, want)
    idx = np.array([0, a.shape[0] - 1, 0])
    assert_matches(lt.take(x, lt.asarray(idx), axis=0), np.take(a, idx, axis=0))
    order = np.argsort(a, axis=-1, kind="stable")
    assert_matches(lt.take_along_axis(x, lt.asarray(order), axis=-1),
                   np.take_along_axis(a, order, axis=-1))
    if a.ndim >= 2:
        assert_matches(lt.tril(x, k=k), np.tril(a, k))
        assert_matches(lt.triu(x, k=k), np.triu(a, k))


def test_flip_is_a_copy_not_a_view():
    x = lt.asarray([1, 2, 3])
    y = lt.flip(x)
    y[0] = 10
    assert_matches(x, np.array([1, 2, 3]))


@FAST
@given(x=xps.arrays(lt.float64, xps.array_shapes(min_dims=2, max_dims=3, min_side=1,
                                                 max_side=4),
                    elements=dict(min_value=-5, max_value=5)))
def test_linalg(x):
    a = np_of(x)
    assert_matches(lt.linalg.diagonal(x, offset=1), np.diagonal(a, 1, -2, -1))
    assert_matches(lt.linalg.trace(x), np.trace(a, axis1=-2, axis2=-1))
    assert_matches(lt.linalg.vector_norm(x, axis=-1), np.linalg.norm(a, axis=-1))
    for ord_ in ("fro", 1, -1, np.inf, -np.inf):
        assert_matches(lt.linalg.matrix_norm(x, ord=ord_), np.linalg.norm(a, ord_, axis=(-2, -1)))
    assert_matches(lt.tensordot(x, x, axes=([-1], [-1])), np.tensordot(a, a, ([-1], [-1])))
    assert_matches(lt.vecdot(x, x), np.sum(a * a, axis=-1))
    assert_matches(lt.linalg.outer(x[(0,) * (x.ndim - 1)], x[(0,) * (x.ndim - 1)]),
                   np.outer(a[(0,) * (a.ndim - 1)], a[(0,) * (a.ndim - 1)]))
    if a.shape[-1] == a.shape[-2]:
        np.testing.assert_allclose(np_of(lt.linalg.det(x)), np.linalg.det(a), rtol=1e-4,
                                   atol=1e-3)
        assert_matches(lt.linalg.matrix_power(x, 3), np.linalg.matrix_power(a, 3))


def test_cross_matches_numpy():
    a, b = np.arange(6.0).reshape(2, 3), np.array([1.0, -2.0, 0.5])
    assert_matches(lt.linalg.cross(lt.asarray(a), lt.asarray(b)), np.cross(a, b))


def test_creation_functions():
    assert_matches(lt.eye(3, 4, k=1, dtype=lt.int32), np.eye(3, 4, 1, dtype=np.int32))
    assert_matches(lt.linspace(0, 1, 5, dtype=lt.float64), np.linspace(0, 1, 5))
    gx, gy = lt.meshgrid(lt.asarray([1, 2, 3]), lt.asarray([4, 5]))
    nx, ny = np.meshgrid([1, 2, 3], [4, 5])
    assert_matches(gx, nx)
    assert_matches(gy, ny)
    assert_matches(lt.from_dlpack(np.arange(3.0)), np.arange(3.0))
    assert_matches(lt.asarray(16777217.0, dtype=lt.float64), np.float64(16777217.0))


def test_fft_helpers_match_numpy():
    assert_matches(lt.fft.fftfreq(5, d=0.5, dtype=lt.float64), np.fft.fftfreq(5, 0.5))
    assert_matches(lt.fft.rfftfreq(6, dtype=lt.float64), np.fft.rfftfreq(6))
    a = np.arange(10).reshape(2, 5)
    assert_matches(lt.fft.fftshift(lt.asarray(a)), np.fft.fftshift(a))
    assert_matches(lt.fft.ifftshift(lt.asarray(a), axes=1), np.fft.ifftshift(a, axes=1))


def test_dtype_functions_and_info():
    assert lt.can_cast(lt.int8, lt.int16) and not lt.can_cast(lt.int64, lt.float64)
    assert lt.finfo(lt.float32).eps == np.finfo(np.float32).eps
    assert lt.iinfo(lt.uint8).max == 255
    assert lt.isdtype(lt.int8, ("real floating", "signed integer"))
    assert lt.result_type(lt.int8, lt.uint8, 1) == lt.int16
    info = lt.__array_namespace_info__()
    assert info.default_dtypes()["real floating"] == lt.float32
    assert set(info.dtypes(kind="unsigned integer")) == {"uint8", "uint16", "uint32", "uint64"}
    assert info.devices() == [lt.Device("cpu")]
    assert lt.float32 != object() and not (lt.float32 == {"dtype": 1})


def test_scipy_routine_dispatches_to_lazyten():
    """scipy.special.logsumexp with SCIPY_ARRAY_API=1 computes through lazyten's namespace."""
    os.environ["SCIPY_ARRAY_API"] = "1"
    special = pytest.importorskip("scipy.special")
    a = np.array([[0.5, 1.0, -2.0], [3.0, 0.0, 1.5]])
    x = lt.asarray(a)
    got = special.logsumexp(x, axis=1)
    assert isinstance(got, lt.Array)
    assert_matches(got, special.logsumexp(a, axis=1))
