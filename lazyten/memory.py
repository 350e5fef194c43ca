"""Buffer plans: which preallocated buffer holds each computed value.

The ``memory_plan`` pass builds a ``BufferPlan``; the verifier checks it, the dump prints it and
the reference executor runs into it. Liveness lives here so all of them agree on it: a value is
live from the node that defines it to its last reader; graph outputs stay live to the end.
Leaves (inputs, constants, lazy data) are owned by the caller and take no buffer.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any, Callable

from .ir import LEAF_OPS, Graph, Node
from .reuse import overwrites_in_place


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
        """The plan's figures, and what executes it: lazyten's NumPy reference executor
        (``lazyten.interp.evaluate_planned``); onnxruntime plans its own buffers."""
        return (f"buffers: {len(self.buffers)}, planned peak {self.peak_bytes} B, "
                f"without reuse {self.no_reuse_bytes} B, lower bound {self.lower_bound_bytes} B, "
                f"in place {self.in_place} (the plan of lazyten.interp.evaluate_planned; "
                "onnxruntime plans its own buffers)")


def resident_growth(run: Callable[[], Any]) -> int | None:
    """Bytes the process's resident set rose to, above its level just before, while ``run``
    ran (Linux's peak-RSS counter, reset first); None where the platform cannot tell."""
    try:
        gc.collect()
        before = _status_bytes("VmRSS")
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current resident size
        run()
        return max(_status_bytes("VmHWM") - before, 0)
    except (OSError, ValueError):
        return None


def _status_bytes(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise ValueError(f"no {field} in /proc/self/status")


@dataclass(frozen=True)
class Liveness:
    """What every planning step asks about position ``k`` of ``g.nodes``, found in one walk:
    the positions of its computed operands (leaves excluded, each once), the position of its
    last reader (``len(g.nodes)`` for outputs) and its size in bytes (0 for leaves)."""

    operands: list[tuple[int, ...]]
    last: list[int]
    nbytes: list[int]


def liveness(g: Graph) -> Liveness:
    pos: dict[Node, int] = {}
    operands: list[tuple[int, ...]] = []
    last: list[int] = []
    nbytes: list[int] = []
    leaf: list[bool] = []
    sizes: dict[int, int] = {}  # id(type) -> bytes: types are mostly shared objects
    for k, n in enumerate(g.nodes):
        pos[n] = k
        last.append(k)
        if n.op in LEAF_OPS:
            leaf.append(True)
            operands.append(())
            nbytes.append(0)
            continue
        leaf.append(False)
        computed: list[int] = []
        for i in n.inputs:
            j = pos.get(i)
            if j is not None:
                last[j] = k
                if not leaf[j] and j not in computed:
                    computed.append(j)
        operands.append(tuple(computed))
        size = sizes.get(id(n.type))
        if size is None:
            size = sizes[id(n.type)] = n.type.nbytes
        nbytes.append(size)
    end = len(g.nodes)
    for o in g.outputs:
        j = pos.get(o)
        if j is not None:
            last[j] = end
    return Liveness(operands, last, nbytes)


def make_plan(g: Graph, slots: list[int | None], live: Liveness | None = None) -> BufferPlan:
    """A plan from a value -> buffer assignment; each buffer is as large as its largest value."""
    live = live or liveness(g)
    last, nbytes = live.last, live.nbytes
    sizes: dict[int, int] = {}
    in_place = 0
    for k, s in enumerate(slots):
        if s is not None:
            if nbytes[k] > sizes.get(s, -1):
                sizes[s] = nbytes[k]
            if any(slots[j] == s and last[j] == k for j in live.operands[k]):
                in_place += 1
    return BufferPlan(tuple(slots), tuple(sizes.get(b, 0) for b in range(len(sizes))),
                      sum(nbytes), lower_bound(g, live), in_place)


def needs_buffer(n: Node) -> bool:
    return n.op not in LEAF_OPS


def lower_bound(g: Graph, live: Liveness) -> int:
    """Largest total size of computed values live at one step (no plan can do better); at an
    elementwise step the result may take the place of an operand that dies there."""
    last, nbytes, operands, nodes = live.last, live.nbytes, live.operands, g.nodes
    ending = [0] * (len(nodes) + 1)
    best = cur = 0
    for k, n in enumerate(nodes):
        if n.op in LEAF_OPS:  # takes no buffer, and no value's last reader is a leaf
            continue
        b = nbytes[k]
        cur += b
        ending[last[k]] += b
        peak = cur
        for j in operands[k]:
            if last[j] == k and overwrites_in_place(n, nodes[j]):
                peak -= b
                break
        if peak > best:
            best = peak
        cur -= ending[k]
    return best


def plan_conflict(g: Graph, plan: BufferPlan) -> str | None:
    """Why ``plan`` is invalid for ``g`` (two live values in one buffer, a buffer too small), or
    None. Values sharing a buffer are checked pairwise in definition order, so this is linear."""
    if len(plan.slots) != len(g.nodes):
        return f"plan covers {len(plan.slots)} values, graph has {len(g.nodes)}"
    last = liveness(g).last
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
                                 (last[prev] == k and not overwrites_in_place(n, g.nodes[prev]))):
            return f"%{prev} and %{k} are live at the same time but share buffer b{s}"
        occupant[s] = k
    return None
