"""Eager-path costs of lazy realization, in one run.

1. Realizing a cached 10-op graph: lazyten (record 10 ops + realize) against a direct
   ``InferenceSession.run`` of the very same ONNX model, at several sizes.
2. Compilations in a 200-iteration loop whose Python scalars change every iteration.
3. The same loop in NumPy, for scale.
4. A plain gradient loop on 64x64 arrays that reads the loss with ``.item()`` every 10 steps:
   each realization must cut the pending graph, so the work stays linear in the loop's length.
5. Standardizing a tall matrix eagerly (StandardScaler's column means and variances).

Medians of repeated runs; compare ratios within one run (the machine is noisy).
"""
from __future__ import annotations

import time

import numpy as np
import onnxruntime as ort
from timing import interleaved_medians

import lazyten as lt
from lazyten.lazy import CACHE


def ten_ops(x, y):
    a = x * y
    b = a + 1.5
    c = b * 0.5
    d = c - y
    e = d * d
    f = e + x
    g = f / 3.0
    h = g - 0.25
    i = h * x
    return i + y


def bench_cached_graph() -> None:
    print("1. realize a cached 10-op graph vs InferenceSession.run of the same model")
    print(f"{'elements':>10} {'lazyten us':>12} {'ort.run us':>12} {'ratio':>7}")
    for n in (1_000, 100_000, 1_000_000):
        xs = np.random.default_rng(0).random(n, dtype=np.float32)
        ys = np.random.default_rng(1).random(n, dtype=np.float32) + 1
        x, y = lt.asarray(xs), lt.asarray(ys)
        ten_ops(x, y).numpy()
        key = next(reversed(CACHE._items))
        exe = CACHE._items[key].executable
        sess = ort.InferenceSession(exe.model.SerializeToString(),
                                    providers=["CPUExecutionProvider"])
        names = [i.name for i in sess.get_inputs()]
        feeds = dict(zip(names, [xs, ys]))  # its Python scalars are baked in (specialize)
        if len(names) != len(feeds):
            raise RuntimeError(f"unexpected inputs {names}")
        t_lazy, t_ort = interleaved_medians(lambda: ten_ops(x, y).numpy(),
                                            lambda: sess.run(None, feeds))
        print(f"{n:>10} {t_lazy * 1e6:>12.1f} {t_ort * 1e6:>12.1f} {t_lazy / t_ort:>7.2f}")


def loop_lazy(x: lt.Array) -> float:
    total = 0.0
    for i in range(200):
        y = lt.sin(x * (i / 200.0)) + i
        total += float(y.sum())
    return total


def loop_numpy(x: np.ndarray) -> float:
    total = 0.0
    for i in range(200):
        y = np.sin(x * np.float32(i / 200.0)) + np.float32(i)
        total += float(y.sum())
    return total


def bench_loop() -> None:
    print("\n2./3. 200 iterations of y = sin(x * (i/200)) + i; total += float(y.sum())")
    xs = np.random.default_rng(0).random(10_000, dtype=np.float32)
    x = lt.asarray(xs)
    lt.clear_caches()
    before = lt.cache_info()["misses"]
    t0 = time.perf_counter()
    got = loop_lazy(x)
    t_lazy = time.perf_counter() - t0
    compilations = lt.cache_info()["misses"] - before
    t0 = time.perf_counter()
    want = loop_numpy(xs)
    t_np = time.perf_counter() - t0
    t0 = time.perf_counter()
    loop_lazy(x)
    t_lazy_warm = time.perf_counter() - t0
    assert abs(got - want) <= 1e-3 * abs(want), (got, want)
    print(f"compilations: {compilations}")
    print(f"lazyten first loop {t_lazy * 1e3:.1f} ms, warm loop {t_lazy_warm * 1e3:.1f} ms; "
          f"NumPy {t_np * 1e3:.1f} ms (ratio warm/NumPy {t_lazy_warm / t_np:.2f})")


def gradient_loop(xp, x, y, w, steps: int = 1000) -> list[float]:
    losses = []
    for i in range(steps):
        r = x @ w - y
        w -= 0.01 * r
        if i % 10 == 0:
            losses.append((r * r).mean().item())
    return losses


def bench_gradient_loop() -> None:
    print("\n4. 1000 steps of r = x @ w - y; w -= 0.01 * r; (r * r).mean().item() every 10")
    rng = np.random.default_rng(0)
    xs, ys, ws = (rng.random((64, 64), dtype=np.float32) / 64 for _ in range(3))
    times = {}
    for name, xp, wrap in (("numpy", np, np.array), ("lazyten", lt, lt.asarray)):
        best = float("inf")
        for _ in range(2):
            w = wrap(ws)
            t0 = time.perf_counter()
            losses = gradient_loop(xp, wrap(xs), wrap(ys), w)
            best = min(best, time.perf_counter() - t0)
        times[name] = (best, losses)
    np.testing.assert_allclose(times["lazyten"][1], times["numpy"][1], rtol=1e-4)
    t_np, t_lt = times["numpy"][0], times["lazyten"][0]
    print(f"lazyten {t_lt * 1e3:.1f} ms, NumPy {t_np * 1e3:.1f} ms (ratio {t_lt / t_np:.1f}); "
          f"cached graphs: {lt.cache_info()['size']}")


def bench_standardize() -> None:
    print("\n5. (X - X.mean(0)) / sqrt(X.var(0)) on 100000x50 float32, eagerly")
    xs = np.random.default_rng(0).random((100_000, 50), dtype=np.float32)
    x = lt.asarray(xs)
    lt.realize(x)

    def lazy() -> np.ndarray:
        return ((x - lt.mean(x, axis=0)) / lt.sqrt(lt.var(x, axis=0))).numpy()

    def numpy() -> np.ndarray:
        return (xs - xs.mean(0)) / np.sqrt(xs.var(0))

    np.testing.assert_allclose(lazy(), numpy(), rtol=1e-4, atol=1e-4)
    t_lazy, t_np = interleaved_medians(lazy, numpy, min_time=1.0)
    print(f"lazyten {t_lazy * 1e3:.1f} ms, NumPy {t_np * 1e3:.1f} ms "
          f"(ratio {t_lazy / t_np:.2f})")


if __name__ == "__main__":
    bench_cached_graph()
    bench_loop()
    bench_gradient_loop()
    bench_standardize()
