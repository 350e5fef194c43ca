"""The one interface between lazyten's core and what executes graphs.

A backend's single entry point, ``compile(graph, device, *, passes, stats, dump)``, runs the
pass pipeline it is given and prepares the optimized graph to run on a device; the executable it
returns maps input buffers to output buffers, writing an output into a buffer the caller offers
where that is safe (``lazyten.reuse`` decides). Realization and ``@lt.compile`` both go through
it. The core never names a backend: the package installs one (onnxruntime when it can be
imported, else the NumPy reference backend of ``lazyten.runtime``) with ``set_backend``.
"""
from __future__ import annotations

from typing import Any, Callable, Protocol

import numpy as np

from .errors import BackendError
from .ir import Graph

# per output index: (the index of the graph input that buffer belongs to, or None; the buffer)
Reuse = dict[int, tuple[int | None, Any]]


class Executable(Protocol):
    graph: Graph  # the graph it runs, after the passes
    timings: dict[str, float]  # seconds each stage of building it took

    def __call__(self, feeds: list[Any], reuse: Reuse | None = None) -> list[Any]:
        """Run on ``feeds`` (one buffer per graph input). An output written into its offered
        buffer is returned as that very buffer, so callers see with ``is`` that it was."""


class Backend(Protocol):
    name: str

    def compile(self, graph: Graph, device: Any, *, passes: Any = None,
                stats: list | None = None, dump: Callable[[str, Graph], None] | None = None
                ) -> Executable: ...

    def to_numpy(self, payload: Any) -> np.ndarray: ...

    def transfer(self, array: np.ndarray, device: Any) -> Any: ...

    def device_error(self, device: Any) -> str | None:
        """Why ``device`` cannot be used here, or None when it can."""


_BACKEND: list[Backend] = []


def set_backend(backend: Backend) -> None:
    """Run every graph from now on with ``backend`` (executables are cached per backend)."""
    _BACKEND[:] = [backend]


def get_backend() -> Backend:
    if not _BACKEND:
        raise BackendError("no backend is installed (importing lazyten installs one)")
    return _BACKEND[0]
