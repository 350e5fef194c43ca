"""Graphviz source for a graph: one box per node labelled with op, type and source line."""
from __future__ import annotations

from .ir import Graph


def to_dot(g: Graph) -> str:
    ids: dict[int, str] = {}
    lines = [f'digraph "{g.name}" {{', "  rankdir=TB;", '  node [shape=box, fontname="monospace"];']
    for n in g.inputs:
        ids[id(n)] = f"in_{n.attrs['name']}"
        lines.append(f'  {ids[id(n)]} [label="%{n.attrs["name"]}\\n{n.type}", shape=ellipse];')
    for pos, n in enumerate(g.nodes):
        ids[id(n)] = f"n{pos}"
        loc = f"\\n{n.loc}" if n.loc else ""
        lines.append(f'  n{pos} [label="%{pos} = {n.op}\\n{n.type}{loc}"];')
        for i in n.inputs:
            lines.append(f"  {ids[id(i)]} -> n{pos};")
    for k, (o, name) in enumerate(zip(g.outputs, g.out_names())):
        lines.append(f'  out{k} [label="{name}\\n{o.type}", shape=ellipse];')
        lines.append(f"  {ids[id(o)]} -> out{k};")
    lines.append("}")
    return "\n".join(lines)
