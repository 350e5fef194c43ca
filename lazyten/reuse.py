"""Where a value may be written over a buffer that already exists: one module decides, for
realization (``x += y`` into x's buffer), compiled calls (an argument updated in place), NumPy
sharing (``.numpy()`` handing out a buffer) and the memory plan.

Two questions, asked separately:

- **Ownership**: can anything else still read the buffer? A computed buffer belongs to the data
  node that holds it; nothing else can read it if no other Python object refers to that node
  (no other array's storage, no pending node that reads it, no view's memo). CPython's reference
  counts answer that in O(1): ``held_only_by`` compares the count with the references its caller
  accounts for. Where counts are not exact (another interpreter, free threading) the answer is
  always "someone else may read it", and nothing is reused.
- **Aliasing**: can the graph read an element after overwriting it? The rule: every op between
  the old value and the new one is elementwise over that shape (``overwrites_in_place`` for one
  op, ``can_overwrite`` for a graph), so each element is read before the same element is
  written.
"""
from __future__ import annotations

import sys
from typing import Any, Sequence

from .ir import Graph, Node, Walk, topo_order
from .ops import OPS


def _count(obj: object) -> int:
    """References to ``obj`` from outside this call (its own parameter and getrefcount's
    argument are the 2 it takes off)."""
    return sys.getrefcount(obj) - 2


def _counts_are_exact() -> bool:
    """Whether ``_count`` sees exactly the references that exist, as on CPython as we know it
    (an interpreter with borrowed stack references or free threading would not)."""
    holder = [object()]  # one reference: the list's
    one = _count(holder[0])
    holder.append(holder[0])  # and a second
    return one == 1 and _count(holder[0]) == 2


EXACT_REFCOUNTS = _counts_are_exact()


def held_only_by(node: Node, known: int) -> bool:
    """Whether the ``known`` references the caller accounts for (a storage's attribute, its own
    local names, lists it built) are all that refer to ``node``: then no other array, pending
    node or view can read its buffer. (``node``, this function's parameter, is the one more
    reference ``_count`` sees.)"""
    return EXACT_REFCOUNTS and _count(node) - 1 == known


# references a walk (``ir.Walk``) holds to each node it placed: its order list and its index,
# besides the graph's edges (``Walk.uses``), and the leaves list for a data leaf
_WALK_REFS = 2


def _map_offset() -> int:
    """What ``map(sys.getrefcount, nodes)`` reports beyond a node's references (the one map
    holds while it calls), measured on an object whose references are known."""
    holder = [object()]  # one reference: the list's
    return next(map(sys.getrefcount, holder)) - 1


_MAP_OFFSET = _map_offset()


def held_elsewhere(found: Walk, outputs: Sequence[Node]) -> list[Node]:
    """The computed nodes of a run's graph (``found``, its walk, which stops at data leaves)
    that are not its outputs but that something outside the graph still refers to: a storage
    whose value it is, a pending node built on it (``w -= lr * r`` after ``r`` was read), a
    view's memo. The run keeps them too, so that no later run computes them again. Empty where
    reference counts are not exact: there a later run may compute some again."""
    if not EXACT_REFCOUNTS:
        return []
    output_ids = {id(o) for o in outputs}
    # every count at once, before anything else (a zip's reused tuple) can hold a node
    counts = list(map(sys.getrefcount, found.order))
    known = _MAP_OFFSET + _WALK_REFS
    return [n for n, count, uses in zip(found.order, counts, found.uses)
            if count != known + uses and n.op != "data" and id(n) not in output_ids]


def overwrites_in_place(reader: Node, value: Node) -> bool:
    """Whether ``reader`` may write its result over ``value``, one of its operands that dies
    there: an elementwise op reads each element before it writes that element."""
    return OPS[reader.op].elementwise and value.type == reader.type


def can_overwrite(g: Graph, source: Node, target: Node) -> bool:
    """Whether ``target`` (an output of ``g``) may be computed into the buffer of ``source``
    (an input of ``g``): every op that depends on the source, up to the target, is elementwise
    over its shape, and the source is not itself an output."""
    if target is source or target.type != source.type or target.type.is_symbolic:
        return False
    if any(o is source for o in g.outputs):
        return False
    ancestors = set(topo_order([target]))
    depends = {source}
    for n in g.nodes:
        if n is target or not any(i in depends for i in n.inputs):
            continue
        if n not in ancestors or not OPS[n.op].elementwise or n.shape != source.shape:
            return False
        depends.add(n)
    if source not in ancestors:
        return True
    return OPS[target.op].elementwise


def reusable_buffers(candidates: Sequence[tuple[int, Any]], outputs: tuple[Node, ...],
                     found: Walk) -> dict[int, tuple[int | None, Any]]:
    """Outputs of a realization that may be written into their storage's previous buffer.

    ``candidates`` are (output index, storage) pairs whose storage had a computed value
    (``storage.prev``) of the output's type; ``found`` is the walk of the run's graph, stopping
    at data leaves. A buffer is offered when only that storage and this run can read it; the
    executable still applies ``can_overwrite`` to the graph it runs."""
    output_ids = {id(o) for o in outputs}
    offers: dict[int, tuple[int | None, Any]] = {}
    for k, storage in candidates:
        old = storage.prev
        at = found.index.get(old)
        # references: storage.prev and `old`, and when this run reads it, the walk's and the
        # leaves list's and each edge from this graph
        known = 2 if at is None else 2 + _WALK_REFS + 1 + found.uses[at]
        if held_only_by(old, known) and _read_only_here(old, found, output_ids):
            offers[k] = (None if at is None else found.leaves.index(old), old.payload)
    return offers


def _read_only_here(old: Node, found: Walk, output_ids: set[int]) -> bool:
    """No pending work outside this run can read ``old`` through an intermediate node: every
    node of this graph that depends on it is either computed and kept by this run (an output)
    or referenced by this graph alone."""
    depends = {id(old)}
    for n in found.order:
        if n.op == "data" or not any(id(i) in depends for i in n.inputs):
            continue
        depends.add(id(n))
        # references: the walk's, the graph's edges and `n`
        if id(n) not in output_ids and \
                not held_only_by(n, _WALK_REFS + found.uses[found.index[n]] + 1):
            return False
    return True
