"""One row per onnxruntime fault that gave, or could give, a wrong number or a crash: each is
checked against NumPy in eager code, in a compiled function, and in the exported model run by a
plain onnxruntime session with its default options (whose optimizer rewrites the graph first).
See docs/onnxruntime.md for the list and how each op is lowered around it."""
from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import numpy as np
import onnxruntime as ort
import pytest

import lazyten as lt
from helpers import assert_matches, check_model

pytestmark = pytest.mark.onnxruntime


def three_ways(fn, *args):
    """``fn`` eagerly, compiled, and as the exported model in a default onnxruntime session."""
    eager = fn(*(lt.asarray(a) for a in args)).numpy()
    compiled = lt.compile(fn)
    traced = compiled(*args).numpy()
    model = check_model(compiled.lower(*args).onnx)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    feeds = {i.name: a for i, a in zip(session.get_inputs(), args)}
    return eager, traced, session.run(None, feeds)[0]


def grid(*shape, dtype=np.float32):
    return np.arange(np.prod(shape), dtype=dtype).reshape(shape)


@pytest.mark.parametrize("fn, args", [
    (lambda a, v: a.T @ v, (grid(2, 3), np.array([1, 10], np.float32))),
    (lambda a, v: a.T @ v, (grid(3, 4), np.array([1, 2, 3], np.float32))),
    (lambda a, v: a.mT @ v, (grid(2, 3, 4), np.array([1, 2, 3], np.float32))),
    (lambda a, v: a[:, ::2].T @ v, (grid(3, 4), np.array([1, 2, 3], np.float32))),
    (lambda a, v: v @ a.T, (grid(3, 4), np.array([1, 2, 3, 4], np.float32))),
    (lambda a, v: a.T @ v, (grid(3, 4, dtype=np.float64), np.arange(3.0))),
], ids=["2x3", "3x4", "batched-mT", "strided", "vector-left", "float64"])
def test_transposed_matrix_times_vector(fn, args):
    """onnxruntime fuses Transpose into MatMul (FusedMatMul) and then mishandles a 1-D right
    operand: A.T @ v gave [8, 26, 44, 62] for [32, 38, 44, 50]."""
    want = fn(*args)
    for got in three_ways(fn, *args):
        np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("equation, operands", [
    ("ii->", [np.full((4, 4), 2**62 + 3, np.int64)]),
    ("ijk->kj", [np.full((2, 3, 4), 2**62, np.int64)]),
    ("ij,j->j", [np.full((3, 4), 2**62, np.int64), np.full(4, 3, np.int64)]),
    ("ii->", [np.full((4, 4), 2**30 + 7, np.int32)])], ids=["trace", "sum", "private", "int32"])
def test_integer_einsum_wraps(equation, operands):
    """onnxruntime's integer Einsum sums a label only one operand has through ReduceSum, which
    saturates: the trace of large int64 values gave INT64_MAX where NumPy wraps."""
    want = np.einsum(equation, *operands)
    for got in three_ways(lambda *xs: lt.einsum(equation, *xs), *operands):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("a_shape, b_shape", [
    ((4, 3, 0), (0,)), ((3, 0), (5, 0, 3)), ((1, 3, 0), (2, 0, 1)), ((0, 4), (4,)),
    ((2, 0, 4), (4,)), ((3,), (0, 3, 1)), ((2, 0), (0, 3))])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.uint32, np.uint64])
def test_matmul_with_a_zero_size_dimension(a_shape, b_shape, dtype):
    """Zero-size MatMul fails in onnxruntime (broadcasting, uint32 'Tensor type mismatch'), or
    leaves its output unwritten, so results came out of a reused arena as garbage."""
    garbage = lt.asarray(np.full((64, 64), np.nan, np.float32)) @ lt.ones((64, 64))
    garbage.numpy()  # leaves used buffers in onnxruntime's arena
    a, b = np.ones(a_shape, dtype), np.ones(b_shape, dtype)
    got = lt.asarray(a) @ lt.asarray(b)
    want = np.matmul(a, b)
    assert got.shape == want.shape
    assert_matches(got, want)


def test_int64_sign_between_2_to_31_and_2_to_32():
    """onnxruntime's int64 Sign gives -1 for values in [2**31, 2**32)."""
    x = np.array([2**31, 2**32 - 1, -(2**31) - 1, -5, 0, 7, 2**62], np.int64)
    for got in three_ways(lt.sign, x):
        np.testing.assert_array_equal(got, np.sign(x))


@pytest.mark.parametrize("reduce", [lt.max, lt.min])
def test_uint32_and_int64_max_min_in_the_high_half_word(reduce):
    """onnxruntime's int64 ReduceMax/Min and elementwise Max/Min are wrong where a value lies in
    [2**31, 2**32); uint32 widened to int64 met the same fault."""
    for dtype in (np.uint32, np.int64):
        x = np.array([[2**31 + 5, 7, 2**32 - 2], [1, 2**31, 3]], dtype)
        for got in three_ways(lambda a: reduce(a, axis=1), x):
            np.testing.assert_array_equal(got, getattr(np, reduce.__name__)(x, axis=1))
        y = x[::-1].copy()
        op = lt.maximum if reduce is lt.max else lt.minimum
        for got in three_ways(op, x, y):
            np.testing.assert_array_equal(got, getattr(np, op.__name__)(x, y))


def test_where_keeps_negative_zero_from_both_branches():
    """onnxruntime's Where turns a -0.0 picked from its first branch into +0.0."""
    c = np.array([True, False, True, False])
    a = np.array([-0.0, 1.0, 0.0, 2.0], np.float32)
    b = np.array([5.0, -0.0, 6.0, 0.0], np.float32)
    for got in three_ways(lt.where, c, a, b):
        np.testing.assert_array_equal(np.signbit(got), np.signbit(np.where(c, a, b)))


@pytest.mark.parametrize("fn", [lt.argmax, lt.argmin])
def test_argmax_argmin_find_the_first_nan_anywhere_in_a_row(fn):
    """onnxruntime's ArgMax/ArgMin skip a NaN on an axis of a 2-D input unless it comes
    first; NumPy returns the first NaN's index."""
    x = np.array([[1, np.nan, 3, 2], [np.nan, 2, 3, 4], [1, 2, 3, np.nan], [4, 3, 2, 1]],
                 np.float32)
    for got in three_ways(lambda a: fn(a, axis=1), x):
        np.testing.assert_array_equal(got, getattr(np, fn.__name__)(x, axis=1))
    for got in three_ways(lambda a: fn(a, axis=0), x.T.copy()):
        np.testing.assert_array_equal(got, getattr(np, fn.__name__)(x.T, axis=0))


@pytest.mark.parametrize("fn", [lt.max, lt.min])
def test_max_min_reductions_propagate_nan_anywhere(fn):
    """onnxruntime's ReduceMax/Min ignore a NaN unless it comes first."""
    x = np.array([[1, np.nan, 3], [np.nan, 1, 2], [1, 2, np.nan], [1, 2, 3]], np.float64)
    for got in three_ways(lambda a: fn(a, axis=1), x):
        np.testing.assert_array_equal(got, getattr(np, fn.__name__)(x, axis=1))


def test_float64_layer_norm_keeps_float64_precision():
    """ONNX LayerNormalization takes a float32 epsilon and onnxruntime's float64 kernel strays
    by about 1e-11: float64 layer norms are not fused, so they stay float64-exact."""
    def layer_norm(x):
        m = lt.mean(x, axis=-1, keepdims=True)
        d = x - m
        return d / lt.sqrt(lt.mean(d * d, axis=-1, keepdims=True) + 1e-3)
    x = np.random.default_rng(0).standard_normal((3, 4, 5))
    m = x.mean(axis=-1, keepdims=True)
    want = (x - m) / np.sqrt(((x - m) ** 2).mean(axis=-1, keepdims=True) + 1e-3)
    for got in three_ways(layer_norm, x):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


def test_float64_matmul_times_a_constant_keeps_float64_precision():
    """onnxruntime 1.31 fuses ``(a @ b) * c`` for a constant c into FusedMatMul, whose alpha
    attribute is a float32: a float64 product was scaled by c rounded to float32 (4e-8 relative
    error). lazyten's sessions leave that fusion out; a user running the exported model passes
    ``disabled_optimizers=["MatMulScaleFusion"]`` (docs/onnxruntime.md)."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((16, 300)), rng.standard_normal((300, 3))
    want = (a @ b) * 0.3
    fn = lambda x, y: (x @ y) * 0.3  # noqa: E731
    eager = fn(lt.asarray(a), lt.asarray(b)).numpy()
    compiled = lt.compile(fn)
    model = check_model(compiled.lower(a, b).onnx).SerializeToString()
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"],
                                   disabled_optimizers=["MatMulScaleFusion"])
    exported = session.run(None, {"x": a, "y": b})[0]
    for got in (eager, compiled(a, b).numpy(), exported):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


def test_float64_determinant_is_not_computed_in_float32():
    """onnxruntime has no float64 Det; the float32 one overflowed det(10 * eye(40))."""
    x = 10 * np.eye(40)
    for got in three_ways(lt.linalg.det, x):
        np.testing.assert_allclose(got, 1e40, rtol=1e-13)
    a = np.random.default_rng(1).standard_normal((3, 6, 6))
    for got in three_ways(lt.linalg.det, a):
        np.testing.assert_allclose(got, np.linalg.det(a), rtol=1e-12)


def test_kernel_failures_name_the_op_and_line_and_print_nothing(capfd):
    x = lt.arange(3)
    idx = lt.asarray([0, 1]) * 3  # pending: checked where it runs
    bad = lt.take(x, idx)
    with pytest.raises(lt.LazytenError, match=r"gather .*test_onnxruntime_faults.py:\d+") \
            as info:
        bad.numpy()
    assert isinstance(info.value, IndexError)
    assert "[E:onnxruntime" not in capfd.readouterr().err
    assert_matches(x, np.arange(3))  # the inputs stay readable


def test_impossible_allocations_are_memory_errors_naming_the_line():
    huge = lt.zeros((10**6, 10**6))
    with pytest.raises(MemoryError, match=r"expand .*f32\[1000000,1000000\].*4 TB"):
        huge.numpy()
    assert isinstance(lt.OutOfMemoryError("x"), lt.LazytenError)


CAST_AFTER_TRANSPOSE = """
import sys
import numpy as np
import lazyten as lt
sys.path.insert(0, {tests!r})
from test_onnxruntime_faults import three_ways
x = np.arange({size}, dtype=np.{dtype}).reshape({shape})
for got in three_ways(lambda a, w: lt.permute_dims(a, {perm}) @ w, x, np.ones((5, 4), np.float32)):
    print(repr(got.tolist()))
"""


@pytest.mark.parametrize("dtype", ["int16", "int64", "uint8"])
@pytest.mark.parametrize("shape, perm", [((2, 3, 5), (1, 0, 2)), ((5, 3, 2), (1, 2, 0)),
                                         ((1, 1, 5), (1, 0, 2))])
def test_cast_after_a_permutation_then_matmul(dtype, shape, perm):
    """onnxruntime's NchwcTransformer (ORT_ENABLE_ALL) crashed the process (SIGSEGV) creating a
    session for Transpose -> Cast -> MatMul: the fuzzer's `permute_dims(int16 array) @ w`.
    Run in a child process, so that a crash fails this test only."""
    script = CAST_AFTER_TRANSPOSE.format(tests=str(pathlib.Path(__file__).parent),
                                         size=int(np.prod(shape)), dtype=dtype, shape=shape,
                                         perm=perm)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-2000:]}"
    a = np.transpose(np.arange(np.prod(shape), dtype=dtype).reshape(shape), perm)
    want = np.matmul(a, np.ones((5, 4), np.float32))
    results = run.stdout.splitlines()
    assert len(results) == 3
    for line in results:
        np.testing.assert_allclose(np.array(ast.literal_eval(line)), want, rtol=1e-6)


@pytest.mark.parametrize("n", [5, 6, 9, 12, 100])
def test_float64_inverse_dft(n):
    """onnxruntime's float64 DFT with ``inverse=1`` is wrong from the 8th digit on at lengths
    that are not powers of 2 (1.5e-8 relative at 5, 2.2e-8 at 100; the forward transform stays
    within 1e-13): lazyten computes the inverse as conj(DFT(conj(x))) / n."""
    z = np.random.default_rng(n).standard_normal((n, 2))
    x = z.view(np.complex128)[:, 0]
    want = np.fft.ifft(x)
    eager = lt.fft.ifft(lt.asarray(x)).numpy()
    compiled = lt.compile(lambda v: lt.fft.ifft(v))
    traced = compiled(x).numpy()
    model = check_model(compiled.lower(x).onnx)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    exported = session.run(None, {session.get_inputs()[0].name: z})[0].view(np.complex128)[..., 0]
    for got in (eager, traced, exported):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-13 * np.abs(want).max())


@pytest.mark.parametrize("n", [3, 6, 7])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_real_signals_transform_to_real_zero_frequency_and_nyquist_terms(n, dtype):
    """onnxruntime's DFT of a real signal leaves rounding noise in the imaginary parts of the
    zero-frequency and Nyquist terms (9e-16 at length 3 in float64), where NumPy's are exact
    zeros; an infinity later turns that noise into inf where NumPy gives NaN."""
    x = np.random.default_rng(n).standard_normal((2, n)).astype(dtype)
    edges = [0] + ([n // 2] if n % 2 == 0 else [])
    want = np.take(np.fft.rfft(x).imag, edges, axis=-1)
    for got in three_ways(lambda v: lt.imag(lt.fft.rfft(v)), x):
        np.testing.assert_array_equal(np.take(got, edges, axis=-1), want)
