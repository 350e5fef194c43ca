"""Passes over the IR (installed as ``lazyten.passes``). Each pass is a plain function from
graph to graph that never mutates its input and returns the same graph when nothing applies.

Imports the lazyten core only.
"""
from __future__ import annotations

from typing import Any, Callable

from lazyten.ir import Graph

from .dce import dce

Pass = Callable[[Graph], Graph]

DEFAULT_PIPELINE: tuple[tuple[str, Pass], ...] = (("dce", dce),)


def run_pipeline(g: Graph, pipeline: Any = None, *, verify: bool = False, disable: Any = (),
                 stats: list | None = None, dump: Callable | None = None) -> Graph:
    """Run the passes in order (the default pipeline when ``pipeline`` is None)."""
    if dump is not None:
        dump("traced", g)
    for name, fn in DEFAULT_PIPELINE if pipeline is None else pipeline:
        if name in disable:
            continue
        g = fn(g)
        if dump is not None:
            dump(name, g)
    return g
