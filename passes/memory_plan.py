"""Memory planning: liveness over the scheduled graph and a greedy buffer assignment.

Walking the nodes in order, each computed value takes a buffer: the buffer of an operand that
dies here when the op is elementwise and the types match (in place), else the smallest free
buffer that fits, else the largest free buffer grown to fit, else a new one. Operands that die
here are freed after the result is placed, so a non-elementwise op never writes over what it
reads. The plan is attached as ``g.plan`` (see ``lazyten.memory.BufferPlan``).
"""
from __future__ import annotations

import bisect
from dataclasses import replace

from lazyten.ir import Graph
from lazyten.memory import Liveness, liveness, make_plan, needs_buffer
from lazyten.ops import OPS

from .rewrite import count


def assign_buffers(g: Graph, live: Liveness) -> list[int | None]:
    nodes, last = g.nodes, live.last
    slots: list[int | None] = [None] * len(nodes)
    sizes: list[int] = []
    free: list[tuple[int, int]] = []  # (size, buffer), sorted

    def release(b: int) -> None:
        bisect.insort(free, (sizes[b], b))

    for k, n in enumerate(nodes):
        if not needs_buffer(n):
            continue
        dying = [j for j in live.operands[k] if last[j] == k]
        chosen = None
        if dying and OPS[n.op].elementwise:  # in place over an operand that dies here
            chosen = next((slots[j] for j in dying if nodes[j].type == n.type), None)
        if chosen is None:
            need = live.nbytes[k]
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
                release(slots[j])
        if last[k] == k:
            release(chosen)
    return slots


def memory_plan(g: Graph) -> Graph:
    if any(n.type.is_symbolic for n in g.nodes):  # sizes known only at run time: no plan
        return g
    live = liveness(g)
    plan = make_plan(g, assign_buffers(g, live), live)
    count("bytes_saved", plan.saved_bytes)
    if g.plan == plan:
        return g
    return replace(g, plan=plan)
