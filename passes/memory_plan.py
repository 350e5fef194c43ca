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
from lazyten.memory import last_uses, make_plan, may_share, needs_buffer

from .rewrite import count


def assign_buffers(g: Graph) -> list[int | None]:
    last = last_uses(g)
    pos = {id(n): k for k, n in enumerate(g.nodes)}
    slots: list[int | None] = [None] * len(g.nodes)
    sizes: list[int] = []
    free: list[tuple[int, int]] = []  # (size, buffer), sorted

    def release(b: int) -> None:
        bisect.insort(free, (sizes[b], b))

    for k, n in enumerate(g.nodes):
        if not needs_buffer(n):
            continue
        dying = {id(i): pos[id(i)] for i in n.inputs
                 if id(i) in pos and last[pos[id(i)]] == k and slots[pos[id(i)]] is not None}
        need = n.type.nbytes
        chosen = next((slots[j] for j in dying.values() if may_share(n, g.nodes[j])), None)
        if chosen is None:
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
        for j in dying.values():
            if slots[j] != chosen:
                release(slots[j])
        if last[k] == k:
            release(chosen)
    return slots


def memory_plan(g: Graph) -> Graph:
    if any(n.type.is_symbolic for n in g.nodes):  # sizes known only at run time: no plan
        return g
    plan = make_plan(g, assign_buffers(g))
    count("bytes_saved", plan.saved_bytes)
    if g.plan == plan:
        return g
    return replace(g, plan=plan)
