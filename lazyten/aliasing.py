"""When may a graph write an output into the buffer of one of its inputs?

In place updates (``X += Y``, ``Z[:] = f(...)``, compiled functions that mutate an argument)
should land in the array's existing buffer. That is safe only where no op can read an element
of the old buffer after the output overwrote it. lazyten allows it only when every op that
depends on the input, up to the output, is an elementwise op of the input's shape (each element
is read before the same element is written, and onnxruntime has no fusion that changes that),
nothing else reads the input, and the input is not itself an output.
"""
from __future__ import annotations

from .ir import Graph, Node, topo_order
from .ops import OPS


def can_overwrite(g: Graph, source: Node, target: Node) -> bool:
    """Whether ``target`` may be computed into ``source``'s buffer while ``g`` runs."""
    if target is source or target.type != source.type or target.type.is_symbolic:
        return False
    if any(o is source for o in g.outputs):
        return False
    ancestors = {id(n) for n in topo_order([target])}
    depends = {id(source)}
    for n in g.nodes:
        if n is target or not any(id(i) in depends for i in n.inputs):
            continue
        if id(n) not in ancestors or not OPS[n.op].elementwise or n.shape != source.shape:
            return False
        depends.add(id(n))
    if id(source) not in ancestors:
        return True
    return OPS[target.op].elementwise
