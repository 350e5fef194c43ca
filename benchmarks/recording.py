"""Eager recording and small-call costs, in one run (issue 14's eager goals).

1. Recording: microseconds per recorded ``y = x + 1`` (nothing realized), and per op of a
   chain that is recorded and realized.
2. ``x + y`` on 3 elements, realized: lazyten against NumPy and against onnxruntime's
   ``InferenceSession.run`` of a one-op model; then the realization alone (recorded
   beforehand) over that run.
3. Eager chains of 100, 2,000 and 20,000 ops on 1e3 elements, realized once at the end
   (graphs cached: the second and later runs), against the same chain in NumPy.
4. The floor of any pure-Python recorder on onnxruntime, for the chain of 100: the least a
   recorder can do per op (one object with slots, no checks, no source line), the least walk
   that finds a graph's order and leaves, and onnxruntime's run of the same chain built by
   hand; against NumPy. Their sum above 2x NumPy says no Python recorder meets that goal.

Medians of interleaved runs; compare ratios within one run (the machine is noisy).
"""
from __future__ import annotations

import statistics
import time

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper
from timing import fmt_time, interleaved_medians

import lazyten as lt


def record_only(x: lt.Array, n: int) -> None:
    for _ in range(n):
        x + 1


def bench_recording() -> None:
    print("1. recording cost (nothing realized)")
    x = lt.asarray(np.ones(1000, np.float32))
    n = 1000
    (t,) = interleaved_medians(lambda: record_only(x, n), min_time=1.0)
    print(f"  y = x + 1: {t / n * 1e6:.2f} us per op")


def add_model() -> ort.InferenceSession:
    info = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [3]) for n in "xyz"]
    graph = helper.make_graph([helper.make_node("Add", ["x", "y"], ["z"])], "add", info[:2],
                              info[2:])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])


def bench_tiny() -> None:
    print("\n2. x + y on 3 elements, realized")
    xs, ys = np.ones(3, np.float32), np.arange(3, dtype=np.float32)
    x, y = lt.asarray(xs), lt.asarray(ys)
    sess = add_model()
    feeds = {"x": xs, "y": ys}
    t_lt, t_np, t_ort = interleaved_medians(lambda: (x + y).numpy(), lambda: xs + ys,
                                            lambda: sess.run(None, feeds))
    print(f"  lazyten {fmt_time(t_lt)}, NumPy {fmt_time(t_np)} (ratio {t_lt / t_np:.1f}), "
          f"InferenceSession.run {fmt_time(t_ort)} (ratio {t_lt / t_ort:.2f})")
    # the realization alone: sums recorded beforehand, each realized and read once
    n = 20_000
    recorded: list = []

    def record() -> None:
        recorded[:] = [x + y for _ in range(n)]

    def realize() -> None:
        for z in recorded:
            z.numpy()

    record()
    realize()
    times = []
    for _ in range(5):
        record()
        t0 = time.perf_counter()
        realize()
        times.append((time.perf_counter() - t0) / n)
    (t_ort,) = interleaved_medians(lambda: sess.run(None, feeds))
    t_realize = statistics.median(times)
    print(f"  realizing a recorded x + y and reading it: {fmt_time(t_realize)}, "
          f"{fmt_time(t_realize - t_ort)} over InferenceSession.run")


def chain(xp, x, n: int):
    for k in range(n // 2):
        x = x * 1.0001 + (k % 7)
    return x


def bench_chains() -> None:
    print("\n3. eager chains x = x * 1.0001 + (k % 7) on 1e3 float32, realized at the end")
    print(f"{'ops':>8} {'lazyten':>10} {'NumPy':>10} {'ratio':>6} {'us/op':>7}")
    xs = np.random.default_rng(0).random(1000, dtype=np.float32)
    x = lt.asarray(xs)
    for n in (100, 2_000, 20_000):
        np.testing.assert_allclose(chain(lt, x, n).numpy(), chain(np, xs, n), rtol=1e-4)
        t_lt, t_np = interleaved_medians(lambda: chain(lt, x, n).numpy(),
                                         lambda: chain(np, xs, n), min_time=1.0)
        print(f"{n:>8} {fmt_time(t_lt):>10} {fmt_time(t_np):>10} {t_lt / t_np:>6.2f} "
              f"{t_lt / n * 1e6:>7.2f}")


class Recorded:
    """The least a lazy recorder keeps per op: what computes it, from what."""

    __slots__ = ("op", "inputs", "value")

    def __init__(self, op: str, inputs: tuple, value: object = None) -> None:
        self.op, self.inputs, self.value = op, inputs, value

    def __mul__(self, other: float) -> "Recorded":
        return Recorded("Mul", (self, Recorded("data", (), other)))

    def __add__(self, other: float) -> "Recorded":
        return Recorded("Add", (self, Recorded("data", (), other)))


def least_walk(root: Recorded) -> tuple[list, list]:
    """Post-order and data leaves of a graph: what any realization must find before it runs
    (iterative, as graphs may be deeper than Python's recursion limit)."""
    order: list = []
    leaves: list = []
    seen = {root}
    path, pending = [root], [iter(root.inputs)]
    while path:
        for child in pending[-1]:
            if child not in seen:
                seen.add(child)
                if child.inputs:
                    path.append(child)
                    pending.append(iter(child.inputs))
                    break
                leaves.append(child)
                order.append(child)
        else:
            pending.pop()
            order.append(path.pop())
    return order, leaves


def chain_model(n: int) -> ort.InferenceSession:
    """``chain`` of ``n`` ops on float32[1000] as a hand-built model, its scalars as
    initializers (as a cached lazyten graph bakes them)."""
    nodes, inits, last = [], [], "x"
    for k in range(n // 2):
        for op, value, out in (("Mul", 1.0001, f"m{k}"), ("Add", float(k % 7), f"a{k}")):
            inits.append(helper.make_tensor(f"c{out}", TensorProto.FLOAT, [], [value]))
            nodes.append(helper.make_node(op, [last, f"c{out}"], [out]))
            last = out
    info = [helper.make_tensor_value_info(name, TensorProto.FLOAT, [1000])
            for name in ("x", last)]
    graph = helper.make_graph(nodes, "chain", info[:1], info[1:], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])


def bench_floor() -> None:
    n = 100
    print(f"\n4. the floor of a pure-Python recorder on onnxruntime, chain of {n} ops on 1e3")
    xs = np.random.default_rng(0).random(1000, dtype=np.float32)
    x = lt.asarray(xs)
    least = Recorded("data", (), xs)
    sess = chain_model(n)
    feeds = {"x": xs}
    recorded = chain(None, least, n)
    t_lt, t_np, t_record, t_walk, t_ort = interleaved_medians(
        lambda: chain(lt, x, n).numpy(), lambda: chain(np, xs, n),
        lambda: chain(None, least, n), lambda: least_walk(recorded),
        lambda: sess.run(None, feeds), min_time=1.0)
    floor = t_record + t_walk + t_ort
    print(f"  per op: least recording {t_record / n * 1e6:.2f} us, least walk "
          f"{t_walk / n * 1e6:.2f} us, onnxruntime's run {t_ort / n * 1e6:.2f} us; "
          f"NumPy {t_np / n * 1e6:.2f} us, lazyten {t_lt / n * 1e6:.2f} us")
    print(f"  floor {fmt_time(floor)} = {floor / t_np:.2f}x NumPy; "
          f"lazyten {t_lt / t_np:.2f}x NumPy, {t_lt / floor:.2f}x the floor")


if __name__ == "__main__":
    bench_recording()
    bench_tiny()
    bench_chains()
    bench_floor()
