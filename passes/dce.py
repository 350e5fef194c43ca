"""Dead-value pruning: drop every node no output depends on, keeping the others in their order
(the schedule the memory planner works on).

    %0 = zeros_like(...) ; %1 = mul(%x, 2.0)   return %1   ->   %1 = mul(%x, 2.0)  return %1
"""
from __future__ import annotations

from lazyten.ir import Graph


def dce(g: Graph) -> Graph:
    live = set(g.outputs)
    dead = 0
    for n in reversed(g.nodes):  # readers come after what they read
        if n in live:
            live.update(n.inputs)
        else:
            dead += 1
    if not dead:
        return g
    return g.with_nodes([n for n in g.nodes if n in live], g.outputs)
