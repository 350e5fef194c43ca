"""The onnxruntime backend: pass pipeline, ONNX export and one session per graph.

On the CPU a session is fed NumPy arrays (zero-copy). On CUDA it runs through IOBinding:
inputs already in device memory are bound as they are, outputs are allocated on the device,
and nothing comes back to the host until it is asked for.
"""
from __future__ import annotations

import functools
import itertools
import os
import re
import tempfile
import time
from typing import Any, Callable

import numpy as np
import onnx
import onnxruntime as ort

from lazyten import config
from lazyten.device import CPU, Device
from lazyten.errors import (BackendError, DeviceError, LazyIndexError, LazytenError,
                            OutOfMemoryError, ShapeError)
from lazyten.ir import Graph
from lazyten.ops import complex_array, pairs_array
from lazyten.passes import run_pipeline
from lazyten.reuse import can_overwrite

from .devices import device_error, providers_for, to_device, to_host
from .onnx_export import to_onnx

# onnxruntime's own log lines never reach the user's terminal: its failures become lazyten
# errors (``kernel_error``), and its warnings are about graphs lazyten wrote
ort.set_default_logger_severity(4)


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


# onnxruntime rewrites ``(a @ b) * c`` for a constant c into one FusedMatMul whose alpha is a
# float32: a float64 product is scaled by c rounded to float32 (4e-8 relative error), and
# Python scalars are constants in lazyten's graphs (``lazyten.specialize``; docs/onnxruntime.md)
DISABLED_OPTIMIZERS = ["MatMulScaleFusion"]


def _session(model: onnx.ModelProto, options: ort.SessionOptions, providers: list
             ) -> ort.InferenceSession:
    """A session of ``model`` as lazyten makes every one (without ``DISABLED_OPTIMIZERS``)."""
    return ort.InferenceSession(model.SerializeToString(), options, providers=providers,
                                disabled_optimizers=DISABLED_OPTIMIZERS)


def session_options(touched: int = 0, own_arena: bool = False) -> ort.SessionOptions:
    """Options for a graph that reads and writes ``touched`` bytes (see ``_bytes_touched``).
    Sessions share one CPU arena unless ``own_arena`` (a measurement of what one run takes, a
    CUDA session)."""
    large = touched >= SPIN_MIN_BYTES
    return _options(touched < SINGLE_THREAD_MAX_BYTES, large and config.SPIN, large,
                    not own_arena and _shared_cpu_arena())


@functools.lru_cache(maxsize=None)
def _options(single_thread: bool, spin: bool, large: bool, shared_arena: bool
             ) -> ort.SessionOptions:
    """One options object per kind of session: onnxruntime copies them into each session."""
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 4
    if single_thread:
        so.intra_op_num_threads = 1
    if not spin:
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if shared_arena:
        so.add_session_config_entry("session.use_env_allocators", "1")
    if large:
        # a memory pattern is one block for all of a run's intermediates, allocated beside the
        # arena's own blocks and kept between runs: the seed example at 1e7 held 199 MB over
        # its inputs with it and 122 MB without, at the same speed (benchmarks/compiled.py)
        so.enable_mem_pattern = False
    return so


@functools.lru_cache(maxsize=None)
def _shared_cpu_arena() -> bool:
    """One CPU memory arena for every lazyten session, growing by what is asked (not doubling):
    with an arena per session, each of the hundreds of cached sessions would keep the most it
    ever used. False where it cannot be registered (another one already is): sessions then keep
    their own."""
    info = ort.OrtMemoryInfo("Cpu", ort.OrtAllocatorType.ORT_ARENA_ALLOCATOR, 0,
                             ort.OrtMemType.DEFAULT)
    try:  # max_mem 0 (no limit), extend strategy 1 (kSameAsRequested), defaults for the rest
        ort.create_and_register_allocator(info, ort.OrtArenaCfg(0, 1, -1, -1))
    except Exception:
        return False
    return True


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


# ONNX node names start with the position of the IR node they lower (see onnx_export)
_NODE_NAME = re.compile(r"Name:'n(\d+)_")
_INDEX_FAULTS = ("out of data bounds", "out of range", "out of bounds", "invalid indice")
_MEMORY_FAULTS = ("Failed to allocate memory", "bad_alloc", "out of memory")


def _reason(text: str) -> str:
    """onnxruntime's message without its source paths and C++ signatures."""
    reason = text.split("Status Message:", 1)[-1]
    reason = re.sub(r"\S*onnxruntime_src\S*:\d+\s*", "", reason)
    reason = re.sub(r"^[^\n]*?\]\s+(?=[A-Z])", "", reason.strip())
    reason = re.sub(r"[\w:<>*& ]*onnxruntime::[\w:]+\([^)]*\)\s*", "", reason)
    return reason.strip().rstrip(".")


def _bytes(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.4g} {unit}"
        n /= 1000
    return ""


def kernel_error(exc: Exception, g: Graph, device: Device) -> LazytenError:
    """onnxruntime's failure while running ``g``, in the user's terms: the op that failed, the
    line that recorded it, and onnxruntime's reason."""
    text = str(exc)
    match = _NODE_NAME.search(text)
    pos = int(match.group(1)) if match else -1
    node = g.nodes[pos] if 0 <= pos < len(g.nodes) else None
    where = (f"{node.op} -> {node.type} recorded at {node.loc or 'an unknown line'}"
             if node is not None else f"graph {g.name!r}")
    reason = _reason(text)
    if any(k in text for k in _MEMORY_FAULTS):
        size = f" ({_bytes(node.type.nbytes)})" if node is not None and \
            not node.type.is_symbolic else ""
        return OutOfMemoryError(f"not enough memory on {device} to compute {where}{size}: "
                                f"{reason}")
    if node is not None and any(k in reason.lower() for k in _INDEX_FAULTS):
        return LazyIndexError(f"{where}: an index is out of bounds ({reason})")
    return BackendError(f"onnxruntime failed to compute {where} on {device}: {reason} "
                        "(lazyten accepted this program, so this is a lazyten bug; please "
                        "report it)")


class OrtExecutable:
    """One optimized graph, its ONNX model and its onnxruntime session; call it with feeds."""

    def __init__(self, graph: Graph, device: Device = CPU, *, passes: Any = None,
                 stats: list | None = None, dump: Callable | None = None) -> None:
        self.device = device
        t0 = time.perf_counter()
        self.graph = run_pipeline(graph, passes, stats=stats, dump=dump)
        t1 = time.perf_counter()
        self.model = to_onnx(self.graph)
        # CUDA sessions keep their own arenas: the shared one was measured on the CPU only
        options = session_options(_bytes_touched(self.graph), own_arena=device is not CPU)
        providers = providers_for(device)
        t2 = time.perf_counter()
        # a graph with no outputs computes nothing (onnxruntime refuses to load one)
        self.session = _session(self.model, options, providers) if self.graph.outputs else None
        # seconds per stage of building this executable
        self.timings = {"passes": t1 - t0, "export": t2 - t1,
                        "session": time.perf_counter() - t2}
        self.input_names = [n.attrs["name"] for n in self.graph.inputs]
        self.output_names = list(self.graph.out_names())
        self._run = _run_function(self.session)
        self._safety: dict[tuple[int, int | None], bool] = {}
        self._symbolic = any(o.type.is_symbolic for o in self.graph.outputs)
        # complex values cross the boundary as real pairs (see lazyten.ops.pairs)
        self._complex_in = [k for k, n in enumerate(self.graph.inputs) if n.dtype.kind == "c"]
        self._complex_out = [(k, o.dtype) for k, o in enumerate(self.graph.outputs)
                             if o.dtype.kind == "c"]
        if device is not CPU and (self._complex_in or self._complex_out):
            raise DeviceError(f"complex arrays are computed on the CPU only, not on {device}")

    def runtime_model(self) -> Any:
        """The model onnxruntime really runs: this graph's after onnxruntime's own optimizer
        (its fusions, layout changes and inserted casts), written out by a second session made
        at the same level on the same providers, on demand."""
        if self.session is None:
            return self.model
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 4
        with tempfile.TemporaryDirectory() as folder:
            options.optimized_model_filepath = os.path.join(folder, "optimized.onnx")
            _session(self.model, options, self.session.get_providers())
            return onnx.load(options.optimized_model_filepath)

    def fresh_runner(self) -> Callable[[list[Any]], Any]:
        """A run of this model in a new session made like this one (an empty memory arena), for
        measuring what one run really takes."""
        if self.session is None:
            return lambda feeds: []
        options = session_options(_bytes_touched(self.graph), own_arena=True)
        session = _session(self.model, options, self.session.get_providers())
        return lambda feeds: session.run(None, dict(zip(self.input_names, feeds)))

    def __call__(self, feeds: list[Any], reuse: dict[int, tuple[int | None, Any]] | None = None
                 ) -> list[Any]:
        """Run on ``feeds``. ``reuse`` offers, per output index, an existing buffer to write
        that output into, with the index of the input it belongs to (None: not an input); an
        offer is taken only where ``can_overwrite`` proves it safe. A taken buffer is returned
        as the result itself, so callers see with ``is`` that the update happened in place.
        A kernel failure is raised as the lazyten error that names the op and its line."""
        try:
            if self._complex_in:
                feeds = list(feeds)
                for k in self._complex_in:
                    feeds[k] = pairs_array(feeds[k])
            if self.device is CPU and (not reuse or self._symbolic):
                results = self._run(self.output_names, dict(zip(self.input_names, feeds)), None)
            else:
                results = self._run_bound(feeds, reuse)
            for k, dt in self._complex_out:
                if results[k].dtype.kind != "c":
                    results[k] = complex_array(results[k], dt)
            return results
        except LazytenError:
            raise
        except Exception as exc:
            raise kernel_error(exc, self.graph, self.device) from None

    def _run_bound(self, feeds: list[Any], reuse: dict[int, tuple[int | None, Any]] | None
                   ) -> list[Any]:
        """A run through IOBinding: outputs into offered buffers, or on the device."""
        assert self.session is not None  # reuse is offered for outputs, which exist
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
                bound = pairs_array(buffer) if buffer.dtype.kind == "c" else buffer
                io.bind_output(name, "cpu", 0, bound.dtype, list(bound.shape),
                               bound.ctypes.data)
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


def _run_function(session: ort.InferenceSession | None) -> Callable:
    """``run(output_names, feeds, options)``: onnxruntime's C-level run (about 2 us less per
    call than the public ``run``) where this build exposes it, else the public one."""
    if session is None:
        return lambda names, feeds, options: []
    inner = getattr(session, "_sess", None)
    return inner.run if callable(getattr(inner, "run", None)) else session.run


class OrtBackend:
    """Runs graphs on onnxruntime: the CPU provider, or CUDA for arrays on a CUDA device."""

    name = "onnxruntime"

    def compile(self, graph: Graph, device: Device = CPU, *, passes: Any = None,
                stats: list | None = None, dump: Callable[[str, Graph], None] | None = None
                ) -> OrtExecutable:
        return OrtExecutable(graph, device, passes=passes, stats=stats, dump=dump)

    def to_numpy(self, payload: Any) -> np.ndarray:
        return to_host(payload)

    def transfer(self, array: np.ndarray, device: Device) -> Any:
        return to_device(array, device)

    def device_error(self, device: Device) -> str | None:
        return device_error(device)
