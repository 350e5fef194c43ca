"""Dead-value pruning: drop every node no output depends on.

    %0 = zeros_like(...) ; %1 = mul(%x, 2.0)   return %1   ->   %1 = mul(%x, 2.0)  return %1
"""
from __future__ import annotations

from lazyten.ir import Graph, topo_order


def dce(g: Graph) -> Graph:
    live = topo_order(g.outputs)
    if len(live) - sum(1 for n in live if n.op == "input") == len(g.nodes):
        return g
    return g.with_nodes((n for n in live if n.op != "input"), g.outputs)
