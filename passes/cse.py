"""Common-subexpression elimination: one node per (op, attributes, operands, type).

    %0 = exp(%x) ; %1 = exp(%x) ; %2 = add(%0, %1)   ->   %0 = exp(%x) ; %2 = add(%0, %0)

Operands of commutative ops are keyed as a multiset (``add(a, b)`` merges with ``add(b, a)``);
equal constants merge too. Ops marked ``pure=False`` (random numbers) and lazy 'data' leaves are
never merged.
"""
from __future__ import annotations

from lazyten.ir import Graph, Node
from lazyten.ops import OPS

from .rewrite import count, rewrite


def cse(g: Graph) -> Graph:
    table: dict[tuple, Node] = {}

    def visit(n: Node) -> Node:
        opdef = OPS[n.op]
        if not opdef.pure or n.op == "data":
            return n
        inputs = tuple(n.inputs)  # nodes hash and compare by identity
        if opdef.commutative and len(inputs) == 2:  # every commutative op today: no sort
            if id(inputs[0]) > id(inputs[1]):
                inputs = (inputs[1], inputs[0])
        elif opdef.commutative:
            inputs = tuple(sorted(inputs, key=id))
        key = (n.op, n.attrs_key() if n.attrs else (), inputs, n.type)
        first = table.setdefault(key, n)
        if first is not n:
            count("merges")
        return first

    return rewrite(g, visit)
