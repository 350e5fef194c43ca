"""In place updates land in the array's existing buffer (same id, same memory), through
IOBinding, wherever nothing can observe the difference; elsewhere they fall back to a new
buffer with the same results."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import lazyten as lt
from helpers import assert_matches
from lazyten.reuse import EXACT_REFCOUNTS


def buffer(x: lt.Array):
    return x._storage.node.payload


def assert_in_place(x: lt.Array, original) -> None:
    """Same buffer, where the interpreter's reference counts let lazyten prove it safe."""
    assert buffer(x) is original or not EXACT_REFCOUNTS


def realized(a: np.ndarray) -> lt.Array:
    x = lt.asarray(a)
    lt.realize(x)
    return x


def test_lazy_setitem_and_iadd_write_into_the_existing_buffer():
    a = np.arange(6, dtype=np.float32)
    X, Y = realized(a), realized(np.ones(6, np.float32))
    original = buffer(X)
    ref = a.copy()
    for _ in range(3):
        X[:] = X * 0.5 + Y
        ref[:] = ref * 0.5 + 1
        lt.realize(X)
        assert_in_place(X, original)
    X += Y
    ref += 1
    lt.realize(X)
    assert_in_place(X, original)
    Z = realized(np.zeros(6, np.float32))
    z_buffer = buffer(Z)
    Z[:] = X + Y
    lt.realize(Z)
    assert_in_place(Z, z_buffer)
    assert_matches(X, ref)
    assert_matches(Z, ref + 1)


def test_pending_readers_of_the_old_value_keep_it():
    X = realized(np.arange(4, dtype=np.float32))
    original = buffer(X)
    before = X * 1
    X += 100
    lt.realize(X)
    assert buffer(X) is not original
    assert_matches(before, np.arange(4, dtype=np.float32))
    assert_matches(X, np.arange(4, dtype=np.float32) + 100)


@pytest.mark.onnxruntime
def test_graphs_that_read_across_elements_do_not_write_in_place():
    X = realized(np.arange(4, dtype=np.float32))
    original = buffer(X)
    X[:] = X[::-1] + 1
    lt.realize(X)
    assert buffer(X) is not original
    assert_matches(X, np.arange(4, dtype=np.float32)[::-1] + 1)


def test_compiled_argument_updates_write_into_the_callers_buffer():
    @lt.compile
    def step(X, Y):
        X[:] = X * 0.5 + Y

    X, Y = realized(np.arange(4, dtype=np.float32)), realized(np.ones(4, np.float32))
    step(X, Y)
    original = buffer(X)
    ref = (np.arange(4, dtype=np.float32) * 0.5 + 1)
    for _ in range(5):
        step(X, Y)
        ref = ref * 0.5 + 1
        assert_in_place(X, original)
    assert_matches(X, ref)
    a = np.arange(4, dtype=np.float32)
    step(a, np.ones(4, np.float32))
    np.testing.assert_allclose(a, np.arange(4) * 0.5 + 1)


@pytest.mark.onnxruntime
def test_compiled_in_place_loop_allocates_nothing_after_warm_up():
    @lt.compile
    def step(X, Y):
        X[:] = X * 0.5 + Y

    X, Y = realized(np.ones(1 << 18, np.float32)), realized(np.ones(1 << 18, np.float32))
    step(X, Y)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for _ in range(100):
            step(X, Y)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - base < 64 * 1024, f"{peak - base} bytes allocated during the loop"
    assert_matches(X, np.full(1 << 18, 2, np.float32) - np.float32(2.0 ** -101))


def test_an_intermediate_shared_with_other_pending_work_keeps_the_old_buffer():
    """Found by hypothesis: B reads X's pending update, X is updated again and realized;
    B's pending graph still needs X's old buffer."""
    a = np.arange(4, dtype=np.float32)
    X, B = realized(a), realized(a + 100)
    X += 1
    B = B + X
    X += 0
    lt.realize(X)
    assert_matches(B, a + 100 + a + 1)
    assert_matches(X, a + 1)


def test_a_constant_result_is_a_buffer_of_its_own():
    """A graph folded to a constant returns a fresh buffer on every run (found by the fuzzer
    on the reference backend, which handed out the read-only constant, then wrote into it)."""
    a = lt.arange(3, 6, dtype=lt.uint16)
    b = lt.arange(3, 6, dtype=lt.uint16)
    assert a.tolist() == b.tolist() == [3, 4, 5]
    a[None, :3] = 32768
    a[0] = 0
    a += 1
    assert a.tolist() == [1, 32769, 32769]
    assert b.tolist() == [3, 4, 5] and lt.arange(3, 6, dtype=lt.uint16).tolist() == [3, 4, 5]


def test_a_result_is_a_c_contiguous_buffer_that_numpy_views_share():
    """A write through a transposed view leaves a C-ordered buffer, so that ``.numpy()`` of a
    reshape of the array shares its memory (found by the fuzzer on the reference backend, whose
    transpose result kept Fortran order: the reshape came back as a read-only copy)."""
    a = lt.full((2, 4), 6, dtype=lt.uint16).copy()
    a.permute((1, 0))[3, 0::-1] = 65535
    whole, reshaped = a.numpy(), lt.reshape(a, (4, 2)).numpy()
    assert np.shares_memory(whole, reshaped) and reshaped.flags.writeable
    assert whole.tolist() == [[6, 6, 6, 65535], [6, 6, 6, 6]]
