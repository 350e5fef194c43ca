"""Which onnxruntime graph-optimization level lazyten's own sessions should use.

lazyten runs its own passes (constant folding, CSE, DCE, softmax/layer-norm fusion) before it
exports a graph, so onnxruntime's optimizer mostly re-does that work, and its fusions are where
its wrong numbers came from (Transpose+MatMul with a 1-D operand). For each workload, the very
model lazyten runs is loaded at each level: session creation time (median of repeats) and run
time (interleaved medians), as ratios against ORT_ENABLE_ALL, onnxruntime's default.

Usage: python benchmarks/ort_levels.py
"""
from __future__ import annotations

import statistics
import time

import numpy as np
import onnxruntime as ort
from timing import fmt_time, interleaved_medians
from workloads import WORKLOADS

import lazyten as lt

LEVELS = {"disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
          "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
          "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
          "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL}


def session(model: bytes, level: ort.GraphOptimizationLevel) -> ort.InferenceSession:
    so = ort.SessionOptions()
    so.graph_optimization_level = level
    so.log_severity_level = 4
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def creation_seconds(model: bytes, level: ort.GraphOptimizationLevel, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        session(model, level)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def chain(n: int):
    def f(x):
        for k in range(n // 2):
            x = x * 1.0001 + (k % 7)
        return x
    return f


def cases() -> list[tuple[str, bytes, list[np.ndarray]]]:
    rng = np.random.default_rng(0)
    out = []
    for w in WORKLOADS:
        if "1e7" in w.name:
            continue
        inputs = w.inputs(rng)
        model = lt.compile(w.build(lt)).lower(*inputs).onnx
        out.append((w.name, model.SerializeToString(), inputs))
    for n in (100, 2000):
        x = rng.standard_normal(1000, dtype=np.float32)
        model = lt.compile(chain(n)).lower(x).onnx
        out.append((f"chain of {n} ops, 1e3", model.SerializeToString(), [x]))
    return out


def main() -> None:
    names = list(LEVELS)
    print("session creation and run time at each level, as ratios to 'all' (onnxruntime's "
          "default); absolute times for 'all'")
    print(f"{'workload':<28} {'create all':>11} " + " ".join(f"{n:>9}" for n in names[:-1]) +
          f" {'run all':>10} " + " ".join(f"{n:>9}" for n in names[:-1]))
    for name, model, inputs in cases():
        repeats = 3 if "2000" in name else 9
        create = {n: creation_seconds(model, lvl, repeats) for n, lvl in LEVELS.items()}
        sessions = {n: session(model, lvl) for n, lvl in LEVELS.items()}
        feeds = {i.name: a for i, a in zip(sessions["all"].get_inputs(), inputs)}
        runs = dict(zip(names, interleaved_medians(
            *(lambda s=s: s.run(None, feeds) for s in sessions.values()))))
        print(f"{name:<28} {fmt_time(create['all']):>11} " +
              " ".join(f"{create[n] / create['all']:>9.2f}" for n in names[:-1]) +
              f" {fmt_time(runs['all']):>10} " +
              " ".join(f"{runs[n] / runs['all']:>9.2f}" for n in names[:-1]))


if __name__ == "__main__":
    main()
