"""What each pass did, value by value (``Lowered.explain()``).

Passes are plain functions from graph to graph and keep no record of their work, so the story is
read off two consecutive stages under ``stable_names`` (a value keeps its name while it
survives). Each value the pass removed is classified:

- ``merged into %k``: the same op on the same operands as a value that stays (common
  subexpressions, found through earlier merges too);
- ``folded``: computed from constants only, so the pass replaced it by a constant;
- ``pruned``: nothing that stays reads it and it is not an output;
- ``replaced by %k``: anything else (a fusion or an algebraic rule removed it), with the value
  now read or returned in its place when there is one.

A value that stays but reads other operands (a merged or replaced value's readers) is listed
with ``~`` and what it read before; each value the pass added is ``fused`` (a fused op),
``constant`` or ``new``.
"""
from __future__ import annotations

from .dump import node_line, stable_names
from .ir import Graph, Node

FUSED_OPS = frozenset({"softmax", "layer_norm"})


def explain(stages: list[tuple[str, Graph]]) -> str:
    """Per stage after the first: ``unchanged``, or its removed (``-``) and added (``+``)
    values, each with its class and the line that recorded it."""
    names = stable_names([g for _, g in stages])
    lines = []
    for k in range(1, len(stages)):
        (_, before), (stage, after) = stages[k - 1], stages[k]
        lines += _explain_pass(stage, before, after, names[k - 1], names[k])
    return "\n".join(lines)


def _explain_pass(stage: str, before: Graph, after: Graph, old: dict[Node, str],
                  new: dict[Node, str]) -> list[str]:
    kept, was = set(new.values()), set(old.values())
    removed = [n for n in before.nodes if old[n] not in kept]
    added = [n for n in after.nodes if new[n] not in was]
    by_name = {old[n]: n for n in before.nodes}
    changed = {m: by_name[new[m]] for m in after.nodes if new[m] in by_name
               and _operands(m, new) != _operands(by_name[new[m]], old)}
    if not removed and not added and not changed:
        return [f"{stage}: unchanged"]
    notes = _classify_removed(before, removed, old)
    for n, m in _replacements(before, after, changed).items():
        if notes.get(n) == "replaced":
            notes[n] = f"replaced by {new[m]}"
    for m in added:
        notes[m] = "fused" if m.op in FUSED_OPS else "constant" if m.op == "const" else "new"
    for m, n in changed.items():
        notes[m] = f"was {n.op}({', '.join(_operands(n, old))})"
    counts: dict[str, int] = {}
    for verb in [notes[n].split(" ")[0] for n in removed] + ["rewired"] * len(changed):
        counts[verb] = counts.get(verb, 0) + 1
    summary = ", ".join(f"{c} {verb}" for verb, c in counts.items())
    lines = [f"{stage}: {len(before.nodes)} -> {len(after.nodes)} nodes ({summary})"]
    lines += _marked("-", before, removed, old, notes)
    lines += _marked("~", after, list(changed), new, notes)
    lines += _marked("+", after, added, new, notes)
    return lines


def _replacements(before: Graph, after: Graph, changed: dict[Node, Node]) -> dict[Node, Node]:
    """Which value now stands where another stood: read at the same operand position by a
    rewired value, or returned at the same output position."""
    pairs = list(zip(before.outputs, after.outputs))
    for m, n in changed.items():
        pairs += list(zip(n.inputs, m.inputs))
    return {n: m for n, m in pairs if n is not m}


def _marked(mark: str, g: Graph, nodes: list[Node], names: dict[Node, str],
            notes: dict[Node, str]) -> list[str]:
    positions = {n: p for p, n in enumerate(g.nodes)}
    return [f"  {mark} " + node_line(g, positions[n], dict(names), comments=notes).lstrip()
            for n in nodes]


def _operands(n: Node, names: dict[Node, str]) -> list[str]:
    return [names.get(i, "?") for i in n.inputs]


def _classify_removed(before: Graph, removed: list[Node], old: dict[Node, str]
                      ) -> dict[Node, str]:
    gone = set(removed)
    alias: dict[str, str] = {}  # a merged value's name -> the name of the value it became
    by_key = {_key(n, old, alias): old[n] for n in before.nodes if n not in gone}
    notes: dict[Node, str] = {}
    constant = {n for n in before.nodes if n.op == "const"}
    for n in removed:  # inputs first: a merge found here lets its readers merge too
        key = _key(n, old, alias)
        if key in by_key:
            alias[old[n]] = by_key[key]
            notes[n] = f"merged into {by_key[key]}"
        elif n.inputs and all(i in constant for i in n.inputs):
            constant.add(n)
            notes[n] = "folded"
        else:
            by_key[key] = old[n]
    readers: dict[Node, list[Node]] = {}
    for n in before.nodes:
        for i in n.inputs:
            readers.setdefault(i, []).append(n)
    outputs, pruned = set(before.outputs), set()
    for n in reversed(removed):
        if n not in notes and n not in outputs and all(r in pruned for r in readers.get(n, [])):
            pruned.add(n)
            notes[n] = "pruned"
    for n in removed:
        notes.setdefault(n, "replaced")
    return notes


def _key(n: Node, names: dict[Node, str], alias: dict[str, str]) -> tuple:
    operands = tuple(alias.get(names.get(i, "?"), names.get(i, "?")) for i in n.inputs)
    return (n.op, n.attrs_key(), n.type, operands,
            id(n.payload) if n.payload is not None else None)
