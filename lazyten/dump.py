"""The text form of a graph: one line per node, with types, attributes, buffers and source lines.

Deterministic (no ids or addresses): values are numbered by position, graph inputs keep their
names. ``lazyten.parse`` reads it back, so tests and bug reports can be written as IR text::

    graph @f(%x: f32[4,8]) {
      %0 = reduce_max[axes=(1,) keepdims=True](%x) : f32[4,1]  # buf=b0, at model.py:3
      %1 = const[value=<f32[] -0.0>] : f32[]
      return %0
    }

Attribute values: ints, symbolic sizes in braces (``{batch-1}``), floats (Python ``repr``, so
``nan``, ``inf``, ``-0.0``), ``True``/
``False``/``None``, quoted strings, dtypes by short name (``f32``), tuples (nested too), and
constants as ``<dtype[shape] v0 v1 ...>``. Constants above ``FULL_CONST`` elements print as a
digest ``<f32[1000] #3fa2...>``, which does not parse back.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .dims import Dim, compact
from .dtypes import DType, as_dtype
from .ir import Constant, Graph, Node, TensorType

FULL_CONST = 64


def format_scalar(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "True" if v else "False"
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    return str(int(v))


def format_constant(c: Constant) -> str:
    arr = c.array
    head = str(TensorType(_dtype_of(arr), arr.shape))
    if arr.size > FULL_CONST:
        return f"<{head} #{c.digest()}>"
    if arr.dtype.kind == "f":  # shortest text that reads back to the same value of this dtype
        values = [str(v) for v in arr.reshape(-1)]
    elif arr.dtype.kind == "c":  # each part so, as Python writes complex numbers: 1.5-0.0j
        values = [f"{re}{'' if im[0] in '+-' else '+'}{im}j"
                  for re, im in ((str(v.real), str(v.imag)) for v in arr.reshape(-1))]
    else:
        values = [format_scalar(v) for v in arr.reshape(-1).tolist()]
    return "<" + " ".join([head] + values) + ">"


def _dtype_of(arr: np.ndarray) -> DType:
    return as_dtype(arr.dtype)


def format_attr(value: Any) -> str:
    if isinstance(value, DType):
        return value.short
    if isinstance(value, Constant):
        return format_constant(value)
    if isinstance(value, tuple):
        inner = ",".join(format_attr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "None"
    if type(value) is Dim:  # a symbolic size, in braces: {batch-1}
        return "{" + compact(value) + "}"
    return format_scalar(value)


def stable_names(graphs: list[Graph]) -> list[dict[Node, str]]:
    """Value names for a sequence of graphs (a pipeline's stages) under which a value keeps its
    name from one graph to the next while it survives: same op, attributes, type and
    (same-named) operands, or failing that the same op, attributes and type recorded at the
    same line (the value now reads rewritten operands). A new value takes a number no earlier
    value had, so a ``diff`` of two stages' dumps shows only what changed."""
    counter = 0
    previous: dict[tuple, list[str]] = {}
    previous_loose: dict[tuple, list[str]] = {}
    out = []
    for g in graphs:
        names: dict[Node, str] = {n: "%" + str(n.attrs.get("name", "?")) for n in g.inputs}
        used: set[str] = set()
        current: dict[tuple, list[str]] = {}
        current_loose: dict[tuple, list[str]] = {}
        for n in g.nodes:
            key = (n.op, n.attrs_key(), n.type, tuple(names.get(i, "?") for i in n.inputs),
                   id(n.payload) if n.payload is not None else None)
            loose = (n.op, n.attrs_key(), n.type, n.loc)
            name = _claim(previous.get(key), used) or _claim(previous_loose.get(loose), used)
            if name is None:
                name, counter = f"%{counter}", counter + 1
            used.add(name)
            names[n] = name
            current.setdefault(key, []).append(name)
            current_loose.setdefault(loose, []).append(name)
        out.append(names)
        previous, previous_loose = current, current_loose
    return out


def _claim(candidates: list[str] | None, used: set[str]) -> str | None:
    """The first of ``candidates`` no value of this graph has taken yet (removed from them)."""
    while candidates:
        name = candidates.pop(0)
        if name not in used:
            return name
    return None


def dump_graph(g: Graph, *, locations: bool = True,
               comments: dict[Node, str] | None = None,
               names: dict[Node, str] | None = None, bound: tuple[Node, ...] = ()) -> str:
    """The text of ``g``; ``comments`` (keyed by node) adds notes to node lines; ``names``
    (from ``stable_names``) names the values, else they are numbered in order. ``bound`` holds
    the data leaves the inputs stand for (a lazy graph's): a 0-d one, such as a Python scalar
    fed at run time, prints its value (``%in0: f32[] = 2.5``)."""
    names = dict(names) if names else {}
    params = []
    for k, n in enumerate(g.inputs):
        names[n] = "%" + str(n.attrs.get("name", "?"))
        value = describe_payload(bound[k].payload) if k < len(bound) else ""
        params.append(f"{names[n]}: {n.type}" + (f" {value}" if value else ""))
    lines = [f"graph @{g.name}({', '.join(params)}) {{"]
    for pos, n in enumerate(g.nodes):
        lines.append(node_line(g, pos, names, locations, comments))
    outs = [names.get(o, "%<undefined>") for o in g.outputs]
    if g.output_names:
        outs = [f"{o} as {name!r}" for o, name in zip(outs, g.output_names)]
    lines.append(f"  return {', '.join(outs)}")
    lines.append("}")
    return "\n".join(lines)


def node_line(g: Graph, pos: int, names: dict[Node, str], locations: bool = True,
              comments: dict[Node, str] | None = None) -> str:
    """The line of ``g.nodes[pos]``; records its name in ``names`` (callers go in order)."""
    n = g.nodes[pos]
    name = names.setdefault(n, f"%{pos}")
    attrs = " ".join(f"{k}={format_attr(v)}" for k, v in sorted(n.attrs.items()))
    args = ", ".join(names.get(i, "%<undefined>") for i in n.inputs)
    line = f"  {name} = {n.op}{'[' + attrs + ']' if attrs else ''}({args}) : {n.type}"
    notes = []
    if g.plan is not None and pos < len(g.plan.slots) and g.plan.slots[pos] is not None:
        notes.append(f"buf=b{g.plan.slots[pos]}")
    if n.op == "data":
        notes.append(describe_payload(n.payload) or "data")
    if comments and n in comments:
        notes.append(comments[n])
    if locations and n.loc:
        notes.append(f"at {n.loc}")
    if notes:
        line += "  # " + ", ".join(notes)
    return line


def dump_window(g: Graph, pos: int, radius: int = 4) -> str:
    """The dump lines of nodes ``pos - radius .. pos + radius``, the bad one marked with ``>>``."""
    names: dict[Node, str] = {n: "%" + str(n.attrs.get("name", "?")) for n in g.inputs}
    out = []
    for k in range(min(pos + radius + 1, len(g.nodes))):
        line = node_line(g, k, names)
        if k >= pos - radius:
            out.append((">>" + line[2:]) if k == pos else line)
    return "\n".join(out)


def describe_payload(payload: Any) -> str:
    arr = np.asarray(payload) if isinstance(payload, np.ndarray) else None
    if arr is not None and arr.ndim == 0:
        return f"= {arr.item()!r}"
    return ""
