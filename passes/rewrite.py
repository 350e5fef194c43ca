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


def rewrite(g: Graph, fn: Callable[[Node], Node], origin: dict[Node, Node] | None = None
            ) -> Graph:
    """Apply ``fn`` to every node; ``origin``, when given, maps each node seen by fn -> the node
    of ``g`` it stands for, for passes that consult facts about ``g`` (reader counts)."""
    memo: dict[Node, Node] = {}  # old node -> its replacement, only where it differs
    nodes: list[Node] = []
    placed: set[Node] = set()
    for pos, n in enumerate(g.nodes):
        m = n
        if memo:
            for i in n.inputs:
                if i in memo:
                    m = Node(n.op, tuple([memo.get(k, k) for k in n.inputs]), n.attrs,
                             n.type, n.loc, n.payload)
                    break
        if origin is not None:
            origin[m] = n
        r = fn(m)
        if r is n:  # unchanged: its operands are unchanged, hence already placed
            if memo:
                placed.add(n)
                nodes.append(n)
            continue
        if not memo:  # the first change: everything before it stays as it was
            placed.update(g.inputs)
            placed.update(g.nodes[:pos])
            nodes.extend(g.nodes[:pos])
        memo[n] = r
        if r in placed:
            continue
        for i in r.inputs:
            if i not in placed:
                for k in topo_order([r], placed.__contains__):
                    if k not in placed:  # placed operands come back as leaves
                        placed.add(k)
                        nodes.append(k)
                break
        else:
            placed.add(r)
            nodes.append(r)
    if not memo:
        return g
    outputs = tuple(memo.get(o, o) for o in g.outputs)
    return Graph(g.inputs, tuple(nodes), outputs, g.name, g.output_names)
