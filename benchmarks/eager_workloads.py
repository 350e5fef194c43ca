"""Issue 14's table of eager workloads, in one run: each row runs eagerly on lazyten arrays
(recorded line by line, realized where the program reads a value), in NumPy, and as the same
graph on onnxruntime (the model ``lt.export`` makes of the program, run by
``InferenceSession.run``; for a loop that reads a value every step, the model of one step, run
once per step). Ratios: lazyten / NumPy and lazyten / onnxruntime.

Times are medians of interleaved runs; compare ratios within one run (the machine is noisy).
``--quick`` skips the 20,000-op chain and scikit-learn.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable, NamedTuple

import numpy as np
import onnxruntime as ort
from timing import fmt_time, interleaved_medians
from workloads import layernorm, seed_example, softmax

import lazyten as lt

# scikit-learn's array-API dispatch needs SciPy's, which is read when SciPy is first imported
os.environ.setdefault("SCIPY_ARRAY_API", "1")


def session(model: Any) -> tuple[ort.InferenceSession, list[str]]:
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess, [i.name for i in sess.get_inputs()]


class Row(NamedTuple):
    name: str
    lazy: Callable[[], object]
    numpy: Callable[[], object]
    ort: Callable[[], object] | None


def whole_program(name: str, fn: Callable, inputs: list[np.ndarray]) -> Row:
    """A program with no reads inside: lazyten realizes its result once; onnxruntime runs the
    model of the whole program."""
    arrays = [lt.asarray(x) for x in inputs]
    lt.realize(*arrays)
    sess, names = session(lt.export(lambda *a: fn(lt, *a), *inputs))
    feeds = dict(zip(names, inputs))
    np.testing.assert_allclose(np.asarray(fn(lt, *arrays)), fn(np, *inputs), rtol=1e-3,
                               atol=1e-3)
    return Row(name, lambda: np.asarray(fn(lt, *arrays)), lambda: fn(np, *inputs),
               lambda: sess.run(None, feeds))


def chain(xp: Any, x: Any, n: int) -> Any:
    for k in range(n // 2):
        x = x * 1.0001 + (k % 7)
    return x


def inplace_loop(xp: Any, X: Any, Y: Any) -> Any:
    for _ in range(100):
        X[:] = X * 0.5 + Y
    return X


def inplace_row() -> Row:
    """100 in-place updates of a 1e6 array, read at the end; onnxruntime runs the same 200
    ops unrolled."""
    rng = np.random.default_rng(2)
    xs, ys = (rng.standard_normal(10**6, dtype=np.float32) for _ in range(2))
    X, Y = lt.asarray(xs.copy()), lt.asarray(ys)

    def unrolled(xp: Any, x: Any, y: Any) -> Any:
        for _ in range(100):
            x = x * 0.5 + y
        return x

    sess, names = session(lt.export(lambda x, y: unrolled(lt, x, y), xs, ys))
    feeds = dict(zip(names, (xs, ys)))
    Xn = xs.copy()
    return Row("in-place loop, 100 x X[:] = X*0.5 + Y, 1e6",
               lambda: np.asarray(inplace_loop(lt, X, Y)), lambda: inplace_loop(np, Xn, ys),
               lambda: sess.run(None, feeds))


def item_loop_row() -> Row:
    """200 iterations, each reading a scalar back: onnxruntime runs the step's model 200
    times, fed the changing Python scalars."""
    xs = np.random.default_rng(0).random(10_000, dtype=np.float32)
    x = lt.asarray(xs)

    def step(xp: Any, x: Any, a: Any, b: Any) -> Any:
        return xp.sum(xp.sin(x * a) + b)

    def lazy() -> float:
        return sum(float(step(lt, x, i / 200.0, i)) for i in range(200))

    def numpy() -> float:
        return sum(float(step(np, xs, np.float32(i / 200.0), np.float32(i)))
                   for i in range(200))

    def f32(value: float) -> np.ndarray:
        return np.asarray(value, np.float32)

    sess, names = session(lt.export(lambda x, a, b: step(lt, x, a, b), xs, f32(0), f32(0)))

    def onnx() -> float:
        return sum(float(sess.run(None, dict(zip(names, (xs, f32(i / 200.0), f32(i)))))[0])
                   for i in range(200))

    assert abs(lazy() - numpy()) <= 1e-3 * abs(numpy())
    return Row("200-step loop, .item() each step, 1e4", lazy, numpy, onnx)


def gradient_row() -> Row:
    """1000 steps of a gradient loop on 64x64 arrays, the loss read every 10 steps;
    onnxruntime runs the model of 10 steps 100 times, feeding the weights back."""
    rng = np.random.default_rng(0)
    xs, ys, ws = (rng.random((64, 64), dtype=np.float32) / 64 for _ in range(3))

    def steps(xp: Any, x: Any, y: Any, w: Any, n: int, losses: list) -> Any:
        for i in range(n):
            r = x @ w - y
            w = w - 0.01 * r
            if i % 10 == 0:
                losses.append((r * r).mean())
        return w

    def run(xp: Any, wrap: Callable) -> list[float]:
        x, y, w = wrap(xs), wrap(ys), wrap(ws)
        losses: list = []
        for _ in range(100):
            w = steps(xp, x, y, w, 10, losses)
            losses[-1] = float(losses[-1])
        return losses

    def ten(x: Any, y: Any, w: Any) -> tuple:
        losses: list = []
        w = steps(lt, x, y, w, 10, losses)
        return losses[0], w

    sess, names = session(lt.export(ten, xs, ys, ws))

    def onnx() -> list[float]:
        w, losses = ws, []
        for _ in range(100):
            loss, w = sess.run(None, dict(zip(names, (xs, ys, w))))
            losses.append(float(loss))
        return losses

    np.testing.assert_allclose(run(lt, lt.asarray), run(np, np.array), rtol=1e-4)
    return Row("gradient loop 64x64, 1000 steps, .item() every 10",
               lambda: run(lt, lt.asarray), lambda: run(np, np.array), onnx)


def scaler_row() -> Row | None:
    """scikit-learn's StandardScaler under array-API dispatch (onnxruntime: the model of the
    hand-written standardization, the same arithmetic)."""
    try:
        import sklearn
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        return None
    xs = np.random.default_rng(0).random((100_000, 50), dtype=np.float32)
    x = lt.asarray(xs)
    lt.realize(x)

    def standardize(x: Any) -> Any:
        return (x - lt.mean(x, axis=0)) / lt.sqrt(lt.var(x, axis=0))

    sess, names = session(lt.export(standardize, xs))
    feeds = dict(zip(names, [xs]))

    def fit(data: Any) -> np.ndarray:
        with sklearn.config_context(array_api_dispatch=True):
            return np.asarray(StandardScaler().fit_transform(data))

    np.testing.assert_allclose(fit(x), fit(xs), rtol=1e-3, atol=1e-3)
    return Row("StandardScaler().fit_transform 100000x50", lambda: fit(x), lambda: fit(xs),
               lambda: sess.run(None, feeds))


def rows(quick: bool) -> list[Row]:
    rng = np.random.default_rng(0)

    def f32(*shape: int) -> np.ndarray:
        return rng.standard_normal(shape, dtype=np.float32)

    def seed(xp: Any, x: Any, y: Any) -> Any:
        return seed_example(xp)(x, y)

    table = [
        whole_program("x + y, 3 elements", lambda xp, x, y: x + y, [f32(3), f32(3)]),
        whole_program("seed example, 1e3", seed, [f32(1000), f32(1000)]),
        whole_program("seed example, 1e6", seed, [f32(10**6), f32(10**6)]),
    ]
    for n in (100, 2_000) + (() if quick else (20_000,)):
        table.append(whole_program(f"chain of {n} elementwise ops, 1e3",
                                   lambda xp, x, n=n: chain(xp, x, n), [f32(1000)]))
    table += [
        inplace_row(),
        item_loop_row(),
        gradient_row(),
        whole_program("layer norm 1024x4096",
                      lambda xp, x, g, b: layernorm(xp)(x, g, b),
                      [f32(1024, 4096), f32(4096), f32(4096)]),
        whole_program("softmax 1024x4096", lambda xp, x: softmax(xp)(x), [f32(1024, 4096)]),
    ]
    scaler = None if quick else scaler_row()
    return table + ([scaler] if scaler else [])


def main(quick: bool) -> None:
    print(f"{'workload':<52} {'lazyten':>10} {'NumPy':>10} {'ORT':>10} {'/NumPy':>7} "
          f"{'/ORT':>6}")
    for row in rows(quick):
        fns = [row.lazy, row.numpy] + ([row.ort] if row.ort else [])
        times = interleaved_medians(*fns, min_time=1.0, timed=1)
        t_lt, t_np = times[0], times[1]
        t_ort = times[2] if row.ort else float("nan")
        print(f"{row.name:<52} {fmt_time(t_lt):>10} {fmt_time(t_np):>10} {fmt_time(t_ort):>10} "
              f"{t_lt / t_np:>7.2f} {t_lt / t_ort:>6.2f}", flush=True)


if __name__ == "__main__":
    main("--quick" in sys.argv)
