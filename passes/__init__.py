"""Passes over the IR (installed as ``lazyten.passes``). Each pass is a plain function from
graph to graph that never mutates its input, returns the same graph when nothing applies, and
is idempotent. ``run_pipeline`` (in ``manager``) runs them in order.

Imports the lazyten core only.
"""
from __future__ import annotations

from .const_fold import const_fold
from .cse import cse
from .dce import dce
from .fuse_patterns import fuse_patterns
from .manager import (DEFAULT_PIPELINE, REGISTRY, Pass, PassStats, resolve,
                      run_pipeline)
from .memory_plan import memory_plan
from .simplify import simplify
from .vectorize import vectorize

__all__ = ["DEFAULT_PIPELINE", "REGISTRY", "Pass", "PassStats", "const_fold", "cse", "dce",
           "fuse_patterns", "memory_plan", "resolve", "run_pipeline", "simplify", "vectorize"]
