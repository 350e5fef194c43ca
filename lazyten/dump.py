"""The text form of a graph: one line per node, with types, attributes and source lines.

Deterministic (no ids or addresses): values are numbered by position, graph inputs keep their
names. Used by ``lt.dump`` and by the per-pass dumps.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .dtypes import DType
from .ir import Constant, Graph, Node


def format_attr(value: Any) -> str:
    if isinstance(value, DType):
        return value.short
    if isinstance(value, Constant):
        return repr(value)
    if isinstance(value, tuple):
        inner = ",".join(format_attr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def dump_graph(g: Graph, *, locations: bool = True,
               comments: dict[int, str] | None = None) -> str:
    names: dict[int, str] = {}
    params = []
    for n in g.inputs:
        names[id(n)] = "%" + n.attrs["name"]
        params.append(f"{names[id(n)]}: {n.type}")
    lines = [f"graph @{g.name}({', '.join(params)}) {{"]
    for pos, n in enumerate(g.nodes):
        names[id(n)] = f"%{pos}"
        attrs = " ".join(f"{k}={format_attr(v)}" for k, v in sorted(n.attrs.items()))
        args = ", ".join(names[id(i)] for i in n.inputs)
        line = f"  %{pos} = {n.op}{'[' + attrs + ']' if attrs else ''}({args}) : {n.type}"
        notes = []
        if comments and id(n) in comments:
            notes.append(comments[id(n)])
        if locations and n.loc:
            notes.append(f"at {n.loc}")
        if notes:
            line += "  # " + ", ".join(notes)
        lines.append(line)
    outs = ", ".join(names[id(o)] for o in g.outputs)
    lines.append(f"  return {outs}")
    lines.append("}")
    return "\n".join(lines)


def describe_payload(payload: Any) -> str:
    arr = np.asarray(payload) if isinstance(payload, np.ndarray) else None
    if arr is not None and arr.ndim == 0:
        return f"= {arr.item()!r}"
    return ""
