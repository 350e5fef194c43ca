"""``lt.linalg`` of complex64 and complex128 matrices against NumPy: det, slogdet, inv, solve,
matrix_power, cholesky, vector_norm and matrix_norm, and the products (trace, diagonal, outer,
tensordot, cross, vecdot, matmul); well- and ill-conditioned, batched, 1x1 and empty (0x0, a
batch of 0) stacks, eager, compiled and exported (the model takes and returns real pairs, passes
the full checker and runs in plain onnxruntime at opsets 21 and 17).

Accuracy, stated per function, relative to the largest magnitude of NumPy's complex128 result
(``close``): det, slogdet (sign and log|det|), inv, solve and matrix_power within 3e-5
(complex64) and 1e-13 (complex128) for condition numbers up to 1e3, and within 3e-3 and 5e-12
at 1e5 (about cond * eps / 4 measured: NumPy computes complex64 in complex128, lazyten in the
input's precision, as for float32); cholesky within 1e-6 and 1e-14 at condition number 10, 2e-5
and 1e-13 at 1e5; the norms within 2e-6 and 1e-14."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lazyten as lt
from helpers import check_model

RNG = np.random.default_rng(29)
DTYPES = [np.complex64, np.complex128]
WELL = {np.complex64: 3e-5, np.complex128: 1e-13}   # condition numbers up to 1e3
ILL = {np.complex64: 3e-3, np.complex128: 5e-12}    # condition number 1e5
CHOLESKY = {(np.complex64, 10.0): 1e-6, (np.complex128, 10.0): 1e-14,
            (np.complex64, 1e5): 2e-5, (np.complex128, 1e5): 1e-13}
NORM = {np.complex64: 2e-6, np.complex128: 1e-14}
REAL = {np.complex64: np.float32, np.complex128: np.float64}


def unitary(shape) -> np.ndarray:
    q, _ = np.linalg.qr(RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape))
    return q


def matrices(shape, cond: float = 10.0) -> np.ndarray:
    """Random complex128 matrices with singular values from 1 down to 1/cond."""
    s = np.geomspace(1.0, 1.0 / cond, shape[-1]) if shape[-1] else np.zeros(0)
    return (unitary(shape) * s) @ unitary(shape)


def hermitian_pd(shape, cond: float = 10.0) -> np.ndarray:
    """Random Hermitian positive definite matrices with eigenvalues from 1 down to 1/cond."""
    q = unitary(shape)
    w = np.geomspace(1.0, 1.0 / cond, shape[-1]) if shape[-1] else np.zeros(0)
    return (q * w) @ np.swapaxes(q, -1, -2).conj()


def close(got, want, tol: float, dtype=None) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    if dtype is not None:
        assert got.dtype == dtype, (got.dtype, dtype)
    scale = np.abs(want).max(initial=1.0)
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * scale)


SHAPES = [(4, 4), (3, 5, 5), (1, 1), (2, 1, 1), (0, 3, 3), (2, 0, 0), (6, 6)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("cond", [10.0, 1e3])
def test_det_slogdet_inv_solve_match_numpy(dtype, shape, cond) -> None:
    a = matrices(shape, cond).astype(dtype)
    a128 = a.astype(np.complex128)
    tol = WELL[dtype]
    close(lt.linalg.det(a).numpy(), np.linalg.det(a128), tol, dtype)
    sign, logabs = lt.linalg.slogdet(a)
    want_sign, want_log = np.linalg.slogdet(a128)
    close(sign.numpy(), want_sign, tol, dtype)
    close(logabs.numpy(), want_log, tol, REAL[dtype])
    np.testing.assert_allclose(np.abs(sign.numpy()), 1.0, atol=tol)
    close(lt.linalg.inv(a).numpy(), np.linalg.inv(a128), tol, dtype)
    b = (RNG.standard_normal(shape[:-1] + (2,)) + 1j).astype(dtype)
    close(lt.linalg.solve(a, b).numpy(), np.linalg.solve(a128, b), tol, dtype)
    v = (RNG.standard_normal(shape[-1]) - 2j).astype(dtype)
    close(lt.linalg.solve(a, v).numpy(),
          (np.linalg.inv(a128) @ v) if shape[-1] else np.zeros(shape[:-1], dtype), tol, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_ill_conditioned_matrices_within_the_condition_number(dtype) -> None:
    a = matrices((4, 8, 8), cond=1e5).astype(dtype)
    a128 = a.astype(np.complex128)
    close(lt.linalg.inv(a).numpy(), np.linalg.inv(a128), ILL[dtype], dtype)
    close(lt.linalg.det(a).numpy() / np.linalg.det(a128), np.ones(4), ILL[dtype])
    sign, logabs = lt.linalg.slogdet(a)
    close(sign.numpy(), np.linalg.slogdet(a128).sign, ILL[dtype])
    np.testing.assert_allclose(logabs.numpy(), np.linalg.slogdet(a128).logabsdet,
                               rtol=0, atol=ILL[dtype])


def test_log_abs_det_is_half_that_of_the_real_embedding() -> None:
    """|det(X + iY)|^2 = det([[X, -Y], [Y, X]]): the complex LU against the real one."""
    a = matrices((3, 6, 6), cond=100.0) * 7.0
    x, y = a.real, a.imag
    embedded = np.concatenate([np.concatenate([x, -y], -1), np.concatenate([y, x], -1)], -2)
    sign, logabs = lt.linalg.slogdet(embedded)
    np.testing.assert_array_equal(sign.numpy(), 1.0)
    np.testing.assert_allclose(lt.linalg.slogdet(a).logabsdet.numpy(), logabs.numpy() / 2,
                               rtol=0, atol=1e-13)


@pytest.mark.parametrize("dtype", DTYPES)
def test_singular_and_special_matrices(dtype) -> None:
    singular = np.array([[[1.0, 1j], [1j, -1.0]], [[0.0, 0.0], [0.0, 2j]]], dtype)
    sign, logabs = lt.linalg.slogdet(singular)
    np.testing.assert_array_equal(sign.numpy(), np.zeros(2, dtype))
    assert not np.signbit(sign.numpy().real).any() and not np.signbit(sign.numpy().imag).any()
    np.testing.assert_array_equal(logabs.numpy(), [-np.inf, -np.inf])
    np.testing.assert_array_equal(lt.linalg.det(singular).numpy(), np.zeros(2, dtype))
    permuted = np.array([[0, 0, 2j], [0, 3, 0], [1 - 1j, 0, 0]], dtype)
    close(lt.linalg.det(permuted).numpy(), np.linalg.det(permuted), 1e-6, dtype)
    close(lt.linalg.slogdet(permuted).sign.numpy(), np.linalg.slogdet(permuted).sign, 1e-6)
    huge = np.eye(5, dtype=dtype) * (1e30 + 1e30j)  # |det| overflows: slogdet does not
    np.testing.assert_allclose(lt.linalg.slogdet(huge).logabsdet.numpy(),
                               np.linalg.slogdet(huge.astype(np.complex128)).logabsdet,
                               rtol=1e-6)
    np.testing.assert_allclose(lt.linalg.slogdet(huge).sign.numpy(),
                               np.exp(5j * np.pi / 4), atol=1e-6)
    assert lt.linalg.det(np.zeros((0, 0), dtype)).numpy() == 1
    assert lt.linalg.inv(np.zeros((2, 0, 0), dtype)).shape == (2, 0, 0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_solve_broadcasts_batches(dtype) -> None:
    a = matrices((2, 1, 3, 3)).astype(dtype)
    b = (RNG.standard_normal((4, 3, 2)) + 1j * RNG.standard_normal((4, 3, 2))).astype(dtype)
    want = np.linalg.solve(a.astype(np.complex128), b.astype(np.complex128))
    assert want.shape == (2, 4, 3, 2)
    close(lt.linalg.solve(a, b).numpy(), want, WELL[dtype], dtype)
    v = b[0, :, 0]
    close(lt.linalg.solve(a, v).numpy(), np.linalg.inv(a.astype(np.complex128)) @ v,
          WELL[dtype], dtype)


def test_mixed_real_and_complex_operands_promote_per_the_standard() -> None:
    a = matrices((3, 3)).astype(np.complex64)
    b32 = RNG.standard_normal((3, 2)).astype(np.float32)
    b64 = RNG.standard_normal(3)
    got = lt.linalg.solve(a, b32)
    assert got.dtype == lt.complex64
    close(got.numpy(), np.linalg.solve(a.astype(np.complex128), b32), 2e-5)
    got = lt.linalg.solve(a, b64)
    assert got.dtype == lt.complex128
    close(got.numpy(), np.linalg.solve(a.astype(np.complex128), b64), 2e-5)
    real = matrices((3, 3)).real.astype(np.float32)
    got = lt.linalg.solve(real, (b32 + 1j).astype(np.complex64))
    assert got.dtype == lt.complex64
    close(got.numpy(), np.linalg.solve(real.astype(np.float64), b32 + 1j), 2e-5)


@pytest.mark.parametrize("dtype", DTYPES)
def test_matrix_power(dtype) -> None:
    a = matrices((2, 4, 4), cond=5.0).astype(dtype) * 1.3
    for n in (0, 1, 2, 5, -1, -2, -3):
        got = lt.linalg.matrix_power(a, n)
        close(got.numpy(), np.linalg.matrix_power(a.astype(np.complex128), n), WELL[dtype],
              dtype)
    assert lt.linalg.matrix_power(np.zeros((0, 2, 2), dtype), -2).shape == (0, 2, 2)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(4, 4), (3, 6, 6), (1, 1), (0, 2, 2), (2, 0, 0)])
@pytest.mark.parametrize("cond", [10.0, 1e5])
def test_cholesky_matches_numpy(dtype, shape, cond) -> None:
    a = hermitian_pd(shape, cond).astype(dtype)
    want = np.linalg.cholesky(a.astype(np.complex128))
    tol = CHOLESKY[dtype, cond]
    lower = lt.linalg.cholesky(a).numpy()
    close(lower, want, tol, dtype)
    assert (np.diagonal(lower, axis1=-2, axis2=-1).imag == 0).all()
    assert (np.triu(lower, 1) == 0).all()
    close(lt.linalg.cholesky(a, upper=True).numpy(), np.swapaxes(want, -1, -2).conj(), tol,
          dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cholesky_reads_the_lower_triangle_and_fails_to_nan(dtype) -> None:
    a = hermitian_pd((4, 4), 10.0)
    messy = np.tril(a) + np.triu(np.full((4, 4), 9 - 9j), 1) + np.diag([0.5j] * 4)
    close(lt.linalg.cholesky(messy.astype(dtype)).numpy(), np.linalg.cholesky(a),
          2e-6, dtype)  # NumPy too ignores the upper triangle and imaginary diagonal parts
    bad = np.stack([np.eye(3) * 4, np.diag([1.0, -1.0, 1.0]), np.diag([1.0, 0.0, 2.0]),
                    np.array([[1, 2j, 0], [-2j, 1, 0], [0, 0, 1]])]).astype(dtype)
    got = lt.linalg.cholesky(bad).numpy()
    np.testing.assert_array_equal(got[0], np.eye(3) * 2)
    assert np.isnan(got[1:].real).all() and np.isnan(got[1:].imag).all()


VECTOR_ORDS = [2, 1, math.inf, -math.inf, 0, 3, -1, 0.5, -2.5]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("ord_", VECTOR_ORDS)
def test_vector_norm(dtype, ord_) -> None:
    x = (RNG.standard_normal((3, 4, 5)) + 1j * RNG.standard_normal((3, 4, 5))).astype(dtype)
    x[0, 1, 2] = 0
    x[1, 2, 3] = 1j
    for axis, keepdims in [(None, False), (-1, False), ((0, 2), True), (1, True)]:
        got = lt.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord_)
        with np.errstate(divide="ignore"):  # negative orders of zeros
            want = np.linalg.vector_norm(x.astype(np.complex128), axis=axis,
                                         keepdims=keepdims, ord=ord_)
        close(got.numpy(), want, NORM[dtype], REAL[dtype])
    scalar = lt.linalg.vector_norm(np.asarray(3 - 4j, dtype), ord=ord_)
    assert scalar.dtype == REAL[dtype] and scalar.numpy() == (1.0 if ord_ == 0 else 5.0)
    if 0 <= ord_ < math.inf:  # sums over no elements
        empty = lt.linalg.vector_norm(np.zeros((0, 3), dtype), axis=0, ord=ord_)
        np.testing.assert_array_equal(empty.numpy(), np.zeros(3, REAL[dtype]))


@pytest.mark.parametrize("dtype", DTYPES)
def test_matrix_norm(dtype) -> None:
    x = (RNG.standard_normal((2, 4, 3)) + 1j * RNG.standard_normal((2, 4, 3))).astype(dtype)
    for ord_ in ("fro", 1, -1, math.inf, -math.inf):
        for keepdims in (False, True):
            got = lt.linalg.matrix_norm(x, ord=ord_, keepdims=keepdims)
            want = np.linalg.matrix_norm(x.astype(np.complex128), ord=ord_, keepdims=keepdims)
            close(got.numpy(), want, NORM[dtype], REAL[dtype])
    close(lt.linalg.matrix_norm(np.zeros((0, 2, 2), dtype)).numpy(), np.zeros(0), 0.0,
          REAL[dtype])


@pytest.mark.parametrize("ord_", [2, -2, "nuc"])
def test_matrix_norm_from_singular_values_follows_svdvals(ord_) -> None:
    """ord 2, -2 and 'nuc' come from the singular values of the complex matrices."""
    x = matrices((2, 3, 3), cond=20.0)
    np.testing.assert_allclose(lt.linalg.svdvals(x).numpy(), np.linalg.svd(x, compute_uv=False),
                               atol=1e-13)
    close(lt.linalg.matrix_norm(x, ord=ord_).numpy(), np.linalg.matrix_norm(x, ord=ord_), 1e-13,
          np.float64)


@pytest.mark.parametrize("dtype", DTYPES)
def test_products_of_complex_arrays(dtype) -> None:
    a = (RNG.standard_normal((2, 3, 3)) + 1j * RNG.standard_normal((2, 3, 3))).astype(dtype)
    v = (RNG.standard_normal((4, 3)) - 1j * RNG.standard_normal((4, 3))).astype(dtype)
    tol = NORM[dtype]
    close(lt.linalg.trace(a).numpy(), np.trace(a, axis1=-2, axis2=-1), tol, dtype)
    close(lt.linalg.trace(a, offset=1).numpy(), np.trace(a, 1, axis1=-2, axis2=-1), tol, dtype)
    close(lt.linalg.diagonal(a, offset=-1).numpy(),
          np.diagonal(a, -1, axis1=-2, axis2=-1), 0.0, dtype)
    close(lt.linalg.outer(v[0], v[1]).numpy(), np.outer(v[0], v[1]), tol, dtype)
    close(lt.linalg.tensordot(a, v, axes=([2], [1])).numpy(),
          np.tensordot(a, v, axes=([2], [1])), tol, dtype)
    close(lt.linalg.cross(v, v[::-1]).numpy(), np.cross(v, v[::-1]), tol, dtype)
    close(lt.linalg.vecdot(v, v[::-1]).numpy(), np.vecdot(v, v[::-1]), tol, dtype)
    close(lt.linalg.matmul(a, v.T[None]).numpy(), a @ v.T, tol, dtype)


def _program(a, h, b):
    sign, logabs = lt.linalg.slogdet(a)
    return (lt.linalg.det(a), sign, logabs, lt.linalg.inv(a), lt.linalg.solve(a, b),
            lt.linalg.cholesky(h, upper=True), lt.linalg.matrix_power(a, -2),
            lt.linalg.vector_norm(b, axis=-2, ord=3), lt.linalg.matrix_norm(a, ord=1))


def _numpy_program(a, h, b):
    sign, logabs = np.linalg.slogdet(a)
    return (np.linalg.det(a), sign, logabs, np.linalg.inv(a), np.linalg.solve(a, b),
            np.swapaxes(np.linalg.cholesky(h), -1, -2).conj(), np.linalg.matrix_power(a, -2),
            np.linalg.vector_norm(b, axis=-2, ord=3), np.linalg.matrix_norm(a, ord=1))


def _operands(dtype):
    return (matrices((2, 4, 4), 20.0).astype(dtype), hermitian_pd((2, 4, 4), 20.0).astype(dtype),
            (RNG.standard_normal((2, 4, 3)) + 1j * RNG.standard_normal((2, 4, 3))).astype(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_compiled_matches_eager_and_numpy(dtype) -> None:
    ops = _operands(dtype)
    wants = _numpy_program(*(o.astype(np.complex128) for o in ops))
    compiled = lt.compile(_program)(*ops)
    eager = _program(*ops)
    for c, e, w in zip(compiled, eager, wants):
        close(c.numpy(), e.numpy(), 1e-6 if dtype is np.complex64 else 1e-15)
        close(c.numpy(), w, WELL[dtype] * 10)


def _pairs(x: np.ndarray) -> np.ndarray:
    return x.view(x.real.dtype).reshape(x.shape + (2,))


@pytest.mark.onnxruntime
@pytest.mark.parametrize("opset", [21, 17])
@pytest.mark.parametrize("dtype", DTYPES)
def test_exported_model_runs_in_plain_onnxruntime(opset, dtype) -> None:
    import onnxruntime as ort

    ops = _operands(dtype)
    model = check_model(lt.export(_program, *ops, opset=opset))
    assert {(o.domain, o.version) for o in model.opset_import} == {("", opset),
                                                                   ("com.microsoft", 1)}
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    feeds = {i.name: _pairs(o) for i, o in zip(session.get_inputs(), ops)}
    got = session.run(None, feeds)
    wants = _numpy_program(*(o.astype(np.complex128) for o in ops))
    for g, w in zip(got, wants):
        if w.dtype.kind == "c":
            g = g.view(dtype)[..., 0]
        close(g, w, WELL[dtype] * 10)
