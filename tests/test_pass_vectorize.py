"""The vectorize pass: loops that write an array element by element become one scatter of
packed values, and give NumPy's results (compiled, eager, exported)."""
from __future__ import annotations

import collections

import numpy as np
import onnx
import onnxruntime as ort
import pytest

import lazyten as lt
from lazyten.passes.vectorize import MIN_LANES


def _ops(fn, *args) -> collections.Counter:
    text = lt.compile(fn).lower(*args).dump()
    return collections.Counter(line.split("=", 1)[1].split("(")[0].split("[")[0].strip()
                               for line in text.splitlines() if " = " in line)


def scaled(x, y):
    for i in range(x.shape[0]):
        x[i] = x[i] * 2 + y[i]
    return x


def rows(x, y):
    for i in range(x.shape[0]):
        x[i] = x[i] - y[x.shape[0] - 1 - i].sum()
    return x


def cells(x):
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = x[j, i] if i > j else x[i, j] + 1
    return x


def recurrence(x):
    for i in range(1, x.shape[0]):
        x[i] = x[i - 1] * 0.5 + x[i]
    return x


def overwrites(x, y):
    for i in range(12):
        x[i % 5] = y[i] * i
    return x


def reads_whole(x):
    for i in range(x.shape[0]):
        x[i] = x.sum()
    return x


def np_copy(fn, *args):
    return fn(*[np.array(a) for a in args])


CASES = [(scaled, ((20,), (20,))), (rows, ((10, 3), (10, 3))), (cells, ((4, 4),)),
         (recurrence, ((16,),)), (overwrites, ((6,), (12,))), (reads_whole, ((9,),))]


@pytest.mark.parametrize("fn, shapes", CASES, ids=[c[0].__name__ for c in CASES])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_loops_of_writes_match_numpy(fn, shapes, dtype):
    rng = np.random.default_rng(len(shapes))
    args = [rng.standard_normal(s).astype(dtype) for s in shapes]
    want = np_copy(fn, *args)
    got = lt.compile(fn)(*[a.copy() for a in args])
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6)
    eager = fn(*[lt.asarray(a.copy()) for a in args])
    np.testing.assert_allclose(eager.numpy(), want, rtol=1e-6)


@pytest.mark.parametrize("fn, shapes", CASES[:5], ids=[c[0].__name__ for c in CASES[:5]])
def test_loops_become_one_scatter(fn, shapes):
    args = [np.zeros(s, np.float32) for s in shapes]
    ops = _ops(fn, *args)
    assert ops["setitem"] == 0 and ops["put_flat"] == 1, ops


def test_packed_lanes_are_one_op_each():
    """The loop body's ops run once on packed operands: no per-element node is left."""
    ops = _ops(scaled, np.zeros(50, np.float32), np.zeros(50, np.float32))
    assert ops == {"const": 2, "take_flat": 2, "mul": 1, "add": 1, "put_flat": 1}, ops
    ops = _ops(rows, np.zeros((40, 3), np.float32), np.zeros((40, 3), np.float32))
    assert ops == {"const": 2, "take_flat": 2, "reduce_sum": 1, "reshape": 1, "sub": 1,
                   "put_flat": 1}, ops


def test_a_body_reading_the_whole_array_keeps_its_writes_in_order():
    x = np.arange(9, dtype=np.float64)
    assert _ops(reads_whole, x)["setitem"] == 9
    np.testing.assert_array_equal(np.asarray(lt.compile(reads_whole)(x.copy())),
                                  reads_whole(x.copy()))


def test_short_loops_are_left_as_written():
    x = np.zeros(MIN_LANES - 1, np.float32)
    assert _ops(scaled, x, x)["setitem"] == MIN_LANES - 1


def test_a_slice_write_splits_the_loop_in_two():
    def f(x):
        for i in range(10):
            x[i] = x[i] + i
        x[3:7] = x[0:4] * 10
        for i in range(10):
            x[9 - i] = x[9 - i] - x[i]
        return x
    x = np.arange(10, dtype=np.float32)
    ops = _ops(f, x)
    assert ops["setitem"] == 1 and ops["put_flat"] == 2, ops
    np.testing.assert_array_equal(np.asarray(lt.compile(f)(x.copy())), f(x.copy()))


def test_exported_loop_is_valid_and_runs_in_plain_onnxruntime():
    x, y = np.ones(30, np.float32), np.arange(30, dtype=np.float32)
    model = lt.export(scaled, x, y)
    onnx.checker.check_model(model, full_check=True)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    got = sess.run(None, {"x": x, "y": y})[0]
    np.testing.assert_array_equal(got, scaled(x.copy(), y))
