"""Constant folding with the NumPy reference: a node whose operands are all constants becomes a
constant, when its result has at most ``max_elements`` elements (so folding never bloats the
model: ``expand`` of a scalar to a large shape stays an op).

    %0 = const[value=<f32[] 2.0>]() ; %1 = mul(%0, %0)   ->   %1 = const[value=<f32[] 4.0>]()
"""
from __future__ import annotations

import numpy as np

from lazyten.dims import has_dims
from lazyten.interp import eval_node
from lazyten.ir import LEAF_OPS, Constant, Graph, Node
from lazyten.ops import OPS

from .rewrite import count, rewrite

MAX_ELEMENTS = 1024


def const_fold(g: Graph, max_elements: int = MAX_ELEMENTS) -> Graph:
    def visit(n: Node) -> Node:
        if n.op in LEAF_OPS:
            return n
        for i in n.inputs:
            if i.op != "const":
                return n
        if not OPS[n.op].pure or n.type.is_symbolic or n.type.size > max_elements or \
                has_dims(tuple(n.attrs.values())):  # a size known only at run time
            return n
        try:
            with np.errstate(all="ignore"):
                value = eval_node(n, [i.attrs["value"].array for i in n.inputs])
        except (ArithmeticError, ValueError, IndexError):
            return n  # the op raises on these values; leave that to run time
        count("folds")
        return Node("const", (), {"value": Constant(value)}, n.type, n.loc)

    return rewrite(g, visit)
