"""complex64 and complex128 against NumPy: dtypes and promotion, the boundary (asarray,
``.numpy()``, printing), elementwise functions, reductions, matmul and vecdot, movement and
indexing; eager, compiled (``lt.compile``) and exported (the model takes and returns real pairs
``x.view(float).reshape(x.shape + (2,))``, checked with ``onnx.checker`` and run in plain
onnxruntime). The op table's complex rows run in ``tests/op_matrix.py``; the fft transforms are
in ``tests/test_fft.py``."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from helpers import check_model

RNG = np.random.default_rng(3)
TOL = {np.complex64: 2e-6, np.complex128: 1e-14}


def cplx(shape, dtype=np.complex64) -> np.ndarray:
    return (RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)).astype(dtype)


def close(got, want, dtype) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype)
    scale = max(float(np.abs(want).max(initial=0)), 1.0)
    np.testing.assert_allclose(got, want, rtol=0, atol=TOL[dtype] * 8 * scale)


def pairs(x: np.ndarray) -> np.ndarray:
    return x.view(x.real.dtype).reshape(x.shape + (2,))


def test_dtypes_and_promotion_follow_the_standard() -> None:
    assert lt.complex64 == np.complex64 and lt.complex128 == np.dtype("complex128")
    assert lt.result_type(lt.complex64, lt.complex128) is lt.complex128
    assert lt.result_type(lt.float32, lt.complex64) is lt.complex64
    assert lt.result_type(lt.float64, lt.complex64) is lt.complex128
    assert lt.result_type(lt.float16, lt.complex64) is lt.complex64
    assert lt.result_type(lt.int32, lt.complex64) is lt.complex64
    assert lt.result_type(lt.float32, 1j) is lt.complex64
    assert lt.result_type(lt.float64, 1j) is lt.complex128
    assert lt.result_type(lt.complex64, 2.5) is lt.complex64
    assert lt.can_cast(lt.float32, lt.complex64) and lt.can_cast(lt.complex64, lt.complex128)
    assert not lt.can_cast(lt.float64, lt.complex64)
    assert not lt.can_cast(lt.complex64, lt.float64)
    assert lt.isdtype(lt.complex128, "complex floating") and lt.isdtype(lt.complex64, "numeric")
    assert not lt.isdtype(lt.complex64, "real floating")
    info = lt.__array_namespace_info__()
    assert info.default_dtypes()["complex floating"] is lt.complex64
    assert info.dtypes(kind="complex floating") == {"complex64": lt.complex64,
                                                    "complex128": lt.complex128}
    f = lt.finfo(lt.complex128)
    assert f.dtype is lt.float64 and f.bits == 64 and f.eps == np.finfo(np.float64).eps
    assert lt.finfo(lt.complex64).max == float(np.finfo(np.float32).max)


def test_boundary_values_round_trip() -> None:
    x = lt.asarray([1 + 2j, 3])
    assert x.dtype is lt.complex64
    np.testing.assert_array_equal(x.numpy(), np.array([1 + 2j, 3], np.complex64))
    a = cplx((2, 3), np.complex128)
    y = lt.asarray(a)
    assert y.dtype is lt.complex128 and np.array_equal(y.numpy(), a)
    assert repr(lt.asarray([1 - 1j])) == "lazyten.Array([1.-1.j], dtype=complex64)"
    assert lt.asarray(2j).item() == 2j
    assert (lt.asarray([1.0, 2.0]) + 1j).dtype is lt.complex64
    assert (lt.asarray([1.0], dtype=lt.float64) * lt.asarray([1j])).dtype is lt.complex128
    np.testing.assert_array_equal(lt.zeros((2,), dtype=lt.complex64).numpy(), np.zeros(2, "c8"))
    np.testing.assert_array_equal(lt.full((2,), 1 - 2j).numpy(),
                                  np.full(2, 1 - 2j, np.complex64))
    special = np.array([complex(np.nan, 1), complex(-np.inf, -0.0), complex(0.0, np.inf)])
    np.testing.assert_array_equal(lt.asarray(special).numpy(), special)


def test_astype_follows_the_standard() -> None:
    a = cplx((5,))
    np.testing.assert_array_equal(lt.asarray(a).astype(lt.complex128).numpy(),
                                  a.astype(np.complex128))
    r = RNG.standard_normal(5).astype(np.float32)
    np.testing.assert_array_equal(lt.asarray(r).astype(lt.complex64).numpy(), r + 0j)
    np.testing.assert_array_equal(lt.asarray([0j, 1j, 0.5, 0j]).astype(lt.bool).numpy(),
                                  [False, True, True, False])
    with pytest.raises(lt.DTypeError, match="complex64.*float32|c64.*float32"):
        lt.asarray(a).astype(lt.float32)


INVERSE = ["asin", "acos", "atan", "asinh", "acosh", "atanh"]
UNARY = ["negative", "positive", "conj", "real", "imag", "abs", "sqrt", "exp", "log", "sin",
         "cos", "tan", "sinh", "cosh", "tanh", "expm1", "log1p", "square", "reciprocal"] + INVERSE
ELEMENTWISE = [(name, lambda m, a, b, name=name: getattr(m, name)(a)) for name in UNARY] + [
    ("add", lambda m, a, b: m.add(a, b)),
    ("subtract", lambda m, a, b: m.subtract(a, b)),
    ("multiply", lambda m, a, b: m.multiply(a, b)),
    ("divide", lambda m, a, b: m.divide(a, b)),
    ("sign", lambda m, a, b: a / np.abs(a) if m is np else m.sign(a)),
    ("round", lambda m, a, b: m.round(a * 3)),
    ("cumulative_sum", lambda m, a, b: np.cumsum(a, axis=1) if m is np else
     m.cumulative_sum(a, axis=1)),
    ("pow", lambda m, a, b: m.pow(a, b)),
    ("pow-scalars", lambda m, a, b: a ** 2 + 2.0 ** a),
    ("equal", lambda m, a, b: m.equal(a, a * (np.arange(a.shape[-1]) % 2))),
    ("not_equal", lambda m, a, b: m.not_equal(a, b)),
    ("where", lambda m, a, b: m.where(m.real(a) > 0, a, b)),
    ("scalar", lambda m, a, b: 2.0 * a - (1 - 2j) + a / 4),
    ("sum", lambda m, a, b: m.sum(a, axis=0)),
    ("prod", lambda m, a, b: m.prod(a, axis=1)),
    ("var", lambda m, a, b: m.var(a, axis=1)),
    ("std", lambda m, a, b: m.std(a, axis=0, keepdims=True)),
    ("mean", lambda m, a, b: m.mean(a, axis=1)),
    ("matmul", lambda m, a, b: m.matmul(a, m.matrix_transpose(b))),
    ("vecdot", lambda m, a, b: m.vecdot(a, b)),
    ("einsum", lambda m, a, b: m.einsum("ij,kj->ik", a, b)),
    ("einsum-three", lambda m, a, b: m.einsum("ij,ij,j->i", a, m.real(b), a[0])),
    ("einsum-one", lambda m, a, b: m.einsum("ij->j", a)),
]


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("name, fn", ELEMENTWISE, ids=[e[0] for e in ELEMENTWISE])
def test_functions_match_numpy_eager_and_compiled(name, fn, dtype) -> None:
    a, b = cplx((3, 4), dtype), cplx((3, 4), dtype)
    want = fn(np, a, b)
    close(fn(lt, lt.asarray(a), lt.asarray(b)).numpy(), want, dtype)
    close(lt.compile(lambda x, y: fn(lt, x, y))(a, b).numpy(), want, dtype)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("name", ["sin", "cos", "tan", "sinh", "cosh", "tanh", "expm1", "log1p", "square", "reciprocal"])
def test_trigonometric_and_hyperbolic_keep_precision_over_magnitudes(name, dtype) -> None:
    """Tiny, moderate and large parts (tanh past |re| = 22, expm1 and log1p near 0), against
    NumPy elementwise, relative to each result's modulus."""
    rng = np.random.default_rng(7)
    parts = [rng.standard_normal((2, 100)) * s for s in (1e-6, 0.3, 3, 30)]
    z = np.concatenate([p[0] + 1j * p[1][::-1] for p in parts]).astype(dtype)
    want = getattr(np, name)(z)
    if name == "log1p":  # NumPy's complex log1p is log(1 + z): 8e-8 off at 1e-10 + 1e-10j
        w = z.astype(np.complex128)
        want = np.where(np.abs(w) < 1e-3, w - w * w / 2 + w ** 3 / 3, np.log1p(w)).astype(dtype)
    got = getattr(lt, name)(lt.asarray(z)).numpy()
    assert got.dtype == want.dtype
    finite = np.isfinite(want)
    np.testing.assert_array_equal(np.isfinite(got), finite)
    rel = np.abs(got[finite] - want[finite]) / np.abs(want[finite])
    assert rel.max() < (1e-4 if dtype == np.complex64 else 1e-12), rel.max()


def _numpy_inverse(name: str, z: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return getattr(np, "arc" + name[1:])(z)


def _inverse_samples(dtype) -> np.ndarray:
    """Parts of independent magnitudes over the whole range (1e-300..1e300, 1e-30..1e30 for
    complex64) and signs, points near the branch points +-1 and +-i, and the cuts with both
    signs of zero."""
    rng = np.random.default_rng(11)
    top, close_to = (300, 15) if dtype == np.complex128 else (30, 7)
    n = 600
    parts = [10.0 ** rng.uniform(-top, top, n) * rng.choice([-1, 1], n) for _ in range(2)]
    near = rng.choice(np.array([1, -1, 1j, -1j]), n) + \
        10.0 ** rng.uniform(-close_to, 0, n) * np.exp(1j * rng.uniform(-np.pi, np.pi, n))
    line = rng.choice([-1, 1], n) * (1 + 10.0 ** rng.uniform(-close_to, 5, n))
    cuts = [complex(v, zero) for v in line for zero in (0.0, -0.0)] + \
        [complex(zero, v) for v in line for zero in (0.0, -0.0)]
    return np.concatenate([parts[0] + 1j * parts[1], near, cuts]).astype(dtype)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("name", INVERSE)
def test_inverse_functions_keep_precision_over_magnitudes_and_on_the_cuts(name, dtype) -> None:
    """Each part against NumPy's, relative to itself (parts below tiny / eps, where NumPy's own
    result is subnormal, aside); the sign of a zero part as NumPy's."""
    z = _inverse_samples(dtype)
    want = _numpy_inverse(name, z)
    got = getattr(lt, name)(lt.asarray(z)).numpy()
    assert got.dtype == want.dtype and np.isfinite(want).all()
    info = np.finfo(z.real.dtype)
    for g, w in ((got.real, want.real), (got.imag, want.imag)):
        big = np.abs(w) > info.tiny / info.eps
        rel = np.abs(g[big] - w[big]) / np.abs(w[big])
        assert rel.max() < (2e-6 if dtype == np.complex64 else 1e-14), rel.max()
        zero = w == 0
        np.testing.assert_array_equal(np.signbit(g[zero]), np.signbit(w[zero]))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("name", INVERSE)
def test_inverse_functions_at_special_values_match_numpy(name, dtype) -> None:
    """Every pair of +-0, +-0.5, +-1, +-2, +-1e30, +-inf, NaN and the smallest subnormal:
    NaN where NumPy's part is NaN, infinities and zeros with NumPy's sign (C99's special
    values, which the standard takes)."""
    small = float(np.finfo(np.dtype(dtype).char.lower()).smallest_subnormal)
    values = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 1e30, -1e30, np.inf, -np.inf,
              np.nan, small]
    z = np.array([complex(a, b) for a in values for b in values], dtype)
    want = _numpy_inverse(name, z)
    got = getattr(lt, name)(lt.asarray(z)).numpy()
    for g, w in ((got.real, want.real), (got.imag, want.imag)):
        np.testing.assert_array_equal(np.isnan(g), np.isnan(w))
        exact = np.isinf(w) | (w == 0)
        np.testing.assert_array_equal(g[exact], w[exact])
        np.testing.assert_array_equal(np.signbit(g[exact]), np.signbit(w[exact]))
        rest = ~exact & ~np.isnan(w)
        np.testing.assert_allclose(g[rest], w[rest], rtol=4 * np.finfo(g.dtype).eps,
                                   atol=2 * small)


def test_inverse_functions_take_the_branch_cuts_by_the_sign_of_zero() -> None:
    z = np.array([complex(2, 0.0), complex(2, -0.0), complex(-2, 0.0), complex(-2, -0.0),
                  complex(0.0, 2), complex(-0.0, 2), complex(0.0, -2), complex(-0.0, -2),
                  complex(0.5, 0.0), complex(0.5, -0.0)], np.complex128)
    for name in INVERSE:
        got = getattr(lt, name)(lt.asarray(z)).numpy()
        want = _numpy_inverse(name, z)
        np.testing.assert_allclose(got, want, rtol=1e-15)
        np.testing.assert_array_equal(np.signbit(got.imag), np.signbit(want.imag))
        np.testing.assert_array_equal(np.signbit(got.real), np.signbit(want.real))
    a = lt.asin(lt.asarray(z[:2])).numpy()
    assert a[0].imag > 0 > a[1].imag and a[0].real == a[1].real == np.pi / 2


@pytest.mark.parametrize("name", INVERSE)
def test_inverse_functions_of_empty_and_0d_arrays(name) -> None:
    empty = getattr(lt, name)(lt.zeros((0, 3), dtype=lt.complex128))
    assert empty.shape == (0, 3) and empty.dtype is lt.complex128
    z = np.complex64(0.3 - 2j)
    got = getattr(lt, name)(lt.asarray(z))
    assert got.shape == () and got.dtype is lt.complex64
    close(got.numpy(), _numpy_inverse(name, np.asarray(z)), np.complex64)


SPECIAL = [  # (function, input, result) from the standard's special cases (C99 Annex G)
    ("sinh", complex(0, np.inf), complex(0, np.nan)), ("sinh", complex(np.inf, 0), np.inf + 0j),
    ("sinh", complex(np.inf, np.nan), complex(np.inf, np.nan)),
    ("sinh", complex(np.nan, 0), complex(np.nan, 0)),
    ("cosh", complex(0, np.inf), complex(np.nan, 0)), ("cosh", complex(np.inf, 0), np.inf + 0j),
    ("cosh", complex(np.inf, np.inf), complex(np.inf, np.nan)),
    ("tanh", complex(1, np.inf), complex(np.nan, np.nan)),
    ("tanh", complex(0, np.nan), complex(0, np.nan)), ("tanh", complex(np.inf, np.nan), 1 + 0j),
    ("tanh", complex(np.nan, 0), complex(np.nan, 0)), ("tanh", complex(np.inf, 2), 1 + 0j),
    ("expm1", complex(-0.0, 0), 0j), ("expm1", complex(-np.inf, np.inf), -1 + 0j),
    ("expm1", complex(np.inf, np.nan), complex(np.inf, np.nan)),
]


@pytest.mark.parametrize("name, z, want", SPECIAL, ids=[f"{s[0]}({s[1]})" for s in SPECIAL])
def test_special_cases_of_the_hyperbolic_functions(name, z, want) -> None:
    got = complex(getattr(lt, name)(lt.asarray(np.array([z], np.complex128))).numpy()[0])
    for g, w in ((got.real, want.real), (got.imag, want.imag)):
        assert (np.isnan(g) and np.isnan(w)) or abs(g) == abs(w), (got, want)
    if name == "tanh" and np.isinf(z.real) and np.isfinite(z.imag):
        assert np.copysign(1, got.imag) == np.sign(z.imag)  # 1 + 0j keeps im's sign


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("shape, axis, keepdims", [
    ((7,), None, False), ((3, 5), 1, True), ((4, 3, 6), (0, 2), False), ((2, 0, 3), 1, False),
    ((0,), None, True), ((), None, False), ((2, 3), (), False), ((3, 2, 1), -1, False),
    ((1000,), 0, False)])
def test_prod_matches_numpy(shape, axis, keepdims, dtype) -> None:
    """A tree of complex multiplications, within n ulps of the exact product (NumPy multiplies
    in order: both are that close); an empty product is 1 + 0j."""
    a = np.asarray(cplx(shape, dtype) * 0.9)
    want = np.prod(a, axis=axis, keepdims=keepdims)
    exact = np.prod(a.astype(np.clongdouble), axis=axis, keepdims=keepdims)
    for got in (lt.prod(lt.asarray(a), axis=axis, keepdims=keepdims),
                lt.compile(lambda x: lt.prod(x, axis=axis, keepdims=keepdims))(a)):
        got = got.numpy()
        assert got.dtype == want.dtype and got.shape == want.shape
        n = max(a.size, 1)
        err = np.abs(got - exact) / np.maximum(np.abs(exact), np.finfo(got.real.dtype).tiny)
        assert err.max(initial=0) < 4 * n * np.finfo(got.real.dtype).eps, err.max()
    if a.size == 0:
        np.testing.assert_array_equal(got, np.ones(want.shape, dtype))


@pytest.mark.parametrize("axis", [0, 1, None, (0, 1)])
def test_prod_of_infinities_starts_from_one_as_numpys(axis) -> None:
    """NumPy's product starts from its identity: ``(1+0j) * (-inf+0j)`` is ``-inf+nanj``, so
    ``prod([-inf+0j, -5j])`` is ``nan+nanj`` where ``(-inf+0j) * -5j`` is ``nan+infj`` (fuzzer
    seed 1120344). Two factors per product: longer products multiply in a tree, whose order
    NumPy's does not share once infinities meet zeros."""
    a = np.array([[complex(-np.inf, 0), 1 + 2j], [-5j, complex(3, np.inf)]], np.complex64)
    with np.errstate(invalid="ignore"):
        want = np.prod(a, axis=axis) if axis != (0, 1) else np.prod(a[:, :1], axis=axis)
    got = lt.prod(lt.asarray(a if axis != (0, 1) else a[:, :1]), axis=axis).numpy()
    np.testing.assert_array_equal(got, want)  # (NaN equal to NaN, infinities by sign)


def test_prod_dtype_keyword_follows_the_standard() -> None:
    r = np.array([[1.5, -2.0], [0.5, 4.0]], np.float32)
    got = lt.prod(lt.asarray(r), axis=0, dtype=lt.complex64)
    assert got.dtype is lt.complex64
    np.testing.assert_array_equal(got.numpy(), np.prod(r, axis=0).astype(np.complex64))
    a = np.array([1j, 2 - 1j, 0.5 + 0.5j], np.complex64)
    wide = lt.prod(lt.asarray(a), dtype=lt.complex128)
    assert wide.dtype is lt.complex128
    np.testing.assert_allclose(wide.numpy(), np.prod(a.astype(np.complex128)), rtol=1e-15)
    assert lt.prod(lt.asarray(a)).dtype is lt.complex64
    with pytest.raises(lt.DTypeError, match="c64.*float32"):
        lt.prod(lt.asarray(a), dtype=lt.float32)
    z = np.array([complex(np.inf, 0), 2 + 0j, 0j, complex(np.nan, 1)], np.complex128)
    with np.errstate(invalid="ignore"):
        for part in (z[:2], z[1:3], z[2:]):
            np.testing.assert_array_equal(lt.prod(lt.asarray(part)).numpy(), np.prod(part))


def test_special_values_of_the_parts() -> None:
    nan, inf = np.nan, np.inf
    a = np.array([complex(nan, 0), complex(0, -inf), complex(inf, nan), 1 + 1j, 0j, -0.0j],
                 np.complex128)
    x = lt.asarray(a)
    np.testing.assert_array_equal(lt.isnan(x).numpy(), np.isnan(a))
    np.testing.assert_array_equal(lt.isinf(x).numpy(), np.isinf(a))
    np.testing.assert_array_equal(lt.isfinite(x).numpy(), np.isfinite(a))
    np.testing.assert_array_equal(lt.abs(x).numpy(), [nan, inf, inf, np.sqrt(2), 0, 0])
    np.testing.assert_array_equal(lt.sign(lt.asarray([0j, 3 - 4j])).numpy(),
                                  np.array([0, 0.6 - 0.8j], np.complex64))
    np.testing.assert_array_equal(lt.sqrt(lt.asarray([complex(-4, -0.0), -4 + 0j])).numpy(),
                                  np.array([-2j, 2j], np.complex64))
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.array([1 + 1j], np.complex64) / np.complex64(0)
    np.testing.assert_array_equal(lt.divide(lt.asarray([1 + 1j]), 0j).numpy(), want)


def test_movement_and_indexing_keep_the_pairs_together() -> None:
    a = cplx((3, 4, 2))
    x = lt.asarray(a)
    np.testing.assert_array_equal(x.reshape(4, 6).numpy(), a.reshape(4, 6))
    np.testing.assert_array_equal(lt.permute_dims(x, (2, 0, 1)).numpy(), a.transpose(2, 0, 1))
    np.testing.assert_array_equal(x[1:, ::-2, 0].numpy(), a[1:, ::-2, 0])
    np.testing.assert_array_equal(x[..., None, 1].numpy(), a[..., None, 1])
    np.testing.assert_array_equal(x[lt.asarray([2, 0])].numpy(), a[[2, 0]])
    np.testing.assert_array_equal(lt.take(x, lt.asarray([3, 1]), axis=1).numpy(),
                                  np.take(a, [3, 1], axis=1))
    np.testing.assert_array_equal(lt.concat([x, x[:1]], axis=0).numpy(),
                                  np.concatenate([a, a[:1]]))
    np.testing.assert_array_equal(lt.stack([x[0], x[1]], axis=-1).numpy(),
                                  np.stack([a[0], a[1]], axis=-1))
    np.testing.assert_array_equal(lt.broadcast_to(x[0, 0], (2, 2)).numpy(),
                                  np.broadcast_to(a[0, 0], (2, 2)))
    mask = a.real > 0
    np.testing.assert_array_equal(x[lt.asarray(mask)].numpy(), a[mask])
    y, b = lt.asarray(a), a.copy()
    y[1, 2:] = 5j
    b[1, 2:] = 5j
    y[lt.asarray(mask)] = 1 - 1j
    b[mask] = 1 - 1j
    y[lt.asarray([0, 2]), 0, 1] = 7 + 0j
    b[[0, 2], 0, 1] = 7
    np.testing.assert_array_equal(y.numpy(), b)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_take_along_axis_picks_both_parts(dtype) -> None:
    a = cplx((3, 4), dtype)
    order = np.argsort(a.real, axis=1)
    cases = [(a, order, 1), (a, order[:, ::-1][:, :2] - 4, 1), (a, np.array([[2, -1, 0, 1]]), 0),
             (a[:, :0], np.zeros((3, 0), np.int64), 1), (a[:1], np.array([[0, 3, 3]]), 1),
             (a[0], np.array([3, 0, -2], np.int32), 0)]
    for x, idx, axis in cases:
        want = np.take_along_axis(x, idx, axis=axis)
        got = lt.take_along_axis(lt.asarray(x), lt.asarray(idx), axis=axis)
        np.testing.assert_array_equal(got.numpy(), want)
        compiled = lt.compile(lambda u, v: lt.take_along_axis(u, v, axis=axis))(x, idx)
        np.testing.assert_array_equal(compiled.numpy(), want)
    broadcast = lt.take_along_axis(lt.asarray(a), lt.asarray(np.array([[1], [0], [3]])), axis=1)
    np.testing.assert_array_equal(broadcast.numpy(), a[np.arange(3), [1, 0, 3]][:, None])


def test_linspace_with_complex_ends() -> None:
    for start, stop, num, kw in [(0, 1j, 5, {}), (1 + 2j, -3.0, 4, {"dtype": lt.complex128}),
                                 (np.complex64(1j), 0, 3, {"endpoint": False}),
                                 (0, 1, 3, {"dtype": lt.complex64}), (2j, 2j, 0, {})]:
        got = lt.linspace(start, stop, num, **kw)
        dtype = np.complex128 if kw.get("dtype") is lt.complex128 else np.complex64
        want = np.linspace(complex(start), complex(stop), num,
                           endpoint=kw.get("endpoint", True)).astype(dtype)
        assert got.dtype == dtype
        np.testing.assert_array_equal(got.numpy(), want)
    with pytest.raises(lt.DTypeError, match="complex ends .* float32"):
        lt.linspace(0, 1j, 3, dtype=lt.float32)


def test_refused_functions_name_the_dtype() -> None:
    x = lt.asarray([1 + 1j])
    for fn in (lt.argmax, lt.sort):
        with pytest.raises(lt.DTypeError, match="complex|c64"):
            fn(x)
    with pytest.raises(lt.DTypeError, match="complex|c64"):
        x < x
    with pytest.raises(lt.DTypeError, match="complex|c64"):
        lt.arange(3, dtype=lt.complex64)


def test_in_place_complex_into_real_is_refused() -> None:
    x = lt.asarray([1.0, 2.0])
    with pytest.raises(lt.DTypeError, match="complex64"):
        x += 1j
    z = lt.asarray([1j, 2j])
    z += 1.5
    np.testing.assert_array_equal(z.numpy(), np.array([1.5 + 1j, 1.5 + 2j], np.complex64))


@pytest.mark.onnxruntime
def test_exported_models_take_and_return_real_pairs() -> None:
    import onnxruntime as ort

    def f(x, y):
        return (x * y - lt.conj(x)) / (y + 2.0), lt.abs(x).sum(), lt.real(x @ y.mT), \
            lt.prod(x, axis=1), lt.take_along_axis(x, lt.argsort(lt.real(y), axis=0), axis=0)

    a, b = cplx((2, 3)), cplx((2, 3))
    model = check_model(lt.export(f, a, b))
    inputs = {i.name: [d.dim_value for d in i.type.tensor_type.shape.dim]
              for i in model.graph.input}
    assert inputs == {"x": [2, 3, 2], "y": [2, 3, 2]}
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    q, s, r, p, t = session.run(None, {"x": pairs(a), "y": pairs(b)})
    want_q, want_s, want_r = (a * b - np.conj(a)) / (b + 2), np.abs(a).sum(), np.real(a @ b.T)
    close(p.view(np.complex64)[..., 0], np.prod(a, axis=1), np.complex64)
    np.testing.assert_array_equal(t.view(np.complex64)[..., 0],
                                  np.take_along_axis(a, np.argsort(b.real, axis=0), axis=0))
    close(q.view(np.complex64)[..., 0], want_q, np.complex64)
    close(s, want_s.astype(np.float32), np.complex64)
    close(r, want_r.astype(np.float32), np.complex64)
    got = lt.compile(f)(a, b)
    close(got[0].numpy(), want_q, np.complex64)


@pytest.mark.onnxruntime
def test_exported_at_older_opsets() -> None:
    import onnxruntime as ort

    a = cplx((4,))
    for opset in (17, 20):
        model = check_model(lt.export(lambda x: lt.fft.fft(x * 2), a, opset=opset))
        session = ort.InferenceSession(model.SerializeToString(),
                                       providers=["CPUExecutionProvider"])
        (out,) = session.run(None, {"x": pairs(a)})
        close(out.view(np.complex64)[..., 0], np.fft.fft(a * 2), np.complex64)


@pytest.mark.onnxruntime
@pytest.mark.parametrize("opset", [17, 21])
def test_exported_inverse_functions_run_in_onnxruntime(opset) -> None:
    import onnxruntime as ort

    z = np.concatenate([_inverse_samples(np.complex128)[::40],
                        [complex(2, -0.0), complex(np.inf, np.nan), 1 + 0j]])

    def f(x):
        return tuple(getattr(lt, name)(x) for name in INVERSE)

    model = check_model(lt.export(f, z, opset=opset))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    outs = session.run(None, {"x": pairs(z)})
    compiled = lt.compile(f)(z)
    for name, out, c in zip(INVERSE, outs, compiled):
        want = _numpy_inverse(name, z)
        for got in (out.view(np.complex128)[..., 0], c.numpy()):
            np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-300)
            np.testing.assert_array_equal(np.signbit(got.imag), np.signbit(want.imag))


@pytest.mark.onnxruntime
def test_prod_over_a_static_axis_serves_every_batch_size() -> None:
    import onnxruntime as ort

    model = check_model(lt.export(lambda x: lt.prod(x, axis=1),
                                  lt.spec(("batch", 5), lt.complex128)))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    for n in (1, 4):
        a = cplx((n, 5), np.complex128)
        (out,) = session.run(None, {"x": pairs(a)})
        close(out.view(np.complex128)[..., 0], np.prod(a, axis=1), np.complex128)
    with pytest.raises(lt.ShapeError, match="prod: axis 0 .* static size"):
        lt.export(lambda x: lt.prod(x, axis=0), lt.spec(("batch", 5), lt.complex64))


# found by the differential fuzzer (tests/fuzzing), each against NumPy, eagerly and compiled

def _both(fn, z):
    """fn of z eagerly and under lt.compile."""
    return fn(lt.asarray(z)).numpy(), lt.compile(fn)(lt.asarray(z)).numpy()


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_log2_and_log10_scale_the_parts_at_zero_and_infinity(dtype) -> None:
    """log(x) times a real factor part by part: log2(0j) is -inf + 0j, not -inf + NaN j."""
    z = np.array([0j, complex(-0.0, 0.0), complex(0.0, -0.0), 3 + 4j, complex(np.inf, np.nan),
                  complex(-np.inf, 1)], dtype)
    with np.errstate(divide="ignore", invalid="ignore"):
        for name, ref in (("log2", np.log2), ("log10", np.log10)):
            for got in _both(getattr(lt, name), z):
                np.testing.assert_allclose(got, ref(z), rtol=4 * np.finfo(dtype).eps)
                np.testing.assert_array_equal(np.signbit(got.imag), np.signbit(ref(z).imag))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_sign_of_an_infinite_part_is_a_unit_as_numpy(dtype) -> None:
    """sign(-inf + 0j) is -1 (NumPy), not -inf / inf = NaN; both parts infinite give NaN."""
    inf, nan = np.inf, np.nan
    z = np.array([complex(-inf, 0), complex(inf, 2), complex(3, -inf), complex(nan, inf),
                  complex(-inf, nan), complex(inf, inf), complex(nan, 1), 0j, 3 + 4j], dtype)
    with np.errstate(invalid="ignore"):
        want = np.sign(z)
    for got in _both(lt.sign, z):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_sqrt_of_an_infinite_imaginary_part_is_infinite(dtype) -> None:
    """C99 (and NumPy): sqrt(x ± inf j) is inf ± inf j for every x, NaN included."""
    inf, nan = np.inf, np.nan
    z = np.array([complex(x, y) for x in (0.0, -0.0, 2.0, -inf, inf, nan)
                  for y in (inf, -inf)], dtype)
    for got in _both(lt.sqrt, z):
        np.testing.assert_array_equal(got, np.sqrt(z))


def test_python_complex_scalar_to_a_complex128_power_keeps_its_precision() -> None:
    """(0.1 + 0.2j) ** x of a complex128 (or float64) x: the scalar joins at 128 bits (it went
    through complex64 first, 1e-8 off)."""
    x = np.array([1 + 1j, 2.5 - 0.5j, -3j], np.complex128)
    for base in (0.1 + 0.2j, 7.8709 + 2j):
        for got in _both(lambda a, base=base: base ** a, x):
            np.testing.assert_allclose(got, base ** x, rtol=1e-14)
        np.testing.assert_allclose(lt.pow(base, lt.asarray(x.real)).numpy(), base ** x.real,
                                   rtol=1e-14)


def test_sort_max_and_min_refuse_0d_and_empty_complex_arrays_as_any_other() -> None:
    with pytest.raises(lt.DTypeError, match="sort .*complex.*c64"):
        lt.sort(lt.asarray(1j))
    for shape in ((), (2, 0)):
        for fn in (lt.max, lt.min):
            with pytest.raises(lt.DTypeError, match="complex.*c128"):
                fn(lt.zeros(shape, dtype=lt.complex128))


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_sqrt_of_huge_and_subnormal_parts_keeps_its_precision(dtype) -> None:
    """sqrt(-3e38 + 3j) overflowed in |re| + |x| (inf j), subnormal parts lost bits."""
    big, tiny = float(np.finfo(dtype).max), float(np.finfo(dtype).smallest_subnormal)
    z = np.array([complex(-big, 3), complex(big, big), complex(-big, -big), complex(-3e38, 3),
                  complex(tiny, tiny), complex(-tiny * 3, 0), complex(0, -tiny * 5),
                  complex(tiny * 7, -1)], dtype)
    for got in _both(lt.sqrt, z):
        np.testing.assert_allclose(got, np.sqrt(z), rtol=4 * np.finfo(dtype).eps, atol=0)


@pytest.mark.parametrize("name", ["log", "log2", "log10", "log1p"])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_logarithms_of_moduli_past_the_largest_float(name, dtype) -> None:
    """log|z| stays finite where |z| overflows but its parts do not, as NumPy's log, log2 and
    log10 (log(-3e38+3e38j) in complex64 is 88.94+2.36j; fuzzer seed 1180015 at 60 steps);
    NumPy's complex64 log1p overflows there, and lazyten's with it. Parts from 0 to the
    largest float, infinities and NaN, each class (finite, inf, NaN) as NumPy's."""
    top = float(np.finfo(np.finfo(dtype).dtype).max)
    values = [0.0, 1e-40, 0.75, 2.0, top / 4, top / 2, top * 0.9, top, np.inf, np.nan]
    values += [-v for v in values]
    z = np.array([complex(a, b) for a in values for b in values], dtype)
    with np.errstate(all="ignore"):
        want = getattr(np, name)(z)
    got = getattr(lt, name)(lt.asarray(z)).numpy()
    for g, w in ((got.real, want.real), (got.imag, want.imag)):
        np.testing.assert_array_equal(np.isnan(g), np.isnan(w))
        np.testing.assert_array_equal(np.isinf(g), np.isinf(w))
        finite = np.isfinite(w)
        np.testing.assert_allclose(g[finite], w[finite], rtol=1e-5, atol=1e-6)
        np.testing.assert_array_equal(g[np.isinf(w)], w[np.isinf(w)])
