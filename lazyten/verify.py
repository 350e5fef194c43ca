"""The IR verifier: checks every invariant passes rely on, re-inferring each type.

``verify(g)`` returns None or raises ``VerifyError`` with the dump around the bad node. Rules:
graph inputs are named 'input' leaves; nodes come in topological order and each appears once
(SSA); every operand is a graph input or an earlier node; every op is in the op table; each stored
type equals the op table's inference; leaves have no operands ('const' holds a Constant of its
type); outputs are defined; an attached buffer plan never puts two live values in one buffer.
"""
from __future__ import annotations

from .dump import dump_graph, dump_window
from .errors import DTypeError, ShapeError, VerifyError
from .ir import LEAF_OPS, Constant, Graph, Node
from .memory import plan_conflict
from .ops import OPS


def _fail(g: Graph, pos: int | None, msg: str) -> VerifyError:
    where = dump_window(g, pos) if pos is not None else dump_graph(g)
    at = f" (%{pos})" if pos is not None else ""
    return VerifyError(f"invalid IR{at}: {msg}\n{where}")


def _check_node(n: Node) -> str | None:
    if n.op not in OPS:
        return f"unknown op {n.op!r}"
    if n.op == "input":
        return "an 'input' leaf inside the node list (graph inputs belong in g.inputs)"
    if n.op in LEAF_OPS:
        if n.inputs:
            return f"leaf {n.op!r} has {len(n.inputs)} operands"
        if n.op == "const":
            c = n.attrs.get("value")
            if not isinstance(c, Constant):
                return "const without a Constant 'value' attribute"
            if c.array.dtype != n.dtype.np or c.array.shape != n.shape:
                return f"const value is {c.array.dtype}{list(c.array.shape)}, type says {n.type}"
        return None
    try:
        want = OPS[n.op].infer(tuple(i.type for i in n.inputs), n.attrs)
    except (ShapeError, DTypeError, KeyError, IndexError, TypeError, ValueError) as e:
        return f"{n.op} rejects its operands ({', '.join(str(i.type) for i in n.inputs)}): {e}"
    if want != n.type:
        return f"stored type {n.type} but {n.op} infers {want}"
    return None


def verify(g: Graph) -> None:
    """Raise VerifyError if ``g`` breaks an IR invariant."""
    defined: set[Node] = set()
    names: set[str] = set()
    for n in g.inputs:
        if n.op != "input" or not isinstance(n.attrs.get("name"), str):
            raise _fail(g, None, f"graph input {n!r} is not a named 'input' leaf")
        if n.attrs["name"] in names:
            raise _fail(g, None, f"two graph inputs are named {n.attrs['name']!r}")
        names.add(n.attrs["name"])
        defined.add(n)
    for pos, n in enumerate(g.nodes):
        if n in defined:
            raise _fail(g, pos, f"{n.op} node appears twice (SSA: each value is defined once)")
        for k, i in enumerate(n.inputs):
            if i not in defined:
                raise _fail(g, pos, f"operand {k} ({i.op} {i.type}) is neither a graph input "
                                    f"nor an earlier node (topological order)")
        msg = _check_node(n)
        if msg:
            raise _fail(g, pos, msg)
        defined.add(n)
    for k, o in enumerate(g.outputs):
        if o not in defined:
            raise _fail(g, None, f"output {k} ({o.op} {o.type}) is not defined in the graph")
    if g.output_names and len(g.output_names) != len(g.outputs):
        raise _fail(g, None, f"{len(g.output_names)} output names for {len(g.outputs)} outputs")
    if g.plan is not None:
        msg = plan_conflict(g, g.plan)
        if msg:
            raise _fail(g, None, f"buffer plan: {msg}")
