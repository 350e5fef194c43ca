"""``lt.linalg`` decompositions of complex matrices against NumPy: qr, eigh/eigvalsh, svd/svdvals,
pinv, matrix_rank and matrix_norm(2, -2, 'nuc'), on well- and ill-conditioned, batched, tall and
wide, rank-deficient, repeated-eigenvalue, 1x1 and empty stacks, complex64 and complex128, eager,
compiled and exported (the model passes the full checker and runs in plain onnxruntime, fed
real pairs, also rewritten for opset 17).

Accuracy, relative to the largest magnitude in NumPy's result (``scale``; NumPy computes in
complex128): qr: 2e-5 (complex64) and 1e-13 (complex128) times 10 (the same Q and R as LAPACK's
zgeqrf/zungqr, not only up to phases); eigenvalues and singular values: 2e-5 and 1e-13 times
n; eigenvectors and singular vectors (canonical phases: the entry of largest magnitude real
and positive), compared where the values are apart: 2e-5 and 1e-13 times 1e3; reconstructions
and unitarity: 2e-5 and 1e-13 times 50."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from helpers import check_model

RNG = np.random.default_rng(29)
TOL = {np.complex64: 2e-5, np.complex128: 1e-13}
DTYPES = [np.complex64, np.complex128]


def normal(shape) -> np.ndarray:
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


def unitary(shape) -> np.ndarray:
    q, _ = np.linalg.qr(normal(shape))
    return q


def adjoint(x: np.ndarray) -> np.ndarray:
    return np.conj(np.swapaxes(x, -1, -2))


def matrices(shape, cond: float = 10.0, rank: int | None = None) -> np.ndarray:
    """Random complex128 matrices with singular values from 1 down to 1/cond (zero past
    ``rank``)."""
    m, n = shape[-2:]
    k = min(m, n)
    s = np.geomspace(1.0, 1.0 / cond, k) if k else np.zeros(0)
    if rank is not None:
        s[rank:] = 0.0
    return (unitary(shape[:-2] + (m, k)) * s) @ adjoint(unitary(shape[:-2] + (n, k)))


def hermitian(shape, spectrum=None) -> np.ndarray:
    n = shape[-1]
    q = unitary(shape)
    w = np.linspace(-2.0, 3.0, n) if spectrum is None else np.asarray(spectrum)
    return (q * w) @ adjoint(q)


def close(got, want, tol: float) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    scale = np.abs(want).max(initial=1.0)
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * scale)


def canonical(v: np.ndarray) -> np.ndarray:
    """Columns multiplied by the unit factor that makes their entry of largest magnitude real
    and positive."""
    top = np.take_along_axis(v, np.argmax(np.abs(v), axis=-2)[..., None, :], axis=-2)
    return v * np.conj(top) / np.abs(top)


def real_dtype(dtype) -> lt.DType:
    return getattr(lt, np.dtype(dtype).type(0).real.dtype.name)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4), (1, 1), (6, 1), (0, 2, 3)])
@pytest.mark.parametrize("mode", ["reduced", "complete"])
def test_qr_matches_numpy(dtype, shape, mode) -> None:
    a = matrices(shape, cond=1e3).astype(dtype)
    q, r = lt.linalg.qr(a, mode=mode)
    assert q.dtype == r.dtype == getattr(lt, np.dtype(dtype).name)
    want_q, want_r = np.linalg.qr(a.astype(np.complex128), mode=mode)
    close(q.numpy(), want_q, TOL[dtype] * 10)
    close(r.numpy(), want_r, TOL[dtype] * 10)
    got_q, got_r = q.numpy(), r.numpy()
    assert (np.tril(got_r, -1) == 0).all()
    assert (np.diagonal(got_r, axis1=-2, axis2=-1).imag == 0).all()  # zgeqrf: real diagonal
    close(got_q @ got_r, a, TOL[dtype] * 50)
    close(adjoint(got_q) @ got_q, np.broadcast_to(np.eye(got_q.shape[-1]), got_r.shape[:-2] +
                                                  (got_q.shape[-1],) * 2), TOL[dtype] * 50)


def test_qr_of_columns_already_zero_below_the_diagonal() -> None:
    """A complex diagonal still takes a reflection each (to make R's diagonal real)."""
    a = np.triu(normal((4, 4)))
    q, r = lt.linalg.qr(a)
    want_q, want_r = np.linalg.qr(a)
    close(q.numpy(), want_q, 1e-14)
    close(r.numpy(), want_r, 1e-14)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 3), (4, 5, 5), (2, 1, 1), (7, 7), (2, 0, 4, 4)])
def test_eigh_matches_numpy(dtype, shape) -> None:
    a = hermitian(shape).astype(dtype)
    w, v = lt.linalg.eigh(a)
    assert w.dtype == real_dtype(dtype) and v.dtype == getattr(lt, np.dtype(dtype).name)
    assert v.shape == a.shape and w.shape == a.shape[:-1]
    want_w, want_v = np.linalg.eigh(a.astype(np.complex128))
    n = shape[-1]
    close(w.numpy(), want_w, TOL[dtype] * n)
    close(lt.linalg.eigvalsh(a).numpy(), want_w, TOL[dtype] * n)
    assert lt.linalg.eigvalsh(a).dtype == real_dtype(dtype)
    if a.size:
        close(v.numpy(), canonical(want_v), TOL[dtype] * 1e3)
    got_v = v.numpy().astype(np.complex128)
    close(got_v @ (w.numpy()[..., None] * adjoint(got_v)), a, TOL[dtype] * n * 4)
    close(adjoint(got_v) @ got_v, np.broadcast_to(np.eye(n), a.shape), TOL[dtype] * 50)


@pytest.mark.parametrize("dtype", DTYPES)
def test_eigh_ill_conditioned_and_repeated_eigenvalues(dtype) -> None:
    """Eigenvalues spread over 12 orders of magnitude (errors relative to the largest), and
    repeated ones (the vectors of one eigenvalue are no one basis: A V = V L and V^H V = I);
    the upper triangle and the diagonal's imaginary parts are ignored, as NumPy does."""
    spread = hermitian((6, 6), [1.0, -1e-3, 1e-6, 1e-9, -1e-12, 0.5]).astype(dtype)
    close(lt.linalg.eigvalsh(spread).numpy(), np.linalg.eigvalsh(spread.astype(np.complex128)),
          TOL[dtype] * 6)
    a = hermitian((5, 5), [1.0, 1.0, 2.0, 2.0, -3.0])
    junk = (a + np.triu(normal((5, 5)), 1) + 1j * np.diag(RNG.standard_normal(5))).astype(dtype)
    w, v = lt.linalg.eigh(junk)
    close(w.numpy(), [-3.0, 1.0, 1.0, 2.0, 2.0], TOL[dtype] * 5)
    got = v.numpy().astype(np.complex128)
    close(adjoint(got) @ got, np.eye(5), TOL[dtype] * 50)
    close(a @ got, got * w.numpy(), TOL[dtype] * 50)
    np.testing.assert_array_equal(lt.linalg.eigvalsh(np.eye(3, dtype=dtype) * 2j + np.eye(3)
                                                     ).numpy(), [1.0, 1.0, 1.0])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape, full", [((6, 3), False), ((6, 3), True), ((3, 6), False),
                                         ((3, 6), True), ((2, 4, 4), True), ((5, 1), True),
                                         ((1, 5), False), ((1, 1), True), ((0, 3, 2), True),
                                         ((2, 3, 0), False), ((40, 7), False)])
def test_svd_matches_numpy(dtype, shape, full) -> None:
    a = matrices(shape, cond=100.0).astype(dtype)
    u, s, vh = lt.linalg.svd(a, full_matrices=full)
    want_u, want_s, want_vh = np.linalg.svd(a.astype(np.complex128), full_matrices=full)
    assert (u.shape, s.shape, vh.shape) == (want_u.shape, want_s.shape, want_vh.shape)
    assert u.dtype == vh.dtype == getattr(lt, np.dtype(dtype).name)
    assert s.dtype == lt.linalg.svdvals(a).dtype == real_dtype(dtype)
    k = min(shape[-2:])
    close(s.numpy(), want_s, TOL[dtype] * max(shape[-2:]))
    close(lt.linalg.svdvals(a).numpy(), want_s, TOL[dtype] * max(shape[-2:]))
    got_u, got_vh = u.numpy().astype(np.complex128), vh.numpy().astype(np.complex128)
    close((got_u[..., :k] * s.numpy()[..., None, :]) @ got_vh[..., :k, :], a, TOL[dtype] * 50)
    eye_u, eye_v = np.eye(got_u.shape[-1]), np.eye(got_vh.shape[-2])
    close(adjoint(got_u) @ got_u, np.broadcast_to(eye_u, got_u.shape[:-2] + eye_u.shape),
          TOL[dtype] * 50)
    close(got_vh @ adjoint(got_vh), np.broadcast_to(eye_v, got_vh.shape[:-2] + eye_v.shape),
          TOL[dtype] * 50)
    # the singular vectors themselves, canonical (V's columns for a tall matrix, U's for a
    # wide one), where the values are apart
    if k:
        side = adjoint(got_vh)[..., :k] if shape[-2] >= shape[-1] else got_u[..., :k]
        want = adjoint(want_vh)[..., :k] if shape[-2] >= shape[-1] else want_u[..., :k]
        close(side, canonical(want), TOL[dtype] * 1e3)


def test_svd_keeps_small_singular_values_of_ill_conditioned_matrices() -> None:
    a = matrices((30, 8), cond=1e10)
    s = lt.linalg.svdvals(a).numpy()
    want = np.linalg.svd(a, compute_uv=False)
    assert np.abs(s - want).max() <= 1e-14 * want[0]
    assert np.abs(s[-1] / want[-1] - 1) < 1e-4


@pytest.mark.parametrize("dtype", DTYPES)
def test_rank_deficient_svd_pinv_and_matrix_rank(dtype) -> None:
    a = matrices((3, 6, 4), cond=10.0, rank=2).astype(dtype)
    u, s, vh = lt.linalg.svd(a)
    got_u = u.numpy().astype(np.complex128)
    close(adjoint(got_u) @ got_u, np.broadcast_to(np.eye(6), (3, 6, 6)), TOL[dtype] * 10)
    close(s.numpy(), np.linalg.svd(a.astype(np.complex128), compute_uv=False), TOL[dtype] * 10)
    assert lt.linalg.matrix_rank(a).numpy().tolist() == [2, 2, 2]
    want = np.linalg.pinv(a.astype(np.complex128), rtol=1e-4)
    got = lt.linalg.pinv(a, rtol=1e-4)
    assert got.dtype == getattr(lt, np.dtype(dtype).name)
    close(got.numpy(), want, TOL[dtype] * 100)
    full = matrices((5, 3), cond=1e3)
    close(lt.linalg.pinv(full).numpy(), np.linalg.pinv(full), 1e-12)
    assert lt.linalg.matrix_rank(full, rtol=1e-2).numpy() == 2
    assert lt.linalg.matrix_rank(np.zeros((3, 3), dtype)).numpy() == 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_matrix_norm_of_complex_matrices(dtype) -> None:
    a = matrices((2, 5, 3), cond=50.0).astype(dtype)
    for ord_ in (2, -2, "nuc", "fro", 1, -1, np.inf, -np.inf):
        got = lt.linalg.matrix_norm(a, ord=ord_)
        assert got.dtype == real_dtype(dtype)
        close(got.numpy(), np.linalg.norm(a.astype(np.complex128), ord_, axis=(-2, -1)),
              TOL[dtype] * 10)


def test_nan_gives_nan_in_both_parts() -> None:
    a = np.eye(3, dtype=np.complex128)
    a[2, 1] = np.nan * 1j
    assert np.isnan(lt.linalg.eigvalsh(a).numpy()).all()
    u, s, vh = lt.linalg.svd(a)
    assert np.isnan(s.numpy()).all() and np.isnan(u.numpy().imag).all()


def test_compiled_matches_numpy() -> None:
    a = matrices((2, 6, 4))
    h = hermitian((4, 4))

    def decompose(a, h):
        q, r = lt.linalg.qr(a)
        w, v = lt.linalg.eigh(h)
        u, s, vh = lt.linalg.svd(a, full_matrices=False)
        return q, r, w, v, u, s, vh

    q, r, w, v, u, s, vh = (x.numpy() for x in lt.compile(decompose)(a, h))
    want_q, want_r = np.linalg.qr(a)
    want_w, want_v = np.linalg.eigh(h)
    for got, want in ((q, want_q), (r, want_r), (w, want_w), (v, canonical(want_v)),
                      (s, np.linalg.svd(a, compute_uv=False)), ((u * s[..., None, :]) @ vh, a)):
        close(got, want, 1e-12)


@pytest.mark.onnxruntime
@pytest.mark.parametrize("opset", [21, 17])
def test_exported_decompositions_run_in_plain_onnxruntime(opset) -> None:
    """Complex inputs and outputs are real pairs (a trailing axis of 2)."""
    import onnxruntime as ort

    def decompose(x, h):
        q, r = lt.linalg.qr(x)
        w, v = lt.linalg.eigh(h)
        u, s, vh = lt.linalg.svd(x, full_matrices=True)
        return r, w, v, s, vh, lt.linalg.pinv(x)

    x = matrices((7, 4), cond=20.0).astype(np.complex64)
    h = hermitian((5, 5), [0.5, 1.0, 2.0, 3.0, 5.0]).astype(np.complex64)
    model = check_model(lt.export(decompose, x, h, opset=opset))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    pairs = {"x": x.view(np.float32).reshape(x.shape + (2,)),
             "h": h.view(np.float32).reshape(h.shape + (2,))}
    got = [g.view(np.complex64)[..., 0] if g.shape[-1:] == (2,) and g.ndim > 1 else g
           for g in session.run(None, pairs)]
    x128, h128 = x.astype(np.complex128), h.astype(np.complex128)
    _, s, vh = np.linalg.svd(x128)
    w, v = np.linalg.eigh(h128)
    want = [np.linalg.qr(x128)[1], w, canonical(v), s, adjoint(canonical(adjoint(vh))),
            np.linalg.pinv(x128)]
    for g, wnt in zip(got, want):
        close(g, wnt, 1e-4)
    for g, c in zip(got, lt.compile(decompose)(x, h)):
        close(c.numpy(), g, 1e-5)
