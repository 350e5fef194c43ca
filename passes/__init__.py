"""Passes over the IR (installed as ``lazyten.passes``). Each pass is a plain function from
graph to graph that never mutates its input and returns the same graph when nothing applies.

Imports the lazyten core only.
"""
from __future__ import annotations

from typing import Callable

from lazyten.ir import Graph

from .dce import dce

Pass = Callable[[Graph], Graph]

DEFAULT_PIPELINE: tuple[tuple[str, Pass], ...] = (("dce", dce),)


def run_pipeline(g: Graph, pipeline: tuple[tuple[str, Pass], ...] = DEFAULT_PIPELINE) -> Graph:
    for _name, fn in pipeline:
        g = fn(g)
    return g
