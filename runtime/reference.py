"""The NumPy reference backend: the pass pipeline, then the op table's NumPy references.

It runs wherever NumPy does (lazyten falls back to it when onnxruntime cannot be imported, and
``LAZYTEN_BACKEND=numpy`` selects it), on the CPU only, and gives the results every other
backend is checked against; the test suite's semantic tests run on it too.
"""
from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np

from lazyten.backend import Reuse
from lazyten.device import CPU, Device
from lazyten.errors import DeviceError
from lazyten.interp import evaluate
from lazyten.ir import Graph
from lazyten.passes import run_pipeline


class ReferenceExecutable:
    """An optimized graph, run by ``lazyten.interp.evaluate``."""

    def __init__(self, graph: Graph, *, passes: Any = None, stats: list | None = None,
                 dump: Callable[[str, Graph], None] | None = None) -> None:
        start = time.perf_counter()
        self.graph = run_pipeline(graph, passes, stats=stats, dump=dump)
        self.timings = {"passes": time.perf_counter() - start}

    def fresh_runner(self) -> Callable[[list[Any]], Any]:
        """A run on ``feeds``, for measuring what one run takes (this executor keeps nothing
        between runs)."""
        return self

    def __call__(self, feeds: list[Any], reuse: Reuse | None = None) -> list[Any]:
        results: list[Any] = []
        for r in evaluate(self.graph, feeds):
            results.append(_own(r, feeds + results))
        for k, (_, buffer) in (reuse or {}).items():  # results are new arrays: always safe
            np.copyto(buffer, results[k])
            results[k] = buffer
        return results


def _own(result: np.ndarray, taken: list[Any]) -> np.ndarray:
    """A result as a C-contiguous buffer of its own, as every backend returns them: a reference
    may return a view of an input (reshape), an input itself, another output, a constant of the
    graph (read-only, and the same array on every run), which the caller must not share, or an
    array in another memory order (a transpose), which NumPy could not view as the array's
    views are."""
    flags = result.flags
    if flags.owndata and flags.writeable and flags.c_contiguous and \
            not any(result is t for t in taken):
        return result
    return np.array(result, order="C")


class ReferenceBackend:
    name = "numpy-reference"

    def compile(self, graph: Graph, device: Device = CPU, *, passes: Any = None,
                stats: list | None = None, dump: Callable[[str, Graph], None] | None = None
                ) -> ReferenceExecutable:
        if device is not CPU:
            raise DeviceError(f"cannot use device {device}: {self.device_error(device)}")
        return ReferenceExecutable(graph, passes=passes, stats=stats, dump=dump)

    def to_numpy(self, payload: Any) -> np.ndarray:
        return np.asarray(payload)

    def transfer(self, array: np.ndarray, device: Device) -> Any:
        raise DeviceError(f"cannot use device {device}: {self.device_error(device)}")

    def device_error(self, device: Device) -> str | None:
        return None if device is CPU else \
            "the NumPy reference backend runs on the CPU only"
