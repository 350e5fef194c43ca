"""Buffer plans: which preallocated buffer holds each computed value.

The ``memory_plan`` pass builds a ``BufferPlan``; the verifier checks it, the dump prints it and
the reference executor runs into it. Liveness lives here so all of them agree on it: a value is
live from the node that defines it to its last reader; graph outputs stay live to the end.
Leaves (inputs, constants, lazy data) are owned by the caller and take no buffer.
"""
from __future__ import annotations

from dataclasses import dataclass

from .ir import LEAF_OPS, Graph, Node
from .ops import OPS


@dataclass(frozen=True)
class BufferPlan:
    """``slots[k]`` is the buffer of ``g.nodes[k]`` (None for leaves); ``buffers`` their sizes."""

    slots: tuple[int | None, ...]
    buffers: tuple[int, ...]
    no_reuse_bytes: int
    lower_bound_bytes: int
    in_place: int

    @property
    def peak_bytes(self) -> int:
        """Bytes of all buffers together: what the planned execution preallocates."""
        return sum(self.buffers)

    @property
    def saved_bytes(self) -> int:
        return self.no_reuse_bytes - self.peak_bytes

    def value_buffers(self, g: Graph) -> dict[str, int]:
        """Value name as in the dump (``%3``) -> buffer index."""
        return {f"%{k}": s for k, s in enumerate(self.slots) if s is not None}

    def report(self) -> str:
        return (f"buffers: {len(self.buffers)}, planned peak {self.peak_bytes} B, "
                f"without reuse {self.no_reuse_bytes} B, lower bound {self.lower_bound_bytes} B, "
                f"in place {self.in_place}")


def make_plan(g: Graph, slots: list[int | None]) -> BufferPlan:
    """A plan from a value -> buffer assignment; each buffer is as large as its largest value."""
    sizes: dict[int, int] = {}
    for n, s in zip(g.nodes, slots):
        if s is not None:
            sizes[s] = max(sizes.get(s, 0), n.type.nbytes)
    last = last_uses(g)
    pos = {id(n): k for k, n in enumerate(g.nodes)}
    in_place = 0
    for k, n in enumerate(g.nodes):
        operands = [pos[id(i)] for i in n.inputs if id(i) in pos]
        if slots[k] is not None and any(slots[j] == slots[k] and last[j] == k for j in operands):
            in_place += 1
    no_reuse = sum(n.type.nbytes for n in g.nodes if needs_buffer(n))
    return BufferPlan(tuple(slots), tuple(sizes.get(b, 0) for b in range(len(sizes))),
                      no_reuse, lower_bound(g, last), in_place)


def needs_buffer(n: Node) -> bool:
    return n.op not in LEAF_OPS


def last_uses(g: Graph) -> list[int]:
    """For each position in ``g.nodes``, the position of its last reader (``len`` for outputs)."""
    pos = {id(n): k for k, n in enumerate(g.nodes)}
    last = list(range(len(g.nodes)))
    for k, n in enumerate(g.nodes):
        for i in n.inputs:
            j = pos.get(id(i))
            if j is not None:
                last[j] = k
    end = len(g.nodes)
    for o in g.outputs:
        j = pos.get(id(o))
        if j is not None:
            last[j] = end
    return last


def lower_bound(g: Graph, last: list[int]) -> int:
    """Largest total size of computed values live at one step (no plan can do better); at an
    elementwise step the result may take the place of an operand that dies there."""
    pos = {id(n): k for k, n in enumerate(g.nodes)}
    ending = [0] * (len(g.nodes) + 1)
    best = cur = 0
    for k, n in enumerate(g.nodes):
        if needs_buffer(n):
            cur += n.type.nbytes
            ending[last[k]] += n.type.nbytes
            shared = any(id(i) in pos and needs_buffer(i) and last[pos[id(i)]] == k
                         and may_share(n, i)
                         for i in n.inputs)
            best = max(best, cur - (n.type.nbytes if shared else 0))
        cur -= ending[k]
    return best


def may_share(reader: Node, value: Node) -> bool:
    """Whether ``reader`` may write its result over ``value`` (an input that dies there)."""
    return (OPS[reader.op].elementwise and value.type == reader.type
            and any(i is value for i in reader.inputs))


def plan_conflict(g: Graph, plan: BufferPlan) -> str | None:
    """Why ``plan`` is invalid for ``g`` (two live values in one buffer, a buffer too small), or
    None. Values sharing a buffer are checked pairwise in definition order, so this is linear."""
    if len(plan.slots) != len(g.nodes):
        return f"plan covers {len(plan.slots)} values, graph has {len(g.nodes)}"
    last = last_uses(g)
    occupant: dict[int, int] = {}
    for k, n in enumerate(g.nodes):
        s = plan.slots[k]
        if s is None:
            if needs_buffer(n):
                return f"%{k} ({n.op}) has no buffer"
            continue
        if not needs_buffer(n):
            return f"%{k} ({n.op}) is a leaf but has buffer b{s}"
        if not 0 <= s < len(plan.buffers) or plan.buffers[s] < n.type.nbytes:
            return f"%{k} ({n.type}, {n.type.nbytes} B) does not fit buffer b{s}"
        prev = occupant.get(s)
        if prev is not None and (last[prev] > k or
                                 (last[prev] == k and not may_share(n, g.nodes[prev]))):
            return f"%{prev} and %{k} are live at the same time but share buffer b{s}"
        occupant[s] = k
    return None
