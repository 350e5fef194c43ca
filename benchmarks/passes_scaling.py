"""How the pass pipeline scales with graph size: prints one row per size with the time of each
pass (the target is near-linear growth: 100,000 nodes through all passes in under 5 s)."""
from __future__ import annotations

import time

import numpy as np

from lazyten import float32
from lazyten.ir import Constant, Graph, Node, TensorType
from lazyten.passes import PassStats, run_pipeline


def chain_graph(n: int, seed: int = 0) -> Graph:
    """An elementwise/reduction mix with shared subexpressions, constants and no-op rewrites."""
    rng = np.random.default_rng(seed)
    t = TensorType(float32, (8, 16))
    x = Node("input", (), {"name": "x"}, t)
    one = Node("const", (), {"value": Constant(np.float32(1.0))}, TensorType(float32, ()))
    vals = [x]
    nodes: list[Node] = [one]
    while len(nodes) < n:
        a, b = vals[int(rng.integers(max(0, len(vals) - 8), len(vals)))], vals[-1]
        kind = int(rng.integers(0, 5))
        if kind == 0:
            new = [Node("add", (a, b), {}, t)]
        elif kind == 1:
            new = [Node("mul", (b, one), {}, t)]
        elif kind == 2:
            e = Node("exp", (b,), {}, t)
            new = [e, Node("exp", (b,), {}, t)]
        elif kind == 3:
            r = Node("reduce_max", (b,), {"axes": (1,), "keepdims": True},
                     TensorType(float32, (8, 1)))
            new = [r, Node("sub", (b, r), {}, t)]
        else:
            new = [Node("neg", (b,), {}, t)]
        nodes.extend(new)
        vals.append(new[-1])
    return Graph((x,), tuple(nodes), (vals[-1],), "chain")


def main() -> None:
    print(f"{'nodes':>8} {'total ms':>10}  per pass (ms)")
    for n in (2_000, 20_000, 100_000):
        g = chain_graph(n)
        stats: list[PassStats] = []
        t0 = time.perf_counter()
        out = run_pipeline(g, stats=stats, verify=False)
        total = time.perf_counter() - t0
        per = " ".join(f"{s.name}={s.seconds * 1e3:.0f}" for s in stats)
        print(f"{len(g.nodes):>8} {total * 1e3:>10.1f}  {per}  -> {len(out.nodes)} nodes")


if __name__ == "__main__":
    main()
