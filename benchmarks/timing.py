"""Small timing helpers shared by the benchmark scripts."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def median_seconds(fn: Callable[[], object], *, min_time: float = 0.3, max_reps: int = 2000,
                   warmup: int = 3, warmup_time: float = 0.2) -> float:
    """Median wall time of ``fn`` over enough repetitions to fill ``min_time``.

    Warms up for ``warmup`` calls and at least ``warmup_time`` seconds first: onnxruntime's
    first runs at a shape plan memory and grow arenas, which is not what we compare.
    """
    start = time.perf_counter()
    for k in range(max_reps):
        fn()
        if k + 1 >= warmup and time.perf_counter() - start >= warmup_time:
            break
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < max_reps and (time.perf_counter() - start < min_time or len(times) < 5):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def best_block(fn: Callable[[], object], blocks: int = 3, min_time: float = 0.15) -> float:
    """The best of ``blocks`` medians, each over back-to-back calls of ``fn`` alone."""
    return min(median_seconds(fn, min_time=min_time, warmup_time=0.05) for _ in range(blocks))


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    return f"{seconds * 1e3:.2f} ms"


def interleaved_medians(*fns: Callable[[], object], min_time: float = 0.6,
                        max_rounds: int = 3000, timed: int = 2) -> list[float]:
    """Median times of several functions measured in alternation (after warming each up), so
    that a noisy neighbour or a CPU clock change hits all of them alike. The order rotates
    every round: whichever runs right after a memory-hungry one (NumPy) pays for its page
    faults and cache misses, and no function should always be that one. At each turn a
    function runs once untimed, then ``timed`` times: the first run after a switch pays for
    the previous function (its cache footprint, onnxruntime worker threads still spinning for
    another session), which belongs to neither."""
    for fn in fns:
        median_seconds(fn, min_time=0.0, max_reps=50)
    times: list[list[float]] = [[] for _ in fns]
    start = time.perf_counter()
    rounds = 0
    while rounds < max_rounds and (time.perf_counter() - start < min_time or rounds < 5):
        for j in range(len(fns)):
            k = (j + rounds) % len(fns)
            fns[k]()
            for _ in range(timed):
                t0 = time.perf_counter()
                fns[k]()
                times[k].append(time.perf_counter() - t0)
        rounds += 1
    return [statistics.median(t) for t in times]
