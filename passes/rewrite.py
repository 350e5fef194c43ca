"""The one graph walk every rewriting pass shares, and the per-pass counters.

``rewrite(g, fn)`` visits nodes in order; ``fn`` sees each node with its operands already
rewritten and returns the node to use instead (itself, an earlier node, or new nodes built over
earlier ones). New nodes are scheduled where the node they replace stood, so the result stays
topologically ordered; the original graph is never touched, and when ``fn`` changes nothing the
very same graph comes back.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Callable

from lazyten.ir import Graph, Node, topo_order

_COUNTERS: ContextVar[dict[str, int] | None] = ContextVar("lazyten_pass_counters", default=None)


def count(name: str, k: int = 1) -> None:
    """Add ``k`` to a counter of the running pass (reported by the manager's statistics)."""
    counters = _COUNTERS.get()
    if counters is not None:
        counters[name] = counters.get(name, 0) + k


def collecting(counters: dict[str, int]) -> object:
    """Route ``count`` into ``counters``; returns the token to reset with ``stop_collecting``."""
    return _COUNTERS.set(counters)


def stop_collecting(token: object) -> None:
    _COUNTERS.reset(token)  # type: ignore[arg-type]


def with_inputs(n: Node, inputs: tuple[Node, ...]) -> Node:
    """``n`` over new operands (``n`` itself when they are the same objects)."""
    if all(a is b for a, b in zip(inputs, n.inputs)):
        return n
    return Node(n.op, inputs, n.attrs, n.type, n.loc, n.payload)


def rewrite(g: Graph, fn: Callable[[Node], Node], origin: dict[int, int] | None = None
            ) -> Graph:
    """Apply ``fn`` to every node; ``origin``, when given, maps id(node seen by fn) -> id(the
    node of ``g`` it stands for), for passes that consult facts about ``g`` (reader counts)."""
    memo: dict[int, Node] = {}
    old_ids = {id(n) for n in g.nodes}
    old_ids.update(id(n) for n in g.inputs)
    emitted: set[int] = set(old_ids)
    nodes: list[Node] = []
    changed = False
    for n in g.nodes:
        m = with_inputs(n, tuple(memo.get(id(i), i) for i in n.inputs))
        if origin is not None:
            origin[id(m)] = id(n)
        r = fn(m)
        memo[id(n)] = r
        if r is n:
            nodes.append(n)
            continue
        changed = True
        if id(r) in emitted and id(r) not in old_ids:
            continue
        fresh = topo_order([r], lambda k: id(k) in emitted)
        for k in fresh:
            if id(k) not in emitted:
                emitted.add(id(k))
                nodes.append(k)
    if not changed:
        return g
    outputs = tuple(memo.get(id(o), o) for o in g.outputs)
    return Graph(g.inputs, tuple(nodes), outputs, g.name, g.output_names)
