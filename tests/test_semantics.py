"""Laziness is unobservable: mutation, views, NumPy sharing, realization points, caching."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, strategies as st

import lazyten as lt
from lazyten.backend import get_backend
from helpers import assert_matches, installed


def grid(dtype=np.float32) -> tuple[lt.Array, np.ndarray]:
    ref = np.arange(12, dtype=dtype).reshape(3, 4)
    return lt.asarray(ref), ref.copy()


def test_mutation_after_use_leaves_earlier_results():
    X, ref = grid()
    Y = X * 2
    X[0, 0] = 100
    assert_matches(Y, ref * 2)
    ref[0, 0] = 100
    assert_matches(X, ref)


def test_views_see_writes_both_ways():
    X, ref = grid()
    v = X[1]
    X[1, 1] = -1
    ref[1, 1] = -1
    assert_matches(v, ref[1])
    v[0] = 42
    ref[1, 0] = 42
    assert_matches(X, ref)
    assert_matches(v, ref[1])


def test_chained_basic_views_write_through():
    x_np = np.arange(24).reshape(2, 3, 4)
    x = lt.asarray(x_np)
    x[1][::2][0] = 5
    x_np[1][::2][0] = 5
    w = x[:, 1:][..., ::-1]
    w[0, :, 1] = -7
    x_np[:, 1:][..., ::-1][0, :, 1] = -7
    assert_matches(x, x_np)
    assert_matches(w, x_np[:, 1:][..., ::-1])


def test_reshape_and_transpose_are_views():
    X, ref = grid()
    r = X.reshape(4, 3)
    t = X.T
    r[0, 0] = -5
    ref[0, 0] = -5
    t[3, 2] = 99
    ref[2, 3] = 99
    assert_matches(X, ref)
    assert_matches(r, ref.reshape(4, 3))
    assert_matches(t, ref.T)
    X[1] = 0
    ref[1] = 0
    assert_matches(t, ref.T)
    p = lt.permute_dims(X, (1, 0))
    p += 1
    assert_matches(X, ref + 1)


def test_inplace_ops_keep_identity_and_are_seen_by_views():
    X, ref = grid()
    v = X[:, 1]
    ident = id(X)
    X += lt.ones((3, 4))
    X *= 2
    ref = (ref + 1) * 2
    assert id(X) == ident
    assert_matches(v, ref[:, 1])
    v -= 100
    ref[:, 1] -= 100
    assert_matches(X, ref)


def test_overlapping_assignment_reads_the_right_side_first():
    x = lt.arange(6)
    ref = np.arange(6)
    x[1:] = x[:-1]
    ref[1:] = ref[:-1].copy()
    assert_matches(x, ref)
    x[::-1] = x
    ref[::-1] = ref.copy()
    assert_matches(x, ref)


def test_slice_assignment_forms():
    X, ref = grid()
    Y = lt.asarray(np.ones((3, 4), np.float32))
    X[1, 2] = 17
    X[:2, :] = 12
    ref[1, 2] = 17
    ref[:2, :] = 12
    assert_matches(X, ref)
    Z = lt.zeros_like(X)
    Z[:] = X + Y
    assert_matches(Z, ref + 1)


def test_from_numpy_shares_memory_both_ways():
    a = np.arange(6, dtype=np.float32)
    x = lt.from_numpy(a)
    y = x + 1          # pending, computed before the NumPy write: must not see it (PyTorch)
    a[0] = 100
    z = x + 1          # recorded after the write: sees it
    assert_matches(y, np.arange(6, dtype=np.float32) + 1)
    assert_matches(z, a + 1)
    x[1] = -3
    assert a[1] == -3
    x += 1
    assert a[2] == 3
    assert_matches(x, a)


def test_numpy_shares_memory_with_the_array():
    x = lt.arange(4)
    n = x.numpy()
    n[0] = 50
    assert x[0].item() == 50
    x[1] = 60
    assert n[1] == 60
    y = x * 2
    n[2] = 70
    assert_matches(y, np.array([100, 120, 4, 6]))
    assert np.shares_memory(x.numpy(), n)


def test_numpy_of_an_array_computes_nothing_else_and_keeps_pending_readers_apart():
    """.numpy() hands out the buffer, or a copy where pending work still reads it: the readers
    are not computed then (nor can their failure surface there), and NumPy's later writes do
    not reach them."""
    x = lt.arange(4.0)
    others = [x * k for k in range(50)]  # pending readers of x
    n = x.numpy()
    assert all(o._storage.node.op != "data" for o in others)  # not computed
    n[0] = -7
    assert_matches(others[3], np.arange(4, dtype=np.float32) * 3)
    assert_matches(x, np.array([-7, 1, 2, 3], np.float32))
    b = x + 2
    reader = b * 10
    m = b.numpy()
    m[0] = 100
    assert_matches(reader, np.array([-50, 30, 40, 50], np.float32))
    assert_matches(b, np.array([100, 3, 4, 5], np.float32))


def test_numpy_view_of_a_view_shares_memory():
    X, ref = grid()
    n = X[1].numpy()
    n[:] = -1
    ref[1] = -1
    assert_matches(X, ref)


def test_asarray_copies():
    a = np.arange(4.0)
    x = lt.asarray(a)
    a[0] = 100
    assert x[0].item() == 0
    x[1] = 5
    assert a[1] == 1
    t = lt.tensor(a)
    a[2] = 7
    assert t[2].item() == 2


def test_realize_several_arrays_and_values_survive():
    X, ref = grid()
    a, b, c = X + 1, X.sum(axis=0), (X * X)[1:]
    lt.realize(a, b, c)
    assert_matches(a, ref + 1)
    assert_matches(b, ref.sum(axis=0))
    assert_matches(c, (ref * ref)[1:])


OPS = ["add", "mul", "set_scalar", "set_slice", "inplace", "view_write", "realize", "numpy",
       "neg", "sum_keep"]


@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 2), st.integers(-3, 3)),
                min_size=1, max_size=12), st.integers(0, 11))
def test_realization_points_never_change_results(program, realize_at):
    """Run a random program twice, once with a realization in the middle: same results."""
    def run(realize_step):
        x_np = np.arange(12, dtype=np.float32).reshape(3, 4)
        arrays = [lt.asarray(x_np), lt.asarray(x_np + 100), lt.asarray(x_np * -1)]
        refs = [x_np.copy(), x_np + 100, x_np * -1]
        views = [arrays[0][1], arrays[1][:, ::2]]
        for step, (op, k, c) in enumerate(program):
            j = (k + 1) % 3
            if op == "add":
                arrays[k], refs[k] = arrays[k] + arrays[j], refs[k] + refs[j]
            elif op == "mul":
                arrays[k], refs[k] = arrays[k] * c, refs[k] * c
            elif op == "set_scalar":
                arrays[k][c % 3, c] = c
                refs[k][c % 3, c] = c
            elif op == "set_slice":
                arrays[k][::2] = arrays[j][1]
                refs[k][::2] = refs[j][1]
            elif op == "inplace":
                arrays[k] += c
                refs[k] += c
            elif op == "view_write":
                views[k % 2][0] = c
            elif op == "realize":
                lt.realize(arrays[k])
            elif op == "numpy":
                arrays[k].numpy()
            elif op == "neg":
                arrays[k], refs[k] = -arrays[k], -refs[k]
            elif op == "sum_keep":
                arrays[k] = arrays[k] + arrays[k].sum(axis=0, keepdims=True)
                refs[k] = refs[k] + refs[k].sum(axis=0, keepdims=True)
            if step == realize_step:
                lt.realize(*arrays, *views)
        return [a.numpy().copy() for a in arrays + views]

    plain, with_point = run(-1), run(realize_at)
    for p, w in zip(plain, with_point):
        np.testing.assert_array_equal(p, w)


def test_loop_with_changing_scalars_compiles_at_most_twice():
    lt.clear_caches()
    x = lt.asarray(np.linspace(0, 1, 8, dtype=np.float32))
    ref = x.numpy().copy()
    for i in range(200):
        s = 0.5 + i * 0.001
        x = x * s + i
        ref = ref * np.float32(s) + np.float32(i)
        x.numpy()
    assert lt.cache_info()["misses"] <= 2
    np.testing.assert_allclose(x.numpy(), ref, rtol=1e-4)


def test_baked_scalars_are_guarded_by_their_bits():
    """A graph compiled with its Python scalars baked in runs only while they are the same bit
    for bit: -0.0 after 0.0, NaN after NaN, a changed integer all give NumPy's results."""
    lt.clear_caches()
    xs = np.array([-2.0, -0.0, 0.5, 3.0], np.float32)
    x = lt.asarray(xs)
    for s, k in [(0.0, 0), (0.0, 0), (-0.0, 0), (float("nan"), 1), (float("nan"), 1),
                 (2.5, 1), (2.5, 7), (0.0, 0)]:
        got = (x * s - k).numpy()
        want = xs * np.float32(s) - np.float32(k)
        np.testing.assert_array_equal(got, want)
        assert np.array_equal(np.signbit(got), np.signbit(want))
    assert lt.cache_info()["misses"] == 2


def test_scalars_that_only_constants_meet_stay_fed():
    """Baked in, the scalars of ``zeros(...) + 1.5`` would let onnxruntime fold the whole
    result into a constant kept with its session; they stay inputs, while a scalar that meets
    data is baked."""
    from lazyten.lazy import CACHE
    lt.clear_caches()
    y = (lt.zeros((300, 300)) + 1.5) * 2.0
    np.testing.assert_array_equal(y.numpy(), np.full((300, 300), 3.0, np.float32))
    x = lt.asarray(np.arange(3.0, dtype=np.float32))
    np.testing.assert_array_equal((x * 2.0 + lt.ones(3) * 0.5).numpy(), [0.5, 2.5, 4.5])
    first, second = (entry for entry in CACHE._items.values())
    assert first.baked == () and first.fed
    assert len(second.baked) == 1  # 2.0, which meets x; 0.5 meets ones(3) only


class CountingBackend:
    """Wraps the installed backend and counts compilations and runs."""

    def __init__(self, inner):
        self.inner, self.name = inner, inner.name
        self.compiled, self.runs, self.nodes_run = 0, 0, 0

    def compile(self, graph, device=None, **options):
        self.compiled += 1
        exe = self.inner.compile(graph, device, **options)
        size = len(graph.nodes)

        def run(feeds, reuse=None):
            self.runs += 1
            self.nodes_run += size
            return exe(feeds, reuse)
        return run

    def to_numpy(self, payload):
        return self.inner.to_numpy(payload)


@pytest.fixture
def counting():
    with installed(CountingBackend(get_backend())) as backend:
        yield backend


def test_realizations_cut_the_graph_so_loops_stay_linear(counting):
    """``.item()`` on the loss computes ``r`` and the old ``w``; the new ``w`` was built on the
    old one, which must not be computed again at the next read (the pending chain would grow
    with the loop and every read recompute it)."""
    rng = np.random.default_rng(0)
    xs, ys, ws = (rng.random((8, 8), dtype=np.float32) / 8 for _ in range(3))
    x, y, w = lt.asarray(xs), lt.asarray(ys), lt.asarray(ws)
    ref = ws.copy()
    for i in range(200):
        r = x @ w - y
        w -= 0.01 * r
        r_ref = xs @ ref - ys
        ref -= np.float32(0.01) * r_ref
        if i % 10 == 0:
            assert abs((r * r).mean().item() - float((r_ref * r_ref).mean())) < 1e-5
    np.testing.assert_allclose(w.numpy(), ref, rtol=1e-5)
    # each read computes the ten steps since the last one: a few nodes per step
    assert counting.nodes_run < 200 * 12, counting.nodes_run
    assert counting.compiled <= 4


def test_intermediates_held_by_live_arrays_are_computed_once(counting):
    x = lt.asarray(np.ones(4, np.float32))
    history = []
    for _ in range(30):
        x = lt.exp(x * 0.5) - 1
        history.append(x)
        x.numpy()
    # each realization computes only the new steps, not the whole history again
    assert counting.nodes_run < 30 * 20
    a = lt.asarray(np.ones(3, np.float32))
    mid = a * 3 + 1
    end = mid * 2
    end.numpy()
    runs = counting.runs
    assert_matches(mid, np.full(3, 4, np.float32))
    assert counting.runs == runs  # mid was computed together with end


def test_long_loop_that_never_reads_stays_correct():
    x = lt.zeros(3, dtype=lt.int64)
    for _ in range(5000):
        x = x + 1
    assert_matches(x, np.full(3, 5000))
    y = lt.zeros(2)
    for _ in range(3000):
        y += 1
    assert_matches(y, np.full(2, 3000, np.float32))


def test_realizing_from_eight_threads():
    results, errors = {}, []

    def work(k):
        try:
            a = lt.arange(100).reshape(10, 10) * k
            b = (a + k).sum(axis=1)
            for _ in range(20):
                b = b - 1 + 1
            results[k] = b.numpy().copy()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for k in range(8):
        ref = (np.arange(100).reshape(10, 10) * k + k).sum(axis=1)
        np.testing.assert_array_equal(results[k], ref)


def test_shapes_and_dtypes_known_without_running(counting):
    x = lt.ones((3, 4))
    y = (x @ x.T).sum(axis=0, keepdims=True) / 2
    assert y.shape == (1, 3) and y.dtype == lt.float32 and y.ndim == 2 and y.size == 3
    assert counting.runs == 0
    text = lt.dump(y)
    assert "matmul" in text
    assert counting.runs == 0


def test_threads_writing_disjoint_elements_lose_no_writes():
    x = lt.zeros(8, dtype=lt.int64)

    def work(i):
        for _ in range(25):
            x[i] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert_matches(x, np.full(8, 25, np.int64))


def test_a_failing_operation_poisons_neither_its_inputs_nor_other_arrays():
    x = lt.arange(5)
    other = x * 2
    bad = lt.take(x, lt.asarray([0, 1]) * 10)  # out of bounds, known only when it runs
    with pytest.raises(IndexError):
        bad.numpy()
    assert_matches(x, np.arange(5))
    assert_matches(other, np.arange(5) * 2)
    with pytest.raises(IndexError):  # and the failing array fails again, the same way
        bad.numpy()


def test_numpy_of_a_zero_d_view_is_a_zero_d_array_sharing_memory():
    x = lt.arange(5)
    v = x[1]
    x.numpy()
    n = v.numpy()
    assert isinstance(n, np.ndarray) and n.shape == ()
    n[...] = 42
    assert x[1].item() == 42


def test_a_zero_d_integer_array_indexes_like_an_integer():
    a = lt.asarray([3.0, 1.0, 4.0, 1.0, 5.0])
    assert a[lt.argmax(a)].shape == ()
    assert a[lt.argmax(a)].item() == 5.0
    m = lt.asarray(np.arange(6.0).reshape(2, 3))
    assert_matches(m[lt.asarray(1)], np.arange(6.0).reshape(2, 3)[np.array(1)])


def test_axis_errors_are_index_errors_too():
    with pytest.raises(IndexError):
        lt.expand_dims(lt.ones(3), axis=5)
    with pytest.raises(IndexError):
        lt.sum(lt.ones((2, 3)), axis=2)
    with pytest.raises(ValueError):  # and ValueErrors, as NumPy's AxisError
        lt.sum(lt.ones((2, 3)), axis=-3)


@pytest.mark.parametrize("fn", [lt.max, lt.min])
def test_max_min_over_no_axes_of_an_empty_array_reduce_nothing(fn):
    x = np.zeros((0, 3), np.float32)
    assert_matches(fn(lt.asarray(x), axis=()), getattr(np, fn.__name__)(x, axis=()))


@pytest.mark.parametrize("key, value", [(slice(0, 2), [[7, 8]]), (0, [[7, 8]]),
                                        (slice(None), [[[1, 2]]])])
def test_assigned_values_may_have_extra_leading_size_one_dimensions(key, value):
    want = np.zeros((3, 2), np.float32)
    want[key] = np.asarray(value)
    x = lt.zeros((3, 2))
    x[key] = lt.asarray(value)
    assert_matches(x, want)
    with pytest.raises(ValueError):  # a single element takes no sequence, as in NumPy
        x[0, 1] = lt.asarray([[5.0]])


def test_an_array_numpy_let_go_of_is_lazy_again(counting):
    """Once every ndarray ``.numpy()`` handed out is gone (printed, plotted, summed), writes
    are recorded lazily again; while one lives, NumPy and lazyten see each other's writes."""
    import gc
    x = lt.asarray(np.zeros(4, np.float32))
    lt.realize(x)
    assert float(np.asarray(x).sum()) == 0.0  # handed to NumPy, then dropped
    gc.collect()
    runs = counting.runs
    for _ in range(5):
        x += 1
    assert counting.runs == runs  # no write was carried out at once
    np.testing.assert_array_equal(x.numpy(), np.full(4, 5, np.float32))
    kept = x.numpy()[1:]  # a view NumPy keeps: sharing holds
    x += 1
    assert kept.tolist() == [6, 6, 6]
    kept[0] = -1
    assert x.tolist() == [6, -1, 6, 6]
