"""Memory planning: liveness over the scheduled graph and a greedy buffer assignment.

Walking the nodes in order, each computed value takes a buffer: the buffer of an operand that
dies here when the op is elementwise and the types match (in place), else the smallest free
buffer that fits, else the largest free buffer grown to fit, else a new one. Operands that die
here are freed after the result is placed, so a non-elementwise op never writes over what it
reads. The plan is attached as ``g.plan`` (see ``lazyten.memory.BufferPlan``).
"""
from __future__ import annotations

import bisect

from lazyten.errors import ShapeError
from lazyten.ir import LEAF_OPS, Graph
from lazyten.memory import BufferPlan, Liveness, liveness, lower_bound
from lazyten.reuse import overwrites_in_place

from .rewrite import count


def plan_buffers(g: Graph, live: Liveness) -> BufferPlan:
    nodes, last, nbytes, operands = g.nodes, live.last, live.nbytes, live.operands
    slots: list[int | None] = [None] * len(nodes)
    sizes: list[int] = []
    free: list[tuple[int, int]] = []  # (size, buffer), sorted
    in_place = 0

    for k, n in enumerate(nodes):
        if n.op in LEAF_OPS:
            continue
        dying = [j for j in operands[k] if last[j] == k]
        chosen = None
        for j in dying:  # in place over an operand that dies here, where the op allows it
            if overwrites_in_place(n, nodes[j]):
                chosen = slots[j]
                in_place += 1
                break
        if chosen is None:
            need = nbytes[k]
            at = bisect.bisect_left(free, (need, -1))
            if at < len(free):
                chosen = free.pop(at)[1]
            elif free:
                chosen = free.pop()[1]
                sizes[chosen] = need
            else:
                chosen = len(sizes)
                sizes.append(need)
        slots[k] = chosen
        for j in dying:
            if slots[j] != chosen:
                bisect.insort(free, (sizes[slots[j]], slots[j]))
        if last[k] == k:
            bisect.insort(free, (sizes[chosen], chosen))
    return BufferPlan(tuple(slots), tuple(sizes), sum(nbytes), lower_bound(g, live), in_place)


def memory_plan(g: Graph) -> Graph:
    try:
        live = liveness(g)
    except ShapeError:  # symbolic sizes, known only at run time: no plan
        return g
    plan = plan_buffers(g, live)
    count("bytes_saved", plan.saved_bytes)
    if g.plan == plan:
        return g
    return g.with_plan(plan)
