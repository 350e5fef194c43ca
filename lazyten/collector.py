"""Python's cyclic garbage collector paused around lazyten's bulk graph work.

A compilation or a realization allocates objects (nodes, key parts, copies of a graph) that all
stay alive until it ends, on top of a pending graph that is alive too. The collector cannot free
any of them, yet each full collection it starts walks every one: the passes grew with the square
of the graph's size (``simplify`` on 20,000 and 100,000 nodes: 45 and 588 ms, 224 ms paused).
Paused, the work runs at its own speed; garbage made meanwhile is collected on the collector's
usual schedule once it resumes.
"""
from __future__ import annotations

import gc
from typing import Any


class paused:
    """``with paused():`` runs the body with the collector off; it resumes after, unless it was
    already off (the user's choice, or an enclosing pause). A class, not a generator: it costs
    a realization of three elements well under a microsecond."""

    __slots__ = ("was_on",)

    def __enter__(self) -> None:
        self.was_on = gc.isenabled()
        if self.was_on:
            gc.disable()

    def __exit__(self, *exc: Any) -> None:
        if self.was_on:
            gc.enable()
