"""The pass manager: runs a pipeline, verifies between passes, records statistics and dumps.

``run_pipeline(g)`` runs ``DEFAULT_PIPELINE``. Its leading rewriting passes (``FIXPOINT``) are
repeated while any of them changes the graph, at most ``max_rounds`` times, since one pass can
expose work for another (simplify leaves constants for const_fold); a repeat skips each pass
whose last result is still the current graph (passes are idempotent). Verification is on when
asked or when ``LAZYTEN_VERIFY=1`` is set at import (the test suite sets it).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence, Union

from lazyten import config
from lazyten.collector import paused
from lazyten.errors import PassError, VerifyError
from lazyten.ir import Graph
from lazyten.verify import verify as verify_graph

from .const_fold import const_fold
from .cse import cse
from .dce import dce
from .fuse_patterns import fuse_patterns
from .memory_plan import memory_plan
from .rewrite import collecting, stop_collecting
from .simplify import simplify
from .vectorize import vectorize

Pass = Callable[[Graph], Graph]
PipelineEntry = Union[str, tuple[str, Pass]]


REGISTRY: dict[str, Pass] = {
    "const_fold": const_fold, "simplify": simplify, "cse": cse,
    "fuse_patterns": fuse_patterns, "dce": dce, "memory_plan": memory_plan,
    "vectorize": vectorize,
}
DEFAULT_PIPELINE: tuple[tuple[str, Pass], ...] = tuple(
    (name, REGISTRY[name]) for name in
    ("const_fold", "simplify", "vectorize", "cse", "fuse_patterns", "dce", "memory_plan"))
FIXPOINT = frozenset({"const_fold", "simplify", "vectorize", "cse", "fuse_patterns"})


@dataclass
class PassStats:
    """One pass run: sizes before and after, whether it changed the graph, its own counters
    (``folds``, ``merges``, ``bytes_saved``, rule names...) and its time."""

    name: str
    nodes_before: int
    nodes_after: int
    changed: bool
    seconds: float
    counters: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in sorted(self.counters.items()))
        return (f"{self.name:<14} {self.nodes_before:>7} -> {self.nodes_after:<7} "
                f"{'changed' if self.changed else 'same':<8} {self.seconds * 1e3:8.2f} ms  {extra}")


def resolve(pipeline: Iterable[PipelineEntry]) -> list[tuple[str, Pass]]:
    out = []
    for entry in pipeline:
        if isinstance(entry, str):
            if entry not in REGISTRY:
                raise PassError(f"unknown pass {entry!r}; known passes: {sorted(REGISTRY)}")
            entry = (entry, REGISTRY[entry])
        out.append(entry)
    return out


def run_pipeline(g: Graph, pipeline: Sequence[PipelineEntry] | None = None, *,
                 verify: bool | None = None, disable: Iterable[str] = (),
                 stats: list[PassStats] | None = None,
                 dump: Callable[[str, Graph], None] | None = None,
                 max_rounds: int = 3) -> Graph:
    """Run ``pipeline`` (default ``DEFAULT_PIPELINE``) on ``g``, skipping names in ``disable``.

    ``dump(stage, graph)`` is called with 'traced' first and after every pass (a repeated pass
    is named ``name.2``, ``name.3``...); ``stats`` receives one ``PassStats`` per pass run.
    Python's cyclic collector is paused meanwhile (``lazyten.collector``).
    """
    with paused():  # nothing the passes allocate is garbage before they end
        skip = set(disable)
        passes = [(n, p) for n, p in resolve(DEFAULT_PIPELINE if pipeline is None else pipeline)
                  if n not in skip]
        check = config.VERIFY if verify is None else verify
        ran: list[str] = []
        if dump is not None:
            dump("traced", g)
        lead = 0
        while lead < len(passes) and passes[lead][0] in FIXPOINT:
            lead += 1
        output_of: dict[str, Graph] = {}  # what each pass returned when it last ran
        for rnd in range(1, max_rounds + 1 if lead else 2):
            for name, fn in passes[:lead]:
                if output_of.get(name) is not g:  # passes are idempotent: skip one that saw g
                    g = output_of[name] = _run_one(g, f"{name}.{rnd}" if rnd > 1 else name, fn,
                                                   ran, check, stats, dump)
            if all(output_of[name] is g for name, _ in passes[:lead]):
                break
        for name, fn in passes[lead:]:
            g = _run_one(g, name, fn, ran, check, stats, dump)
        return g


def _run_one(g: Graph, name: str, fn: Pass, ran: list[str], check: bool,
             stats: list[PassStats] | None, dump: Callable[[str, Graph], None] | None) -> Graph:
    counters: dict[str, int] = {}
    token = collecting(counters)
    t0 = time.perf_counter()
    try:
        out = fn(g)
    finally:
        stop_collecting(token)
    seconds = time.perf_counter() - t0
    if check:
        try:
            verify_graph(out)
        except VerifyError as e:
            before = ", ".join(ran) or "none"
            raise PassError(f"pass {name!r} produced an invalid graph (passes run before it: "
                            f"{before})\n{e}") from e
    ran.append(name)
    if stats is not None:
        stats.append(PassStats(name, len(g.nodes), len(out.nodes), out is not g, seconds,
                               counters))
    if dump is not None:
        dump(name, out)
    return out
