"""The onnxruntime backend: pass pipeline, ONNX export and one session per graph.

On the CPU a session is fed NumPy arrays (zero-copy). On CUDA it runs through IOBinding:
inputs already in device memory are bound as they are, outputs are allocated on the device,
and nothing comes back to the host until it is asked for.
"""
from __future__ import annotations

import functools
import itertools
import time
from typing import Any, Callable

import numpy as np
import onnxruntime as ort

from lazyten import config
from lazyten.aliasing import can_overwrite
from lazyten.device import CPU, Device
from lazyten.errors import ShapeError
from lazyten.ir import Graph
from lazyten.passes import run_pipeline

from .devices import device_error, providers_for, to_device, to_host
from .onnx_export import to_onnx

ort.set_default_logger_severity(3)


# Graphs that read and write at least this many bytes run for a millisecond or more: their
# worker threads may spin between runs (onnxruntime's default, ~20% faster back to back on two
# cores, up to 1.5x for matmuls). Cheaper graphs' workers sleep at once: many sessions' spinning
# workers would starve the Python thread that records and runs them (the test suite ran 8x
# slower).
SPIN_MIN_BYTES = 8 << 20
# Graphs below this run on the calling thread: their kernels are too small for onnxruntime to
# split, so a worker pool only costs a thread per session (lazyten caches hundreds of sessions),
# its start-up when the session is made, and a hand-off per run (3 elements: 6.8 -> 6.3 us).
SINGLE_THREAD_MAX_BYTES = 256 << 10


def session_options(touched: int = 0) -> ort.SessionOptions:
    """Options for a graph that reads and writes ``touched`` bytes (see ``_bytes_touched``)."""
    return _options(touched < SINGLE_THREAD_MAX_BYTES, touched >= SPIN_MIN_BYTES and config.SPIN)


@functools.lru_cache(maxsize=None)
def _options(single_thread: bool, spin: bool) -> ort.SessionOptions:
    """One options object per kind of session: onnxruntime copies them into each session."""
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    if single_thread:
        so.intra_op_num_threads = 1
    if not spin:
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return so


def _bytes_touched(g: Graph) -> int:
    """Bytes of the graph's inputs, constants and computed values: a proxy for how long a run
    takes (symbolic sizes count as large)."""
    sizes: dict[int, int] = {}  # id(type) -> bytes: types are mostly shared objects
    total = 0
    for n in itertools.chain(g.inputs, g.nodes):
        size = sizes.get(id(n.type))
        if size is None:
            try:
                size = sizes[id(n.type)] = n.type.nbytes
            except ShapeError:
                return SPIN_MIN_BYTES
        total += size
    return total


class OrtExecutable:
    """One optimized graph, its ONNX model and its onnxruntime session; call it with feeds."""

    def __init__(self, graph: Graph, device: Device = CPU, *, passes: Any = None,
                 stats: list | None = None, dump: Callable | None = None) -> None:
        self.device = device
        t0 = time.perf_counter()
        self.graph = run_pipeline(graph, passes, stats=stats, dump=dump)
        t1 = time.perf_counter()
        self.model = to_onnx(self.graph)
        options = session_options(_bytes_touched(self.graph))
        providers = providers_for(device)
        t2 = time.perf_counter()
        self.session = ort.InferenceSession(self.model.SerializeToString(), options,
                                            providers=providers)
        # seconds per stage of building this executable
        self.timings = {"passes": t1 - t0, "export": t2 - t1,
                        "session": time.perf_counter() - t2}
        self.input_names = [n.attrs["name"] for n in self.graph.inputs]
        self.output_names = list(self.graph.out_names())
        self._run = self.session._sess.run  # the C-level run: ~2 us less per call than run()
        self._safety: dict[tuple[int, int | None], bool] = {}
        self._symbolic = any(o.type.is_symbolic for o in self.graph.outputs)

    def __call__(self, feeds: list[Any], reuse: dict[int, tuple[int | None, Any]] | None = None
                 ) -> list[Any]:
        """Run on ``feeds``. ``reuse`` offers, per output index, an existing buffer to write
        that output into, with the index of the input it belongs to (None: not an input); an
        offer is taken only where ``can_overwrite`` proves it safe. A taken buffer is returned
        as the result itself, so callers see with ``is`` that the update happened in place."""
        if self.device is CPU and (not reuse or self._symbolic):
            return self._run(self.output_names, dict(zip(self.input_names, feeds)), None)
        io = self.session.io_binding()
        for name, value in zip(self.input_names, feeds):
            if isinstance(value, np.ndarray):
                io.bind_cpu_input(name, value)
            else:
                io.bind_ortvalue_input(name, value)
        results: list[Any] = []
        for k, (name, node) in enumerate(zip(self.output_names, self.graph.outputs)):
            offer = (reuse or {}).get(k)
            buffer = offer[1] if offer is not None and self._safe(k, offer[0]) else None
            if self.device is CPU:
                if buffer is None:
                    buffer = np.empty(node.shape, node.dtype.np)
                io.bind_output(name, "cpu", 0, buffer.dtype, list(buffer.shape),
                               buffer.ctypes.data)
            elif buffer is None:
                io.bind_output(name, "cuda", self.device.index)
            else:
                io.bind_ortvalue_output(name, buffer)
            results.append(buffer)
        self.session.run_with_iobinding(io)
        if self.device is CPU:
            return results
        return [mine if mine is not None else theirs
                for mine, theirs in zip(results, io.get_outputs())]

    def _safe(self, output: int, source: int | None) -> bool:
        key = (output, source)
        if key not in self._safety:
            self._safety[key] = source is None or can_overwrite(
                self.graph, self.graph.inputs[source], self.graph.outputs[output])
        return self._safety[key]


class OrtBackend:
    """Runs graphs on onnxruntime: the CPU provider, or CUDA for arrays on a CUDA device."""

    name = "onnxruntime"

    def compile(self, graph: Graph, device: Device = CPU) -> OrtExecutable:
        return OrtExecutable(graph, device)

    def to_numpy(self, payload: Any) -> np.ndarray:
        return to_host(payload)

    def transfer(self, array: np.ndarray, device: Device) -> Any:
        return to_device(array, device)

    def device_error(self, device: Device) -> str | None:
        return device_error(device)


def compile_graph(graph: Graph, *, device: Any = CPU, passes: Any = None,
                  stats: list | None = None, dump: Callable | None = None) -> OrtExecutable:
    """Optimize, export and load ``graph`` for ``@lt.compile``."""
    return OrtExecutable(graph, Device(device), passes=passes, stats=stats, dump=dump)
