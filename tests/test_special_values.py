"""Special values through the functions whose float recipes handle them by hand, against NumPy
(or the Array API where lazyten documents that it follows the standard), eagerly and with
constant operands folded inside a compiled function: the reference that folds constants must
compute exactly what the lowering computes."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from lazyten import dtypes as D
from lazyten.ops.examples import edge_values

FLOATS = [np.float16, np.float32, np.float64]


def eager_and_folded(fn, *args):
    """``fn`` on lazy arrays, and inside a compiled function whose operands are captured
    constants (so const_fold computes it with the op table's references)."""
    arrays = [lt.asarray(a) for a in args]
    eager = fn(*arrays).numpy()
    minus_zero = np.array(-0.0, args[0].dtype)  # x + -0.0 is x, signed zeros included
    folded = lt.compile(lambda z: fn(*arrays) + z)(minus_zero).numpy()
    return eager, folded


def same(got, want):
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    both_nan = np.isnan(got) & np.isnan(want)
    assert np.all(both_nan | (got == want)), f"{got} != {want}"
    assert np.array_equal(np.signbit(got) & ~both_nan, np.signbit(want) & ~both_nan)


@pytest.mark.parametrize("dtype", FLOATS)
def test_nextafter_at_every_pair_of_edge_values(dtype):
    v = edge_values(D.as_dtype(dtype))
    a, b = np.meshgrid(v, v, indexing="ij")
    got = lt.nextafter(lt.asarray(a), lt.asarray(b)).numpy()
    with np.errstate(over="ignore"):
        want = np.nextafter(a, b)
    # NumPy's float16 nextafter returns x1 where x1 == x2; the Array API (and NumPy's float32
    # and float64) return x2, which tells -0.0 from 0.0
    want = np.where(a == b, b, want)
    same(got, want)


@pytest.mark.parametrize("dtype", FLOATS)
def test_exp_log_family_at_the_edges(dtype):
    x = np.array([-np.inf, -800.0, -745.0, -740.0, -100.0, -1.0, -0.5, -0.0, 0.0, 1e-30, 0.5,
                  1.0, 50.0, 700.0, np.inf, np.nan], dtype)
    finfo = np.finfo(dtype)
    with np.errstate(all="ignore"):
        for fn, ref in [(lt.expm1, np.expm1), (lt.log1p, np.log1p)]:
            for got in eager_and_folded(fn, x):
                np.testing.assert_allclose(got, ref(x), rtol=8 * finfo.eps, atol=0,
                                           equal_nan=True)
        big = np.array([finfo.max, -1.0, -2.0], dtype)
        for got in eager_and_folded(lt.log1p, big):
            np.testing.assert_allclose(got, np.log1p(big), rtol=8 * finfo.eps, equal_nan=True)


def test_expm1_never_goes_below_minus_one():
    for dtype in FLOATS:
        x = np.array([-100.0, -104.0, -740.0, -750.0], dtype)
        assert (lt.expm1(lt.asarray(x)).numpy() >= -1).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sinh_cosh_close_to_overflow(dtype):
    top = np.log(np.finfo(dtype).max)
    x = np.array([top - 1, top + 0.5, -(top + 0.5), top + 1.0, 30.0, -30.0], dtype)
    with np.errstate(over="ignore"):
        for fn, ref in [(lt.sinh, np.sinh), (lt.cosh, np.cosh)]:
            for got in eager_and_folded(fn, x):
                np.testing.assert_allclose(got, ref(x), rtol=8 * np.finfo(dtype).eps)


@pytest.mark.parametrize("dtype", FLOATS)
def test_pow_follows_c_and_the_array_api_when_folded_too(dtype):
    """NumPy computes x ** 0.5 with a scalar exponent as sqrt(x): (-inf) ** 0.5 is NaN there,
    +inf in C's pow, onnxruntime and the Array API."""
    x = np.array([-np.inf, -0.0, 4.0, np.inf], dtype)
    want = np.array([np.inf, 0.0, 2.0, np.inf], dtype)
    for got in eager_and_folded(lambda a: a ** 0.5, x):
        same(got, want)


@pytest.mark.parametrize("dtype", FLOATS)
def test_floor_divide_with_one_infinite_operand_when_folded_too(dtype):
    x = np.array([np.inf, -np.inf, 1.0, -1.0], dtype)
    y = np.array([2.0, 2.0, -np.inf, np.inf], dtype)
    want = np.array([np.inf, -np.inf, -0.0, -0.0], dtype)
    for got in eager_and_folded(lambda a, b: a // b, x, y):
        same(got, want)
