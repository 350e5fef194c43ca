"""``lt.linalg`` decompositions against NumPy: cholesky, qr, eigh/eigvalsh, svd/svdvals,
slogdet, pinv, matrix_rank and matrix_norm(2, -2, 'nuc'), on well- and ill-conditioned,
batched, tall and wide, rank-deficient, 1x1 and empty stacks, float32 and float64, eager,
compiled and exported (the model passes the full checker and runs in plain onnxruntime, also
rewritten for opset 17).

Accuracy, stated per function, relative to the largest magnitude in NumPy's result (``scale``):
cholesky, qr, slogdet: 1e-5 (float32), 1e-13 (float64) for condition numbers up to 1e3;
eigenvalues and singular values: 2e-6 and 1e-14 times n; eigenvectors and singular vectors
(canonically signed, compared where the values are apart): 1e-4 and 1e-11 for gaps above 1e-2
of the scale; small singular values of an ill-conditioned matrix: within 1e-14 * the largest
in float64 (one-sided Jacobi: no x.T @ x, so cond 1e10 keeps them)."""
from __future__ import annotations

import time

import numpy as np
import pytest

import lazyten as lt
from helpers import check_model

RNG = np.random.default_rng(17)
TOL = {np.float32: 2e-5, np.float64: 1e-13}
DTYPES = [np.float32, np.float64]


def matrices(shape, cond: float = 10.0, rank: int | None = None) -> np.ndarray:
    """Random float64 matrices with singular values from 1 down to 1/cond (zero past
    ``rank``)."""
    m, n = shape[-2:]
    k = min(m, n)
    u, _ = np.linalg.qr(RNG.standard_normal(shape[:-2] + (m, k)))
    v, _ = np.linalg.qr(RNG.standard_normal(shape[:-2] + (n, k)))
    s = np.geomspace(1.0, 1.0 / cond, k) if k else np.zeros(0)
    if rank is not None:
        s[rank:] = 0.0
    return (u * s) @ np.swapaxes(v, -1, -2)


def symmetric(shape, spectrum=None) -> np.ndarray:
    n = shape[-1]
    q, _ = np.linalg.qr(RNG.standard_normal(shape))
    w = np.linspace(-2.0, 3.0, n) if spectrum is None else np.asarray(spectrum)
    return (q * w) @ np.swapaxes(q, -1, -2)


def close(got, want, tol: float) -> None:
    got, want = np.asarray(got), np.asarray(want)
    want = np.broadcast_to(want, got.shape) if want.ndim < got.ndim else want
    assert got.shape == want.shape
    scale = np.abs(want).max(initial=1.0)
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * scale)


def canonical(v: np.ndarray) -> np.ndarray:
    """Columns signed so that their entry of largest magnitude is positive."""
    top = np.take_along_axis(v, np.argmax(np.abs(v), axis=-2)[..., None, :], axis=-2)
    return v * np.where(top < 0, -1, 1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 3), (4, 5, 5), (2, 1, 1), (7, 7), (2, 0, 4, 4)])
def test_eigh_matches_numpy(dtype, shape) -> None:
    a = symmetric(shape).astype(dtype)
    w, v = lt.linalg.eigh(a)
    assert w.dtype == v.dtype == getattr(lt, np.dtype(dtype).name) and v.shape == a.shape
    want_w, want_v = np.linalg.eigh(a.astype(np.float64))
    n = shape[-1]
    close(w.numpy(), want_w, TOL[dtype] * n)
    close(lt.linalg.eigvalsh(a).numpy(), want_w, TOL[dtype] * n)
    close(v.numpy(), canonical(want_v), TOL[dtype] * 1e3)
    got_v = v.numpy().astype(np.float64)
    close(got_v @ (w.numpy()[..., None] * np.swapaxes(got_v, -1, -2)), a, TOL[dtype] * n * 4)


def test_eigh_reads_the_lower_triangle_and_repeated_eigenvalues() -> None:
    a = symmetric((5, 5), [1.0, 1.0, 2.0, 2.0, -3.0])
    junk = a + np.triu(RNG.standard_normal((5, 5)), 1)
    w, v = lt.linalg.eigh(junk)
    close(w.numpy(), [-3.0, 1.0, 1.0, 2.0, 2.0], 1e-13)
    got = v.numpy()
    close(got.T @ got, np.eye(5), 1e-13)
    close(got @ np.diag(w.numpy()) @ got.T, a, 1e-13)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape, full", [((6, 3), False), ((6, 3), True), ((3, 6), False),
                                         ((3, 6), True), ((2, 4, 4), True), ((5, 1), True),
                                         ((1, 5), False), ((1, 1), True), ((0, 3, 2), True),
                                         ((40, 7), False)])
def test_svd_matches_numpy(dtype, shape, full) -> None:
    a = matrices(shape, cond=100.0).astype(dtype)
    u, s, vh = lt.linalg.svd(a, full_matrices=full)
    want_u, want_s, want_vh = np.linalg.svd(a.astype(np.float64), full_matrices=full)
    assert (u.shape, s.shape, vh.shape) == (want_u.shape, want_s.shape, want_vh.shape)
    assert u.dtype == s.dtype == vh.dtype == getattr(lt, np.dtype(dtype).name)
    k = min(shape[-2:])
    close(s.numpy(), want_s, TOL[dtype] * max(shape[-2:]))
    close(lt.linalg.svdvals(a).numpy(), want_s, TOL[dtype] * max(shape[-2:]))
    got_u, got_vh = u.numpy().astype(np.float64), vh.numpy().astype(np.float64)
    close((got_u[..., :k] * s.numpy()[..., None, :]) @ got_vh[..., :k, :], a, TOL[dtype] * 50)
    close(np.swapaxes(got_u, -1, -2) @ got_u, np.eye(got_u.shape[-1]), TOL[dtype] * 50)
    close(got_vh @ np.swapaxes(got_vh, -1, -2), np.eye(got_vh.shape[-2]), TOL[dtype] * 50)
    # the singular vectors themselves, up to the sign, where the values are apart
    signs = np.sign(np.sum(got_u[..., :k] * want_u[..., :k], axis=-2))
    close(got_u[..., :k] * signs[..., None, :], want_u[..., :k], TOL[dtype] * 1e3)


def test_svd_keeps_small_singular_values_of_ill_conditioned_matrices() -> None:
    a = matrices((30, 8), cond=1e10)
    s = lt.linalg.svdvals(a).numpy()
    want = np.linalg.svd(a, compute_uv=False)
    assert np.abs(s - want).max() <= 1e-14 * want[0]
    assert np.abs(s[-1] / want[-1] - 1) < 1e-4  # relative accuracy of 1e-10 after all


@pytest.mark.parametrize("dtype", DTYPES)
def test_rank_deficient_svd_pinv_and_matrix_rank(dtype) -> None:
    a = matrices((3, 6, 4), cond=10.0, rank=2).astype(dtype)
    u, s, vh = lt.linalg.svd(a)
    got_u = u.numpy().astype(np.float64)
    close(np.swapaxes(got_u, -1, -2) @ got_u, np.eye(6), TOL[dtype] * 10)
    close(s.numpy(), np.linalg.svd(a.astype(np.float64), compute_uv=False), TOL[dtype] * 10)
    assert lt.linalg.matrix_rank(a).numpy().tolist() == [2, 2, 2]
    assert lt.linalg.matrix_rank(a).dtype == lt.int64
    want = np.linalg.pinv(a.astype(np.float64), rtol=1e-4)
    close(lt.linalg.pinv(a, rtol=1e-4).numpy(), want, TOL[dtype] * 100)
    full = matrices((5, 3), cond=1e3)
    close(lt.linalg.pinv(full).numpy(), np.linalg.pinv(full), 1e-12)
    assert lt.linalg.matrix_rank(full, rtol=1e-2).numpy() == 2
    assert lt.linalg.matrix_rank(np.zeros((3, 3))).numpy() == 0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(4, 4), (3, 6, 6), (1, 1), (0, 2, 2)])
def test_cholesky_matches_numpy(dtype, shape) -> None:
    a = symmetric(shape, np.geomspace(1.0, 1e-3, shape[-1])).astype(dtype)
    want = np.linalg.cholesky(a.astype(np.float64))
    close(lt.linalg.cholesky(a).numpy(), want, TOL[dtype] * 100)
    close(lt.linalg.cholesky(a, upper=True).numpy(), np.swapaxes(want, -1, -2),
          TOL[dtype] * 100)


def test_cholesky_of_a_matrix_that_is_not_positive_definite_is_nan() -> None:
    a = np.stack([np.eye(3) * 4.0, np.diag([1.0, -1.0, 1.0])])
    got = lt.linalg.cholesky(a).numpy()
    np.testing.assert_array_equal(got[0], np.eye(3) * 2.0)
    assert np.isnan(got[1]).all()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4), (1, 1), (6, 1)])
@pytest.mark.parametrize("mode", ["reduced", "complete"])
def test_qr_matches_numpy(dtype, shape, mode) -> None:
    a = matrices(shape, cond=1e3).astype(dtype)
    q, r = lt.linalg.qr(a, mode=mode)
    want_q, want_r = np.linalg.qr(a.astype(np.float64), mode=mode)
    close(q.numpy(), want_q, TOL[dtype] * 10)
    close(r.numpy(), want_r, TOL[dtype] * 10)
    assert (np.tril(r.numpy(), -1) == 0).all()


@pytest.mark.parametrize("dtype", DTYPES)
def test_slogdet_matches_numpy(dtype) -> None:
    a = np.concatenate([matrices((3, 5, 5), cond=1e3), [np.eye(5) * 1e30],
                        [np.ones((5, 5))]]).astype(np.float64)
    a[0] *= -1
    sign, logabs = lt.linalg.slogdet(a.astype(dtype))
    want_sign, want_log = np.linalg.slogdet(a.astype(dtype).astype(np.float64))
    np.testing.assert_array_equal(sign.numpy(), want_sign)
    close(logabs.numpy()[:-1], want_log[:-1], TOL[dtype] * 10)
    assert logabs.numpy()[-1] == -np.inf and sign.numpy()[-1] == 0
    assert not np.signbit(sign.numpy()[-1])


@pytest.mark.parametrize("dtype", DTYPES)
def test_matrix_norm_from_singular_values(dtype) -> None:
    a = matrices((2, 5, 3), cond=50.0).astype(dtype)
    for ord_ in (2, -2, "nuc"):
        got = lt.linalg.matrix_norm(a, ord=ord_)
        close(got.numpy(), np.linalg.norm(a.astype(np.float64), ord_, axis=(-2, -1)),
              TOL[dtype] * 10)
        assert lt.linalg.matrix_norm(a, ord=ord_, keepdims=True).shape == (2, 1, 1)
    with pytest.raises(ValueError, match="ord"):
        lt.linalg.matrix_norm(a, ord=3)


def test_nan_and_inf_give_nan_and_refusals_name_the_input() -> None:
    a = np.eye(3)
    a[1, 2] = np.nan
    assert np.isnan(lt.linalg.eigvalsh(a + a.T).numpy()).all()
    assert np.isnan(lt.linalg.svdvals(np.diag([1.0, np.inf, 2.0])).numpy()).all()
    with pytest.raises(TypeError, match="int64"):
        lt.linalg.eigh(lt.eye(3, dtype=lt.int64))
    with pytest.raises(TypeError, match="float16"):
        lt.linalg.svd(np.eye(2, dtype=np.float16))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        lt.linalg.cholesky(np.ones((2, 3)))
    with pytest.raises(ValueError, match="mode"):
        lt.linalg.qr(np.eye(2), mode="r")


def test_compiled_functions_share_one_decomposition() -> None:
    """svd(x, full_matrices=False) and svdvals(x) are one op after CSE: the exported model
    holds the loops of one SVD."""
    x = matrices((12, 4))

    def both(x):
        u, s, vh = lt.linalg.svd(x, full_matrices=False)
        return u, lt.linalg.svdvals(x), s

    def one(x):
        return lt.linalg.svd(x, full_matrices=False)

    loops = [sum(n.op_type == "Loop" for n in lt.export(f, x).graph.node) for f in (both, one)]
    assert loops[0] == loops[1] > 0
    u, s2, s = lt.compile(both)(x)
    np.testing.assert_array_equal(s2.numpy(), s.numpy())
    close(s.numpy(), np.linalg.svd(x, compute_uv=False), 1e-14)


@pytest.mark.onnxruntime
@pytest.mark.parametrize("opset", [21, 17])
def test_exported_decompositions_run_in_plain_onnxruntime(opset) -> None:
    import onnxruntime as ort

    def pca_and_gaussian(x, cov):
        centered = x - lt.mean(x, axis=0)
        u, s, vh = lt.linalg.svd(centered, full_matrices=False)
        w, v = lt.linalg.eigh(cov)
        sign, logdet = lt.linalg.slogdet(cov)
        q, r = lt.linalg.qr(x)
        return s, vh, w, v, lt.linalg.cholesky(cov), logdet, r

    x = matrices((30, 5), cond=20.0).astype(np.float32)
    cov = symmetric((5, 5), [0.5, 1.0, 2.0, 3.0, 5.0]).astype(np.float32)
    model = check_model(lt.export(pca_and_gaussian, x, cov, opset=opset))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    got = session.run(None, {"x": x, "cov": cov})
    x64, c64 = x.astype(np.float64), cov.astype(np.float64)
    _, s, vh = np.linalg.svd(x64 - x64.mean(axis=0), full_matrices=False)
    w, v = np.linalg.eigh(c64)
    want = [s, canonical(vh.T).T, w, canonical(v), np.linalg.cholesky(c64),
            np.linalg.slogdet(c64)[1], np.linalg.qr(x64)[1]]
    for g, wnt in zip(got, want):
        close(g, wnt, 1e-4)
    compiled = lt.compile(pca_and_gaussian)(x, cov)
    for g, c in zip(got, compiled):
        close(c.numpy(), g, 1e-5)


@pytest.mark.onnxruntime
def test_speed_and_model_size_are_sane() -> None:
    """Loops, not unrolled sweeps: the model's size does not grow with the matrix; eigh of a
    50x50 and svd of a 1000x20 float64 matrix take well under a second each (a loaded
    2-core machine took 0.2 s)."""
    def sizes(n):
        model = lt.export(lambda a: lt.linalg.eigh(a), np.eye(n))
        return sum(1 + sum(len(at.g.node) for at in node.attribute if at.type == 5)
                   for node in model.graph.node)
    assert sizes(10) == sizes(50)
    a = symmetric((50, 50))
    b = matrices((1000, 20))
    eigh = lt.compile(lambda a: lt.linalg.eigh(a))
    svd = lt.compile(lambda b: lt.linalg.svd(b, full_matrices=False))
    eigh(a), svd(b)  # sessions created
    for fn, arg in ((eigh, a), (svd, b)):
        start = time.perf_counter()
        fn(arg)[0].numpy()
        assert time.perf_counter() - start < 2.0
