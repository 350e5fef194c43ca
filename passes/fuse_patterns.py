"""Pattern fusion: softmax and layer normalization written out by hand become one op each,
which onnxruntime runs as a single ``Softmax`` / ``LayerNormalization`` kernel.

Recognized (as the frontend records them; run after cse so repeated subexpressions are shared):

    softmax:    e = exp(sub(x, reduce_max(x, (a,), keepdims)))
                div(e, reduce_sum(e, (a,), keepdims))
    layer_norm: mu = div(reduce_sum(x, A, keepdims), n) ; xc = sub(x, mu)
                var = div(reduce_sum(mul(xc, xc) | pow(xc, 2), A, keepdims), n)
                div(xc, sqrt(add(var, eps)))  [then mul by scale, then add bias]

for float32/float64 (layer_norm: float32 only, see ``lazyten.ops.fused``), where ``A`` is a
suffix of the axes, ``n`` a constant equal to the number of reduced elements and ``eps`` a scalar constant. Scalars that are graph inputs (lazy mode feeds
Python scalars at run time) have no known value, so those layer norms are left alone. A scale or
bias is folded in only when it has exactly the normalized shape and the value before it has no
other reader.
"""
from __future__ import annotations

import numpy as np

from lazyten.ir import Graph, Node
from lazyten.ops import LAYER_NORM_DTYPES, SOFTMAX_DTYPES

from .rewrite import count, rewrite


def _scalar(n: Node) -> float | None:
    """The value of a scalar constant; floats as their shortest decimal in the constant's dtype
    (an f32 1e-05 gives 1e-05, which converts back to the same f32)."""
    if n.op == "const" and n.shape == ():
        v = n.attrs["value"].array[()]
        return float(str(v)) if n.dtype.kind == "f" else v.item()
    return None


def _reduce(n: Node, op: str) -> tuple[int, ...] | None:
    return n.attrs["axes"] if n.op == op and n.attrs["keepdims"] else None


def match_softmax(n: Node) -> Node | None:
    if n.op != "div" or n.dtype not in SOFTMAX_DTYPES:
        return None
    e, s = n.inputs
    axes = _reduce(s, "reduce_sum")
    if axes is None or len(axes) != 1 or s.inputs[0] is not e or e.op != "exp":
        return None
    d = e.inputs[0]
    if d.op != "sub" or _reduce(d.inputs[1], "reduce_max") != axes:
        return None
    x = d.inputs[0]
    if d.inputs[1].inputs[0] is not x or x.type != n.type:
        return None
    return Node("softmax", (x,), {"axis": axes[0]}, n.type, n.loc)


def _mean_of(n: Node) -> tuple[Node, tuple[int, ...]] | None:
    """``(x, axes)`` when ``n`` is ``div(reduce_sum(x, axes, keepdims), count)``."""
    if n.op != "div":
        return None
    s, c = n.inputs
    axes = _reduce(s, "reduce_sum")
    if axes is None:
        return None
    x = s.inputs[0]
    if _scalar(c) != float(np.prod([x.shape[a] for a in axes])):
        return None
    return x, axes


def _square_of(n: Node) -> Node | None:
    if n.op == "mul" and n.inputs[0] is n.inputs[1]:
        return n.inputs[0]
    if n.op == "pow" and _scalar(n.inputs[1]) == 2.0:
        return n.inputs[0]
    return None


def match_layer_norm(n: Node) -> Node | None:
    if n.op != "div" or n.dtype not in LAYER_NORM_DTYPES:
        return None
    xc, den = n.inputs
    if den.op != "sqrt" or den.inputs[0].op != "add" or xc.op != "sub":
        return None
    a, b = den.inputs[0].inputs
    (var, eps) = (a, _scalar(b)) if _scalar(b) is not None else (b, _scalar(a))
    x, mu = xc.inputs
    m, v = _mean_of(mu), _mean_of(var)
    if eps is None or m is None or v is None or m[0] is not x or _square_of(v[0]) is not xc:
        return None
    axes = m[1]
    if v[1] != axes or axes != tuple(range(axes[0], len(x.shape))) or x.type != n.type:
        return None
    return Node("layer_norm", (x,), {"axis": axes[0], "epsilon": float(eps)}, n.type, n.loc)


_ROOTS = frozenset({"div", "layer_norm"})  # every pattern ends in a div or folds a layer_norm


def fuse_patterns(g: Graph) -> Graph:
    if not any(n.op in _ROOTS for n in g.nodes):
        return g
    readers: dict[Node, int] = {}
    for n in g.nodes:
        for i in n.inputs:
            readers[i] = readers.get(i, 0) + 1
    for o in g.outputs:
        readers[o] = readers.get(o, 0) + 1
    origin: dict[Node, Node] = {}

    def sole_reader(ln: Node) -> bool:
        return ln in origin and readers.get(origin[ln], 0) == 1

    def fold_param(n: Node, op: str, nparams: int) -> Node | None:
        """``mul(layer_norm(x), scale)`` / ``add(layer_norm(x, scale), bias)`` -> one op."""
        if n.op != op:
            return None
        for ln, p in (n.inputs, n.inputs[::-1]):
            if (ln.op == "layer_norm" and len(ln.inputs) == nparams and sole_reader(ln)
                    and p.type.dtype is ln.dtype and p.shape == ln.shape[ln.attrs["axis"]:]):
                return Node("layer_norm", ln.inputs + (p,), ln.attrs, n.type, n.loc)
        return None

    matchers = {"div": (("softmax", match_softmax), ("layer_norm", match_layer_norm)),
                "mul": (("layer_norm_scale", lambda k: fold_param(k, "mul", 1)),),
                "add": (("layer_norm_bias", lambda k: fold_param(k, "add", 2)),)}

    def visit(n: Node) -> Node:
        for name, match in matchers.get(n.op, ()):
            r = match(n)
            if r is not None:
                count(name)
                origin[r] = origin[n]
                return r
        return n

    return rewrite(g, visit, origin)
