"""``lt.fft`` transforms against ``numpy.fft``: every function, each norm, lengths that trim and
zero-pad (odd and even, powers of 2 and not), axes, float32/complex64 and float64/complex128;
eager, compiled and exported (plain onnxruntime on real pairs). Accuracy is relative to the
largest element of NumPy's result: 1e-5 for the 32-bit dtypes, 1e-12 for the 64-bit ones."""
from __future__ import annotations

import numpy as np
import pytest

import lazyten as lt
from helpers import check_model

RNG = np.random.default_rng(21)
PRECISIONS = [(np.float32, np.complex64, 1e-5), (np.float64, np.complex128, 1e-12)]


def close(got, want, tol) -> None:
    got = np.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype,
                                                                 got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=0, atol=tol * max(np.abs(want).max(), 1.0))


def signal(shape, dtype) -> np.ndarray:
    x = RNG.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        x = x + 1j * RNG.standard_normal(shape)
    return x.astype(dtype)


# name, arguments, input kind ("c": complex, "r": real)
CASES = [
    ("fft", {}, "c"), ("fft", {"n": 5}, "c"), ("fft", {"n": 12, "axis": 0}, "c"),
    ("ifft", {}, "c"), ("ifft", {"n": 3, "axis": -2}, "c"),
    ("fftn", {}, "c"), ("fftn", {"s": (4, 9), "axes": (0, 1)}, "c"),
    ("ifftn", {"axes": (1,)}, "c"), ("ifftn", {"s": (2, 6), "axes": (1, 0)}, "c"),
    ("rfft", {}, "r"), ("rfft", {"n": 8}, "r"), ("rfft", {"n": 3, "axis": 0}, "r"),
    ("irfft", {}, "c"), ("irfft", {"n": 7}, "c"), ("irfft", {"n": 14, "axis": 0}, "c"),
    ("irfft", {"n": 1}, "c"), ("irfft", {"n": 2}, "c"),
    ("rfftn", {}, "r"), ("rfftn", {"s": (5, 4), "axes": (0, 1)}, "r"),
    ("irfftn", {}, "c"), ("irfftn", {"s": (3, 9), "axes": (0, 1)}, "c"),
    ("hfft", {}, "c"), ("hfft", {"n": 9}, "c"), ("ihfft", {}, "r"), ("ihfft", {"n": 4}, "r"),
]


@pytest.mark.parametrize("real, cplx, tol", PRECISIONS, ids=["32", "64"])
@pytest.mark.parametrize("norm", ["backward", "ortho", "forward"])
@pytest.mark.parametrize("name, kwargs, kind", CASES,
                         ids=[f"{c[0]}-{'-'.join(map(str, c[1].values()))}" for c in CASES])
def test_transforms_match_numpy(name, kwargs, kind, norm, real, cplx, tol) -> None:
    x = signal((6, 7), cplx if kind == "c" else real)
    want = getattr(np.fft, name)(x, norm=norm, **kwargs)
    got = getattr(lt.fft, name)(lt.asarray(x), norm=norm, **kwargs)
    close(got.numpy(), want, tol)


@pytest.mark.parametrize("name, kwargs, kind", CASES,
                         ids=[f"{c[0]}-{'-'.join(map(str, c[1].values()))}" for c in CASES])
def test_results_are_arrays_of_their_own_as_in_numpy(name, kwargs, kind) -> None:
    """A transform's result is a new contiguous array (rfft's was a strided view of the whole
    spectrum): its NumPy view is C-contiguous and a reshape of it shares its memory."""
    x = signal((6, 7), np.complex64 if kind == "c" else np.float32)
    got = getattr(lt.fft, name)(lt.asarray(x), **kwargs)
    flat = got.reshape(-1).numpy()
    whole = got.numpy()
    assert whole.flags.c_contiguous and np.shares_memory(whole, flat)
    whole[...] = 0
    assert not np.asarray(got.reshape(-1)).any()


@pytest.mark.parametrize("real, cplx, tol", PRECISIONS, ids=["32", "64"])
def test_compiled_transforms_and_round_trips(real, cplx, tol) -> None:
    x = signal((3, 10), real)

    @lt.compile
    def roundtrip(v):
        spectrum = lt.fft.rfft(v)
        return lt.fft.irfft(spectrum, n=v.shape[-1]), lt.fft.ifft(lt.fft.fft(v)), spectrum

    back, again, spectrum = roundtrip(x)
    close(back.numpy(), x, tol)
    close(again.numpy(), x.astype(cplx), tol)
    close(spectrum.numpy(), np.fft.rfft(x), tol)
    odd = signal((9,), real)  # an odd length: irfft needs n to come back
    close(lt.fft.irfft(lt.fft.rfft(odd), n=9).numpy(), odd, tol)


def test_real_inputs_of_complex_transforms_and_dtype_refusals() -> None:
    x = signal((8,), np.float64)
    close(lt.fft.fft(x).numpy(), np.fft.fft(x), 1e-12)
    with pytest.raises(lt.DTypeError, match="rfft.*c64"):
        lt.fft.rfft(lt.asarray([1j, 2j]))
    with pytest.raises(lt.DTypeError, match="fft.*i64"):
        lt.fft.fft(lt.asarray([1, 2]))
    with pytest.raises(ValueError, match="norm"):
        lt.fft.fft(lt.asarray([1j]), norm="sideways")
    with pytest.raises(ValueError, match="positive"):
        lt.fft.fft(lt.asarray([1j]), n=0)
    with pytest.raises(ValueError, match="s and axes"):
        lt.fft.fftn(lt.asarray([[1j]]), s=(1, 1), axes=(0,))


@pytest.mark.onnxruntime
@pytest.mark.parametrize("real, cplx, tol", PRECISIONS, ids=["32", "64"])
def test_exported_transforms_run_in_plain_onnxruntime(real, cplx, tol) -> None:
    import onnxruntime as ort

    def spectra(v, z):
        return lt.fft.rfftn(v, norm="ortho"), lt.fft.ifft(z, n=6), lt.fft.hfft(z, axis=0)

    v, z = signal((4, 5), real), signal((3, 5), cplx)
    model = check_model(lt.export(spectra, v, z))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    outs = session.run(None, {"v": v, "z": z.view(real).reshape(3, 5, 2)})
    want = (np.fft.rfftn(v, norm="ortho"), np.fft.ifft(z, n=6), np.fft.hfft(z, axis=0))
    close(outs[0].view(cplx)[..., 0], want[0], tol)
    close(outs[1].view(cplx)[..., 0], want[1], tol)
    close(outs[2], want[2], tol)


@pytest.mark.parametrize("real, cplx, tol", PRECISIONS, ids=["32", "64"])
@pytest.mark.parametrize("name, n, axis", [("rfft", 7, -1), ("rfft", 8, -1), ("rfft", 6, 0),
                                           ("ihfft", 3, -1), ("ihfft", 4, 0), ("rfftn", 8, -1),
                                           ("fft", 5, -1), ("fft", 6, 0), ("ifft", 4, -1)])
def test_zero_frequency_and_nyquist_terms_of_a_real_signal_are_real(name, n, axis, real, cplx,
                                                                    tol) -> None:
    """Their imaginary parts are exact zeros with NumPy's signs (-0.0 after ihfft's conjugate),
    not onnxruntime's rounding noise: times an infinity, noise gives inf where NumPy gives NaN
    (fuzzer seeds 1150281 and 1191423 with LAZYTEN_FUZZ_STEPS=40 and 60). NumPy's ``fft`` of a
    real signal has an exact zero-frequency term only; its half spectra both."""
    x = signal((n, n), real)
    kwargs = {"axes": (axis,)} if name == "rfftn" else {"axis": axis}
    want = getattr(np.fft, name)(x, **kwargs)
    got = getattr(lt.fft, name)(lt.asarray(x), **kwargs).numpy()
    close(got, want, tol)
    edges = [0] + ([n // 2] if n % 2 == 0 and name not in ("fft", "ifft") else [])
    got_edges, want_edges = np.take(got.imag, edges, axis), np.take(want.imag, edges, axis)
    np.testing.assert_array_equal(got_edges, want_edges)
    np.testing.assert_array_equal(np.signbit(got_edges), np.signbit(want_edges))
