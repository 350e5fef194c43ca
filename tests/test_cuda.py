"""CUDA execution: device-resident arrays, IOBinding, no hidden host copies.

Skipped, with the reason, where onnxruntime's CUDA provider cannot run (no GPU, CPU-only
onnxruntime, missing CUDA/cuDNN libraries). ``benchmarks/gpu_check.py`` runs these on a GPU.
"""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from helpers import assert_matches

try:
    from lazyten.runtime.devices import cuda_error
    REASON = cuda_error(0)
except ImportError as exc:
    REASON = f"onnxruntime missing: {exc}"

pytestmark = [pytest.mark.cuda, pytest.mark.skipif(REASON is not None, reason=str(REASON))]


def test_arrays_live_on_the_device_between_operations():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    x = lt.asarray(a, device="cuda")
    y = lt.exp(x) * 2 + x
    assert y.device == lt.Device("cuda", 0)
    lt.realize(y)
    payload = y._storage.node.payload
    assert not isinstance(payload, np.ndarray) and payload.device_name().lower() == "cuda"
    assert_matches(y, np.exp(a) * 2 + a)


def test_to_round_trip_and_mixing_devices_is_an_error():
    a = np.arange(6, dtype=np.float32)
    x = lt.asarray(a).to("cuda")
    assert x.device == "cuda:0" and x.to("cpu").device == "cpu"
    assert_matches(x.to("cpu"), a)
    with pytest.raises(lt.DeviceError, match="cpu.*cuda|cuda.*cpu"):
        x + lt.asarray(a, device="cpu")


def test_inplace_and_setitem_on_device():
    x = lt.zeros((4, 4), device="cuda")
    y = lt.ones((4, 4), device="cuda")
    x += y
    x[1:3, ::2] = 5
    ref = np.ones((4, 4), np.float32)
    ref[1:3, ::2] = 5
    assert x.device == "cuda:0"
    assert_matches(x, ref)


def test_compiled_function_on_cuda():
    @lt.compile(device="cuda")
    def f(x, y):
        x += 1
        return lt.sin(x) * y

    a = np.linspace(0, 1, 8, dtype=np.float32)
    x = lt.asarray(a, device="cuda")
    out = f(x, lt.ones(8, device="cuda"))
    assert out.device == "cuda:0"
    assert_matches(out, np.sin(a + 1))
    assert_matches(x, a + 1)


def test_chain_of_100_ops_makes_no_host_copies(tmp_path):
    import onnxruntime as ort

    from lazyten.lazy import CACHE
    from lazyten.runtime.devices import providers_for

    a = np.random.default_rng(0).random(1000, dtype=np.float32) + 1
    x = lt.asarray(a, device="cuda")
    y = lt.asarray(a[::-1].copy(), device="cuda")
    z, ref = x, a
    for k in range(100):
        z, ref = (z * y, ref * a[::-1]) if k % 2 else (z / y, ref / a[::-1])
    lt.realize(z)
    model = next(reversed(CACHE._items.values())).executable.model
    so = ort.SessionOptions()
    so.optimized_model_filepath = str(tmp_path / "optimized.onnx")
    ort.InferenceSession(model.SerializeToString(), so,
                         providers=providers_for(lt.Device("cuda")))
    import onnx
    optimized = onnx.load(str(tmp_path / "optimized.onnx"))
    copies = [n.op_type for n in optimized.graph.node if n.op_type.startswith("Memcpy")]
    assert copies == []
    assert_matches(z, ref)


def test_in_place_updates_keep_the_device_buffer():
    x = lt.asarray(np.arange(8, dtype=np.float32), device="cuda")
    y = lt.ones(8, device="cuda")
    lt.realize(x, y)
    original = x._storage.node.payload
    x += y
    x[:] = x * 0.5 + y
    lt.realize(x)
    assert x._storage.node.payload is original

    @lt.compile(device="cuda")
    def step(a, b):
        a[:] = a * 0.5 + b

    step(x, y)
    assert x._storage.node.payload is original
    ref = np.arange(8, dtype=np.float32) + 1
    ref = (ref * 0.5 + 1) * 0.5 + 1
    assert_matches(x, ref)


def test_every_creation_function_honours_device():
    made = [lt.arange(3, device="cuda"), lt.zeros(2, device="cuda"), lt.ones(2, device="cuda"),
            lt.full((2,), 3.0, device="cuda"), lt.empty(2, device="cuda"),
            lt.asarray([1, 2], device="cuda"), lt.tensor([1.0], device="cuda"),
            lt.randn(2, device="cuda"), lt.rand(2, device="cuda"),
            lt.eye(2, device="cuda"), lt.linspace(0, 1, 3, device="cuda")]
    made += [lt.zeros_like(made[0]), lt.ones_like(made[0]), lt.full_like(made[0], 2)]
    assert [x.device for x in made] == [lt.Device("cuda", 0)] * len(made)
    default = lt.ones(2).device  # cuda when the suite runs with LAZYTEN_DEVICE=cuda
    with lt.device_scope("cpu"):
        assert lt.ones(2).device == "cpu"
        with lt.device_scope("cuda"):
            assert lt.ones(2).device == "cuda:0"
    assert lt.ones(2).device == default



def _ct(a):
    return np.conj(np.swapaxes(a, -1, -2))


# (lazyten, NumPy) for each check; vectors compared by modulus (their phases are canonical but
# NumPy's are not) on matrices whose eigenvalues and singular values are distinct
LINALG_ON_DEVICE = {
    "cholesky": (lambda a: lt.linalg.cholesky(a @ lt.matrix_transpose(lt.conj(a))),
                 lambda a: np.linalg.cholesky(a @ _ct(a))),
    "qr": (lambda a: lt.concat(list(lt.linalg.qr(a)), axis=-1),
           lambda a: np.concatenate(np.linalg.qr(a), axis=-1)),
    "eigh": (lambda a: lt.abs(lt.linalg.eigh(a + lt.matrix_transpose(lt.conj(a))).eigenvectors),
             lambda a: np.abs(np.linalg.eigh(a + _ct(a)).eigenvectors)),
    "svd": (lambda a: lt.abs(lt.linalg.svd(a).U), lambda a: np.abs(np.linalg.svd(a).U)),
    "svdvals": (lt.linalg.svdvals, lambda a: np.linalg.svd(a, compute_uv=False)),
    "slogdet": (lambda a: lt.linalg.slogdet(a).logabsdet, lambda a: np.linalg.slogdet(a)[1]),
    "det": (lt.linalg.det, np.linalg.det),
    "inv": (lt.linalg.inv, np.linalg.inv),
    "solve": (lambda a: lt.linalg.solve(a, lt.ones((3, 4, 2), dtype=a.dtype)),
              lambda a: np.linalg.solve(a, np.ones((3, 4, 2), a.dtype))),
    "pinv": (lt.linalg.pinv, np.linalg.pinv),
    "fft": (lambda a: lt.fft.fft(a, axis=-1), lambda a: np.fft.fft(a, axis=-1)),
    "rfft": (lambda a: lt.fft.rfft(lt.real(a) if a.dtype.kind == "c" else a),
             lambda a: np.fft.rfft(a.real)),
}


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
@pytest.mark.parametrize("name", sorted(LINALG_ON_DEVICE))
def test_linalg_complex_and_fft_on_the_device_match_numpy(name, dtype):
    """The decompositions (ONNX Loops), the contrib Inverse, complex pairs and DFT run on CUDA
    and give NumPy's values (computed in double precision from the same inputs)."""
    rng = np.random.default_rng(3)
    a = rng.standard_normal((3, 4, 4)) + 4 * np.eye(4)
    if dtype.startswith("complex"):
        a = a + 1j * rng.standard_normal((3, 4, 4))
    a = a.astype(dtype)
    ours, numpy = LINALG_ON_DEVICE[name]
    got = ours(lt.asarray(a, device="cuda"))
    assert got.device == "cuda:0"
    want = numpy(a.astype(np.complex128 if dtype.startswith("complex") else np.float64))
    tol = 1e-4 if dtype in ("float32", "complex64") else 1e-10
    np.testing.assert_allclose(got.numpy(), want, rtol=tol, atol=tol * np.abs(want).max())
