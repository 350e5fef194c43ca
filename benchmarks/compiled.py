"""Compiled-function figures on the CPU, in one run.

Columns: NumPy, lazyten ``@lt.compile``, and the very same ONNX model run directly by
``InferenceSession.run`` (ratios are lazyten / direct ONNX). Then: per-call overhead on three
elements, softmax/layernorm against onnxruntime's single ``Softmax``/``LayerNormalization``,
first-call cost against session creation at 100/2,000/20,000 nodes, loops writing element by
element, the in-place loop, and
the memory of the seed example at 1e7 (planned, first call, steady) in a fresh process per
backend.

Usage: python benchmarks/compiled.py [--quick]
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper
from timing import best_block, fmt_time, interleaved_medians
from workloads import WORKLOADS, layernorm, softmax

import lazyten as lt
from lazyten.passes import DEFAULT_PIPELINE

CPU = ["CPUExecutionProvider"]


def direct_session(model: onnx.ModelProto) -> ort.InferenceSession:
    return ort.InferenceSession(model.SerializeToString(), providers=CPU)


def workload_table(quick: bool) -> None:
    print("'ratio' is from interleaved calls; 'alone' from blocks of calls of one backend at a "
          "time (best of 3 medians),\nwhere onnxruntime's spinning workers serve only their "
          "own session")
    print(f"{'workload':<30} {'NumPy':>10} {'lazyten':>10} {'ONNX direct':>12} {'ratio':>6} "
          f"{'alone':>6}")
    rng = np.random.default_rng(0)
    for w in WORKLOADS:
        if quick and "1e7" in w.name:
            continue
        inputs = w.inputs(rng)
        ref_fn = w.build(np)
        compiled = lt.compile(w.build(lt))
        args = [lt.asarray(a) for a in inputs]
        got = compiled(*args)
        np.testing.assert_allclose(got.numpy(), ref_fn(*inputs), rtol=2e-3, atol=2e-3)
        sess = direct_session(compiled.lower(*args).onnx)
        feeds = {i.name: a for i, a in zip(sess.get_inputs(), inputs)}
        t_np, t_lt, t_ort = interleaved_medians(lambda: ref_fn(*inputs),
                                                lambda: compiled(*args),
                                                lambda: sess.run(None, feeds))
        alone = best_block(lambda: compiled(*args)) / best_block(lambda: sess.run(None, feeds))
        print(f"{w.name:<30} {fmt_time(t_np):>10} {fmt_time(t_lt):>10} {fmt_time(t_ort):>12} "
              f"{t_lt / t_ort:>6.2f} {alone:>6.2f}")


def overhead() -> None:
    x = np.ones(3, np.float32)
    f = lt.compile(lambda x: x + 1)
    f(x)
    sess = direct_session(lt.export(f, x))
    name = sess.get_inputs()[0].name
    io = sess.io_binding()
    io.bind_cpu_input(name, x)
    io.bind_output(sess.get_outputs()[0].name, "cpu")
    t_lt, t_run, t_io, t_np = interleaved_medians(
        lambda: f(x), lambda: sess.run(None, {name: x}), lambda: sess.run_with_iobinding(io),
        lambda: x + 1)
    print(f"\nper-call overhead, x + 1 on 3 elements: lazyten {fmt_time(t_lt)}, "
          f"InferenceSession.run {fmt_time(t_run)} (ratio {t_lt / t_run:.2f}), "
          f"IOBinding {fmt_time(t_io)}, NumPy {fmt_time(t_np)}")


def single_op_model(op: str, shape: tuple, extra: dict) -> onnx.ModelProto:
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(shape))]
    names = ["x"]
    if op == "LayerNormalization":
        for n in ("g", "b"):
            inputs.append(helper.make_tensor_value_info(n, TensorProto.FLOAT, [shape[-1]]))
            names.append(n)
    graph = helper.make_graph([helper.make_node(op, names, ["y"], **extra)], op, inputs,
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                                             list(shape))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    return model


def fused_ops() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1024, 4096), dtype=np.float32)
    g, b = rng.standard_normal(4096, dtype=np.float32), rng.standard_normal(4096, dtype=np.float32)
    print("\nsoftmax / layernorm written by hand against onnxruntime's single op (1024x4096)")
    for name, build, op, args, feeds in [
            ("softmax", softmax, "Softmax", [x], {"x": x}),
            ("layernorm", layernorm, "LayerNormalization", [x, g, b], {"x": x, "g": g, "b": b})]:
        compiled = lt.compile(build(lt))
        lt_args = [lt.asarray(a) for a in args]
        compiled(*lt_args)
        sess = direct_session(single_op_model(op, x.shape, {"axis": -1}))
        t_lt, t_op, t_np = interleaved_medians(lambda: compiled(*lt_args),
                                               lambda: sess.run(None, feeds),
                                               lambda: build(np)(*args))
        print(f"  {name:<10} lazyten {fmt_time(t_lt)}, single {op} {fmt_time(t_op)} "
              f"(ratio {t_lt / t_op:.2f}), NumPy {fmt_time(t_np)}")


def chain(n_nodes: int):
    def f(x):
        for k in range(n_nodes // 2):
            x = x * 1.0001 + (k % 7)
        return x
    return f


def first_call() -> None:
    print("\nfirst call against onnxruntime's session creation for the exported model (medians "
          "of repeats).\n'lazyten' is the whole first call minus lazyten's own session creation "
          "(garbage collection and bookkeeping included); its stages come from f.lower().timings;\n"
          "'ratio' is of the medians, 'paired' the median of each repeat's own ratio (steadier "
          "when the machine's speed drifts)")
    print(f"{'nodes':>8} {'trace':>10} {'passes':>10} {'export':>10} {'lazyten':>10} "
          f"{'ORT session':>12} {'ratio':>6} {'paired':>6}")
    for n, repeats in ((100, 41), (2_000, 9), (20_000, 3)):
        stages: dict[str, list[float]] = {"trace": [], "passes": [], "export": [], "lazyten": [],
                                          "ORT": []}
        for _ in range(repeats):
            f = lt.compile(chain(n))
            t0 = time.perf_counter()
            lowered = f.lower(lt.spec((16,)))
            stages["lazyten"].append(time.perf_counter() - t0 - lowered.timings["session"])
            for stage in ("trace", "passes", "export"):
                stages[stage].append(lowered.timings[stage])
            model = lowered.onnx
            t0 = time.perf_counter()
            session = direct_session(model)
            stages["ORT"].append(time.perf_counter() - t0)
            del f, lowered, session  # freed here, outside both timed regions
        nodes = len(model.graph.node)
        t = {k: statistics.median(v) for k, v in stages.items()}
        paired = statistics.median(a / b for a, b in zip(stages["lazyten"], stages["ORT"]))
        print(f"{nodes:>8} {fmt_time(t['trace']):>10} "
              f"{fmt_time(t['passes']):>10} {fmt_time(t['export']):>10} "
              f"{fmt_time(t['lazyten']):>10} {fmt_time(t['ORT']):>12} "
              f"{t['lazyten'] / t['ORT']:>6.2f} {paired:>6.2f}")


def inplace_loop() -> None:
    rng = np.random.default_rng(2)
    xs, ys = rng.standard_normal(10**6, dtype=np.float32), rng.standard_normal(10**6,
                                                                                 dtype=np.float32)

    @lt.compile
    def step(X, Y):
        X[:] = X * 0.5 + Y

    X, Y = lt.asarray(xs), lt.asarray(ys)
    step(X, Y)

    def run_lt():
        for _ in range(100):
            step(X, Y)

    def run_np():
        Xn = xs.copy()
        for _ in range(100):
            Xn[:] = Xn * 0.5 + ys

    t_lt, t_np = interleaved_medians(run_lt, run_np, min_time=1.0)
    print(f"\n100 x (X[:] = X*0.5 + Y) on 1e6: lazyten {fmt_time(t_lt)}, NumPy {fmt_time(t_np)}")


def element_loop(n: int):
    def f(x, y):
        for i in range(n):
            x[i] = x[i] * 2 + y[i]
        return x
    return f


def element_loops() -> None:
    """Lowering a loop that writes element by element: with the vectorize pass (one scatter of
    packed values) against the written-out chain of n writes (the pass disabled), each first
    call whole (trace, passes, export, session creation)."""
    print("\nfirst call of `for i in range(n): x[i] = x[i] * 2 + y[i]` (seconds): vectorized, "
          "and written out (vectorize disabled; skipped where it would take minutes)")
    print(f"{'n':>8} {'vectorized':>11} {'written out':>12}")
    passes = [name for name, _ in DEFAULT_PIPELINE if name != "vectorize"]
    for n in (1_000, 4_000, 10_000):
        x = np.zeros(n, np.float32)
        t0 = time.perf_counter()
        lt.compile(element_loop(n))(x.copy(), x)
        vectorized = time.perf_counter() - t0
        written = "-"
        if n <= 1_000:
            t0 = time.perf_counter()
            lt.compile(element_loop(n), passes=passes)(x.copy(), x)
            written = f"{time.perf_counter() - t0:.2f}"
        print(f"{n:>8} {vectorized:>11.2f} {written:>12}")


MEMORY_SNIPPET = r"""
import sys, numpy as np
sys.path.insert(0, "benchmarks")
from workloads import seed_example
backend = sys.argv[1]
rng = np.random.default_rng(0)
x = rng.standard_normal(10**7, dtype=np.float32); y = rng.standard_normal(10**7, dtype=np.float32)
planned = ""
if backend == "numpy":
    f = seed_example(np); call = lambda: f(x, y)
elif backend == "lazyten":
    import lazyten as lt
    f = lt.compile(seed_example(lt)); call = lambda: f(x, y)
    planned = f"{f.lower(x, y).memory.peak_bytes / 1e6:.1f}"
else:
    import lazyten as lt, onnxruntime as ort
    model = lt.export(seed_example(lt), x, y)
    s = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    feeds = {i.name: v for i, v in zip(s.get_inputs(), (x, y))}; call = lambda: s.run(None, feeds)
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
before = status("VmRSS:")
open("/proc/self/clear_refs", "w").write("5")
out = call()
first = status("VmHWM:") - before
warm = status("VmRSS:")
open("/proc/self/clear_refs", "w").write("5")
for _ in range(4):
    out = call()
steady = status("VmHWM:") - warm
print(f"{planned:>8} {first / 1e6:8.1f} {steady / 1e6:8.1f} {(warm - before) / 1e6:8.1f} "
      f"{(status('VmRSS:') - before) / 1e6:8.1f}")
"""


INPLACE_SNIPPET = r"""
import numpy as np, lazyten as lt
rng = np.random.default_rng(2)
X, Y = (lt.asarray(rng.standard_normal(10**6, dtype=np.float32)) for _ in range(2))
lt.realize(X, Y)
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
before = status("VmRSS:")
open("/proc/self/clear_refs", "w").write("5")
for _ in range(5):
    for _ in range(100):
        X[:] = X * 0.5 + Y
    np.asarray(X).sum()
print(f"{(status('VmHWM:') - before) / 1e6:.1f} MB peak over its two 4 MB arrays")
"""


def memory() -> None:
    print("\nmemory of the seed example at 1e7, MB (out = f(x, y) five times in a fresh process;"
          " the output is 40 MB)\n"
          "  planned: lazyten's buffer plan for one call\n"
          "  first: the first call's peak over the resident size before it (lazyten compiles"
          " there)\n"
          "  steady: the peak of calls 2-5 over the resident size after the first\n"
          "  held 1, held 5: resident growth after the first and the fifth call")
    print(f"  {'':<12} {'planned':>8} {'first':>8} {'steady':>8} {'held 1':>8} {'held 5':>8}")
    for backend in ("numpy", "lazyten", "onnx-direct"):
        result = subprocess.run([sys.executable, "-c", MEMORY_SNIPPET, backend],
                                capture_output=True, text=True)
        figure = result.stdout.strip("\n") or result.stderr.strip().splitlines()[-1]
        print(f"  {backend:<12} {figure}")
    result = subprocess.run([sys.executable, "-c", INPLACE_SNIPPET], capture_output=True,
                            text=True)
    figure = result.stdout.strip() or result.stderr.strip().splitlines()[-1]
    print(f"eager in-place loop (5 x 100 x X[:] = X*0.5 + Y on 1e6, read each 100): {figure}")


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    workload_table(quick)
    overhead()
    fused_ops()
    first_call()
    element_loops()
    inplace_loop()
    if not quick:
        memory()
