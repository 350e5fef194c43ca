"""@lt.compile: signatures and caching, static arguments, pytrees, mutation write-back,
trace errors, lower()/export()/save(), symbolic dimensions, threads, bounded caches."""
from __future__ import annotations

import logging
import threading

import numpy as np
import onnxruntime as ort
import pytest

import lazyten as lt
from helpers import assert_matches, check_model
from lazyten.lazy import CONFIG


def seed(x, y):
    unused = lt.zeros_like(x)  # noqa: F841  (a dead value the compiler must prune)
    return lt.exp(x) * y + lt.sin(x) / (1 + y * y)


def seed_np(x, y):
    return np.exp(x) * y + np.sin(x) / (1 + y * y)


def rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def test_traces_once_per_signature_and_matches_numpy():
    f = lt.compile(seed)
    x, y = rand(3, 4), rand(3, 4, seed=1)
    assert_matches(f(x, y), seed_np(x, y))
    assert_matches(f(lt.asarray(x), y * 2), seed_np(x, y * 2))
    assert f.cache_info()["misses"] == 1 and f.cache_info()["hits"] == 1
    f(rand(5), rand(5))
    info = f.cache_info()
    assert info["misses"] == 2 and info["signatures"] == ["(f32[3,4], f32[3,4])",
                                                          "(f32[5], f32[5])"]


def test_dead_zeros_like_is_pruned():
    lowered = lt.compile(seed).lower(rand(3), rand(3))
    assert "expand" in lowered.dump(after="traced")
    assert "expand" not in lowered.dump()
    assert not [n for n in lowered.onnx.graph.node if n.op_type == "Expand"]


def test_python_scalars_are_inputs_and_weakly_typed():
    f = lt.compile(lambda x, s: x * s)
    x = lt.ones(3, dtype=lt.float16)
    out = f(x, 2.5)
    assert out.dtype == lt.float16
    assert_matches(f(x, 4.0), np.full(3, 4, np.float16))
    assert f.cache_info()["misses"] == 1


def test_traces_share_scalar_constants_but_keep_their_signs_and_dtypes_apart():
    def constants(fn):
        traced = lt.compile(fn).lower(lt.spec((3,))).traced
        return [n.attrs["value"] for n in traced.nodes if n.op == "const"]

    (a,) = constants(lambda x: x * 0.5)
    (b,) = constants(lambda x: x + 0.5)
    assert a is b and a.array.dtype == np.float32 and not a.array.flags.writeable
    pos, neg = constants(lambda x: (x + 0.0) * -0.0)
    assert pos is not neg and str(neg.array) == "-0.0"
    (wide,) = constants(lambda x: x.astype(lt.float64) * 0.5)
    assert wide.array.dtype == np.float64
    f = lt.compile(lambda x: (x + 0.0, x * -0.0))
    y, z = f(np.array([-0.0, 1.0, -2.0], np.float32))
    assert_matches(y, np.array([0.0, 1.0, -2.0], np.float32))
    assert np.array_equal(np.signbit(z.numpy()), [False, True, False])


def test_static_arguments_retrace_on_new_values():
    f = lt.compile(lambda x, n: x * n if n > 1 else x - 1, static_argnames=("n",))
    x = rand(4)
    assert_matches(f(x, n=3), x * 3)
    assert_matches(f(x, n=1), x - 1)
    assert_matches(f(x, n=3), x * 3)
    assert f.cache_info()["misses"] == 2
    with pytest.raises(TypeError, match="hashable"):
        f(x, n=[1])


def test_static_arguments_by_position_as_in_jax():
    f = lt.compile(lambda x, n, mode="a": x * n if mode == "a" else x, static_argnums=(1, -1))
    x = rand(4)
    assert_matches(f(x, 3), x * 3)
    assert_matches(f(x, 2, "b"), x)
    assert f.static_argnames == ("n", "mode")
    assert lt.compile(static_argnums=1)(lambda x, n: x + n)(x, 2).shape == (4,)
    with pytest.raises(TypeError, match=r"static_argnums \[2\] out of range"):
        lt.compile(lambda x, n: x, static_argnums=2)
    with pytest.raises(TypeError, match="an int or a sequence of ints"):
        lt.compile(lambda x, n: x, static_argnums="n")


def test_nested_arguments_and_results():
    @lt.compile
    def f(pair, d):
        a, b = pair
        return {"sum": a + b + d["c"], "parts": [a * 2, (b,)]}

    a, b, c = rand(2), rand(2, seed=1), rand(2, seed=2)
    out = f((a, b), {"c": c})
    assert_matches(out["sum"], a + b + c)
    assert_matches(out["parts"][0], a * 2)
    assert_matches(out["parts"][1][0], b)


def test_mutated_arguments_are_written_back():
    @lt.compile
    def step(x, y):
        x += y
        x[0] = 100
        return x.sum()

    x = lt.zeros(4)
    view = x[1:]
    before = id(x)
    total = step(x, lt.ones(4))
    assert id(x) == before
    assert_matches(x, np.array([100, 1, 1, 1], np.float32))
    assert_matches(view, np.ones(3, np.float32))
    assert total.item() == 103
    arr = np.zeros(4, np.float32)
    step(arr, np.ones(4, np.float32))
    np.testing.assert_array_equal(arr, [100, 1, 1, 1])
    assert [o.name for o in step.lower(x, x).onnx.graph.output] == ["out0", "x_updated"]


def test_control_flow_on_traced_values_is_a_clear_error_at_that_line():
    @lt.compile
    def f(x):
        if x.sum() > 0:
            return x
        return -x

    with pytest.raises(lt.TraceError, match="lt.where") as info:
        f(rand(3))
    assert info.traceback[-1].name == "f"
    assert "test_compile.py" in str(info.value)


def test_print_of_a_traced_value_shows_shape_and_dtype(capsys):
    @lt.compile
    def f(x):
        print(x)
        return x + 1

    f(rand(2, 3))
    assert "shape=(2, 3), dtype=float32" in capsys.readouterr().out


def test_export_runs_in_plain_onnxruntime(tmp_path):
    model = lt.export(seed, lt.spec((2, 3)), lt.spec((2, 3)))
    check_model(model)
    assert [i.name for i in model.graph.input] == ["x", "y"]
    assert model.producer_name == "lazyten" and model.producer_version == lt.__version__
    assert model.ir_version == 10 and model.opset_import[0].version == 21
    path = tmp_path / "seed.onnx"
    lt.save(seed, str(path), lt.spec((2, 3)), lt.spec((2, 3)))
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x, y = rand(2, 3), rand(2, 3, seed=1)
    (out,) = sess.run(None, {"x": x, "y": y})
    np.testing.assert_allclose(out, seed_np(x, y), rtol=1e-5, atol=1e-6)


def test_symbolic_dimensions_serve_every_batch_size():
    @lt.compile
    def f(x, w):
        return lt.maximum(x @ w, 0).sum(axis=1)

    lowered = f.lower(lt.spec(("batch", 4)), lt.spec((4, 3)))
    model = check_model(lowered.onnx)
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"
    w = rand(4, 3)
    for batch in (1, 5, 17):
        x = rand(batch, 4, seed=batch)
        assert_matches(f(x, w), np.maximum(x @ w, 0).sum(axis=1))
    assert f.cache_info()["misses"] == 1
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    assert sess.run(None, {"x": rand(7, 4), "w": w})[0].shape == (7,)


def test_retrace_is_logged_with_the_reason(caplog):
    f = lt.compile(lambda x: x + 1)
    with caplog.at_level(logging.INFO, logger="lazyten"):
        f(rand(3))
        f(rand(4))
    assert "argument 'x' changed from f32[3] to f32[4]" in caplog.text


def test_lowered_views():
    lowered = lt.compile(seed).lower(rand(3), rand(3))
    assert lowered.stage_names()[0] == "traced"
    assert lowered.dot().startswith('digraph "seed"')
    assert lowered.graph.outputs[0].type.shape == (3,)
    with pytest.raises(TypeError, match="no stage named"):
        lowered.dump(after="nonsense")


def test_threads_share_a_compiled_function():
    f = lt.compile(seed)
    inputs = [(rand(64, seed=k), rand(64, seed=k + 100)) for k in range(8)]
    results: dict[int, np.ndarray] = {}

    def work(k):
        for _ in range(20):
            results[k] = f(*inputs[k]).numpy()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k, (x, y) in enumerate(inputs):
        np.testing.assert_allclose(results[k], seed_np(x, y), rtol=1e-5, atol=1e-6)
    assert f.cache_info()["misses"] == 1


def test_caches_are_bounded_and_clearable(monkeypatch):
    monkeypatch.setattr(CONFIG, "cache_size", 4)
    f = lt.compile(lambda x: x * 2)
    for n in range(1, 12):
        f(np.ones(n, np.float32))
    assert f.cache_info()["size"] == 4
    lt.clear_caches()
    assert f.cache_info()["size"] == 0
    assert lt.cache_info()["size"] == 0


def test_arrays_from_outside_are_constants_and_cannot_be_written():
    outside = lt.asarray(np.arange(3, dtype=np.float32)) * 2  # pending when f is traced
    f = lt.compile(lambda x: x + outside)
    assert_matches(f(np.ones(3, np.float32)), np.arange(3, dtype=np.float32) * 2 + 1)

    @lt.compile
    def g(x):
        outside[0] = 5
        return x

    with pytest.raises(lt.TraceError, match="pass it as an argument"):
        g(np.ones(3, np.float32))


def test_dump_folder_has_a_file_per_stage(tmp_path, monkeypatch):
    from lazyten import config
    monkeypatch.setattr(config, "DUMP_DIR", str(tmp_path))
    lt.compile(seed)(rand(3), rand(3))
    (folder,) = list(tmp_path.iterdir())
    names = sorted(p.name for p in folder.iterdir())
    assert names[0] == "00-traced.lzir"
    (onnx_text,) = [n for n in names if n.endswith("-onnx.txt")]
    assert any(n.endswith("-final.lzir") for n in names)
    assert "expand" in (folder / "00-traced.lzir").read_text()
    assert "Exp" in (folder / onnx_text).read_text()


def test_many_distinct_graphs_keep_memory_flat(monkeypatch):
    """Bounded caches: compiling many different small graphs does not grow memory."""
    import gc

    def rss() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * 4096

    monkeypatch.setattr(CONFIG, "cache_size", 8)
    f = lt.compile(lambda x: lt.exp(x) * 2 + 1)

    def burst(start: int) -> None:
        for n in range(start, start + 150):
            f(np.ones(n, np.float32))
            (lt.asarray(np.ones(n, np.float32)) * 3 - 1).numpy()

    burst(1)
    gc.collect()
    before = rss()
    burst(1000)
    gc.collect()
    grown = rss() - before
    assert f.cache_info()["size"] == 8 and lt.cache_info()["size"] <= 8
    assert grown < 25e6, f"memory grew by {grown / 1e6:.1f} MB over 300 new graphs"


def test_results_are_freed_without_the_cycle_collector():
    """No reference cycles: a big result's memory is returned as soon as it is dropped."""
    import gc
    import weakref

    f = lt.compile(lambda a, b: (a + b, {"s": a.sum()}))
    a, b = lt.ones((4, 1)), lt.ones((1, 4))
    f(a, b)
    gc.disable()
    try:
        out = f(a, b)
        ref = weakref.ref(out[0])
        lazy = lt.exp(a) * 2
        lazy_ref = weakref.ref(lazy)
        lt.realize(lazy)
        del out, lazy
        assert ref() is None and lazy_ref() is None
    finally:
        gc.enable()


@pytest.mark.parametrize("fn", [lambda x: lt.nonzero(x)[0], lambda x: lt.unique_values(x),
                                lambda x: x[x > 1]], ids=["nonzero", "unique", "mask"])
def test_data_dependent_shapes_inside_compile_are_a_clear_error(fn):
    with pytest.raises(lt.TraceError, match="data-dependent"):
        lt.compile(fn)(np.array([0.0, 1.0, 2.0], np.float32))


def test_creation_functions_accept_cpu_devices():
    for device in ("cpu", lt.Device("cpu")):
        for x in (lt.arange(3, device=device), lt.zeros(2, device=device),
                  lt.eye(2, device=device), lt.linspace(0, 1, 3, device=device),
                  lt.asarray([1, 2], device=device)):
            assert x.device == "cpu"
    with pytest.raises(lt.DeviceError, match="unknown device"):
        lt.zeros(2, device="tpu")


def test_every_kind_of_argument_gives_the_same_results_and_one_trace_per_signature():
    """The hot path (positional computed CPU arrays) and the general one agree, whichever
    signature was called last, and count hits and misses alike."""
    f = lt.compile(lambda x, y: x * 2 + y)
    a = np.arange(6, dtype=np.float32)
    b = np.ones(6, np.float32)
    shared = np.full(6, 3, np.float32)
    from_numpy = lt.from_numpy(shared)
    cases = [
        (a, b),                                             # NumPy arrays
        (lt.asarray(a), lt.asarray(b)),                     # computed lazyten arrays
        (lt.asarray(a) + 0, b),                             # a pending one
        (lt.asarray(np.arange(12, dtype=np.float32))[::2], b),  # a view
        (from_numpy, b),                                    # shared with NumPy
        (a[:3], b[:3]),                                     # another signature
        (a[::-2], b[:3]),                                   # a non-contiguous NumPy array
        (a, b),                                             # back to the first signature
    ]
    for step, (x, y) in enumerate(cases):
        expected = np.asarray(lt.asarray(x).numpy() if isinstance(x, lt.Array) else x) * 2 + \
            np.asarray(y)
        np.testing.assert_array_equal(f(x, y).numpy(), expected)
        if step == 4:
            shared[:] = 5  # a NumPy write between calls is seen by the next call
            np.testing.assert_array_equal(f(from_numpy, b).numpy(), np.full(6, 11, np.float32))
    info = f.cache_info()
    assert info["misses"] == 2 and info["size"] == 2
    assert info["hits"] == len(cases) + 1 - 2
    f.clear_cache()
    np.testing.assert_array_equal(f(a, b).numpy(), a * 2 + b)
    assert f.cache_info()["misses"] == 3


@pytest.mark.onnxruntime
def test_lowered_timings_cover_each_stage_of_the_first_call():
    import time
    f = lt.compile(lambda x: lt.exp(x) * 2 + 1)
    t0 = time.perf_counter()
    lowered = f.lower(lt.spec((4,)))
    wall = time.perf_counter() - t0
    timings = lowered.timings
    assert list(timings) == ["trace", "passes", "export", "session"]
    assert all(v > 0 for v in timings.values()) and sum(timings.values()) <= wall
    assert f.lower(lt.spec((4,))).timings == timings  # a cached signature keeps its figures


@pytest.mark.onnxruntime
def test_only_graphs_that_move_many_bytes_keep_onnxruntime_thread_spinning(monkeypatch):
    """Many small sessions with spinning workers would starve the Python thread; large graphs
    keep onnxruntime's default (faster back to back) unless LAZYTEN_SPIN=0."""
    from lazyten import config

    def spin_entry(n: int) -> str:
        f = lt.compile(lambda x: x * 2 + 1)
        options = f.lower(lt.spec((n,)))._entry.executable.session.get_session_options()
        try:
            return options.get_session_config_entry("session.intra_op.allow_spinning")
        except Exception:  # not set: onnxruntime's default, spinning
            return "default"

    monkeypatch.setattr(config, "SPIN", True)
    assert spin_entry(4) == "0"
    assert spin_entry(3_000_000) == "default"  # an input and 2 values of 12 MB each
    monkeypatch.setattr(config, "SPIN", False)
    assert spin_entry(3_000_000) == "0"


@pytest.mark.onnxruntime
def test_tiny_graphs_run_on_the_calling_thread():
    """Below 256 KB a worker pool only costs a thread per session; larger graphs keep
    onnxruntime's default pool (0: one thread per core)."""
    def threads(n: int) -> int:
        f = lt.compile(lambda x: x * 2 + 1)
        executable = f.lower(lt.spec((n,)))._entry.executable
        assert np.allclose(f(np.ones(n, np.float32)).numpy(), 3)
        return executable.session.get_session_options().intra_op_num_threads

    assert threads(4) == 1
    assert threads(21_000) == 1  # 3 x 84 KB
    assert threads(22_000) == 0


def _mutate_both(a, b):
    a += 1
    b *= 2
    return a[1:3] + b if a.shape != b.shape else a + b


@pytest.mark.parametrize("make", [lambda q: (q, q), lambda q: (q, q[1:3]),
                                  lambda q: (q[::-1], q[1:4])],
                         ids=["same-array", "base-and-view", "two-views"])
def test_aliased_arguments_are_traced_as_eager_code_runs(make):
    """Arguments that share memory see each other's writes, as in eager code: aliasing is
    part of the signature."""
    def f(a, b):
        a += 1
        b *= 2
        return a.sum() + b.sum()
    compiled = lt.compile(f)
    q_np = np.arange(5)
    want = f(*make(q_np))  # NumPy, eagerly, on the same aliasing
    for _ in range(2):
        q = lt.asarray(np.arange(5))
        assert compiled(*make(q)).item() == want
        np.testing.assert_array_equal(q.numpy(), q_np)
        q_np = np.arange(5)
        want = f(*make(q_np))
    fresh = lt.asarray(np.arange(5)), lt.asarray(np.arange(5))
    assert compiled(*fresh).item() == f(np.arange(5), np.arange(5))  # not aliased: retraced
    assert compiled.cache_info()["misses"] == 2


def test_the_same_numpy_array_twice_is_one_memory():
    def f(a, b):
        a += 1
        b *= 2
        return a + b
    q, ref = np.arange(3), np.arange(3)
    want = f(ref, ref)
    np.testing.assert_array_equal(lt.compile(f)(q, q).numpy(), want)
    np.testing.assert_array_equal(q, ref)


def test_overlapping_numpy_views_that_are_written_are_refused():
    def f(a, b):
        a += 1
        return b * 2
    base = np.arange(5)
    with pytest.raises(lt.LazytenError, match="overlaps the memory"):
        lt.compile(f)(base, base[1:3])
    np.testing.assert_array_equal(base, np.arange(5))


def test_compiled_functions_inline_compiled_callees_and_refuse_recursion():
    @lt.compile
    def inner(x):
        return x * 2

    @lt.compile
    def outer(x):
        return inner(x) + 1

    assert_matches(outer(np.ones(2, np.float32)), np.full(2, 3, np.float32))
    assert inner.cache_info()["misses"] == 0  # inlined into outer's trace

    @lt.compile
    def recursive(x):
        return recursive(x) + 1

    done = []
    thread = threading.Thread(target=lambda: done.append(pytest.raises(
        lt.TraceError, recursive, np.ones(2, np.float32))))
    thread.start()
    thread.join(timeout=20)
    assert done, "a compiled function calling itself hung"


def test_functions_returning_none_and_updating_arguments():
    @lt.compile
    def bump(x):
        x += 1

    x = lt.ones(2)
    assert bump(x) is None
    assert_matches(x, np.full(2, 2, np.float32))
    assert lt.compile(lambda x: None)(np.ones(2)) is None


def test_arrays_escaping_a_trace_are_a_trace_error_where_used():
    leaked = []

    @lt.compile
    def leaky(x):
        leaked.append(x * 2)
        return x

    leaky(np.ones(2, np.float32))
    with pytest.raises(lt.TraceError, match="escaped"):
        leaked[0] + 1
    with pytest.raises(lt.TraceError, match="escaped"):
        leaked[0].numpy()
    with pytest.raises(lt.TraceError, match="escaped"):
        lt.compile(lambda y: y + leaked[0])(np.ones(2, np.float32))


def test_an_unwritable_dump_folder_warns_once_and_calls_still_run(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    from lazyten import config
    monkeypatch.setattr(config, "DUMP_DIR", str(blocked / "dumps"))
    f = lt.compile(lambda x: x + 1)
    with pytest.warns(RuntimeWarning, match="LAZYTEN_DUMP"):
        assert_matches(f(np.ones(2, np.float32)), np.full(2, 2, np.float32))
    assert_matches(f(np.ones(3, np.float32)), np.full(3, 2, np.float32))
