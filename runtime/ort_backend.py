"""The onnxruntime backend: pass pipeline, ONNX export and one session per graph."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import onnxruntime as ort

from lazyten.ir import Graph
from lazyten.passes import run_pipeline

from .onnx_export import to_onnx

ort.set_default_logger_severity(3)


def session_options() -> ort.SessionOptions:
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    # a library embedded in user processes should not keep cores spinning between runs
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return so


class OrtExecutable:
    """One optimized graph, its ONNX model and its onnxruntime session; call it with feeds."""

    __slots__ = ("session", "input_names", "output_names", "model", "graph", "_run")

    def __init__(self, graph: Graph, providers: list[str], *, passes: Any = None,
                 stats: list | None = None, dump: Callable | None = None) -> None:
        self.graph = run_pipeline(graph, passes, stats=stats, dump=dump)
        self.model = to_onnx(self.graph)
        self.session = ort.InferenceSession(self.model.SerializeToString(), session_options(),
                                            providers=providers)
        self.input_names = [n.attrs["name"] for n in self.graph.inputs]
        self.output_names = list(self.graph.out_names())
        self._run = self.session._sess.run  # the C-level run: ~2 us less per call than run()

    def __call__(self, feeds: list[Any]) -> list[np.ndarray]:
        return self._run(self.output_names, dict(zip(self.input_names, feeds)), None)


class OrtBackend:
    """Runs graphs on onnxruntime's CPU execution provider."""

    name = "onnxruntime"

    def __init__(self, providers: list[str] | None = None) -> None:
        self.providers = providers or ["CPUExecutionProvider"]

    def compile(self, graph: Graph) -> OrtExecutable:
        return OrtExecutable(graph, self.providers)

    def to_numpy(self, payload: Any) -> np.ndarray:
        return payload if isinstance(payload, np.ndarray) else np.asarray(payload.numpy())


def compile_graph(graph: Graph, *, device: Any = "cpu", passes: Any = None,
                  stats: list | None = None, dump: Callable | None = None) -> OrtExecutable:
    """Optimize, export and load ``graph`` for ``@lt.compile``."""
    return OrtExecutable(graph, ["CPUExecutionProvider"], passes=passes, stats=stats, dump=dump)
